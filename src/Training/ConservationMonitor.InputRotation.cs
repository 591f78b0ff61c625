using System;
using System.Collections.Generic;
using System.Globalization;

namespace ConservationCodegen.Training;

// The monitor's part of the input angular-momentum check (docs/training.md, "Input angular momentum"): for a model that
// declares rotation-invariant data, J = skew(W₁ᵀv) must stay 0 under SGD (the monitor checks J(θ, g) before each step)
// and scale by μ under heavy ball (the optimizer checks it, as it does the momentum charges; the monitor turns that on).
public sealed partial class ConservationMonitor
{
    private InputRotationCheck? _sgdRotation;      // SGD: checked here, from θ and the gradient
    private HeavyBall? _rotationOptimizer;         // heavy ball: checked by the optimizer
    private readonly List<InputRotationViolation> _rotationViolations = new();
    private int _rotationViolationsSeen;

    /// <summary>
    /// True when the monitor checks the input angular momentum every step: the model declares
    /// <c>InputSymmetry = InputSymmetry.Rotation</c> (<see cref="IConservationModel.InputAngularMomentumCount"/> &gt; 0) and
    /// the optimizer is <see cref="Sgd"/> (J(θ, g) = 0) or <see cref="HeavyBall"/> without Nesterov (j' = μj). Other
    /// optimizers (Adam, Nesterov) keep no such relation, and nothing is checked.
    /// </summary>
    public bool ChecksInputRotation => _sgdRotation is not null || _rotationOptimizer is not null;

    /// <summary>
    /// Steps after which the input angular momentum moved (kept in full up to <see cref="MonitorOptions.MaxReportedViolations"/>):
    /// the data are not invariant under rotations of the input (any finite data set or minibatch), or the update is not a
    /// true gradient step.
    /// </summary>
    public IReadOnlyList<InputRotationViolation> InputRotationViolations => _rotationViolations;

    /// <summary>All input angular-momentum violations, including those beyond the reported ones.</summary>
    public int InputRotationViolationCount => _sgdRotation?.ViolationCount ?? _rotationOptimizer?.InputRotationViolationCount ?? 0;

    // Turns the check on for this model and optimizer (called once, from the constructor).
    private void AttachInputRotationCheck(IConservationModel model, Optimizer optimizer, MonitorOptions options)
    {
        if (model.InputAngularMomentumCount == 0 || model.InputAngularMomentumLevel is null) return;
        var own = new MonitorOptions
        {
            UnitRoundoff = options.UnitRoundoff,
            RoundingFactor = options.RoundingFactor,
            MaxReportedViolations = options.MaxReportedViolations,
        };
        if (optimizer is Sgd)
        {
            _sgdRotation = new InputRotationCheck(model, own);
            return;
        }

        if (optimizer is not HeavyBall { Nesterov: false } heavyBall) return;
        if (heavyBall.InputRotationModel is null) heavyBall.CheckInputAngularMomentum(model, own);
        if (ReferenceEquals(heavyBall.InputRotationModel, model)) _rotationOptimizer = heavyBall;
    }

    // SGD, before the step: J(θ_k, g_k) = 0 for a true gradient of rotation-invariant data. Weight decay adds λθ_k to the
    // step, and J(θ, θ) = 0, so the gradient alone is checked for coupled and decoupled decay alike.
    private void CheckInputRotationBeforeStep(ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient)
    {
        if (_sgdRotation is null) return;
        _sgdRotation.Check(_statistics.Count, theta, gradient, default, 0);
    }

    // New violations of the step just taken: kept, logged and thrown when asked to (at the end of the step).
    private void CollectInputRotationViolations()
    {
        var found = _sgdRotation?.Violations ?? _rotationOptimizer?.InputRotationViolations;
        if (found is null) return;
        for (; _rotationViolationsSeen < found.Count; _rotationViolationsSeen++)
        {
            var violation = found[_rotationViolationsSeen];
            _rotationViolations.Add(violation);
            _options.Log?.WriteLine(violation.Message);
            if (_options.ThrowOnViolation) _pendingThrow ??= new InputRotationViolationException(violation);
        }
    }

    // One line for the summary: what the input-rotation check saw.
    private string? InputRotationSummaryLine()
    {
        if (Model.InputAngularMomentumCount == 0) return null;
        var inv = CultureInfo.InvariantCulture;
        int entries = Model.InputAngularMomentumCount, count = InputRotationViolationCount;
        string rule = _sgdRotation is not null ? "J = 0" : "j' = μj";
        if (!ChecksInputRotation)
            return string.Create(inv, $"  Input angular momentum ({entries}): not checked ({Optimizer.Name} keeps no exact relation for it).");
        if (count == 0)
            return string.Create(inv, $"  Input angular momentum ({entries}): {rule} held at every step (rotation-invariant data, true gradients).");
        if (_rotationViolations.Count == 0)
            return string.Create(inv, $"  Input angular momentum ({entries}): {count} violation(s) of {rule}: the data are not rotation invariant, or the gradient is not true.");
        var first = _rotationViolations[0];
        return string.Create(inv, $"  Input angular momentum ({entries}): {count} violation(s) of {rule}, the first at step {first.Step} ({first.EntryName}): the data are not rotation invariant, or the gradient is not true.");
    }
}
