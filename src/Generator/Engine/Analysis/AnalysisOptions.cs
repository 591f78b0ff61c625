namespace ConservationCodegen.Engine.Analysis;

/// <summary>Settings of one analysis.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Default work budget in elementary operations (≈ a few seconds on one core).</summary>
    public const long DefaultWorkBudget = 5_000_000_000;

    /// <summary>Largest polynomial degree searched (1…4).</summary>
    public int MaxDegree { get; init; } = 2;

    /// <summary>Operations allowed before the model is reported as too large to analyse.</summary>
    public long WorkBudget { get; init; } = DefaultWorkBudget;

    /// <summary>Seed of the random evaluation points (results do not depend on it unless a prime is unlucky).</summary>
    public ulong Seed { get; init; } = 0xC0FFEE_5EEDUL;

    /// <summary>Segments with at most this many parameters search every parity class exhaustively.</summary>
    public int ExhaustiveSearchMaxParameters { get; init; } = 48;

    /// <summary>Largest number of monomials enumerated in a degree 3–4 search.</summary>
    public int MaxHigherDegreeMonomials { get; init; } = 250_000;
}
