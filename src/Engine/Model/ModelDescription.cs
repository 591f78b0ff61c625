using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ConservationCodegen.Engine.Model;

/// <summary>
/// An ordered stack of blocks (dense layers, convolutions, diagonal layers), possibly with skip connections. Parameters θ
/// are laid out block by block: the weights row-major as stored, then the bias, then a trainable Swish β.
/// </summary>
public sealed partial class ModelDescription
{
    /// <summary>Largest parameter count accepted at all; anything above is an absurd size.</summary>
    public const long MaxParameters = 50_000_000;

    /// <summary>Largest width (inputs or outputs) of one layer accepted at all.</summary>
    public const int MaxWidth = 1_000_000;

    /// <summary>
    /// Most Gram entries and balances a model may have (2³⁰): laws are indexed by int and their values fill one array of
    /// doubles (8 GiB at this size). A linear hidden layer of width w has w(w+1)/2 of them, so widths above 46,340 are
    /// refused there, while a gated (ReLU) layer has w.
    /// </summary>
    public const long MaxLaws = 1L << 30;

    /// <summary>Creates a description; call <see cref="Validate"/> before analysing.</summary>
    /// <param name="layers">The blocks in order: dense layers (<see cref="LayerSpec"/>), convolutions, diagonal layers.</param>
    /// <param name="inputShape">
    /// Channels and spatial sizes of one input sample ({ channels, length } or { channels, height, width }), when a
    /// convolution needs them (the forward pass, or checking a dense layer after a convolution exactly); null otherwise.
    /// The laws never need them.
    /// </param>
    public ModelDescription(IReadOnlyList<BlockSpec> layers, IReadOnlyList<int>? inputShape = null)
    {
        Layers = layers.Select((l, k) => l with
        {
            WeightName = string.IsNullOrEmpty(l.WeightName) ? "W" + (k + 1).ToString(CultureInfo.InvariantCulture) : l.WeightName,
            BiasName = string.IsNullOrEmpty(l.BiasName) ? "b" + (k + 1).ToString(CultureInfo.InvariantCulture) : l.BiasName,
            BetaName = l.BetaName is "" ? "Beta" + (k + 1).ToString(CultureInfo.InvariantCulture) : l.BetaName,
        }).Select((l, k) => l is GatedLinearUnitSpec { GateName: "" } glu ? glu with { GateName = "Wg" + (k + 1).ToString(CultureInfo.InvariantCulture) } : l).ToArray();
        InputShape = inputShape?.ToArray();
        // A block after a convolution's per-channel diagonal layers reads that convolution's channels and positions.
        Shapes = Layers.Select((l, k) => l.ShapeAfter(k > 0 ? ChannelSource(k - 1) ?? Layers[k - 1] : null)).ToArray();
    }

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<BlockSpec> Layers { get; }

    /// <summary>Channels and spatial sizes of one input sample, when given.</summary>
    public IReadOnlyList<int>? InputShape { get; }

    /// <summary>
    /// Which losses of the outputs the laws must hold for: <see cref="OutputLoss.Any"/> (default) or
    /// <see cref="OutputLoss.SoftmaxCrossEntropy"/>, which adds the last layer's translation laws (see
    /// <see cref="TranslationProblem"/> for what it requires).
    /// </summary>
    public OutputLoss Loss { get; init; }

    /// <summary>How the engine sees each block (see <see cref="LayerShape"/>).</summary>
    public IReadOnlyList<LayerShape> Shapes { get; }

    /// <summary>Largest kernel (taps) of a convolution, and largest ratio of a dense layer's inputs to the channels before it.</summary>
    public const int MaxTaps = 1 << 20;

