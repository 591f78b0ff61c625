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
        Layers = new LayerSpec[levels];
        Block = new int[levels];
        int block = 0;
        for (int t = 1; t < levels; t++)
        {
            Layers[t] = model.Layers[segment.FirstLayer + t - 1];
            Block[t] = block;
            if (segment.IsGateLevel[t]) block++;
        }

        LayerOfParameter = new int[segment.ParameterCount];
        RowOfParameter = new int[segment.ParameterCount];
        ColumnOfParameter = new int[segment.ParameterCount];
        for (int t = 1; t < levels; t++)
        {
            var l = Layers[t];
            for (int r = 0; r < l.Outputs; r++)
            {
                for (int c = 0; c < l.Inputs; c++)
                {
                    int i = W(t, r, c);
                    LayerOfParameter[i] = t;
                    RowOfParameter[i] = r;
                    ColumnOfParameter[i] = c;
                }

                if (l.HasBias)
                {
                    int i = B(t, r);
                    LayerOfParameter[i] = t;
                    RowOfParameter[i] = r;
                    ColumnOfParameter[i] = -1;
                }
            }
        }
    }

    public ModelDescription Model { get; }

    public Segment Segment { get; }

    /// <summary>Layer spec by local layer index t = 1…T (index 0 unused).</summary>
    public LayerSpec[] Layers { get; }

    /// <summary>Block (linear run) of each local layer.</summary>
    public int[] Block { get; }

    public int[] LayerOfParameter { get; }

    public int[] RowOfParameter { get; }

    /// <summary>Input neuron, or −1 for bias entries.</summary>
    public int[] ColumnOfParameter { get; }

    /// <summary>Number of layers T.</summary>
    public int LayerCount => Segment.LevelCount - 1;

    public int Width(int level) => Segment.LevelWidth[level];

    public bool HasBias(int t) => t >= 1 && t <= LayerCount && Layers[t].HasBias;

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
        int t = LayerOfParameter[local], r = RowOfParameter[local], c = ColumnOfParameter[local];
        int outNeuron = Segment.LevelOffset[t] + r;
        return c < 0 ? (outNeuron, -1) : (outNeuron, Segment.LevelOffset[t - 1] + c);
    }
}
