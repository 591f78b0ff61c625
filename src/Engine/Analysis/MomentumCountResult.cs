using System.Collections.Generic;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>
/// The number of independent conservation laws of the momentum flow τθ̈ + θ̇ = −∇L (functions H(a, b) of
/// a = θ + τθ̇ and b = τe^{t/τ}θ̇ conserved for every loss f∘φ), counted as 2D − dim Lie{Y_{i,k}} on the phase space of
/// dimension 2D (docs/certificates.md, "Momentum flow").
/// </summary>
public sealed class MomentumCountResult
{
    internal MomentumCountResult(AnalysisStatus status, int parameterCount, int? independentLawCount, bool countIsExact, bool complete,
        string certificate, int? generatorRank, int? lieRank, int? chargeRank, int? bracketRounds, IReadOnlyList<string> notes, string? message, long workUsed, bool stoppedByWallClock = false)
    {
        Status = status;
        ParameterCount = parameterCount;
        IndependentLawCount = independentLawCount;
        CountIsExact = countIsExact;
        Complete = complete;
        Certificate = certificate;
        GeneratorRank = generatorRank;
        LieRank = lieRank;
        ChargeRank = chargeRank;
        BracketRounds = bracketRounds;
        Notes = notes;
        Message = message;
        WorkUsed = workUsed;
        StoppedByWallClock = stoppedByWallClock;
    }

    /// <summary>Completed, Invalid (see <see cref="Message"/>), TooLarge (the budget stopped a count) or InternalError.</summary>
    public AnalysisStatus Status { get; }

    /// <summary>D, the number of parameters; the phase space has dimension 2D.</summary>
    public int ParameterCount { get; }

    /// <summary>
    /// 2D − dim Lie{Y_{i,k}}(a, b) at a random point, summed over the model's components; null when some component was
    /// not counted. Always an upper bound on the number of independent momentum laws; equal to it when
    /// <see cref="CountIsExact"/>.
    /// </summary>
    public int? IndependentLawCount { get; }

    /// <summary>
    /// True when every component's bracket iteration ran until its rank was stable (then the count is exact with high
    /// probability, or certified when <see cref="Complete"/>); false when the budget or a cap stopped it first.
    /// </summary>
    public bool CountIsExact { get; }

    /// <summary>
    /// True when the count is certified in every component: rank(generators ∪ brackets) + rank(∇charges) = 2D_c at the
    /// point (a mod-p rank never exceeds the generic rank). With no charge, that means rank 2D_c: no law; otherwise the
    /// charges are all the laws.
    /// </summary>
    public bool Complete { get; }

    /// <summary>"computed" when <see cref="Complete"/>, otherwise "none".</summary>
    public string Certificate { get; }

    /// <summary>dim span{Y_{i,k}}(a, b) at the point (the first level of the iteration), summed over components.</summary>
    public int? GeneratorRank { get; }

    /// <summary>dim Lie{Y_{i,k}}(a, b) at the point reached (a lower bound of the generic dimension), summed over components.</summary>
    public int? LieRank { get; }

    /// <summary>
    /// Independent rotation charges J = ⟨Xa, b⟩/τ (laws known from the symmetries of φ) at the point, summed over
    /// components: a lower bound on the number of momentum laws.
    /// </summary>
    public int? ChargeRank { get; }

    /// <summary>The most bracket rounds any component needed.</summary>
    public int? BracketRounds { get; }

    /// <summary>Per-component remarks: what was not counted and why, where a count is only a bound.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Why the model was refused or the budget stopped the count (null when completed).</summary>
    public string? Message { get; }

    /// <summary>Work units used (≈ ns).</summary>
    public long WorkUsed { get; }

    /// <summary>
    /// True when the wall-clock limit of <see cref="AnalysisOptions.WallClockLimit"/> stopped some part of the count: the
    /// result then depends on the machine's load (a compiler should not keep it).
    /// </summary>
    public bool StoppedByWallClock { get; }
}
