using System;
using System.Collections.Generic;
using System.Numerics.Tensors;

namespace ConservationCodegen.Training;

/// <summary>
/// SGD with momentum in PyTorch's conventions: d = g + λθ; v ← d on the first step, then v ← μv + (1 − τ)d;
/// θ ← θ − η(d + μv) with Nesterov, θ ← θ − ηv without.
/// </summary>
/// <remarks>
/// Momentum breaks the conservation laws, but without Nesterov their change stays exactly predictable from the buffer:
/// h' − h = −2ηc' + η²B(v', v') with c' = B(θ, v') following the recurrence c' = μ(c − ηB(v, v)) + (1 − τ)λh
/// (c' = λh on the first step), which holds only when every g is a true gradient. The optimizer keeps c per law once
/// a prediction was asked for, so the check stays exact over the whole run. Nesterov's look-ahead has no such
/// recurrence: its prediction is the change of the actual update.
/// <para>
/// Without Nesterov it can also check the momentum charges of a model every step (<see cref="CheckMomentumCharges"/>):
/// j_{k+1} = μ j_k exactly for every rotation charge j = ⟨Xθ_{k−1}, v_k⟩, and j ≡ 0 from the zero buffer. The
/// <see cref="ConservationMonitor"/> turns the check on by itself.
/// </para>
/// </remarks>
public sealed class HeavyBall : Optimizer
{
    private double[]? _velocity;      // v_k (PyTorch's momentum buffer)
    private double[]? _nextVelocity;  // v_{k+1}, computed before it is committed
    private double[]? _update;
    // Law tracking, bound to the first model a prediction was asked for.
    private IConservationModel? _tracked;
    private double[]? _c, _nextC, _velocitySquare, _nextVelocitySquare, _scratchLaws;
    private bool _pending;
    private double _previousRate; // η of the last step: θ_k = θ_{k−1} − η_{k−1}v_k (schedules change η between steps)
    private MomentumChargeCheck? _charges; // the momentum-charge check, once asked for
    private MonitorOptions? _chargeOptions;
    private InputRotationCheck? _inputRotation; // the input angular-momentum check, once asked for
    private MonitorOptions? _inputRotationOptions;

