using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ConservationCodegen.Engine.Model;

public sealed partial class ModelDescription
{
    /// <summary>Checks the blocks; returns every problem found (empty when valid). Never throws.</summary>
    public IReadOnlyList<ModelError> Validate()
    {
        var errors = new List<ModelError>();
        if (Layers.Count == 0)
        {
            errors.Add(new ModelError(ModelErrorKind.EmptyModel, -1, "The model has no layers."));
            return errors;
        }

        long total = 0;
        for (int k = 0; k < Layers.Count; k++)
        {
            var l = Layers[k];
            if (l.Inputs <= 0 || l.Outputs <= 0)
            {
                errors.Add(new ModelError(ModelErrorKind.NonPositiveWidth, k,
                    $"Layer {Inv(k + 1)} has inputs = {Inv(l.Inputs)} and outputs = {Inv(l.Outputs)}; widths must be positive."));
                continue;
            }

            if (l.Inputs > MaxWidth || l.Outputs > MaxWidth)
            {
                errors.Add(new ModelError(ModelErrorKind.AbsurdSize, k,
                    $"Layer {Inv(k + 1)} is {Inv(l.Outputs)}×{Inv(l.Inputs)}; widths above 1,000,000 are not supported."));
                continue;
            }

            if (BlockProblem(k) is { } problem)
            {
                errors.Add(problem);
                continue;
            }

            total += l.ParameterCount;
            if (k > 0 && Layers[k - 1].Outputs > 0 && JoinProblem(k) is { } join) errors.Add(join);
            if (l.ResidualFrom >= 0 && ResidualProblem(k) is { } skip) errors.Add(skip);
        }

        if (InputShape is not null && errors.Count == 0 && ShapeProblem() is { } shape) errors.Add(shape);
        if (errors.Count == 0 && TranslationProblem() is { } translation) errors.Add(translation);

        long laws = 0;
        for (int k = 0; k + 1 < Layers.Count; k++)
        {
            long w = Shapes[k].Outputs;
            if (w <= 0) continue;
            if (Layers[k] is SelfAttentionSpec || Layers[k + 1] is SelfAttentionSpec) continue; // no law crosses an attention block's boundary
            var activation = Layers[k].Activation;
            bool diagonalNext = Shapes[k].Diagonal || Shapes[k + 1].Diagonal;
            bool linear = activation == ActivationKind.Identity && !diagonalNext && Layers[k] is not GatedLinearUnitSpec;
            laws += linear ? w * (w + 1) / 2 : ActivationKinds.CutsModel(Layers[k]) ? 0 : w;
        }

        if (laws > MaxLaws)
        {
            errors.Add(new ModelError(ModelErrorKind.TooManyLaws, -1,
                $"The model's hidden layers have {laws.ToString(CultureInfo.InvariantCulture)} Gram entries and balances (a linear hidden layer of width w has w(w+1)/2); at most {MaxLaws.ToString(CultureInfo.InvariantCulture)} are supported."));
        }

        if (total > MaxParameters)
        {
            errors.Add(new ModelError(ModelErrorKind.AbsurdSize, -1,
                $"The model has {total.ToString(CultureInfo.InvariantCulture)} parameters; at most {MaxParameters.ToString(CultureInfo.InvariantCulture)} are supported."));
        }

        return errors;
    }

