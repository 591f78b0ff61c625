using System.Collections.Generic;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>Overall outcome.</summary>
public enum AnalysisStatus
{
    /// <summary>Laws found and the independent-law count computed.</summary>
    Completed,
    /// <summary>The model description is invalid; see <see cref="AnalysisResult.Errors"/>.</summary>
    Invalid,
    /// <summary>The work budget ran out; laws found before that point (if any) are still exact.</summary>
    TooLarge,
    /// <summary>An unexpected internal failure; <see cref="AnalysisResult.Message"/> has the details.</summary>
    InternalError,
}

/// <summary>Per-segment counts; a count is null when it was not computed (over the budget).</summary>
/// <param name="Index">0-based segment index.</param>
/// <param name="FirstLayer">First layer (0-based).</param>
/// <param name="LastLayer">Last layer (0-based, inclusive).</param>
/// <param name="ParameterCount">Parameters of the segment.</param>
/// <param name="DimW">dim W_φ at a generic point.</param>
/// <param name="LieTraceRank">dim Lie(W_φ) at a generic point (a lower bound when <paramref name="Certificate"/> is "none").</param>
/// <param name="BracketRounds">Bracket rounds evaluated, or needed by the theorem.</param>
/// <param name="IndependentPolynomialLawCount">Rank of the emitted laws' gradients.</param>
/// <param name="Complete">True when the certificate says the emitted laws generate every law of the segment.</param>
/// <param name="Certificate">"computed", "theorem:{name}" or "none".</param>
/// <param name="CountIsExact">
/// True when D_segment − <paramref name="LieTraceRank"/> is the number of independent laws of the segment (by a theorem, a
/// closed certificate, or a bracket iteration that ran until its rank was stable); false when the budget or a cap
/// stopped the iteration first, so that number is only an upper bound.
/// </param>
/// <param name="ExhaustiveDegree">
/// When the search for laws beyond the structural families solved every parity class up to this degree (and rejected no
/// candidate): every polynomial law of the segment of degree ≤ it is a function of the emitted laws, so any law still
/// missing is not polynomial of that degree. Null when no such search ran or it covered only some classes.
/// </param>
public sealed record SegmentSummary(
    int Index, int FirstLayer, int LastLayer, int ParameterCount, int? DimW, int? LieTraceRank,
    int? BracketRounds, int? IndependentPolynomialLawCount, bool Complete, string Certificate, bool CountIsExact = false,
    int? ExhaustiveDegree = null);

/// <summary>
/// Everything the engine derived for one model: immutable, so one result can be shared by the generator's memo, its
/// source and diagnostics branches and every build of a long-lived compiler server.
/// </summary>
public sealed class AnalysisResult
{
    internal AnalysisResult(ModelDescription model, AnalysisStatus status)
    {
        Model = model;
        Status = status;
    }

    public ModelDescription Model { get; }

    public AnalysisStatus Status { get; internal init; }

    /// <summary>Validation errors (status <see cref="AnalysisStatus.Invalid"/>).</summary>
    public IReadOnlyList<ModelError> Errors { get; internal init; } = System.Array.Empty<ModelError>();

    /// <summary>Human-readable explanation for TooLarge / InternalError.</summary>
    public string Message { get; internal init; } = "";

    /// <summary>For <see cref="AnalysisStatus.TooLarge"/>: what did not fit the budget, as a sentence without the final period.</summary>
    public string? BudgetReason { get; internal init; }

    /// <summary>True when an exact count was refused for its memory, which no time budget can lift.</summary>
    public bool OverMemoryLimit { get; internal init; }

    /// <summary>
    /// True when the wall-clock safety net, not the operation count, stopped the analysis: the result then depends on
    /// the machine's load, and caches must not keep it.
    /// </summary>
    public bool StoppedByWallClock { get; internal init; }

    /// <summary>Notes about choices made (skipped searches, etc.).</summary>
    public IReadOnlyList<string> Notes { get; internal init; } = System.Array.Empty<string>();

    /// <summary>D.</summary>
    public int ParameterCount { get; internal init; }

