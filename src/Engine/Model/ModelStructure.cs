using System;
using System.Collections.Generic;

namespace ConservationCodegen.Engine.Model;

/// <summary>
/// A maximal run of layers not cut by a non-homogeneous activation or a skip connection (docs/certificates.md §1). Inside
/// it, "levels" number the unit layers (neurons or channels): level 0 is the segment input, level t the output of its
/// t-th layer. A level is a gate level when
/// a positively homogeneous, non-identity activation follows; identity levels are interior to a linear run.
/// </summary>
public sealed class Segment
{
    internal Segment(int index, int firstLayer, int lastLayer, ModelDescription model)
    {
        Index = index;
        FirstLayer = firstLayer;
        LastLayer = lastLayer;
        int levels = lastLayer - firstLayer + 2;
        LevelWidth = new int[levels];
        LevelOffset = new int[levels];
        IsGateLevel = new bool[levels];
        LevelWidth[0] = model.Shapes[firstLayer].Inputs; // a dense layer after a convolution reads its channels (units)
        for (int t = 1; t < levels; t++)
        {
            var layer = model.Layers[firstLayer + t - 1];
            LevelWidth[t] = layer.Outputs;
            // A gated linear unit's hidden level is a gate of its up path (docs/certificates.md, "Gated linear units").
            IsGateLevel[t] = t < levels - 1 && (layer.Activation != ActivationKind.Identity || layer is GatedLinearUnitSpec);
        }

        int offset = 0;
        for (int t = 0; t < levels; t++)
        {
            LevelOffset[t] = offset;
            offset += LevelWidth[t];
        }

        NeuronCount = offset;
        ParameterStart = model.WeightOffset(firstLayer);
        LayerParameterOffset = new int[levels];
        int count = 0;
        for (int t = 1; t < levels; t++)
        {
            LayerParameterOffset[t] = count;
            var block = model.Layers[firstLayer + t - 1];
            count += (int)(block.ParameterCount - block.GateWeightCount); // a gated linear unit's gate weights are not the segment's
        }

        ParameterCount = count;
    }

    /// <summary>0-based segment index.</summary>
    public int Index { get; }
    /// <summary>First layer (0-based, global).</summary>
    public int FirstLayer { get; }
    /// <summary>Last layer (0-based, global, inclusive).</summary>
    public int LastLayer { get; }
    /// <summary>Neurons per level.</summary>
    public int[] LevelWidth { get; }
    /// <summary>Index of the first neuron of a level in the segment's neuron numbering.</summary>
    public int[] LevelOffset { get; }
    /// <summary>True where a homogeneous non-identity activation gates the level (block boundary).</summary>
    public bool[] IsGateLevel { get; }
    /// <summary>Total neurons of all levels.</summary>
    public int NeuronCount { get; }
    /// <summary>Number of levels (layers + 1).</summary>
    public int LevelCount => LevelWidth.Length;
    /// <summary>
    /// Global index of the segment's first parameter; its parameters are contiguous. A gated linear unit starting the
    /// segment keeps its gate weights just before it, outside the segment (<see cref="ModelDescription.GateOffset"/>).
    /// </summary>
    public int ParameterStart { get; }
    /// <summary>Segment-local index of the first parameter of local layer t = 1…T (index 0 unused).</summary>
    public int[] LayerParameterOffset { get; }
    /// <summary>Number of parameters D_s of the segment.</summary>
    public int ParameterCount { get; }
    /// <summary>Level of a global layer's output.</summary>
    public int OutputLevel(int layer) => layer - FirstLayer + 1;
}

/// <summary>The segments of a validated model.</summary>
public sealed class ModelStructure
{
    public ModelStructure(ModelDescription model)
    {
        Model = model;
        var segments = new List<Segment>();
        var skipEnds = SkipEnds(model);
        int start = 0;
        for (int k = 0; k < model.Layers.Count; k++)
        {
            bool last = k == model.Layers.Count - 1;
            // An attention block is a segment of its own: no path runs through softmax over the keys.
            bool attention = model.Layers[k] is SelfAttentionSpec || !last && model.Layers[k + 1] is SelfAttentionSpec;
            if (last || ActivationKinds.CutsModel(model.Layers[k]) || skipEnds.Contains(k) || attention)
            {
                segments.Add(new Segment(segments.Count, start, k, model));
                start = k + 1;
            }
        }

        Segments = segments;
    }

    /// <summary>
    /// Blocks after which a skip connection starts or ends: the output of the block before the skip's target, and the
    /// output of the block that adds to it. Neither level keeps a balance of its own there (the skip adds it, unscaled,
    /// to the other), so segments end there; the segments a chain of skips joins are analysed together, with the balance
    /// of each residual stream (docs/certificates.md, "Cuts").
    /// </summary>
    public static HashSet<int> SkipEnds(ModelDescription model)
    {
        var ends = new HashSet<int>();
        for (int k = 0; k < model.Layers.Count; k++)
        {
            int from = model.Layers[k].ResidualFrom;
            if (from < 0) continue;
            if (from > 0) ends.Add(from - 1);
            ends.Add(k);
        }

        return ends;
    }

    /// <summary>
    /// True when level <paramref name="layer"/> (the output of that block; −1: the model input) can be neither rescaled nor
    /// mixed by any symmetry: the model input, the output of an activation without a rescaling symmetry, or a residual sum
    /// x + g(x) whose x is such a level (moving the sum would move x, which nothing can). Blocks that are analysed alone
    /// (attention, gated linear units) need cuts on their input side.
    /// </summary>
    public static bool IsCutLevel(ModelDescription model, int layer)
    {
        if (layer < 0) return true;
        var block = model.Layers[layer];
        return ActivationKinds.CutsModel(block) || block.ResidualFrom >= 0 && block.ResidualFrom <= layer && IsCutLevel(model, block.ResidualFrom - 1);
    }

    /// <summary>
    /// True when block <paramref name="k"/> is the down projection of x + down(unit(x)) — the dense layer right after a
    /// gated linear unit, adding the unit's input — and that input x is a cut: the sum is then a cut too (x cannot move),
    /// so the unit's segment stands alone and what follows starts a component of its own.
    /// </summary>
    public static bool IsUnitSumFromCut(ModelDescription model, int k) =>
        k > 0 && model.Layers[k - 1] is GatedLinearUnitSpec && model.Layers[k].ResidualFrom == k - 1 && IsCutLevel(model, k - 2);

    /// <summary>The described model.</summary>
    public ModelDescription Model { get; }
    /// <summary>Segments in order.</summary>
    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>Global index of W_k[row, column] (tap 0; on a diagonal layer column must be row).</summary>
    public int WeightIndex(int layer, int row, int column) => WeightIndex(layer, row, column, 0);

    /// <summary>Global index of the weight of layer k joining input unit column to output unit row through tap.</summary>
    public int WeightIndex(int layer, int row, int column, int tap) =>
        Model.WeightOffset(layer) + (int)Model.Shapes[layer].EdgeOffset(row, column, tap);

    /// <summary>Global index of b_k[row].</summary>
    public int BiasIndex(int layer, int row) => Model.BiasOffset(layer) + row;
}