    // What one block asks of its own arguments: kernel, stride, padding, activation degree, β.
    private ModelError? BlockProblem(int k)
    {
        var l = Layers[k];
        string layer = "Layer " + Inv(k + 1);
        if (l is ConvolutionSpec conv)
        {
            if (conv.Dimensions is not (1 or 2))
                return new ModelError(ModelErrorKind.InvalidBlock, k, $"{layer} is a {Inv(conv.Dimensions)}-D convolution; only 1-D and 2-D are supported.");
            if (conv.KernelHeight <= 0 || conv.KernelWidth <= 0 || (long)conv.KernelHeight * conv.KernelWidth > MaxTaps)
                return new ModelError(ModelErrorKind.InvalidBlock, k, $"{layer} has a {Inv(conv.KernelHeight)}×{Inv(conv.KernelWidth)} kernel; kernel sizes must be positive.");
            if (conv.Stride < 1)
                return new ModelError(ModelErrorKind.InvalidBlock, k, $"{layer} has stride {Inv(conv.Stride)}; the stride must be at least 1.");
            if (conv.Padding < 0)
                return new ModelError(ModelErrorKind.InvalidBlock, k, $"{layer} has padding {Inv(conv.Padding)}; the padding must not be negative.");
        }

        if (l is SelfAttentionSpec attention && (attention.Heads <= 0 || attention.HeadDim <= 0 || attention.Projection > MaxWidth))
            return new ModelError(ModelErrorKind.InvalidBlock, k,
                $"{layer} has {Inv(attention.Heads)} heads of width {Inv(attention.HeadDim)}; both must be positive, and heads × width at most 1,000,000.");

        if (ActivationKinds.HasDegree(l.Activation) ? l.ActivationDegree < 2 : l.ActivationDegree != 1)
        {
            return new ModelError(ModelErrorKind.InvalidBlock, k, ActivationKinds.HasDegree(l.Activation)
                ? $"{layer}'s {ActivationKinds.DisplayName(l.Activation)} activation needs ActivationDegree ≥ 2 (got {Inv(l.ActivationDegree)})."
                : $"{layer} has ActivationDegree = {Inv(l.ActivationDegree)}, which only RePU and Power take.");
        }

        if (l.HasBeta && l.Activation != ActivationKind.Swish && l is not GatedLinearUnitSpec)
            return new ModelError(ModelErrorKind.InvalidBlock, k, $"{layer} has a trainable β, which only a Swish activation takes.");
        if (l.Normalization is not (NormalizationKind.None or NormalizationKind.BatchNorm or NormalizationKind.LayerNorm or NormalizationKind.RmsNorm))
            return new ModelError(ModelErrorKind.InvalidBlock, k, $"{layer} has an unknown normalisation ({Inv((int)l.Normalization)}).");
        if (l.Normalization == NormalizationKind.LayerNorm && l.Outputs < 2)
            return new ModelError(ModelErrorKind.InvalidBlock, k, $"{layer} has LayerNorm on a single output unit, whose normalised value is always 0; LayerNorm needs at least 2 outputs.");
        if (l is GatedLinearUnitSpec glu) return GatedLinearUnitProblem(k, glu);
        return null;
    }

    // A gated linear unit act(W₁x) ⊙ W₂x: no bias, β or activation of its own, and a dense layer W₃ after it.
    private ModelError? GatedLinearUnitProblem(int k, GatedLinearUnitSpec glu)
    {
        string layer = "Layer " + Inv(k + 1);
        if (glu.HasBias || glu.Activation != ActivationKind.Identity)
            return new ModelError(ModelErrorKind.InvalidBlock, k,
                $"{layer} is a gated linear unit, which takes no bias or activation after it (its gate activation is GateActivation; the dense layer after it carries the bias).");
        if (glu.HasBeta && glu.GateActivation != ActivationKind.Swish)
            return new ModelError(ModelErrorKind.InvalidBlock, k,
                $"{layer} is a gated linear unit with a trainable β, which only a Swish gate (act(z) = z·sigmoid(βz)) takes; its gate is {ActivationKinds.DisplayName(glu.GateActivation)}.");
        if (k == Layers.Count - 1)
            return new ModelError(ModelErrorKind.InvalidBlock, k, $"{layer} is a gated linear unit and the last layer; a [Dense(hidden, outputs)] layer (the down projection) must follow it.");
        if (Layers[k + 1] is not LayerSpec)
            return new ModelError(ModelErrorKind.UnsupportedOrder, k + 1,
                $"Layer {Inv(k + 2)} is a {Layers[k + 1].KindName} layer after a gated linear unit; a dense layer (the down projection) must follow it.");
        return null;
    }

