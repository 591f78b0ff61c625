using System.Collections.Generic;
using ConservationCodegen.Engine.Metric;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>
/// The conservation laws of a metric flow θ̇ = −M(θ)∇L (docs/momentum.md): layer-wise learning rates (M a constant
/// diagonal, one factor per layer) or the entropic mirror flow (M = diag(θ)). A law is conserved for every loss f∘φ iff
/// its gradient is orthogonal to every field Mχ_i; the count is D − dim Lie{Mχ_i} at a generic point.
/// </summary>
public sealed class MetricFlowResult
{
    internal MetricFlowResult(string flow, LayerRates? rates, AnalysisStatus status, int parameterCount)
    {
        Flow = flow;
        Rates = rates;
        Status = status;
        ParameterCount = parameterCount;
    }

    /// <summary>"gradient" (with layer-wise rates, see <see cref="Rates"/>) or "mirror".</summary>
    public string Flow { get; }

    /// <summary>The layer-wise rates of a rescaled gradient flow, or null for the mirror flow.</summary>
    public LayerRates? Rates { get; }

    /// <summary>Completed, Invalid (see <see cref="Message"/>), TooLarge (the budget stopped a count) or InternalError.</summary>
    public AnalysisStatus Status { get; internal set; }

    /// <summary>D, the number of parameters.</summary>
    public int ParameterCount { get; }

    /// <summary>
    /// D − dim Lie{Mχ_i}(θ) at a random point, summed over the model's components; null when some component was not
    /// counted. Always an upper bound on the number of independent laws; equal to it when <see cref="CountIsExact"/>.
    /// </summary>
    public int? IndependentLawCount { get; internal set; }

    /// <summary>True when every component's count is exact (certified, or its rank was stable at a random point).</summary>
    public bool CountIsExact { get; internal set; }

    /// <summary>True when every component's count is certified and <see cref="Laws"/> are all the laws (up to functions of them).</summary>
    public bool Complete { get; internal set; }

    /// <summary>
    /// "computed" (rank of the fields and brackets + rank of the laws' gradients = D at a point), "theorem:…" (a
    /// gradient-flow theorem, carried over by the reduction of docs/momentum.md), joined by "+" when components differ;
    /// "none" when some component is not certified.
    /// </summary>
    public string Certificate { get; internal set; } = "none";

    /// <summary>dim span{Mχ_i}(θ) summed over components, when every component reports it.</summary>
    public int? DimW { get; internal set; }

    /// <summary>dim Lie{Mχ_i}(θ) at the point reached, summed over components.</summary>
    public int? LieRank { get; internal set; }

    /// <summary>Independent laws among <see cref="Laws"/> (rank of their gradients at a random point), when known.</summary>
    public int? IndependentPolynomialLawCount { get; internal set; }

    /// <summary>The most bracket rounds any component needed.</summary>
    public int? BracketRounds { get; internal set; }

    /// <summary>The polynomial laws of this flow, each exactly conserved (see <see cref="MetricLaw"/>).</summary>
    public IReadOnlyList<MetricLaw> Laws { get; internal set; } = new List<MetricLaw>();

    /// <summary>How each component was counted, what was not counted and why, where a count is only a bound.</summary>
    public IReadOnlyList<string> Notes { get; internal set; } = new List<string>();

    /// <summary>Why the model was refused or the budget stopped the count (null when completed).</summary>
    public string? Message { get; internal set; }

    /// <summary>Work units used (≈ ns), the gradient-flow analysis included.</summary>
    public long WorkUsed { get; internal set; }
}
