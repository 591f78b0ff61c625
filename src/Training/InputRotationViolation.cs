using System;
using System.Collections.Generic;
using System.Globalization;

namespace ConservationCodegen.Training;

/// <summary>
/// A step after which the input angular momentum J = skew(W₁ᵀv) of a model declared with
/// <c>InputSymmetry = InputSymmetry.Rotation</c> did not do what rotation-invariant data imply: stay 0 under gradient
/// descent, scale by exactly β under heavy ball (docs/training.md, "Input angular momentum"). Either the data are not
/// invariant under rotations of the input (a finite data set or a minibatch never is), or the update is not a true
/// gradient step of the model.
/// </summary>
/// <param name="Step">0-based index of the optimizer step.</param>
/// <param name="EntryName">The entry that moved most, e.g. <c>InputRotation[0,3]</c>.</param>
/// <param name="Observed">A fixed random projection ⟨Ω, j_{k+1}⟩ of the entries after the step (j = J(θ_k, v_{k+1})).</param>
/// <param name="Expected">β·⟨Ω, j_k⟩: 0 under gradient descent (β = 0) and on the first heavy-ball step.</param>
/// <param name="Tolerance">The rounding allowance |Observed − Expected| exceeded.</param>
/// <param name="EntryChange">
/// The change of <paramref name="EntryName"/> beyond β, j_{k+1} − β j_k (for gradient descent J(θ_k, g_k) itself); NaN when
/// violations beyond the reported ones were only counted.
/// </param>
public sealed record InputRotationViolation(int Step, string EntryName, double Observed, double Expected, double Tolerance, double EntryChange)
{
    /// <summary>What happened and what it means.</summary>
    public string Message => string.Create(CultureInfo.InvariantCulture,
        $"Step {Step}, input angular momentum: j' − βj = {Observed - Expected:G3} in its random projection (rounding allows {Tolerance:G2}); ")
        + (double.IsNaN(EntryChange) ? "" : string.Create(CultureInfo.InvariantCulture, $"entry {EntryName} moved by {EntryChange:G3}. "))
        + "The model declares data invariant under every rotation of the input, under which J = skew(W₁ᵀv) stays 0 under gradient descent "
        + "and scales by exactly β under heavy ball; so the data are not rotation invariant (a finite data set or a minibatch never is), "
        + "or the update is not a true gradient step.";

    /// <inheritdoc/>
    public override string ToString() => Message;
}

/// <summary>Thrown at the first input-rotation violation when asked to (<see cref="MonitorOptions.ThrowOnViolation"/>).</summary>
public sealed class InputRotationViolationException : Exception
{
    /// <summary>Creates the exception for <paramref name="violation"/>.</summary>
    public InputRotationViolationException(InputRotationViolation violation) : base(violation.Message) => Violation = violation;

    /// <summary>The violation.</summary>
    public InputRotationViolation Violation { get; }
}

/// <summary>
/// The per-step check of the input angular momentum: the momentum-charge check (<see cref="MomentumChargeCheck"/>: one
/// random projection per step, the full entries only to name a violation) on the single level whose units are the inputs.
/// Its allowance scales with the largest velocity seen in the run rather than the current one: training on a
/// rotation-invariant loss runs to a stationary point, where the gradient's rounding follows the size of the terms it is
/// computed from, not its own (measured: with the current velocity, correct runs were flagged once ‖g‖ fell below about
/// 10⁻⁵ of its first value).
/// </summary>
internal sealed class InputRotationCheck
{
    private readonly MomentumChargeCheck _check;
    private readonly List<InputRotationViolation> _violations = new();

    public InputRotationCheck(IConservationModel model, MonitorOptions options)
    {
        _check = new MomentumChargeCheck(model, ChargeSet.InputRotation(model), options.UnitRoundoff, options.RoundingFactor, options.MaxReportedViolations, velocityScale: true);
    }

    public IConservationModel Model => _check.Model;

    public IReadOnlyList<InputRotationViolation> Violations => _violations;

    public int ViolationCount => _check.ViolationCount;

    /// <summary>Largest |⟨Ω, j' − βj⟩| as a fraction of its allowance at the last checked step.</summary>
    public double LastMismatch => _check.LastMismatch;

    public void Reset() => _check.Reset();

    /// <summary>
    /// Checks step <paramref name="step"/> from θ_k and the step direction <paramref name="next"/> (v_{k+1}, or the gradient
    /// for gradient descent with β = 0), with <paramref name="velocity"/> = v_k (empty from a zero buffer or for gradient
    /// descent). Returns the violation it found and kept, or null.
    /// </summary>
    public InputRotationViolation? Check(int step, ReadOnlySpan<double> theta, ReadOnlySpan<double> next, ReadOnlySpan<double> velocity, double beta)
    {
        int kept = _check.Violations.Count;
        if (_check.Check(step, theta, next, velocity, beta) is not { } found) return null;
        var violation = new InputRotationViolation(found.Step, found.ChargeName, found.Observed, found.Expected, found.Tolerance, found.ChargeChange);
        if (_check.Violations.Count > kept) _violations.Add(violation);
        return violation;
    }
}
