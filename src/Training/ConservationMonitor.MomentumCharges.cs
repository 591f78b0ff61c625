using System;
using System.Collections.Generic;

namespace ConservationCodegen.Training;

// The monitor's part of the momentum-charge check (docs/training.md, "Momentum charges"): under heavy ball without
// Nesterov, the optimizer checks j_{k+1} = μ j_k every step; the monitor turns that on and reports what it finds.
public sealed partial class ConservationMonitor
{
    /// <summary>
    /// True when the monitor checks the model's momentum charges every step: the optimizer is <see cref="HeavyBall"/>
    /// without Nesterov and the model has charges (<see cref="IConservationModel.MomentumChargeCount"/> &gt; 0).
    /// </summary>
    public bool ChecksMomentumCharges => _chargeOptimizer is not null;

    /// <summary>
    /// Steps after which the momentum charges did not scale by exactly μ (kept in full up to
    /// <see cref="MonitorOptions.MaxReportedViolations"/>): the update was not heavy ball on a true gradient.
    /// </summary>
    public IReadOnlyList<MomentumChargeViolation> ChargeViolations => _chargeViolations;

    /// <summary>All momentum-charge violations, including those beyond the reported ones.</summary>
    public int ChargeViolationCount => _chargeOptimizer?.ChargeViolationCount ?? 0;

    // Turns the heavy-ball charge check on for this model (unless the optimizer already checks it, or cannot).
    private static HeavyBall? AttachChargeCheck(IConservationModel model, Optimizer optimizer, MonitorOptions options)
    {
        if (optimizer is not HeavyBall { Nesterov: false } heavyBall || model.MomentumChargeCount == 0) return null;
        if (heavyBall.ChargeModel is null)
        {
            heavyBall.CheckMomentumCharges(model, new MonitorOptions
            {
                UnitRoundoff = options.UnitRoundoff,
                RoundingFactor = options.RoundingFactor,
                MaxReportedViolations = options.MaxReportedViolations,
            });
        }

        return ReferenceEquals(heavyBall.ChargeModel, model) ? heavyBall : null;
    }

    // New violations the optimizer found in the step just taken: kept, logged, and thrown when asked to — at the end of
    // the step (Step), once the laws are measured, so the monitor's state stays that of θ and training can go on.
    private void CollectChargeViolations()
    {
        if (_chargeOptimizer is null) return;
        var found = _chargeOptimizer.ChargeViolations;
        for (; _chargeViolationsSeen < found.Count; _chargeViolationsSeen++)
        {
            var violation = found[_chargeViolationsSeen];
            _chargeViolations.Add(violation);
            _options.Log?.WriteLine(violation.Message);
            if (_options.ThrowOnViolation) _pendingThrow ??= new MomentumChargeViolationException(violation);
        }
    }

    // One line for the summary: what the charge check saw.
    private string? ChargeSummaryLine()
    {
        if (_chargeOptimizer is null) return null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        int charges = Model.MomentumChargeCount, count = _chargeOptimizer.ChargeViolationCount;
        if (count == 0) return string.Create(inv, $"  Momentum charges ({charges}): j' = μj held at every step (heavy ball on true gradients).");
        // None kept in full (MaxReportedViolations = 0): only the count is known.
        if (_chargeViolations.Count == 0)
            return string.Create(inv, $"  Momentum charges ({charges}): {count} violation(s): not heavy ball on true gradients.");
        var first = _chargeViolations[0];
        return string.Create(inv, $"  Momentum charges ({charges}): {count} violation(s), the first at step {first.Step} ({first.ChargeName}): not heavy ball on true gradients.");
    }
}
