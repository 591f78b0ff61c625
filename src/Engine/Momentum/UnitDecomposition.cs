using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Momentum;

/// <summary>
/// The momentum count of a two-layer dense segment with a gated hidden level (ReLU-like units), from one hidden unit
/// (docs/certificates.md §9, "Two-layer gated segments"). Each path of φ runs through one hidden unit j, so every gradient
/// field χ_i, and every phase-space generator Y_{i,k} built from it, moves only unit j's incoming weights, bias and
/// outgoing weights (or, for an output bias, that bias alone). Fields of disjoint supports commute and their brackets
/// stay in their own block, so the Lie algebra is the direct sum of the blocks' algebras and the count is the sum of the
/// blocks' counts. The H hidden units are equal up to a permutation of θ (equal generic ranks), so H copies of the
/// one-unit count; an output bias o has the constant field e_o, whose generators (0, e_o) and (e_o, 0) span its two
/// phase-space directions: no law.
/// </summary>
internal static class UnitDecomposition
{
    /// <summary>
    /// The one-unit model whose count, times <paramref name="copies"/>, is the segment's count; false when the segment is
    /// not two dense one-tap layers with a gated hidden level of width ≥ 2.
    /// </summary>
    public static bool TryRepresentative(ModelDescription model, DenseSegment segment, out ModelDescription representative, out int copies)
    {
        representative = null!;
        copies = 0;
        if (segment.LastLayer != segment.FirstLayer + 1) return false;
        var ix = segment.Indexing;
        if (!ix.Segment.IsGateLevel[1]) return false;
        var first = model.Layers[segment.FirstLayer];
        var second = model.Layers[segment.LastLayer];
        if (first is not LayerSpec || second is not LayerSpec) return false;
        for (int k = segment.FirstLayer; k <= segment.LastLayer; k++)
            if (model.Shapes[k].Taps != 1 || model.Shapes[k].Diagonal) return false;
        if (first.HasBeta || first.Outputs < 2) return false;

        // The last layer's activation does not enter φ (a cut or the output follows), and its bias is left out: no law.
        representative = new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(first.Inputs, 1, first.Activation, first.HasBias),
            new LayerSpec(1, second.Outputs, ActivationKind.Identity, false),
        });
        copies = first.Outputs;
        return true;
    }

    /// <summary>
    /// The chain of one unit per hidden level (same inputs, outputs, activations and biases) of a gated dense segment of
    /// three or more layers; false for other segments. If that chain keeps no momentum law, neither does the segment
    /// (docs/certificates.md §9): each choice of one unit per level is such a chain, its fields are the segment's fields
    /// for the activation patterns that switch every other hidden unit off, so its Lie algebra lies in the segment's, and
    /// every parameter lies on some chain — at a generic point the chains' full ranks cover all 2D directions.
    /// </summary>
    public static bool TryThinChain(ModelDescription model, DenseSegment segment, out ModelDescription chain)
    {
        chain = null!;
        int first = segment.FirstLayer, last = segment.LastLayer;
        if (last - first < 2) return false;
        var ix = segment.Indexing;
        var blocks = new BlockSpec[last - first + 1];
        for (int k = first; k <= last; k++)
        {
            var layer = model.Layers[k];
            if (layer is not LayerSpec || layer.HasBeta || model.Shapes[k].Taps != 1 || model.Shapes[k].Diagonal) return false;
            int t = k - first + 1;
            if (k < last && !ix.Segment.IsGateLevel[t]) return false;
            blocks[k - first] = new LayerSpec(k == first ? layer.Inputs : 1, k == last ? layer.Outputs : 1,
                k == last ? ActivationKind.Identity : layer.Activation, layer.HasBias);
        }

        chain = new ModelDescription(blocks);
        return true;
    }
}
