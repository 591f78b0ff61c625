using System.Globalization;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.NormalizedBlocks;

/// <summary>
/// Where the parameters of a normalised block live in the flat θ (global indices) and how its formulas name them: the
/// weights, one row of <see cref="RowLength"/> entries (inputs × taps) per output unit, then the optional bias.
/// </summary>
internal sealed class NormalizedLayer
{
    public NormalizedLayer(ModelDescription model, int layer)
    {
        var block = model.Layers[layer];
        var shape = model.Shapes[layer];
        Layer = layer;
        Kind = block.Normalization;
        HasScaleSymmetry = block.NormEpsilon == 0;
        Outputs = shape.Outputs;
        RowLength = shape.RowLength;
        WeightOffset = model.WeightOffset(layer);
        BiasOffset = block.HasBias ? model.BiasOffset(layer) : -1;
        WeightName = block.WeightName;
        BiasName = block.BiasName;
        Block = block;
    }

    /// <summary>0-based global index of the block.</summary>
    public int Layer { get; }

    public NormalizationKind Kind { get; }

    /// <summary>True when ε = 0: rescaling the block keeps its normalised values, and it has scale laws.</summary>
    public bool HasScaleSymmetry { get; }

    public BlockSpec Block { get; }

    /// <summary>Output units (neurons or channels).</summary>
    public int Outputs { get; }

    /// <summary>Weights per output unit (inputs × taps).</summary>
    public int RowLength { get; }

    public int WeightOffset { get; }

    /// <summary>Offset of the bias, or −1 without one.</summary>
    public int BiasOffset { get; }

    public bool HasBias => BiasOffset >= 0;

    public string WeightName { get; }

    public string BiasName { get; }

    /// <summary>Global index of weight j of output unit c's row.</summary>
    public int Weight(int c, int j) => WeightOffset + c * RowLength + j;

    /// <summary>Output unit c's row as written in formulas: "[c,:]", "[c,:,:]" (1-D kernel), "[c,:,:,:]" (2-D kernel).</summary>
    public string Row(string c) => Block is ConvolutionSpec conv ? (conv.Dimensions == 1 ? "[" + c + ",:,:]" : "[" + c + ",:,:,:]") : "[" + c + ",:]";

    /// <summary>
    /// Entry j of every row (a column over the output units) as written in formulas: "[:,j]" for a dense layer,
    /// "[:,i,p]" for a 1-D kernel (input channel i, tap p), "[:,i,y,x]" for a 2-D kernel.
    /// </summary>
    public string Column(int j)
    {
        if (Block is not ConvolutionSpec conv) return "[:," + Inv(j) + "]";
        int taps = conv.KernelHeight * conv.KernelWidth, i = j / taps, p = j % taps;
        return conv.Dimensions == 1
            ? "[:," + Inv(i) + "," + Inv(p) + "]"
            : "[:," + Inv(i) + "," + Inv(p / conv.KernelWidth) + "," + Inv(p % conv.KernelWidth) + "]";
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
