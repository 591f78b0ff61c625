using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics.Tensors;
using System.Text;

namespace ConservationCodegen.Training;

/// <summary>
/// Watches the conservation laws of a model while an optimizer trains it. Call <see cref="Step"/> in place of the
/// optimizer's own step: the monitor asks the optimizer for the exact change of every law, lets it step, measures the
/// change that happened (as h(θ') − h(θ), or with <see cref="MonitorOptions.ExactObservedChange"/> from the expansion of each
/// law so that not even the digits of a tiny change are lost), records value, observed change,
/// predicted change and cumulative drift, and flags any step whose observed change differs from the prediction beyond
/// rounding. Export with <see cref="WriteCsv"/>/<see cref="WriteJson"/>, plot with <see cref="SavePlots"/>, read
/// <see cref="Summary()"/>.
/// </summary>
public sealed partial class ConservationMonitor
{
    private readonly MonitorOptions _options;
    private readonly int _lawCount, _recorded;
    private double[] _laws, _next;
    private readonly double[] _initial, _predicted, _observed, _previousTheta, _delta;
    private readonly List<double[]> _records = new(); // per recorded step: values, observed, predicted of the recorded laws
    private readonly List<int> _recordedSteps = new();
    private readonly List<StepStatistics> _statistics = new();
    private readonly List<LawViolation> _violations = new();
    // Each law's magnitude (the sum of its terms' absolute values, the scale of its rounding) is measured every
    // MeasureEvery steps and whenever a law nears its allowance: in between, half the last measurement serves as a lower
    // bound (a law's terms do not shrink 4× within a few steps), so the check is only stricter, and a law is flagged only
    // against measured magnitudes. This saves passes over θ on most steps.
    private const int MeasureEvery = 16;
    private readonly double[] _magnitudes;
    private double[]? _wideTheta, _wideGradient; // the float overload's double copies
    private bool _started, _nonFinite, _trailing;
    // The heavy-ball optimizer's momentum-charge check, when the monitor turned it on (see MomentumCharges.cs part).
    private readonly HeavyBall? _chargeOptimizer;
    private readonly List<MomentumChargeViolation> _chargeViolations = new();
    private int _chargeViolationsSeen;
    // With ThrowOnViolation: the exception of this step's first violation, thrown once the step is measured and recorded.
    private Exception? _pendingThrow;

    /// <summary>Creates a monitor of <paramref name="model"/>'s laws under <paramref name="optimizer"/>.</summary>
    public ConservationMonitor(IConservationModel model, Optimizer optimizer, MonitorOptions? options = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        _options = options ?? new MonitorOptions();
        if (_options.MaxRecordedLaws < 0) throw new ArgumentOutOfRangeException(nameof(options), "MaxRecordedLaws must not be negative.");
        if (_options.RecordEvery < 1) throw new ArgumentOutOfRangeException(nameof(options), "RecordEvery must be at least 1.");
        if (!(_options.UnitRoundoff > 0 && _options.UnitRoundoff < 1)) throw new ArgumentOutOfRangeException(nameof(options), "UnitRoundoff must be in (0, 1).");
        _lawCount = model.LawCount;
        _recorded = Math.Min(_lawCount, _options.MaxRecordedLaws);
        _laws = new double[_lawCount];
        _next = new double[_lawCount];
        _initial = new double[_lawCount];
        _predicted = new double[_lawCount];
        _observed = new double[_lawCount];
        _magnitudes = new double[_lawCount];
        _previousTheta = _options.ExactObservedChange ? new double[model.ParameterCount] : Array.Empty<double>();
        _delta = _options.ExactObservedChange ? new double[model.ParameterCount] : Array.Empty<double>();
        _chargeOptimizer = AttachChargeCheck(model, optimizer, _options);
        AttachInputRotationCheck(model, optimizer, _options);
    }

    /// <summary>The model whose laws are watched.</summary>
    public IConservationModel Model { get; }

    /// <summary>The optimizer that steps.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Steps monitored so far.</summary>
    public int StepCount => _statistics.Count;

    /// <summary>Laws recorded step by step (the first <see cref="MonitorOptions.MaxRecordedLaws"/>).</summary>
    public int RecordedLawCount => _recorded;

    /// <summary>Violations kept in full (at most <see cref="MonitorOptions.MaxReportedViolations"/>).</summary>
    public IReadOnlyList<LawViolation> Violations => _violations;

    /// <summary>All violations, including those beyond <see cref="MonitorOptions.MaxReportedViolations"/>.</summary>
    public int ViolationCount { get; private set; }

    /// <summary>The laws at the first monitored θ.</summary>
    public ReadOnlySpan<double> InitialValues => _initial;

