using System.CodeDom.Compiler;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Pipeline;
using static ConservationCodegen.Emit.FloatOverloads;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Writes the model's forward pass and loss gradient over the flat layout, so training code needs no hand-written
/// backpropagation and no hard-coded θ offsets. The loops live in the runtime (<c>Internal.DenseNetwork</c>); the
/// generated members fix the shapes and activations.
/// </summary>
internal static class NetworkEmitter
{
    public static void Write(IndentedTextWriter w, ModelSpec spec, Engine.Model.ModelDescription model)
    {
        var layers = spec.Layers;
        if (IsPlainDense(model))
        {
            WriteDenseNetwork(w, spec, model);
        }
        else
        {
            if (LayeredNetworkEmitter.HasAttention(model) && model.InputShape is null)
            {
                w.WriteLine("// The model has a self-attention block but declares no input shape ([ConservationModel(InputShape = new[] { tokens,");
                w.WriteLine("// features })]): the forward pass needs the tokens per sample, so Forward and ComputeLossAndGradient are not generated.");
                return;
            }

            if (LayeredNetworkEmitter.MissingInputShape(model))
            {
                w.WriteLine("// The model starts with a convolution but declares no input shape ([ConservationModel(InputShape = …)]): the forward");
                w.WriteLine("// pass needs the spatial sizes, so Forward and ComputeLossAndGradient are not generated. The laws never need them.");
                return;
            }

            LayeredNetworkEmitter.WriteNetwork(w, spec, model);
        }

        int inputWidth = LayeredNetworkEmitter.InputWidth(model), outputWidth = LayeredNetworkEmitter.OutputWidth(model);
        string activations = string.Join("; ", layers.Take(layers.Count - 1).Select(l => $"{l.MemberName}: {ActivationText(l)}"));
        w.WriteLine("/// <summary>");
        w.WriteLine($"/// Evaluates the model on <paramref name=\"batchSize\"/> samples: <paramref name=\"inputs\"/> row-major [batchSize, {Inv(inputWidth)}],");
        w.WriteLine($"/// <paramref name=\"outputs\"/> row-major [batchSize, {Inv(outputWidth)}]{LayeredNetworkEmitter.SampleLayout(model)}. Each layer computes {(IsPlainDense(model) ? "σ(W x + b)" : "σ(its weights applied to x, plus b, plus a skip's input)")} with θ in the");
        w.WriteLine($"/// documented layout{(activations.Length == 0 ? "" : "; activations: " + Xml(activations))}; the last layer has none.");
        w.WriteLine("/// </summary>");
        w.WriteLine(GeneratedCode);
        w.WriteLine("public static void Forward(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> inputs, int batchSize, global::System.Span<double> outputs) =>");
        w.WriteLine("    s_network.Forward(theta, inputs, batchSize, outputs);");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Mean loss over the batch and its exact gradient with respect to θ (backpropagation), written into");
        w.WriteLine("/// <paramref name=\"gradient\"/> (length <see cref=\"ParameterCount\"/>, overwritten). <paramref name=\"targets\"/> has one row of");
        w.WriteLine($"/// <see cref=\"OutputWidth\"/> per sample: for <see cref=\"global::ConservationCodegen.Loss.MeanSquaredError\"/> the wanted outputs");
        w.WriteLine("/// (loss ½‖y − t‖² per sample), for <see cref=\"global::ConservationCodegen.Loss.SoftmaxCrossEntropy\"/> a one-hot or probability row");
        w.WriteLine("/// (the outputs are logits). At 0, ReLU′ = 0, leaky ReLU′ = α and |z|′ = 0, as in PyTorch.");
        if (LayeredNetworkEmitter.HasAttention(model))
            w.WriteLine($"/// A sample is {Inv(LayeredNetworkEmitter.Tokens(model))} tokens: each token's outputs are one row of targets, and the loss is the mean over every token of the batch.");
        if (model.Loss == Engine.Model.OutputLoss.SoftmaxCrossEntropy)
        {
            // Only for models that declare the loss, so the other models' code is unchanged.
            w.WriteLine("/// This model declares <see cref=\"global::ConservationCodegen.Loss.SoftmaxCrossEntropy\"/>: its translation laws (the last layer's");
            w.WriteLine("/// column and bias sums) hold for gradients of that loss with target rows summing to 1; a gradient of another loss, or of");
            w.WriteLine("/// targets that do not sum to 1, moves them.");
        }

        w.WriteLine("/// </summary>");
        w.WriteLine(GeneratedCode);
        w.WriteLine("public static double ComputeLossAndGradient(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> inputs,");
        w.WriteLine("    global::System.ReadOnlySpan<double> targets, int batchSize, global::ConservationCodegen.Loss loss, global::System.Span<double> gradient) =>");
        w.WriteLine("    s_network.LossAndGradient(theta, inputs, targets, batchSize, loss, gradient);");
        if (!spec.UsesFloat) return;

        w.WriteLineNoTabs("");
        const string batchGuard = "if (batchSize <= 0) throw new global::System.ArgumentOutOfRangeException(nameof(batchSize), batchSize, \"The batch needs at least one sample.\");";
        FloatOverloads.Write(w, "Evaluates the model on a batch (see the double overload).", "void", "Forward", new[]
        {
            Parameter.In("theta", "ParameterCount"), Parameter.In("inputs", "batchSize * InputWidth"), Parameter.Value("int", "batchSize"),
            Parameter.Out("outputs", "batchSize * OutputWidth"),
        }, batchGuard);
        FloatOverloads.Write(w, "Mean loss over the batch and its gradient (see the double overload).", "double", "ComputeLossAndGradient", new[]
        {
            Parameter.In("theta", "ParameterCount"), Parameter.In("inputs", "batchSize * InputWidth"), Parameter.In("targets", "batchSize * OutputWidth"),
            Parameter.Value("int", "batchSize"), Parameter.Value("global::ConservationCodegen.Loss", "loss"), Parameter.Out("gradient", "ParameterCount"),
        }, batchGuard);
    }

    // Dense layers without skips and with the activations DenseNetwork knows: the original descriptor, unchanged.
    private static bool IsPlainDense(Engine.Model.ModelDescription model) =>
        model.Layers.All(l => l is Engine.Model.LayerSpec && l.ResidualFrom < 0 && !l.HasBeta && !Engine.Model.ActivationKinds.HasDegree(l.Activation)
            && l.Normalization == Engine.Model.NormalizationKind.None)
        && model.Shapes.All(s => s.Taps == 1);

    private static void WriteDenseNetwork(IndentedTextWriter w, ModelSpec spec, Engine.Model.ModelDescription model)
    {
        var layers = spec.Layers;
        var descriptor = layers.SelectMany((l, k) => new[]
        {
            model.WeightOffset(k), l.Inputs, l.Outputs, l.BiasMember is null ? -1 : model.BiasOffset(k), (int)l.Activation,
        });
        var slopes = layers.Select(l => l.NegativeSlope.ToString("R", CultureInfo.InvariantCulture) + "d");
        WriteWidths(w, layers[0].Inputs, layers[layers.Count - 1].Outputs);
        w.WriteLine("// Per layer: weight offset, inputs, outputs, bias offset (−1: none), activation; then each layer's leaky-ReLU slope.");
        w.WriteLine("private static readonly global::ConservationCodegen.Internal.DenseNetwork s_network = new(ParameterCount,");
        w.WriteLine($"    new int[] {{ {string.Join(", ", descriptor.Select(Inv))} }},");
        w.WriteLine($"    new double[] {{ {string.Join(", ", slopes)} }});");
        w.WriteLine("global::System.Collections.Generic.IReadOnlyList<global::ConservationCodegen.DenseLayerInfo> global::ConservationCodegen.IConservationModel.DenseLayers => s_network.Layers;");
        w.WriteLineNoTabs("");
    }

    /// <summary>The InputWidth and OutputWidth constants.</summary>
    internal static void WriteWidths(IndentedTextWriter w, int inputs, int outputs)
    {
        w.WriteLine($"/// <summary>Inputs per sample of <see cref=\"Forward(global::System.ReadOnlySpan{{double}}, global::System.ReadOnlySpan{{double}}, int, global::System.Span{{double}})\"/>.</summary>");
        w.WriteLine($"public const int InputWidth = {Inv(inputs)};");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>Outputs per sample (and target width of the loss).</summary>");
        w.WriteLine($"public const int OutputWidth = {Inv(outputs)};");
        w.WriteLineNoTabs("");
    }

    private static string ActivationText(LayerModel l) => l.Block is Engine.Model.GatedLinearUnitSpec glu
        ? $"gated linear unit {glu.GateActivation}({l.MemberName}·x) ⊙ ({l.UpMember}·x)"
        : l.Block.Normalization != Engine.Model.NormalizationKind.None
        ? l.Block.Normalization + (l.Block.NormEpsilon == 0 ? "" : $" (ε = {l.Block.NormEpsilon.ToString("R", CultureInfo.InvariantCulture)})")
            + (l.Activation == Engine.Model.ActivationKind.Identity ? "" : ", then " + ActivationName(l))
        : l.AffineOf is { } of
        ? $"the affine {l.MemberName} ⊙ n{(l.BiasMember is null ? "" : " + " + l.BiasMember)} of {of}'s normalisation" + (l.Activation == Engine.Model.ActivationKind.Identity ? "" : ", then " + ActivationName(l))
        : ActivationName(l);

    private static string ActivationName(LayerModel l) => l.Activation switch
    {
        Engine.Model.ActivationKind.LeakyReLU => $"LeakyReLU max(αz, z), α = {l.NegativeSlope.ToString("R", CultureInfo.InvariantCulture)}",
        Engine.Model.ActivationKind.Identity => "none",
        Engine.Model.ActivationKind.RePU => $"RePU max(0, z)^{Inv(l.Block.ActivationDegree)}",
        Engine.Model.ActivationKind.Power => $"Power z^{Inv(l.Block.ActivationDegree)}",
        Engine.Model.ActivationKind.Swish => l.BetaMember is null ? "Swish z·sigmoid(z)" : $"Swish z·sigmoid(βz), β = {l.BetaMember}",
        var other => other.ToString(),
    };
}
