using System;
using System.Globalization;

namespace ConservationCodegen.Training;

/// <summary>A step whose observed change of a law differs from the optimizer's exact prediction beyond rounding.</summary>
/// <param name="Step">0-based step index.</param>
/// <param name="Law">Index of the law.</param>
/// <param name="LawName">Name of the law.</param>
/// <param name="Observed">h(θ') − h(θ) as the step actually changed it.</param>
/// <param name="Predicted">What the optimizer said it would be.</param>
/// <param name="Tolerance">The rounding allowance the difference exceeded.</param>
public sealed record LawViolation(int Step, int Law, string LawName, double Observed, double Predicted, double Tolerance)
{
    /// <summary>The violation of a step after which θ is no longer finite (<see cref="Law"/> is −1).</summary>
    public static LawViolation NonFinite(int step) => new(step, -1, "θ", double.NaN, double.NaN, double.NaN);

    /// <summary>True when θ stopped being finite at this step (NaN or ∞ in the gradient or the update).</summary>
    public bool IsNonFinite => Law < 0;

    /// <summary>What happened and what it means.</summary>
    public string Message => IsNonFinite
        ? string.Create(CultureInfo.InvariantCulture, $"Step {Step}: θ is no longer finite (NaN or ∞ came from the gradient or the update); no law is checked from here on.")
        : string.Create(CultureInfo.InvariantCulture,
        $"Step {Step}, law {LawName}: observed change {Observed:G4}, predicted {Predicted:G4} (difference {Math.Abs(Observed - Predicted):G3}, rounding allows {Tolerance:G2}).")
        + (IsTranslationLaw
            ? " This update is not a gradient step of the model's declared loss: translation laws hold only for softmax cross-entropy: check that the gradient is of Loss.SoftmaxCrossEntropy (not MeanSquaredError) with target rows that sum to 1, then the backward pass, a hidden regulariser or the optimizer."
            : " This update is not a gradient step of the model: check the backward pass, a hidden regulariser or the optimizer.");

    // The last layer's column and bias sums of a model declared with Loss.SoftmaxCrossEntropy (group Translation).
    private bool IsTranslationLaw => LawName.StartsWith("Translation[", StringComparison.Ordinal) || LawName == "Translation.Bias";

    /// <inheritdoc/>
    public override string ToString() => Message;
}

/// <summary>Thrown by a monitor with <see cref="MonitorOptions.ThrowOnViolation"/> at the first violation.</summary>
public sealed class LawViolationException : Exception
{
    /// <summary>Creates the exception for <paramref name="violation"/>.</summary>
    public LawViolationException(LawViolation violation) : base(violation.Message) => Violation = violation;

    /// <summary>The violation.</summary>
    public LawViolation Violation { get; }
}
