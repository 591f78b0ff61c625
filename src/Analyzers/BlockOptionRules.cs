using System.Globalization;
using static ConservationCodegen.Analyzers.ModelScope;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// CCG0007 on one layer's own arguments, as the engine validates a block: a defined activation, the leaky slope, the
/// activation degree (RePU and Power need k ≥ 2, the others take none), a trainable β only with Swish, a normalisation
/// (defined, not on a diagonal layer, LayerNorm on at least 2 outputs) with its affine only when there is one, and a
/// convolution's kernel, stride and padding.
/// </summary>
internal static class BlockOptionRules
{
    public static void Check(ModelScope scope, int k)
    {
        var layer = scope.Layers[k];
        var at = scope.At(k);
        string name = layer.Name;
        var activation = layer.Activation;
        if (!ActivationTable.IsDefined(activation))
            scope.Report(DiagnosticDescriptors.UndefinedActivation, at, name, Inv((int)activation), string.Join(", ", System.Enum.GetNames(typeof(Activation))));

        // 0 ≤ α < 1 keeps max(αz, z) positively homogeneous and not linear, as the laws and counts assume.
        if (activation == Activation.LeakyReLU && !(layer.NegativeSlope >= 0 && layer.NegativeSlope < 1))
            scope.Report(DiagnosticDescriptors.NegativeSlopeOutOfRange, at, name, layer.NegativeSlope.ToString("R", CultureInfo.InvariantCulture));

        // σ(cz) = c^k σ(z) with k ≥ 2 is what RePU and Power are; any other activation has no degree to set.
        int degree = layer.Arguments.Options.ActivationDegree;
        if (ActivationTable.HasDegree(activation) && degree < 2)
            scope.Report(DiagnosticDescriptors.DegreeTooSmall, at, Bag((FixProperties.ActivationDegree, "2")), name, activation.ToString(), Inv(degree));
        else if (!ActivationTable.HasDegree(activation) && degree != 1)
            scope.Report(DiagnosticDescriptors.DegreeWithoutPower, at, Bag((FixProperties.ActivationDegree, FixProperties.RemoveDegree)), name, Inv(degree));

        // A gated linear unit's β belongs to its gate (GatedUnitRules checks that the gate is Swish).
        if (layer.Beta is not null && activation != Activation.Swish && layer.Kind != LayerKind.GatedLinearUnit)
            scope.Report(DiagnosticDescriptors.BetaWithoutSwish, at, name);

        // A normalisation of a [Dense] layer or a convolution, with its affine γ (NormScale) and optionally β (NormShift).
        var options = layer.Arguments.Options;
        var normalization = options.Normalization;
        if (!System.Enum.IsDefined(typeof(Normalization), normalization))
            scope.Report(DiagnosticDescriptors.UndefinedNormalization, at, name, Inv((int)normalization), string.Join(", ", System.Enum.GetNames(typeof(Normalization))));
        else if (normalization != Normalization.None && layer.Kind is LayerKind.Diagonal or LayerKind.GatedLinearUnit or LayerKind.SelfAttention)
            scope.Report(DiagnosticDescriptors.NormalizationNotTaken, at, name, layer.Arguments.AttributeName);
        else if (normalization == Normalization.None && (options.NormScale ?? options.NormShift) is not null)
            scope.Report(DiagnosticDescriptors.NormAffineWithoutNormalization, at, name, options.NormScale is not null ? "NormScale" : "NormShift");
        else if (normalization == Normalization.LayerNorm && layer.Outputs == 1)
            scope.Report(DiagnosticDescriptors.LayerNormSingleOutput, at, name);
        if (normalization != Normalization.None && options.NormShift is not null && options.NormScale is null)
            scope.Report(DiagnosticDescriptors.NormShiftWithoutScale, at, name);

        if (!layer.Arguments.IsConvolution) return;
        var a = layer.Arguments;
        if (a.KernelHeight <= 0 || a.KernelWidth <= 0 || (long)a.KernelHeight * a.KernelWidth > DiagnosticDescriptors.MaxKernelTaps)
            scope.Report(DiagnosticDescriptors.KernelOutOfRange, at, name,
                layer.Kind == LayerKind.Conv1d ? Inv(a.KernelWidth) : Inv(a.KernelHeight) + "×" + Inv(a.KernelWidth), Inv(DiagnosticDescriptors.MaxKernelTaps));
        if (a.Stride < 1)
            scope.Report(DiagnosticDescriptors.StrideOutOfRange, at, name, Inv(a.Stride));
        if (a.Padding < 0)
            scope.Report(DiagnosticDescriptors.PaddingOutOfRange, at, name, Inv(a.Padding));
    }
}