    // How block k reads the output of block k − 1.
    private ModelError? JoinProblem(int k)
    {
        var before = Layers[k - 1];
        var l = Layers[k];
        // A diagonal layer after a convolution scales each channel at every position: what reads it reads the
        // convolution's channels and positions.
        var channels = ChannelSource(k - 1);
        switch (l)
        {
            case ConvolutionSpec conv when channels is null:
                return new ModelError(ModelErrorKind.UnsupportedOrder, k,
                    $"Layer {Inv(k + 1)} is a convolution after a {before.KindName} layer; convolutions must come first (a {before.KindName} layer has no channels).");
            case ConvolutionSpec conv when before.Outputs != conv.InChannels:
                return new ModelError(ModelErrorKind.WidthMismatch, k,
                    $"Layer {Inv(k)} has {Inv(before.Outputs)} output channels but layer {Inv(k + 1)} has {Inv(conv.InChannels)} input channels; they must agree.");
            case GatedLinearUnitSpec when channels is not null:
                return new ModelError(ModelErrorKind.UnsupportedOrder, k,
                    $"Layer {Inv(k + 1)} is a gated linear unit after a convolution; put a dense layer between them.");
            case LayerSpec when channels is { } conv:
                if (l.Inputs % conv.OutChannels != 0)
                    return new ModelError(ModelErrorKind.WidthMismatch, k,
                        $"Layer {Inv(k + 1)} reads the {Inv(conv.OutChannels)} channels of layer {Inv(k)} flattened channel by channel, so its {Inv(l.Inputs)} inputs must be a multiple of {Inv(conv.OutChannels)}.");
                if (SpatialSizeAfter(k - 1) is { } size && (long)conv.OutChannels * size != l.Inputs)
                    return new ModelError(ModelErrorKind.WidthMismatch, k,
                        $"Layer {Inv(k)} outputs {Inv(conv.OutChannels)} channels of {Inv(size)} positions each for the declared input shape, {Inv((long)conv.OutChannels * size)} values, but layer {Inv(k + 1)} has {Inv(l.Inputs)} inputs; they must agree.");
                return null;
            default:
                return before.Outputs == l.Inputs ? null : new ModelError(ModelErrorKind.WidthMismatch, k,
                    $"Layer {Inv(k)} has {Inv(before.Outputs)} outputs but layer {Inv(k + 1)} has {Inv(l.Inputs)} inputs; they must agree.");
        }
    }

    // A skip adds block k's output (before its activation) to the input of block j ≤ k: their sizes must agree.
    private ModelError? ResidualProblem(int k)
    {
        int j = Layers[k].ResidualFrom;
        if (j > k)
            return new ModelError(ModelErrorKind.InvalidResidual, k,
                $"Layer {Inv(k + 1)} adds its output to the input of layer {Inv(j + 1)}, which comes after it; a residual connection must name this layer or an earlier one.");
        var from = Layers[j];
        if (from.Inputs != Layers[k].Outputs)
            return new ModelError(ModelErrorKind.InvalidResidual, k,
                $"Layer {Inv(k + 1)} has {Inv(Layers[k].Outputs)} outputs but the input of layer {Inv(j + 1)}, to which its residual connection adds them, has {Inv(from.Inputs)}; they must agree.");
        bool spatial = false;
        for (int i = j; i <= k; i++) spatial |= Layers[i] is ConvolutionSpec;
        if (!spatial) return null;
        if (Layers[k] is not ConvolutionSpec)
            return new ModelError(ModelErrorKind.InvalidResidual, k,
                $"The residual connection of layer {Inv(k + 1)} spans a convolution but layer {Inv(k + 1)} is not one: its outputs have no positions to add to the channels of the input of layer {Inv(j + 1)}.");
        if (InputShape is not null)
        {
            long before = j == 0 ? SpatialSizeOfInput() : SpatialSizeAfter(j - 1) ?? -1, after = SpatialSizeAfter(k) ?? -1;
            return before == after ? null : new ModelError(ModelErrorKind.InvalidResidual, k,
                $"Layer {Inv(k + 1)} outputs {Inv(after)} positions per channel but the input of layer {Inv(j + 1)} has {Inv(before)}; a residual connection needs the same spatial size.");
        }

        for (int i = j; i <= k; i++)
        {
            if (Layers[i] is ConvolutionSpec { KeepsSpatialSize: false })
                return new ModelError(ModelErrorKind.InvalidResidual, k,
                    $"The residual connection of layer {Inv(k + 1)} spans layer {Inv(i + 1)}, a convolution that changes the spatial size (or may: stride 1 and padding (kernel − 1)/2 keep it); declare the input shape so the sizes can be checked.");
        }

        return null;
    }

