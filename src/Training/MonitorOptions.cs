using System;
using System.IO;

namespace ConservationCodegen.Training;

/// <summary>Settings of a <see cref="ConservationMonitor"/>.</summary>
public sealed class MonitorOptions
{
    /// <summary>
    /// Laws recorded step by step for export and plots (the first ones, in the model's order); every law is checked
    /// whatever this says. Default 256, so a model with 10⁵ laws does not fill memory.
    /// </summary>
    public int MaxRecordedLaws { get; init; } = 256;

    /// <summary>
    /// How far an observed change may differ from the prediction before it is flagged, in units of
    /// u·(m(θ) + m(θ') + |h| + |h'|), where m is the law's magnitude (the sum of its terms' absolute values,
    /// <c>ComputeLawMagnitudes</c>) and u = <see cref="UnitRoundoff"/>: evaluating a law, or storing θ' rounded, moves it
    /// by a small multiple of u·m. Default 1000 (observed mismatches of correct runs stay below 10⁻³ of it).
    /// </summary>
    public double RoundingFactor { get; init; } = 1000;

    /// <summary>
    /// Unit round-off u of the arithmetic that produced the gradient and θ: 2⁻⁵³ for double (the default). When the
    /// gradient or θ pass through <c>float</c> (a model that stores float, a float training loop), use
    /// <see cref="SinglePrecision"/>: a float-rounded gradient is a true gradient only to about 2⁻²⁴.
    /// </summary>
    public double UnitRoundoff { get; init; } = Math.Pow(2, -53);

    /// <summary>Record the law values every this many steps (and always the latest); every step is still checked. Default 1.</summary>
    public int RecordEvery { get; init; } = 1;

    /// <summary>
    /// Settings for gradients or parameters computed in single precision: u = 2⁻²⁴ and a rounding factor of 16. In our
    /// float runs (up to 784-64-10, biases of 0.01) the noise in a law's change stayed below 0.6·u·m, while a dropped
    /// hidden-bias gradient moved laws by 60·u·m and more.
    /// </summary>
    public static MonitorOptions SinglePrecision => new() { UnitRoundoff = Math.Pow(2, -24), RoundingFactor = 16 };

    /// <summary>
    /// Measure the observed change as <c>ComputeLawChange(θ, θ' − θ)</c> (the expansion of each law) instead of
    /// h(θ') − h(θ). Both are exact to within the rounding allowance; the expansion also keeps every digit of a change
    /// far smaller than the law itself (for plots and exports of tiny drifts), at the cost of a copy of θ and two more
    /// passes over it per step. Default false.
    /// </summary>
    public bool ExactObservedChange { get; init; }

    /// <summary>Violations kept (and written to <see cref="Log"/>) in full; later ones are only counted. Default 20.</summary>
    public int MaxReportedViolations { get; init; } = 20;

    /// <summary>Where violations are written as they happen (e.g. <c>Console.Error</c>); null for nowhere.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>
    /// Throw <see cref="LawViolationException"/> (or <see cref="MomentumChargeViolationException"/>) at the end of a step
    /// with a violation: the step is complete and recorded first, so training can go on after catching it.
    /// </summary>
    public bool ThrowOnViolation { get; init; }
}