    /// <summary>The laws at the current θ (after the last step).</summary>
    public ReadOnlySpan<double> CurrentValues => _laws;

    /// <summary>The steps whose law values were recorded (every <see cref="MonitorOptions.RecordEvery"/>-th step, and the last).</summary>
    public IReadOnlyList<int> RecordedSteps => _recordedSteps;

    /// <summary>Values before <paramref name="step"/> (a recorded step) of the recorded laws.</summary>
    public ReadOnlySpan<double> Values(int step) => Record(step).AsSpan(0, _recorded);

    /// <summary>Observed change h(θ') − h(θ) at <paramref name="step"/> (a recorded step) of the recorded laws.</summary>
    public ReadOnlySpan<double> ObservedChanges(int step) => Record(step).AsSpan(_recorded, _recorded);

    /// <summary>Predicted change at <paramref name="step"/> (a recorded step) of the recorded laws (NaN where the optimizer has none).</summary>
    public ReadOnlySpan<double> PredictedChanges(int step) => Record(step).AsSpan(2 * _recorded, _recorded);

    /// <summary>Per-step figures over all laws (recorded or not), for every step.</summary>
    public IReadOnlyList<StepStatistics> Statistics => _statistics;

    private double[] Record(int step)
    {
        int index = _recordedSteps.BinarySearch(step);
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(step), step, $"Step {step} was not recorded ({_statistics.Count} steps monitored, every {_options.RecordEvery}-th recorded).");
        return _records[index];
    }

    /// <summary>
    /// One monitored optimizer step: predicts the change of every law, steps <paramref name="theta"/> in place with the
    /// optimizer, measures and records the change, and checks it against the prediction.
    /// </summary>
    /// <exception cref="LawViolationException">
    /// With <see cref="MonitorOptions.ThrowOnViolation"/>, after a step with a law violation (the step is complete: θ moved,
    /// every law was measured and recorded, so training can go on after catching it).
    /// </exception>
    /// <exception cref="MomentumChargeViolationException">The same, for a momentum-charge violation (and no law violation).</exception>
    /// <exception cref="InputRotationViolationException">The same, for an input angular-momentum violation (and no other violation).</exception>
    public void Step(Span<double> theta, ReadOnlySpan<double> gradient)
    {
        Optimizer.CheckLengths(Model, theta, gradient);
        if (!_started)
        {
            Model.ComputeLaws(theta, _laws);
            _laws.CopyTo(_initial, 0);
            Model.ComputeLawMagnitudes(theta, _magnitudes);
            _started = true;
        }

        Optimizer.PredictLawChangeCore(Model, theta, gradient, _laws, _predicted);
        if (_options.ExactObservedChange) theta.CopyTo(_previousTheta);
        CheckInputRotationBeforeStep(theta, gradient);
        Optimizer.Step(theta, gradient);
        CollectChargeViolations();
        CollectInputRotationViolations();
        Model.ComputeLaws(theta, _next);
        if (_options.ExactObservedChange)
        {
            TensorPrimitives.Subtract(theta, _previousTheta, _delta);
            Model.ComputeLawChange(_previousTheta, _delta, _observed);
        }
        else
        {
            // h(θ') − h(θ) of two exact evaluations: their rounding, a small multiple of ε times the law's magnitude, is within the allowance.
            TensorPrimitives.Subtract(_next, _laws, _observed);
        }

        int violationsBefore = ViolationCount;
        Check(theta);
        // A flagged step would otherwise be carried on by heavy ball's law recurrence and flagged again at later steps.
        if (ViolationCount > violationsBefore && Optimizer is HeavyBall heavyBall) heavyBall.ResynchroniseLaws(Model, theta);
        (_laws, _next) = (_next, _laws);
        if (_pendingThrow is { } pending)
        {
            _pendingThrow = null;
            throw pending;
        }
    }

    /// <summary>
    /// One monitored step of a model kept in single precision: θ and the gradient are widened, the step runs as the
    /// double overload does (the optimizer's state stays double), and θ is rounded back to float. Construct the monitor
    /// with <see cref="MonitorOptions.SinglePrecision"/>: float rounding is then within the allowance, and a wrong
    /// gradient still is not.
    /// </summary>
    /// <exception cref="InvalidOperationException">The monitor was constructed with a double-precision allowance.</exception>
    public void Step(Span<float> theta, ReadOnlySpan<float> gradient)
    {
        if (_options.UnitRoundoff < MonitorOptions.SinglePrecision.UnitRoundoff)
            throw new InvalidOperationException(
                "Float parameters need the single-precision allowance: construct the monitor with MonitorOptions.SinglePrecision (with the double allowance, float rounding would be reported as violations).");
        if (theta.Length < Model.ParameterCount || gradient.Length < Model.ParameterCount)
            throw new ArgumentException($"θ and the gradient need {Model.ParameterCount} entries; they have {theta.Length} and {gradient.Length}.");
        int d = Model.ParameterCount;
        _wideTheta ??= new double[d];
        _wideGradient ??= new double[d];
        for (int i = 0; i < d; i++)
        {
            _wideTheta[i] = theta[i];
            _wideGradient[i] = gradient[i];
        }

        try
        {
            Step(_wideTheta, _wideGradient);
        }
        finally
        {
            // θ moves even when a violation is thrown (the step is complete), so it is rounded back either way.
            for (int i = 0; i < d; i++) theta[i] = (float)_wideTheta[i];
        }
    }

    // The laws' magnitudes at θ', and whether θ' is finite (NaN or ∞ anywhere, also where no law looks).
    private bool Measure(ReadOnlySpan<double> theta)
    {
        Model.ComputeLawMagnitudes(theta, _magnitudes);
        return double.IsFinite(TensorPrimitives.Sum(theta));
    }

    private void Check(ReadOnlySpan<double> theta)
    {
        int step = _statistics.Count;
        double epsilon = _options.RoundingFactor * _options.UnitRoundoff;
        double worstRatio = 0, worstDifference = 0, maxDrift = 0, maxChange = 0;
        int worstDriftLaw = -1;
        bool lawsFinite = double.IsFinite(TensorPrimitives.Sum<double>(_next));
        bool measured = step % MeasureEvery == 0 || !lawsFinite;
        bool finite = lawsFinite & (!measured || Measure(theta));
        // Measured: the magnitude at θ' stands for both ends (×2); otherwise half the last one, a lower bound.
        double weight = measured ? 2 : 0.5;
        for (int k = 0; k < _lawCount && finite; k++)
        {
            double observed = _observed[k], predicted = _predicted[k];
            double drift = Math.Abs(_next[k] - _initial[k]);
            if (drift > maxDrift)
            {
                maxDrift = drift;
                worstDriftLaw = k;
            }

            maxChange = Math.Max(maxChange, Math.Abs(observed));
            if (double.IsNaN(predicted)) continue; // no closed form for this law (its degree)
            double tolerance = epsilon * (weight * _magnitudes[k] + Math.Abs(_laws[k]) + Math.Abs(_next[k]));
            double difference = Math.Abs(observed - predicted);
            if (!(difference <= tolerance) && !measured)
            {
                // Over the lower-bound allowance: measure, and judge against the real one.
                measured = true;
                weight = 2;
                finite = Measure(theta);
                if (!finite) break;
                tolerance = epsilon * (weight * _magnitudes[k] + Math.Abs(_laws[k]) + Math.Abs(_next[k]));
            }

            worstRatio = Math.Max(worstRatio, difference / tolerance);
            worstDifference = Math.Max(worstDifference, difference);
            if (!(difference <= tolerance)) Flag(new LawViolation(step, k, Model.LawNames[k], observed, predicted, tolerance));
        }

        if (!finite)
        {
            // NaN or ∞ reached θ: no law means anything from here on; say so once instead of checking numbers.
            if (!_nonFinite) Flag(LawViolation.NonFinite(step));
            _nonFinite = true;
        }

        RecordStep(step);
        _statistics.Add(new StepStatistics(step, maxChange, maxDrift, worstDriftLaw, worstDifference, worstRatio));
    }

    // Keeps every RecordEvery-th step, plus the latest step in a trailing slot that the next step replaces.
    private void RecordStep(int step)
    {
        double[]? reuse = null;
        if (_trailing)
        {
            reuse = _records[^1];
            _records.RemoveAt(_records.Count - 1);
            _recordedSteps.RemoveAt(_recordedSteps.Count - 1);
            _trailing = false;
        }

        var record = reuse ?? new double[3 * _recorded];
        _laws.AsSpan(0, _recorded).CopyTo(record);
        _observed.AsSpan(0, _recorded).CopyTo(record.AsSpan(_recorded));
        _predicted.AsSpan(0, _recorded).CopyTo(record.AsSpan(2 * _recorded));
        _records.Add(record);
        _recordedSteps.Add(step);
        _trailing = step % _options.RecordEvery != 0;
    }

    private void Flag(LawViolation violation)
    {
        ViolationCount++;
        if (_violations.Count < _options.MaxReportedViolations)
        {
            _violations.Add(violation);
            _options.Log?.WriteLine(violation.Message);
        }

        // Thrown at the end of the step, a law violation before a charge violation of the same step.
        if (_options.ThrowOnViolation && _pendingThrow is not LawViolationException) _pendingThrow = new LawViolationException(violation);
    }

    /// <summary>
    /// A short text report: steps, prediction kind, agreement, largest drift, and what the optimizer does to the laws;
    /// for a model with a linear pair, what its current laws predict (the convergence-rate bound, the sharpness of the
    /// minima it can reach and the edge-of-stability check against the optimizer's learning rate; see
    /// <see cref="ConservationPredictions"/>).
    /// </summary>
    public string Summary() => Summary(default, 1);

    /// <summary>
    /// <see cref="Summary()"/> with the linear-pair predictions computed at <paramref name="theta"/> (which adds the
    /// zero-residual sharpness λ_max(UᵀU) + λ_max(VᵀV) there) for the loss <paramref name="lossScale"/>·½‖Y − UVᵀ‖²
    /// (e.g. 1/N for the mean squared error over N unit inputs). An empty θ uses the monitor's current law values.
    /// </summary>
    public string Summary(ReadOnlySpan<double> theta, double lossScale = 1)
    {
        if (!theta.IsEmpty && theta.Length != Model.ParameterCount)
            throw new ArgumentException($"θ must have {Model.ParameterCount} entries; it has {theta.Length}.", nameof(theta));
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(string.Create(inv, $"Conservation monitor: {Optimizer.Name}, {StepCount} steps, {_lawCount} laws"));
        if (_lawCount == 0)
            s.AppendLine("  The model has no conservation law to check (every hidden layer cuts the model).");
        else
            s.AppendLine(Optimizer.Prediction == LawPrediction.FromGradient
                ? "  Prediction: exact closed form from the gradient, a check of the training loop."
                : "  Prediction: the exact change of each actual update (this optimizer keeps no law, so there is nothing to check).");
        if (StepCount > 0)
        {
            double worst = _statistics.Max(x => x.WorstMismatch);
            s.AppendLine(ViolationCount == 0
                ? string.Create(inv, $"  Observed vs predicted: largest difference {worst:G2} × the rounding allowance; no violation.")
                : string.Create(inv, $"  Observed vs predicted: {ViolationCount} violation(s), the first at step {_violations[0].Step} ({_violations[0].LawName})."));
            var last = _statistics[^1];
            if (last.LargestDriftLaw >= 0)
                s.AppendLine(string.Create(inv, $"  Largest cumulative drift: {last.LargestDrift:G3} ({Model.LawNames[last.LargestDriftLaw]})."));
        }

        if (ChargeSummaryLine() is { } charges) s.AppendLine(charges);
        if (InputRotationSummaryLine() is { } rotation) s.AppendLine(rotation);
        s.Append("  ").AppendLine(Optimizer.LawNote);
        if (_violations.Count > 0) s.Append("  ").AppendLine(_violations[0].Message);
        if (!theta.IsEmpty || (_started && !_nonFinite)) MonitorPredictions.Append(s, Model, Optimizer, _laws, theta, lossScale);
        return s.ToString();
    }

    /// <summary>Writes every recorded step and law as CSV: step, law, name, value, observed, predicted, drift.</summary>
    public void WriteCsv(string path) => MonitorExport.WriteCsv(this, path);

    /// <summary>Writes the run as JSON (optimizer, laws, per-step records, statistics, violations).</summary>
    public void WriteJson(string path) => MonitorExport.WriteJson(this, path);

    /// <summary>
    /// Draws three plots, each as PNG and SVG, into <paramref name="directory"/>: the recorded laws over the steps
    /// (<c>{name}-laws</c>), observed against predicted change (<c>{name}-change</c>), and the largest cumulative drift on
    /// a log scale (<c>{name}-drift</c>). Returns the paths written.
    /// </summary>
    public IReadOnlyList<string> SavePlots(string directory, string name = "conservation", int width = 900, int height = 540) =>
        MonitorPlots.Save(this, directory, name, width, height);
}

/// <summary>Figures of one monitored step over all laws.</summary>
/// <param name="Step">0-based step index.</param>
/// <param name="LargestChange">Largest |h(θ') − h(θ)| over the laws.</param>
/// <param name="LargestDrift">Largest |h(θ') − h(θ₀)| over the laws.</param>
/// <param name="LargestDriftLaw">The law with that drift (−1 when every drift is zero).</param>
/// <param name="WorstDifference">Largest |observed − predicted| over the laws with a prediction.</param>
/// <param name="WorstMismatch">Largest |observed − predicted| as a fraction of its rounding allowance (above 1: a violation).</param>
public sealed record StepStatistics(int Step, double LargestChange, double LargestDrift, int LargestDriftLaw, double WorstDifference, double WorstMismatch);
