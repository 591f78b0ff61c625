using System;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>Settings of one analysis.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Default work budget in elementary operations (≈ 1 ns each, so ≈ 5 s on one core).</summary>
    public const long DefaultWorkBudget = 5_000_000_000;

    /// <summary>
    /// The settings for a budget in milliseconds, as the build (ConservationCodegenAnalysisBudgetMs) and the command line
    /// (--budget) use it: the operation count, calibrated to ≈ 1 ns per unit, decides (deterministic output); a wall clock
    /// at 1.2 × the budget + 80 ms is a safety net that only a machine much slower than the calibration, or heavily
    /// loaded, meets — so a whole generator run stays within 1.25 × the budget + 100 ms.
    /// </summary>
    public static AnalysisOptions ForBudget(int milliseconds, int maxDegree = 2) => new()
    {
        MaxDegree = maxDegree,
        WorkBudget = milliseconds * 1_000_000L,
        WallClockLimit = TimeSpan.FromMilliseconds(1.2 * milliseconds + 80),
    };

    /// <summary>Largest polynomial degree searched (1…4).</summary>
    public int MaxDegree { get; init; } = 2;

    /// <summary>Operations allowed before the model is reported as too large to analyse.</summary>
    public long WorkBudget { get; init; } = DefaultWorkBudget;

    /// <summary>Optional wall-clock safety net (the operation count decides first; this only guards slow machines).</summary>
    public TimeSpan? WallClockLimit { get; init; }

    /// <summary>Largest memory the exact count may hold for its elimination rows (bytes); larger counts are refused up front.</summary>
    public long MaxCountBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Seed of the random evaluation points (results do not depend on it unless a prime is unlucky).</summary>
    public ulong Seed { get; init; } = 0xC0FFEE_5EEDUL;

    /// <summary>Segments with at most this many parameters search every parity class exhaustively.</summary>
    public int ExhaustiveSearchMaxParameters { get; init; } = 48;

    /// <summary>Largest number of monomials enumerated in a degree 3–4 search.</summary>
    public int MaxHigherDegreeMonomials { get; init; } = 250_000;

    /// <summary>
    /// Count by theorems where their hypotheses hold (default). When false, every count is computed by the exact
    /// elimination; tests compare both.
    /// </summary>
    public bool UseTheorems { get; init; } = true;

    /// <summary>
    /// For a model with <see cref="Model.OutputLoss.SoftmaxCrossEntropy"/>: count the component that ends the model through
    /// the same model with one output fewer, plus the translation laws (default; any theorem or computation that counts the
    /// smaller model applies, docs/certificates.md §10). When false and that component is a dense segment, it is counted by
    /// the exact computation on gradient fields with centred output gates instead; tests compare both.
    /// </summary>
    public bool CountTranslationByReduction { get; init; } = true;
}