    /// <summary>Creates heavy-ball SGD.</summary>
    /// <param name="learningRate">η.</param>
    /// <param name="momentum">μ, 0 ≤ μ &lt; 1.</param>
    /// <param name="dampening">τ, 0 ≤ τ ≤ 1 (not applied on the first step, as in PyTorch).</param>
    /// <param name="nesterov">Nesterov's look-ahead (needs μ &gt; 0 and τ = 0, as in PyTorch).</param>
    /// <param name="weightDecay">λ, coupled (added to the gradient).</param>
    public HeavyBall(double learningRate, double momentum = 0.9, double dampening = 0, bool nesterov = false, double weightDecay = 0)
        : base(learningRate)
    {
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        if (!(dampening >= 0 && dampening <= 1)) throw new ArgumentOutOfRangeException(nameof(dampening), dampening, "Dampening must be in [0, 1].");
        if (nesterov && (momentum == 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum needs a positive momentum and zero dampening.", nameof(nesterov));
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        WeightDecay = CheckWeightDecay(weightDecay);
    }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>τ.</summary>
    public double Dampening { get; }

    /// <summary>Whether the update uses Nesterov's look-ahead.</summary>
    public bool Nesterov { get; }

    /// <summary>λ (coupled).</summary>
    public double WeightDecay { get; }

    /// <summary>The momentum buffer v (empty before the first step).</summary>
    public ReadOnlySpan<double> Velocity => _velocity is null || StepCount == 0 ? default : _velocity;

    /// <summary>The model whose momentum charges are checked every step (<see cref="CheckMomentumCharges"/>), or null.</summary>
    public IConservationModel? ChargeModel => _charges?.Model;

    /// <summary>Momentum-charge violations kept in full (at most <see cref="MonitorOptions.MaxReportedViolations"/>).</summary>
    public IReadOnlyList<MomentumChargeViolation> ChargeViolations => _charges?.Violations ?? Array.Empty<MomentumChargeViolation>();

    /// <summary>All momentum-charge violations, including those beyond the reported ones.</summary>
    public int ChargeViolationCount => _charges?.ViolationCount ?? 0;

    /// <summary>
    /// At the last step, the largest |j' − μj| (in its random projection, per level) as a fraction of its rounding
    /// allowance: above 1 is a violation. 0 before the first checked step.
    /// </summary>
    public double LastChargeMismatch => _charges?.LastMismatch ?? 0;

    /// <summary>
    /// Checks, from now on and at every <see cref="Step"/>, that the momentum charges of <paramref name="model"/> obey
    /// j_{k+1} = μ j_k (docs/training.md, "Momentum charges"): exact under heavy ball on true (minibatch) gradients with
    /// any learning rate, dampening and coupled weight decay, and j ≡ 0 from the zero buffer. Per-coordinate clipping or
    /// scaling, an L1 penalty and wrong gradients break it. A violating step is recorded in
    /// <see cref="ChargeViolations"/> (with the charge that moved most) and written to <see cref="MonitorOptions.Log"/>; with
    /// <see cref="MonitorOptions.ThrowOnViolation"/> the step completes and then throws
    /// <see cref="MomentumChargeViolationException"/>. Call it before the first step (then step 0 is checked against the
    /// zero buffer); called later, the first step only records the charges. The check costs about one pass over the
    /// levels' parameters per step (a random projection of the charges; the full charges are evaluated only to name a
    /// violation).
    /// </summary>
    /// <param name="model">The model trained; a model without charges (<see cref="IConservationModel.MomentumChargeCount"/> = 0) checks nothing.</param>
    /// <param name="options">Rounding allowance (<see cref="MonitorOptions.UnitRoundoff"/>, <see cref="MonitorOptions.RoundingFactor"/>), reporting and throwing; defaults as for the monitor.</param>
    /// <exception cref="InvalidOperationException">Nesterov momentum, whose charges obey no exact recurrence.</exception>
    public void CheckMomentumCharges(IConservationModel model, MonitorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Nesterov)
            throw new InvalidOperationException("Nesterov momentum has no exact recurrence for the momentum charges (its look-ahead gradient is taken at another point); they cannot be checked.");
        options ??= new MonitorOptions();
        if (!(options.UnitRoundoff > 0 && options.UnitRoundoff < 1)) throw new ArgumentOutOfRangeException(nameof(options), "UnitRoundoff must be in (0, 1).");
        _chargeOptions = options;
        _charges = new MomentumChargeCheck(model, options.UnitRoundoff, options.RoundingFactor, options.MaxReportedViolations);
    }

    /// <summary>The model whose input angular momentum is checked every step (<see cref="CheckInputAngularMomentum"/>), or null.</summary>
    public IConservationModel? InputRotationModel => _inputRotation?.Model;

    /// <summary>Input angular-momentum violations kept in full (at most <see cref="MonitorOptions.MaxReportedViolations"/>).</summary>
    public IReadOnlyList<InputRotationViolation> InputRotationViolations => _inputRotation?.Violations ?? Array.Empty<InputRotationViolation>();

    /// <summary>All input angular-momentum violations, including those beyond the reported ones.</summary>
    public int InputRotationViolationCount => _inputRotation?.ViolationCount ?? 0;

    /// <summary>
    /// Checks, from now on and at every <see cref="Step"/>, that the input angular momentum j_k = J(θ_{k−1}, v_k) of a model
    /// declared with <c>InputSymmetry = InputSymmetry.Rotation</c> obeys j_{k+1} = μ j_k (docs/training.md, "Input angular
    /// momentum"): exact under heavy ball on true gradients of data invariant under every rotation of the input, with any
    /// learning rate, dampening and coupled weight decay, and j ≡ 0 from the zero buffer. Finite data sets and minibatches
    /// break it, and so do wrong gradients. Reports as <see cref="CheckMomentumCharges"/> does, with
    /// <see cref="InputRotationViolationException"/>; the same single random projection per step keeps it cheap.
    /// </summary>
    /// <param name="model">The model trained; a model without a declared input symmetry checks nothing.</param>
    /// <param name="options">Rounding allowance, reporting and throwing; defaults as for the monitor.</param>
    /// <exception cref="InvalidOperationException">Nesterov momentum, which obeys no exact recurrence.</exception>
    public void CheckInputAngularMomentum(IConservationModel model, MonitorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Nesterov)
            throw new InvalidOperationException("Nesterov momentum has no exact recurrence for the input angular momentum (its look-ahead gradient is taken at another point); it cannot be checked.");
        options ??= new MonitorOptions();
        if (!(options.UnitRoundoff > 0 && options.UnitRoundoff < 1)) throw new ArgumentOutOfRangeException(nameof(options), "UnitRoundoff must be in (0, 1).");
        _inputRotationOptions = options;
        _inputRotation = new InputRotationCheck(model, options);
    }

    /// <inheritdoc/>
    public override string Name =>
        $"{(Nesterov ? "Nesterov" : "HeavyBall")}(η={Format(LearningRate)}, μ={Format(Momentum)}"
        + (Dampening != 0 ? $", τ={Format(Dampening)}" : "") + (WeightDecay != 0 ? $", λ={Format(WeightDecay)}" : "") + ")";