    /// <summary>Builds a stack from widths n_0…n_L and one activation per hidden layer.</summary>
    public static ModelDescription FromWidths(IReadOnlyList<int> widths, IReadOnlyList<ActivationKind> hiddenActivations, bool bias)
    {
        var layers = new List<LayerSpec>();
        for (int k = 1; k < widths.Count; k++)
        {
            var act = k - 1 < hiddenActivations.Count && k < widths.Count - 1 ? hiddenActivations[k - 1] : ActivationKind.Identity;
            layers.Add(new LayerSpec(widths[k - 1], widths[k], act, bias));
        }

        return new ModelDescription(layers);
    }

    /// <summary>Builds a stack from widths with the same activation on every hidden layer.</summary>
    public static ModelDescription FromWidths(IReadOnlyList<int> widths, ActivationKind activation, bool bias) =>
        FromWidths(widths, Enumerable.Repeat(activation, System.Math.Max(0, widths.Count - 2)).ToArray(), bias);

    /// <summary>
    /// The convolution whose channels block <paramref name="k"/> outputs, position by position: block k itself when it is
    /// a convolution, or the convolution before the run of diagonal layers that ends at block k (a diagonal layer after a
    /// convolution scales channel c by one weight, and adds one bias, shared by every position, so the channels and
    /// positions pass through it unchanged); null otherwise.
    /// </summary>
    public ConvolutionSpec? ChannelSource(int k)
    {
        if (k < 0 || k >= Layers.Count) return null;
        while (k > 0 && Layers[k] is DiagonalSpec) k--;
        return Layers[k] as ConvolutionSpec;
    }

    /// <summary>Total number of parameters D (valid models only).</summary>
    public int ParameterCount => (int)Layers.Sum(l => l.ParameterCount);

    /// <summary>Offset of layer k's weights in θ (of a gated linear unit: its up weights, after the gate weights).</summary>
    public int WeightOffset(int layer) => GateOffset(layer) + (int)Layers[layer].GateWeightCount;

    /// <summary>Offset of layer k's first parameter in θ: its gate weights when it has any (<see cref="BlockSpec.GateWeightCount"/>), else its weights.</summary>
    public int GateOffset(int layer)
    {
        int offset = 0;
        for (int k = 0; k < layer; k++) offset += (int)Layers[k].ParameterCount;
        return offset;
    }

    /// <summary>Offset of layer k's bias in θ (only meaningful when it has one).</summary>
    public int BiasOffset(int layer) => WeightOffset(layer) + (int)Layers[layer].WeightCount;

    /// <summary>Offset of layer k's trainable Swish β in θ (only meaningful when it has one).</summary>
    public int BetaOffset(int layer) => BiasOffset(layer) + (Layers[layer].HasBias ? Layers[layer].Outputs : 0);

    /// <summary>Human-readable architecture, e.g. "3 -relu-> 4 -> 2 (bias)".</summary>
    public override string ToString()
    {
        if (Layers.Count == 0) return "(empty)";
        var sb = new System.Text.StringBuilder();
        sb.Append(Layers[0].Inputs.ToString(CultureInfo.InvariantCulture));
        for (int k = 0; k < Layers.Count; k++)
        {
            var act = k < Layers.Count - 1 && Layers[k].Activation != ActivationKind.Identity ? ActivationKinds.DisplayName(Layers[k]) : "";
            string kind = Layers[k] is LayerSpec ? "" : Layers[k].KindName + " ";
            sb.Append(Layers[k].HasBias ? " =" + kind + "b=> " : kind.Length > 0 ? " -" + kind.TrimEnd() + "-> " : " --> ").Append(Layers[k].Outputs.ToString(CultureInfo.InvariantCulture));
            if (Layers[k].ResidualFrom >= 0) sb.Append(" (+ input of layer ").Append((Layers[k].ResidualFrom + 1).ToString(CultureInfo.InvariantCulture)).Append(')');
            if (act.Length > 0) sb.Append(" [").Append(act).Append(']');
        }

        return sb.ToString();
    }

    // Messages are culture-invariant (ar-SA and fa-IR would otherwise add direction marks to negative numbers).
    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
