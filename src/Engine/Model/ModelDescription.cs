using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ConservationCodegen.Engine.Model;

/// <summary>An ordered stack of dense layers. Parameters θ are laid out layer by layer: weights row-major [outputs, inputs], then the bias.</summary>
public sealed class ModelDescription
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
    public ModelDescription(IReadOnlyList<LayerSpec> layers)
    {
        Layers = layers.Select((l, k) => l with
        {
            WeightName = string.IsNullOrEmpty(l.WeightName) ? "W" + (k + 1).ToString(CultureInfo.InvariantCulture) : l.WeightName,
            BiasName = string.IsNullOrEmpty(l.BiasName) ? "b" + (k + 1).ToString(CultureInfo.InvariantCulture) : l.BiasName,
        }).ToArray();
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; }

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

    /// <summary>Checks the stack; returns every problem found (empty when valid). Never throws.</summary>
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

            total += l.ParameterCount;
            if (k > 0 && Layers[k - 1].Outputs > 0 && Layers[k - 1].Outputs != l.Inputs)
            {
                errors.Add(new ModelError(ModelErrorKind.WidthMismatch, k,
                    $"Layer {Inv(k)} has {Inv(Layers[k - 1].Outputs)} outputs but layer {Inv(k + 1)} has {Inv(l.Inputs)} inputs; they must agree."));
            }
        }

        long laws = 0;
        for (int k = 0; k + 1 < Layers.Count; k++)
        {
            long w = Layers[k].Outputs;
            if (w <= 0) continue;
            var activation = Layers[k].Activation;
            laws += activation == ActivationKind.Identity ? w * (w + 1) / 2 : ActivationKinds.IsPositivelyHomogeneous(activation) ? w : 0;
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

    /// <summary>Total number of parameters D (valid models only).</summary>
    public int ParameterCount => (int)Layers.Sum(l => l.ParameterCount);

    /// <summary>Offset of layer k's weights in θ.</summary>
    public int WeightOffset(int layer)
    {
        int offset = 0;
        for (int k = 0; k < layer; k++) offset += (int)Layers[k].ParameterCount;
        return offset;
    }

    /// <summary>Offset of layer k's bias in θ (only meaningful when it has one).</summary>
    public int BiasOffset(int layer) => WeightOffset(layer) + Layers[layer].Inputs * Layers[layer].Outputs;

    /// <summary>Human-readable architecture, e.g. "3 -relu-> 4 -> 2 (bias)".</summary>
    public override string ToString()
    {
        if (Layers.Count == 0) return "(empty)";
        var sb = new System.Text.StringBuilder();
        sb.Append(Layers[0].Inputs.ToString(CultureInfo.InvariantCulture));
        for (int k = 0; k < Layers.Count; k++)
        {
            var act = k < Layers.Count - 1 && Layers[k].Activation != ActivationKind.Identity ? ActivationKinds.DisplayName(Layers[k].Activation) : "";
            sb.Append(Layers[k].HasBias ? " =b=> " : " --> ").Append(Layers[k].Outputs.ToString(CultureInfo.InvariantCulture));
            if (act.Length > 0) sb.Append(" [").Append(act).Append(']');
        }

        return sb.ToString();
    }

    // Messages are culture-invariant (ar-SA and fa-IR would otherwise add direction marks to negative numbers).
    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
