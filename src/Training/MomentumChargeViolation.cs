using System;
using System.Globalization;

namespace ConservationCodegen.Training;

/// <summary>
/// A heavy-ball step after which the momentum charges of a level did not scale by exactly β (see
/// <see cref="HeavyBall.CheckMomentumCharges"/>): the update was not heavy ball on a true gradient of the model.
/// </summary>
/// <param name="Step">0-based index of the optimizer step.</param>
/// <param name="Level">The level whose charges moved, e.g. <c>Hidden1</c>.</param>
/// <param name="ChargeName">The charge that moved most, e.g. <c>Hidden1[0,3]</c>.</param>
/// <param name="Observed">A fixed random projection ⟨Ω, j_{k+1}⟩ of the level's charges after the step.</param>
/// <param name="Expected">β·⟨Ω, j_k⟩ (0 on the first step, from a zero buffer).</param>
/// <param name="Tolerance">The rounding allowance |Observed − Expected| exceeded.</param>
/// <param name="ChargeChange">
/// The change of <paramref name="ChargeName"/> beyond β, j_{k+1} − β j_k (evaluated as J(θ_k, v_{k+1} − βv_k), equal up to
/// rounding); NaN when violations beyond the reported ones were only counted.
/// </param>
public sealed record MomentumChargeViolation(int Step, string Level, string ChargeName, double Observed, double Expected, double Tolerance, double ChargeChange)
{
    /// <summary>What happened and what it means.</summary>
    public string Message => string.Create(CultureInfo.InvariantCulture,
        $"Step {Step}, momentum charges of {Level}: j' − βj = {Observed - Expected:G3} in their random projection (rounding allows {Tolerance:G2}); ")
        + (double.IsNaN(ChargeChange) ? "" : string.Create(CultureInfo.InvariantCulture, $"charge {ChargeName} moved by {ChargeChange:G3} beyond β. "))
        + "Under heavy ball on true gradients every charge ⟨Xθ_prev, v⟩ of a rotation X scales by exactly β each step (and stays 0 from a zero buffer), "
        + "so this update is not that: look for per-coordinate clipping or scaling, an L1 penalty or sign update, or a wrong gradient.";

    /// <inheritdoc/>
    public override string ToString() => Message;
}

/// <summary>Thrown at the first momentum-charge violation when the check was asked to throw (<see cref="MonitorOptions.ThrowOnViolation"/>).</summary>
public sealed class MomentumChargeViolationException : Exception
{
    /// <summary>Creates the exception for <paramref name="violation"/>.</summary>
    public MomentumChargeViolationException(MomentumChargeViolation violation) : base(violation.Message) => Violation = violation;

    /// <summary>The violation.</summary>
    public MomentumChargeViolation Violation { get; }
}
