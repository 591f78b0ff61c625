using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.HomogeneousUnits;

/// <summary>
/// Segment-local parameter indices of a dense segment whose blocks may carry a trainable Swish β: per local block
/// t = 1…T the weights (row-major [outputs, inputs]), then the bias, then β (the model's θ layout).
/// </summary>
internal sealed class ParameterMap
{
    public ParameterMap(ModelDescription model, Segment segment)
    {
        Model = model;
        Segment = segment;
    }

    public ModelDescription Model { get; }

    public Segment Segment { get; }

    /// <summary>Number of blocks T.</summary>
    public int LayerCount => Segment.LevelCount - 1;

    /// <summary>Local block t (1…T).</summary>
    public BlockSpec Block(int t) => Model.Layers[Segment.FirstLayer + t - 1];

    /// <summary>Local index of W_t[r, c].</summary>
    public int Weight(int t, int r, int c) => Segment.LayerParameterOffset[t] + r * Block(t).Inputs + c;

    /// <summary>Local index of b_t[r].</summary>
    public int Bias(int t, int r) => Segment.LayerParameterOffset[t] + (int)Block(t).WeightCount + r;

    /// <summary>Local index of β_t[r].</summary>
    public int Beta(int t, int r) => Bias(t, 0) + (Block(t).HasBias ? Block(t).Outputs : 0) + r;

    /// <summary>What a local parameter is: its block t, unit (row of the weights, or entry of b or β), input column (−1 for b and β) and whether it is a β.</summary>
    public (int Block, int Row, int Column, bool IsBeta) Locate(int local)
    {
        int t = 1;
        while (t < LayerCount && Segment.LayerParameterOffset[t + 1] <= local) t++;
        var block = Block(t);
        int i = local - Segment.LayerParameterOffset[t];
        if (i < block.WeightCount) return (t, i / block.Inputs, i % block.Inputs, false);
        i -= (int)block.WeightCount;
        if (block.HasBias)
        {
            if (i < block.Outputs) return (t, i, -1, false);
            i -= block.Outputs;
        }

        return (t, i, -1, true);
    }
}