    /// <inheritdoc/>
    public override LawPrediction Prediction => Nesterov ? LawPrediction.FromUpdate : LawPrediction.FromGradient;

    /// <inheritdoc/>
    public override string LawNote => Nesterov
        ? "Nesterov momentum keeps no conservation law: the prediction is the exact change of the actual update (an account, not a check)."
        : "Heavy ball keeps none of the gradient-flow laws, but it moves every law exactly as the buffer recurrence h' − h = −2ηB(θ, v') + η²B(v', v') says, which holds only for true gradients (what momentum does keep, the charges of linear runs, is checked separately).";

    /// <inheritdoc/>
    public override void Step(Span<double> theta, ReadOnlySpan<double> gradient)
    {
        CheckLengths(theta, gradient);
        if (_charges is not null && theta.Length != _charges.Model.ParameterCount)
            throw new ArgumentException($"θ must have the {_charges.Model.ParameterCount} entries of the model whose momentum charges are checked; it has {theta.Length}.", nameof(theta));
        if (_inputRotation is not null && theta.Length != _inputRotation.Model.ParameterCount)
            throw new ArgumentException($"θ must have the {_inputRotation.Model.ParameterCount} entries of the model whose input angular momentum is checked; it has {theta.Length}.", nameof(theta));
        // Keep the law recurrence exact even when this step was not predicted.
        if (_tracked is not null && !_pending) Advance(_tracked, theta, gradient, null);
        // A prediction for this step already computed v' from the same θ and gradient.
        if (!_pending) NextVelocity(theta, gradient);
        // θ is still θ_k and v' = v_{k+1}: the charges j_{k+1} = ⟨Xθ_k, v_{k+1}⟩ are checked before θ moves.
        var chargeViolation = _charges?.Check(StepCount, theta, _nextVelocity, StepCount == 0 ? default : _velocity, Momentum);
        if (chargeViolation is not null && _charges!.Violations.Count > 0 && ReferenceEquals(_charges.Violations[^1], chargeViolation))
            _chargeOptions?.Log?.WriteLine(chargeViolation.Message);
        var rotationViolation = _inputRotation?.Check(StepCount, theta, _nextVelocity, StepCount == 0 ? default : _velocity, Momentum);
        if (rotationViolation is not null && _inputRotation!.Violations.Count > 0 && ReferenceEquals(_inputRotation.Violations[^1], rotationViolation))
            _inputRotationOptions?.Log?.WriteLine(rotationViolation.Message);
        if (Nesterov) TensorPrimitives.Add(theta, NesterovUpdate(theta, gradient), theta);
        else TensorPrimitives.MultiplyAdd(_nextVelocity!, -LearningRate, theta, theta); // θ ← θ − ηv' in one pass
        (_velocity, _nextVelocity) = (_nextVelocity, _velocity);
        _previousRate = LearningRate;
        if (_pending)
        {
            (_c, _nextC) = (_nextC, _c);
            (_velocitySquare, _nextVelocitySquare) = (_nextVelocitySquare, _velocitySquare);
            _pending = false;
        }

        StepCount++;
        if (chargeViolation is not null && _chargeOptions is { ThrowOnViolation: true }) throw new MomentumChargeViolationException(chargeViolation);
        if (rotationViolation is not null && _inputRotationOptions is { ThrowOnViolation: true }) throw new InputRotationViolationException(rotationViolation);
    }

