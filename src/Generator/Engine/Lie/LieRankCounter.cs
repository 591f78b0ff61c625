using System.Collections.Generic;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Lie;

/// <summary>Outcome of the Lie-trace count for one segment.</summary>
internal sealed class SegmentLieResult
{
    public int ParameterCount { get; set; }
    public int DimW { get; set; }
    public int LieRank { get; set; }
    public int LawGradientRank { get; set; }
    public int BracketRounds { get; set; }
    public bool Closed => LieRank + LawGradientRank == ParameterCount;
}

/// <summary>
/// dim Lie(W_φ)(θ) at a random point modulo p (MGP Thm 3.3, Cor. 3.4): V₁ = W_φ from random gated gradient
/// fields, V_{j+1} = V_j + [V₁, V_j] from random right-normed brackets, evaluated with jets. The mod-p rank can
/// only under-estimate the generic rank, and every law's gradient is orthogonal to every bracket, so
/// rank(fields ∪ brackets) + rank(∇laws) = D certifies both the count and completeness of the laws
/// (performance.md §4.2). When that sum reaches D the search stops: no further bracket can add rank.
/// </summary>
internal static class LieRankCounter
{
    private const int StallLimit = 2;
    private const int MaxBracketLength = 6;

    public static SegmentLieResult Count(SegmentIndexing ix, IReadOnlyList<IntegerPolynomial> laws, DeterministicRandom rng, WorkMeter meter)
    {
        int n = ix.Segment.ParameterCount;
        double estimate = 0.4 * n * (double)n * n + 8.0 * n * n; // ≈ ns for the two-row elimination
        if (!meter.CanAfford(estimate)) throw new WorkBudgetExceededException("Lie rank");

        var theta = new uint[n];
        for (int i = 0; i < n; i++) theta[i] = rng.NextNonZeroMod();

        var lawEchelon = new ModEchelon(n);
        foreach (var h in laws) lawEchelon.Insert(h.GradientMod(theta));
        meter.Charge(lawEchelon.Operations, "law gradients");

        var result = new SegmentLieResult { ParameterCount = n, LawGradientRank = lawEchelon.Rank };
        int target = n - lawEchelon.Rank;
        var fields = new ModEchelon(n);
        long charged = 0;

        bool Add(FieldExpression field)
        {
            int size = 1 << (field.Length - 1);
            bool grew = fields.Insert(field.Evaluate(ix.Model, ix.Segment, theta, 1));
            long ops = fields.Operations - charged;
            charged = fields.Operations;
            meter.Charge(ops + (long)n * size * size * field.Length * 4, "Lie rank");
            return grew;
        }

        // Level 1: W_φ(θ).
        int stall = 0;
        while (fields.Rank < target && stall < StallLimit)
            stall = Add(new GradientField(Gates.Random(ix.Segment, rng))) ? 0 : stall + 1;
        result.DimW = fields.Rank;

        // Brackets of increasing length until the certificate closes or a whole level adds nothing.
        for (int length = 2; length <= MaxBracketLength && fields.Rank < target; length++)
        {
            result.BracketRounds = length - 1;
            bool grewAtLevel = false;
            stall = 0;
            while (fields.Rank < target && stall < StallLimit)
            {
                FieldExpression bracket = new GradientField(Gates.Random(ix.Segment, rng));
                for (int i = 1; i < length; i++) bracket = new BracketField(new GradientField(Gates.Random(ix.Segment, rng)), bracket);
                if (Add(bracket))
                {
                    grewAtLevel = true;
                    stall = 0;
                }
                else
                {
                    stall++;
                }
            }

            if (!grewAtLevel) break;
        }

        result.LieRank = fields.Rank;
        return result;
    }
}