    // The declared input shape: channels of the first convolution and a positive output size after every convolution.
    private ModelError? ShapeProblem()
    {
        if (Layers.Any(l => l is SelfAttentionSpec) && Layers[0] is not ConvolutionSpec)
            return InputShape!.Count == 2 && InputShape[0] > 0 && InputShape[1] == Layers[0].Inputs ? null : new ModelError(ModelErrorKind.InvalidShape, -1,
                $"A model with self-attention takes the input shape {{ tokens, {Inv(Layers[0].Inputs)} }} (tokens per sample, features per token).");
        if (Layers[0] is not ConvolutionSpec first)
            return InputShape!.Count == 1 && InputShape[0] == Layers[0].Inputs ? null : new ModelError(ModelErrorKind.InvalidShape, -1,
                $"The input shape is declared for a model that does not start with a convolution; give {{ {Inv(Layers[0].Inputs)} }} or none.");
        if (InputShape!.Count != first.Dimensions + 1)
            return new ModelError(ModelErrorKind.InvalidShape, -1, first.Dimensions == 1
                ? "A model that starts with a 1-D convolution takes an input shape { channels, length }."
                : "A model that starts with a 2-D convolution takes an input shape { channels, height, width }.");
        if (InputShape[0] != first.InChannels)
            return new ModelError(ModelErrorKind.InvalidShape, 0,
                $"The input shape has {Inv(InputShape[0])} channels but layer 1 has {Inv(first.InChannels)} input channels; they must agree.");
        for (int k = 0; k < Layers.Count && ChannelSource(k) is not null; k++)
        {
            if (Layers[k] is not ConvolutionSpec conv) continue; // a diagonal layer keeps the positions
            if (conv.Dimensions != first.Dimensions)
                return new ModelError(ModelErrorKind.InvalidShape, k, $"Layer {Inv(k + 1)} is a {Inv(conv.Dimensions)}-D convolution after a {Inv(first.Dimensions)}-D one.");
            if (SpatialSizeAfter(k) is not > 0)
                return new ModelError(ModelErrorKind.InvalidShape, k, $"Layer {Inv(k + 1)}'s kernel is larger than its padded input: no output position is left.");
        }

        return null;
    }

    /// <summary>Positions per channel of the model's input (1 without a declared shape).</summary>
    public long SpatialSizeOfInput()
    {
        if (InputShape is null) return 1;
        long size = 1;
        for (int a = 1; a < InputShape.Count; a++) size *= InputShape[a];
        return size;
    }

    /// <summary>
    /// Positions per channel after block k when blocks 0…k are convolutions, or diagonal layers after one (which keep
    /// the positions), and the input shape is declared; null otherwise (unknown, or not a spatial output).
    /// </summary>
    public long? SpatialSizeAfter(int k)
    {
        if (InputShape is null || InputShape.Count < 2) return null;
        long height = InputShape.Count == 3 ? InputShape[1] : 1, width = InputShape[InputShape.Count - 1];
        for (int i = 0; i <= k; i++)
        {
            if (i > 0 && Layers[i] is DiagonalSpec && ChannelSource(i) is not null) continue;
            if (Layers[i] is not ConvolutionSpec conv || conv.Dimensions != InputShape.Count - 1) return null;
            if (conv.Dimensions == 2) height = conv.OutputLength((int)height, conv.KernelHeight);
            width = conv.OutputLength((int)width, conv.KernelWidth);
            if (height <= 0 || width <= 0) return 0;
        }

        return height * width;
    }
}
