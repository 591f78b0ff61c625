using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>
/// What the analysis has established so far, filled in step by step by one analysis (never shared); <see cref="Build"/>
/// freezes it into the immutable <see cref="AnalysisResult"/> that callers and caches see.
/// </summary>
internal sealed class AnalysisResultBuilder
{
    internal AnalysisResultBuilder(ModelDescription model, AnalysisStatus status)
    {
        Model = model;
        Status = status;
    }

    public ModelDescription Model { get; }

    public AnalysisStatus Status { get; set; }

    public IReadOnlyList<ModelError> Errors { get; set; } = new List<ModelError>();

    public string Message { get; set; } = "";

    public string? BudgetReason { get; set; }

    public bool OverMemoryLimit { get; set; }

    public bool StoppedByWallClock { get; set; }

    public List<string> Notes { get; } = new();

    public int ParameterCount { get; set; }

    public long PhiLength { get; set; }

    public System.Numerics.BigInteger ExactPhiLength { get; set; }

    public IReadOnlyList<ConservationLaw> Laws { get; set; } = new List<ConservationLaw>();

    public IReadOnlyList<LawGroupRun> LawGroups { get; set; } = new List<LawGroupRun>();

    public int? IndependentPolynomialLawCount { get; set; }

    public int? DimW { get; set; }

    public int? LieTraceRank { get; set; }

    public int? BracketRounds { get; set; }

    public int? IndependentLawCount { get; set; }

    public bool CountIsExact { get; set; }

    public bool Complete { get; set; }

    public string Certificate { get; set; } = "none";

    public IReadOnlyList<Symmetries.RotationSymmetry> RotationSymmetries { get; set; } = new List<Symmetries.RotationSymmetry>();

    public IReadOnlyList<ModelNote> ModelNotes { get; set; } = System.Array.Empty<ModelNote>();

    public IReadOnlyList<SegmentSummary> Segments { get; set; } = new List<SegmentSummary>();

    public int RejectedCandidates { get; set; }

    public long WorkUsed { get; set; }

    public double LawSearchMilliseconds { get; set; }

    public double CountMilliseconds { get; set; }

    public double ElapsedMilliseconds { get; set; }

    public AnalysisResult Build() => new(Model, Status)
    {
        Errors = Frozen(Errors),
        Message = Message,
        BudgetReason = BudgetReason,
        OverMemoryLimit = OverMemoryLimit,
        StoppedByWallClock = StoppedByWallClock,
        Notes = Frozen(Notes),
        ParameterCount = ParameterCount,
        PhiLength = PhiLength,
        ExactPhiLength = ExactPhiLength,
        Laws = Laws,
        LawGroups = Frozen(LawGroups),
        IndependentPolynomialLawCount = IndependentPolynomialLawCount,
        DimW = DimW,
        LieTraceRank = LieTraceRank,
        BracketRounds = BracketRounds,
        IndependentLawCount = IndependentLawCount,
        CountIsExact = CountIsExact,
        Complete = Complete,
        Certificate = Certificate,
        RotationSymmetries = Frozen(RotationSymmetries),
        ModelNotes = Frozen(ModelNotes),
        Segments = Frozen(Segments),
        RejectedCandidates = RejectedCandidates,
        WorkUsed = WorkUsed,
        LawSearchMilliseconds = LawSearchMilliseconds,
        CountMilliseconds = CountMilliseconds,
        ElapsedMilliseconds = ElapsedMilliseconds,
    };

    // A read-only copy: the result must not change when this builder (or a list it was given) does.
    private static IReadOnlyList<T> Frozen<T>(IReadOnlyList<T> items) => System.Array.AsReadOnly(items.ToArray());
}
