using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>Segment-local parameter indices by (local layer t ≥ 1, row, column), and neuron parities for the sign-flip group.</summary>
internal sealed class SegmentIndexing
{
    private readonly int[] _layerOffset;

    public SegmentIndexing(ModelDescription model, Segment segment)
    {
        Model = model;
        Segment = segment;
        int levels = segment.LevelCount;
        _layerOffset = segment.LayerParameterOffset;
        Layers = new BlockSpec[levels];
        Block = new int[levels];
        int block = 0;
        for (int t = 1; t < levels; t++)
        {
            Layers[t] = model.Layers[segment.FirstLayer + t - 1];
            Block[t] = block;
            if (segment.IsGateLevel[t]) block++;
        }
    }

    public ModelDescription Model { get; }

    public Segment Segment { get; }

    /// <summary>Layer spec by local layer index t = 1…T (index 0 unused).</summary>
    public BlockSpec[] Layers { get; }

    /// <summary>Block (linear run) of each local layer.</summary>
    public int[] Block { get; }

    /// <summary>Local layer t (1…T) of a local parameter (computed, not tabulated: O(D) tables cost gigabytes at D ≈ 10⁷).</summary>
    public int LayerOf(int local)
    {
        int t = 1;
        while (t < LayerCount && _layerOffset[t + 1] <= local) t++;
        return t;
    }

    /// <summary>Output neuron of a local parameter.</summary>
    public int RowOf(int local)
    {
        int t = LayerOf(local), i = local - _layerOffset[t], weights = Layers[t].Inputs * Layers[t].Outputs;
        return i < weights ? i / Layers[t].Inputs : i - weights;
    }

    /// <summary>Input neuron of a local parameter, or −1 for bias entries.</summary>
    public int ColumnOf(int local)
    {
        int t = LayerOf(local), i = local - _layerOffset[t];
        return i < Layers[t].Inputs * Layers[t].Outputs ? i % Layers[t].Inputs : -1;
    }

    /// <summary>Number of layers T.</summary>
    public int LayerCount => Segment.LevelCount - 1;

    public int Width(int level) => Segment.LevelWidth[level];

    public bool HasBias(int t) => t >= 1 && t <= LayerCount && Layers[t].HasBias;

    /// <summary>Where hidden level t's incoming weights, bias and outgoing weights live in the global θ.</summary>
    public Laws.GramLayout GramLayout(int t)
    {
        int layer = Segment.FirstLayer + t - 1;
        var inLayer = Layers[t];
        return new Laws.GramLayout(
            Model.WeightOffset(layer), inLayer.Inputs, inLayer.HasBias ? Model.BiasOffset(layer) : -1,
            Model.WeightOffset(layer + 1), Layers[t + 1].Outputs, inLayer.Outputs);
    }

    /// <summary>Local index of W_t[r, c].</summary>
    public int W(int t, int r, int c) => _layerOffset[t] + r * Layers[t].Inputs + c;

    /// <summary>Local index of b_t[r].</summary>
    public int B(int t, int r) => _layerOffset[t] + Layers[t].Inputs * Layers[t].Outputs + r;

    /// <summary>Global θ index of a local parameter.</summary>
    public int Global(int local) => Segment.ParameterStart + local;

    public int Local(int global) => global - Segment.ParameterStart;

    /// <summary>Neuron ids touched by a parameter (its sign-flip parity).</summary>
    public (int First, int Second) Parity(int local)
    {
        int t = LayerOf(local), r = RowOf(local), c = ColumnOf(local);
        int outNeuron = Segment.LevelOffset[t] + r;
        return c < 0 ? (outNeuron, -1) : (outNeuron, Segment.LevelOffset[t - 1] + c);
    }
}
