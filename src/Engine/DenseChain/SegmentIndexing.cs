using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Segment-local parameter indices by (local layer t ≥ 1, output unit, input unit, tap), the shape of every layer
/// (taps, diagonal), and unit parities for the sign-flip group.
/// </summary>
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
        Shapes = new LayerShape[levels];
        Block = new int[levels];
        int block = 0;
        for (int t = 1; t < levels; t++)
        {
            Layers[t] = model.Layers[segment.FirstLayer + t - 1];
            Shapes[t] = model.Shapes[segment.FirstLayer + t - 1];
            Block[t] = block;
            if (segment.IsGateLevel[t]) block++;
            IsPlain &= Shapes[t].Taps == 1 && !Shapes[t].Diagonal;
        }
    }

    public ModelDescription Model { get; }

    public Segment Segment { get; }

    /// <summary>Layer spec by local layer index t = 1…T (index 0 unused).</summary>
    public BlockSpec[] Layers { get; }

    /// <summary>How the engine sees each local layer t = 1…T (index 0 unused): units, taps, diagonal.</summary>
    public LayerShape[] Shapes { get; }

    /// <summary>True when every layer is dense with one tap (no convolution, no diagonal layer).</summary>
    public bool IsPlain { get; } = true;

    /// <summary>Block (linear run) of each local layer.</summary>
    public int[] Block { get; }

    /// <summary>Local layer t (1…T) of a local parameter (computed, not tabulated: O(D) tables cost gigabytes at D ≈ 10⁷).</summary>
    public int LayerOf(int local)
    {
        int t = 1;
        while (t < LayerCount && _layerOffset[t + 1] <= local) t++;
        return t;
    }

    /// <summary>Output unit of a local parameter.</summary>
    public int RowOf(int local)
    {
        int t = LayerOf(local), i = local - _layerOffset[t];
        var s = Shapes[t];
        return i < s.WeightCount ? i / s.RowLength : i - (int)s.WeightCount;
    }

    /// <summary>Input unit of a local parameter, or −1 for bias entries.</summary>
    public int ColumnOf(int local)
    {
        int t = LayerOf(local), i = local - _layerOffset[t];
        var s = Shapes[t];
        if (i >= s.WeightCount) return -1;
        return s.Diagonal ? i : i % s.RowLength / s.Taps;
    }

    /// <summary>Tap of a local weight (0 for dense and diagonal layers and for bias entries).</summary>
    public int TapOf(int local)
    {
        int t = LayerOf(local), i = local - _layerOffset[t];
        var s = Shapes[t];
        return i >= s.WeightCount || s.Diagonal ? 0 : i % s.Taps;
    }

    /// <summary>Number of layers T.</summary>
    public int LayerCount => Segment.LevelCount - 1;

    public int Width(int level) => Segment.LevelWidth[level];

    /// <summary>Taps of local layer t (1 for dense and diagonal layers).</summary>
    public int Taps(int t) => Shapes[t].Taps;

    /// <summary>True when local layer t joins unit i to unit i only.</summary>
    public bool IsDiagonal(int t) => Shapes[t].Diagonal;

    public bool HasBias(int t) => t >= 1 && t <= LayerCount && Layers[t].HasBias;

    /// <summary>
    /// True when hidden level t (1 ≤ t &lt; T) keeps only one balance per unit: behind a homogeneous activation, or next
    /// to a diagonal layer, where the symmetry group of the level shrinks to diagonal scalings.
    /// </summary>
    public bool IsBalanceLevel(int t) => Segment.IsGateLevel[t] || Shapes[t].Diagonal || Shapes[t + 1].Diagonal;

    /// <summary>Where hidden level t's incoming weights, bias and outgoing weights live in the global θ.</summary>
    public Laws.GramLayout GramLayout(int t)
    {
        int layer = Segment.FirstLayer + t - 1;
        var inLayer = Layers[t];
        var inShape = Shapes[t];
        var outShape = Shapes[t + 1];
        return new Laws.GramLayout(
            Model.WeightOffset(layer), inShape.RowLength, inLayer.HasBias ? Model.BiasOffset(layer) : -1,
            Model.WeightOffset(layer + 1), outShape.Diagonal ? 1 : outShape.Outputs, inShape.Outputs,
            OutTaps: outShape.Diagonal ? 1 : outShape.Taps);
    }

    /// <summary>Local index of W_t[r, c] (tap 0; on a diagonal layer c must be r).</summary>
    public int W(int t, int r, int c) => W(t, r, c, 0);

    /// <summary>Local index of the weight of local layer t joining input unit c to output unit r through tap p.</summary>
    public int W(int t, int r, int c, int p) => _layerOffset[t] + (int)Shapes[t].EdgeOffset(r, c, p);

    /// <summary>Local index of b_t[r].</summary>
    public int B(int t, int r) => _layerOffset[t] + (int)Shapes[t].WeightCount + r;

    /// <summary>Global θ index of a local parameter.</summary>
    public int Global(int local) => Segment.ParameterStart + local;

    public int Local(int global) => global - Segment.ParameterStart;

    /// <summary>Unit ids touched by a parameter (its sign-flip parity).</summary>
    public (int First, int Second) Parity(int local)
    {
        int t = LayerOf(local), r = RowOf(local), c = ColumnOf(local);
        int outNeuron = Segment.LevelOffset[t] + r;
        return c < 0 ? (outNeuron, -1) : (outNeuron, Segment.LevelOffset[t - 1] + c);
    }
}