    /// <summary>Number of components of φ (saturates at <see cref="long.MaxValue"/>; see <see cref="ExactPhiLength"/>).</summary>
    public long PhiLength { get; internal init; }

    /// <summary>Number of components of φ, exactly.</summary>
    public System.Numerics.BigInteger ExactPhiLength { get; internal init; }

    /// <summary>The verified polynomial laws in canonical order.</summary>
    public IReadOnlyList<ConservationLaw> Laws { get; internal init; } = new List<ConservationLaw>();

    /// <summary>The laws' groups as runs of consecutive laws (cheap at any number of laws).</summary>
    public IReadOnlyList<LawGroupRun> LawGroups { get; internal init; } = new List<LawGroupRun>();

    /// <summary>Number of emitted polynomial laws.</summary>
    public int PolynomialLawCount => Laws.Count;

    /// <summary>How many of the laws are functionally independent (null when that was not computed).</summary>
    public int? IndependentPolynomialLawCount { get; internal init; }

    /// <summary>dim W_φ(θ) at the random point (null when not computed).</summary>
    public int? DimW { get; internal init; }

    /// <summary>dim Lie(W_φ)(θ) found (null when not computed).</summary>
    public int? LieTraceRank { get; internal init; }

    /// <summary>Bracket rounds evaluated (largest over segments).</summary>
    public int? BracketRounds { get; internal init; }

    /// <summary>
    /// D − dim Lie(W_φ): the number of independent conservation laws of any kind (null when not computed). When
    /// <see cref="CountIsExact"/> is false it is only an upper bound ("at most").
    /// </summary>
    public int? IndependentLawCount { get; internal init; }

    /// <summary>
    /// True when <see cref="IndependentLawCount"/> is the exact number: every segment was counted by a theorem, by a
    /// closed certificate, or by a Lie bracket iteration that ran until its rank was stable (MGP Thm 3.3; the rank is
    /// computed modulo a prime at random points, exact unless both points are unlucky). False when the count is missing
    /// or the budget or the memory cap stopped an iteration first: the count is then an upper bound.
    /// </summary>
    public bool CountIsExact { get; internal init; }

    /// <summary>
    /// True when rank(fields ∪ brackets) + rank(∇laws) = D in every segment: the count is certified and every
    /// conservation law is (locally) a function of the emitted polynomial laws.
    /// </summary>
    public bool Complete { get; internal init; }

    /// <summary>
    /// What makes the count exact: "computed" (the exact elimination met the laws' rank), "theorem:{name}" (a theorem
    /// whose hypotheses the engine checked), "none" (not certified; <see cref="Notes"/> says why). When segments differ,
    /// their distinct certificates joined by "+", e.g. "computed+theorem:path-incidence".
    /// </summary>
    public string Certificate { get; internal init; } = "none";

    /// <summary>Antisymmetric linear symmetries of φ (they conserve nothing), per hidden level.</summary>
    public IReadOnlyList<Symmetries.RotationSymmetry> RotationSymmetries { get; internal init; } = new List<Symmetries.RotationSymmetry>();

    /// <summary>Facts about the model the user may act on, such as a dead bias before BatchNorm (<see cref="ModelNote"/>).</summary>
    public IReadOnlyList<ModelNote> ModelNotes { get; internal init; } = System.Array.Empty<ModelNote>();

    /// <summary>Per-segment details.</summary>
    public IReadOnlyList<SegmentSummary> Segments { get; internal init; } = new List<SegmentSummary>();

    /// <summary>Candidates rejected by exact verification (should be 0; reported, never emitted).</summary>
    public int RejectedCandidates { get; internal init; }

    /// <summary>Operations spent.</summary>
    public long WorkUsed { get; internal init; }

    /// <summary>Time spent finding and verifying the degree-≤2 laws.</summary>
    public double LawSearchMilliseconds { get; internal init; }

    /// <summary>Time spent on the certified count (and any higher-degree search).</summary>
    public double CountMilliseconds { get; internal init; }

    /// <summary>Wall-clock time of the analysis.</summary>
    public double ElapsedMilliseconds { get; internal init; }
}