    /// <summary>
    /// Restarts the exact law recurrence of <see cref="Optimizer.PredictLawChange"/> from the current θ and buffer:
    /// c = B(θ, v) + ηB(v, v), which is B(θ_prev, v) after a heavy-ball step, computed directly instead of carried over.
    /// Call it after a step whose observed law change differed from the prediction (the monitor does): the recurrence
    /// carries a bad step's error on, scaled by μ per step, and every later step would be flagged for it.
    /// </summary>
    public void ResynchroniseLaws(IConservationModel model, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Nesterov || _tracked is null || _c is null || _velocitySquare is null || _velocity is null || StepCount == 0) return;
        CheckLengths(model, theta, theta);
        model.ComputeLawBilinear(theta, _velocity, _c);
        for (int k = 0; k < _c.Length; k++) _c[k] += _previousRate * _velocitySquare[k];
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        _charges?.Reset();
        _inputRotation?.Reset();
        _tracked = null;
        _pending = false;
        _c = _nextC = _velocitySquare = _nextVelocitySquare = null;
    }

    /// <inheritdoc/>
    protected internal override void PredictLawChangeCore(
        IConservationModel model, ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient, ReadOnlySpan<double> laws, Span<double> destination)
    {
        if (Nesterov)
        {
            NextVelocity(theta, gradient);
            model.ComputeLawChange(theta, NesterovUpdate(theta, gradient), destination);
            return;
        }

        if (_tracked is null)
        {
            if (StepCount > 0)
                throw new InvalidOperationException("Ask for the heavy-ball law prediction from the first step: the recurrence starts from the zero buffer.");
            _tracked = model;
        }
        else if (!ReferenceEquals(_tracked, model) && _tracked.GetType() != model.GetType())
        {
            throw new InvalidOperationException("This optimizer tracks the laws of another model; use one optimizer per model.");
        }

        Advance(model, theta, gradient, laws);
        double eta = LearningRate;
        var degrees = model.LawDegrees;
        for (int k = 0; k < destination.Length; k++)
            destination[k] = degrees[k] switch
            {
                2 => -2 * eta * _nextC![k] + eta * eta * _nextVelocitySquare![k],
                // A linear law ⟨a, θ⟩ (e.g. a softmax cross-entropy translation law): its c is m = ⟨a, v⟩, which obeys
                // m_{k+1} = μm_k + (1 − τ)λ⟨a, θ_k⟩ because ⟨a, g⟩ = 0, and the step changes the law by −ηm_{k+1}.
                1 => -eta * _nextC![k],
                _ => double.NaN,
            };
    }

    // c' = B(θ_k, v_{k+1}) and B(v_{k+1}, v_{k+1}) from the recurrence (never from θ directly: that is what makes it a check).
    private void Advance(IConservationModel model, ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient, ReadOnlySpan<double> laws)
    {
        int n = model.LawCount;
        var c = Buffers.Ensure(ref _c, n);
        var nextC = Buffers.Ensure(ref _nextC, n);
        var square = Buffers.Ensure(ref _velocitySquare, n);
        var nextSquare = Buffers.Ensure(ref _nextVelocitySquare, n);
        if (WeightDecay != 0 && laws.IsEmpty)
        {
            var scratch = Buffers.Ensure(ref _scratchLaws, n);
            model.ComputeLaws(theta, scratch);
            laws = scratch;
        }

        // B(θ_k, v_k) = c_k − η_{k−1}B(v_k, v_k), with the rate the last step used.
        double previousEta = _previousRate, mu = Momentum, lambda = WeightDecay;
        bool first = StepCount == 0;
        for (int k = 0; k < n; k++)
        {
            double decay = lambda == 0 ? 0 : lambda * laws[k];
            nextC[k] = first ? decay : mu * (c[k] - previousEta * square[k]) + (1 - Dampening) * decay;
        }

        NextVelocity(theta, gradient);
        // B(v, v) = h(v) for the homogeneous quadratic laws; the law kernel is the fastest. A linear law has no quadratic
        // part: 0 there turns the recurrence of c into that of m = ⟨a, v⟩.
        model.ComputeLaws(_nextVelocity, nextSquare);
        var degrees = model.LawDegrees;
        for (int k = 0; k < n; k++)
            if (degrees[k] == 1) nextSquare[k] = 0;
        _pending = true;
    }

    // v_{k+1} into _nextVelocity (the buffer is committed by Step).
    private void NextVelocity(ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient)
    {
        var next = Buffers.Ensure(ref _nextVelocity, theta.Length);
        if (StepCount > 0 && WeightDecay == 0 && Dampening == 0)
        {
            TensorPrimitives.MultiplyAdd(_velocity!, Momentum, gradient, next); // v' = μv + g in one pass
            return;
        }

        DecayedGradient(theta, gradient, next);
        if (StepCount == 0) return;
        // v' = μv + (1 − τ)d
        if (Dampening != 0) TensorPrimitives.Multiply(next, 1 - Dampening, next);
        TensorPrimitives.MultiplyAdd(_velocity!, Momentum, next, next);
    }

    // Nesterov's update Δ = −η(d + μv'), from the freshly computed v' (plain heavy ball steps θ by −ηv' directly).
    private double[] NesterovUpdate(ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient)
    {
        var update = Buffers.Ensure(ref _update, theta.Length);
        DecayedGradient(theta, gradient, update);
        TensorPrimitives.MultiplyAdd(_nextVelocity!, Momentum, update, update);
        TensorPrimitives.Multiply(update, -LearningRate, update);
        return update;
    }

    // d = g + λθ (coupled weight decay).
    private void DecayedGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient, Span<double> destination)
    {
        if (WeightDecay != 0) TensorPrimitives.MultiplyAdd(theta, WeightDecay, gradient, destination);
        else gradient.CopyTo(destination);
    }
}
