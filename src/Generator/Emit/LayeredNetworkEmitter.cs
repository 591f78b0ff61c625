using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.LayerKinds;
using ConservationCodegen.Pipeline;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// The forward pass of models with convolutions, diagonal layers, skip connections or RePU, Power and trainable-β
/// Swish units: one <c>Internal.NetworkBlock</c> per layer for the runtime's <c>LayeredNetwork</c>, with the spatial
/// sizes each convolution sees (from the declared input shape).
/// </summary>
internal static class LayeredNetworkEmitter
{
    /// <summary>True when the model has a self-attention block: a sample is then a sequence of tokens.</summary>
    public static bool HasAttention(ModelDescription model) => model.Layers.Any(l => l is SelfAttentionSpec);

    /// <summary>True when the forward pass needs an input shape the model does not declare (spatial sizes, or tokens).</summary>
    public static bool MissingInputShape(ModelDescription model) => (HasAttention(model) || model.Layers.Any(l => l is ConvolutionSpec)) && model.InputShape is null;

    /// <summary>Tokens per sample: the first entry of the input shape of a model with self-attention, 1 otherwise.</summary>
    public static int Tokens(ModelDescription model) => HasAttention(model) && model.InputShape is { Count: 2 } shape ? shape[0] : 1;

    /// <summary>Values per input sample: features (of every token), or channels × positions when the model starts with a convolution.</summary>
    public static int InputWidth(ModelDescription model) =>
        model.Layers[0] is ConvolutionSpec first && model.InputShape is { } shape ? (int)(first.InChannels * model.SpatialSizeOfInput()) : Tokens(model) * model.Layers[0].Inputs;

    /// <summary>
    /// Values per output sample: outputs (of every token), or channels × positions when the model ends with a
    /// convolution (or a normalised convolution's affine).
    /// </summary>
    public static int OutputWidth(ModelDescription model)
    {
        int last = model.Layers.Count - 1;
        return model.ChannelSource(last) is { } conv && model.SpatialSizeAfter(last) is long positions ? (int)(conv.OutChannels * positions) : Tokens(model) * model.Layers[last].Outputs;
    }

    /// <summary>How a sample's values are ordered, for the doc comment (empty for plain vectors).</summary>
    public static string SampleLayout(ModelDescription model) =>
        HasAttention(model) && model.InputShape is { } tokens
            ? ", each sample token-major [" + Inv(tokens[0]) + " tokens, features]"
        : model.Layers[0] is ConvolutionSpec && model.InputShape is { } shape
            ? ", each input sample channel-major [" + string.Join(", ", shape.Select(Inv)) + "]"
            : "";

    public static void WriteNetwork(IndentedTextWriter w, ModelSpec spec, ModelDescription model)
    {
        NetworkEmitter.WriteWidths(w, InputWidth(model), OutputWidth(model));
        w.WriteLine("// One block per layer: offsets in θ, shapes (and the spatial sizes a convolution reads), activation, skip.");
        w.WriteLine("private static readonly global::ConservationCodegen.Internal.LayeredNetwork s_network = new(ParameterCount, new " + LayerKindRegistry.NetworkBlockType + "[]");
        w.WriteLine("{");
        w.Indent++;
        var sizes = SpatialInputs(model);
        for (int k = 0; k < model.Layers.Count; k++) w.WriteLine(BlockExpression(spec.Layers[k], model, k, sizes[k]) + ",");
        w.Indent--;
        // A sequence model: every block maps each token, attention mixes the tokens of a sample.
        w.WriteLine(HasAttention(model) ? $"}}, tokens: {Inv(Tokens(model))});" : "});");
        w.WriteLineNoTabs("");
    }

    // The (height, width) each convolution, and each diagonal layer after one (a normalised convolution's affine), reads;
    // 1-D convolutions have height 1. Other blocks read no positions: (0, 0).
    private static (int Height, int Width)[] SpatialInputs(ModelDescription model)
    {
        var sizes = new (int, int)[model.Layers.Count];
        var shape = model.InputShape;
        int height = shape is { Count: 3 } ? shape[1] : 1, width = shape is { Count: >= 2 } ? shape[shape.Count - 1] : 1;
        for (int k = 0; k < model.Layers.Count && model.ChannelSource(k) is not null; k++)
        {
            sizes[k] = (height, width);
            if (model.Layers[k] is not ConvolutionSpec conv) continue; // a diagonal layer keeps the positions
            if (conv.Dimensions == 2) height = conv.OutputLength(height, conv.KernelHeight);
            width = conv.OutputLength(width, conv.KernelWidth);
        }

        return sizes;
    }

    private static string BlockExpression(LayerModel l, ModelDescription model, int k, (int Height, int Width) size)
    {
        var b = l.Block;
        string call = LayerKindRegistry.For(l.Kind).NetworkBlock(b, model.WeightOffset(k), b.HasBias ? model.BiasOffset(k) : -1, size);
        if (b.Normalization != NormalizationKind.None)
            call += ".WithNormalization(global::ConservationCodegen.Normalization." + b.Normalization
                + (l.Block.NormEpsilon == 0 ? "" : ", epsilon: " + l.Block.NormEpsilon.ToString("R", CultureInfo.InvariantCulture) + "d")
                + (b.Normalization == NormalizationKind.BatchNorm ? ", layer: \"" + l.MemberName + "\"" : "") + ")"; // names the layer in the one-sample error
        if (b.Activation != ActivationKind.Identity)
        {
            var arguments = new List<string> { "global::ConservationCodegen.Activation." + b.Activation };
            if (b.Activation == ActivationKind.LeakyReLU) arguments.Add("negativeSlope: " + l.NegativeSlope.ToString("R", CultureInfo.InvariantCulture) + "d");
            if (ActivationKinds.HasDegree(b.Activation)) arguments.Add("degree: " + Inv(b.ActivationDegree));
            if (b.HasBeta) arguments.Add("beta: " + Inv(model.BetaOffset(k)));
            call += ".WithActivation(" + string.Join(", ", arguments) + ")";
        }

        if (b is GatedLinearUnitSpec && b.HasBeta) call += ".WithGateBeta(" + Inv(model.BetaOffset(k)) + ")";
        if (b.ResidualFrom >= 0) call += ".WithResidualFrom(" + Inv(b.ResidualFrom) + ")";
        return call;
    }
}
