using System;
using System.Collections.Generic;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Fields;
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
/// dim Lie(W_φ)(θ) at a random point modulo p (docs/mathematics.md §4): V₁ = W_φ from random gated gradient
/// fields, V_{j+1} = V_j + [V₁, V_j] from random right-normed brackets, evaluated with jets. The mod-p rank can
/// only under-estimate the generic rank, and every law's gradient is orthogonal to every bracket, so
/// rank(fields ∪ brackets) + rank(∇laws) = D certifies both the count and completeness of the laws
/// (docs/certificates.md §5). When that sum reaches D the search stops: no further bracket can add rank.
/// </summary>
internal static class LieRankCounter
{
    private const int StallLimit = 2;
    private const int MaxBracketLength = 6;

    // Fields are reduced in batches so the stored rows stream from memory once per batch; 32 vectors of
    // D ≈ 2,000 doubles stay within a core's L2.
    private const int MaxBatch = 32;
    private const int FirstBracketBatch = 4;

    // Calibrated against wall time on the reference machine so that a charged unit stands for at most ≈ 1 ns (measured
    // 0.7–1.0 ns of wall time per unit over deep linear counts of D = 1,200–4,800): four multiply-adds per unit.
    private const long MultiplyAddsPerUnit = 4;

    /// <summary>
    /// Counts at a random point and, when the certificate does not close, once more at a fresh point: with
    /// p ≈ 6.7·10⁷ an unlucky point (probability ≲ rank·degree/p) only lowers ranks, and the larger of two
    /// lower bounds is still a lower bound.
    /// </summary>
    public static SegmentLieResult Count(IComponent component, IReadOnlyList<IntegerPolynomial> laws, DeterministicRandom rng, WorkMeter meter)
    {
        int n = component.ParameterCount;

        var first = CountAtRandomPoint(component, laws, rng, meter);
        if (first.Closed) return first;
        var second = CountAtRandomPoint(component, laws, rng, meter);
        return new SegmentLieResult
        {
            ParameterCount = n,
            DimW = Math.Max(first.DimW, second.DimW),
            LieRank = Math.Max(first.LieRank, second.LieRank),
            LawGradientRank = Math.Max(first.LawGradientRank, second.LawGradientRank),
            BracketRounds = Math.Max(first.BracketRounds, second.BracketRounds),
        };
    }

    /// <summary>
    /// Predicted work of <see cref="Count"/> (≈ ns) on n parameters with <paramref name="laws"/> law gradients of which at
    /// most <paramref name="lawRank"/> are independent: the law gradients' elimination, then the fields' elimination on
    /// the n − rank columns left and their evaluation. Fitted to the charges of closing counts of deep linear nets
    /// within 1.3–1.7× (over), so an admitted count normally spends well under its budget (docs/engine.md); a count that
    /// does not close repeats and searches, and the meter stops it at the budget.
    /// </summary>
    public static double EstimatedCost(int n, int laws, int lawRank)
    {
        double kept = System.Math.Max(0, n - lawRank);
        return 2 * (0.03 * kept * kept * kept + (double)laws * laws * n / 16 + 30.0 * n * kept + 8.0 * n);
    }

    /// <summary>Bytes the eliminations keep at most: one row of doubles per rank, for the law gradients and the fields.</summary>
    public static double EstimatedBytes(int n, int lawRank)
    {
        double kept = System.Math.Max(0, n - lawRank);
        return 8.0 * n * System.Math.Min(lawRank, n) + 8.0 * kept * kept;
    }

    /// <summary>The laws' gradients at θ mod p in echelon form (more vectors can be inserted to test independence).</summary>
    public static DenseRankAccumulator LawGradientEchelon(IReadOnlyList<IntegerPolynomial> laws, uint[] theta, WorkMeter meter)
    {
        var gradients = new DenseRankAccumulator(theta.Length);
        var batch = new List<uint[]>(MaxBatch);
        long charged = 0;
        for (int i = 0; i < laws.Count; i++)
        {
            batch.Add(laws[i].GradientMod(theta));
            if (batch.Count == MaxBatch || i == laws.Count - 1)
            {
                gradients.InsertBatch(batch);
                batch.Clear();
                // Charged per batch, so cancellation and the budget are checked while the gradients go in.
                meter.Charge((gradients.Operations - charged) / MultiplyAddsPerUnit + theta.Length, "law gradients");
                charged = gradients.Operations;
            }
        }

        return gradients;
    }

    // The columns that are not pivots of the law gradients' echelon form, ascending.
    private static int[] NonPivotColumns(DenseRankAccumulator echelon)
    {
        var isPivot = new bool[echelon.Columns];
        foreach (int c in echelon.PivotColumns) isPivot[c] = true;
        var kept = new List<int>(echelon.Columns - echelon.Rank);
        for (int c = 0; c < isPivot.Length; c++)
            if (!isPivot[c]) kept.Add(c);
        return kept.ToArray();
    }

    private static SegmentLieResult CountAtRandomPoint(IComponent component, IReadOnlyList<IntegerPolynomial> laws, DeterministicRandom rng, WorkMeter meter)
    {
        int n = component.ParameterCount;
        var theta = new uint[n];
        for (int i = 0; i < n; i++) theta[i] = rng.NextNonZeroMod();

        var lawGradients = LawGradientEchelon(laws, theta, meter);
        var result = new SegmentLieResult { ParameterCount = n, LawGradientRank = lawGradients.Rank };

        // Every field and bracket is orthogonal to every law's gradient (identically, so also mod p at θ), and
        // the law rows are unit triangular on their pivot columns: a field that vanishes off those columns is
        // zero. So dropping the pivot columns keeps the fields' rank exactly, and the elimination runs on
        // D − rank(∇laws) columns. (Dropping columns can never raise a rank, so the certificate stays sound.)
        var kept = NonPivotColumns(lawGradients);
        int target = kept.Length;
        var fields = new DenseRankAccumulator(kept.Length);
        long charged = 0;

        // Adds random fields of one level in growing batches until the certificate closes or the level
        // saturates (StallLimit fields in a batch add nothing: a random element of a span that is not yet
        // exhausted adds rank except with probability ≈ degree/p). Returns whether the level added rank.
        bool RunLevel(Func<FieldExpression> draw, int batch)
        {
            bool grewAtLevel = false;
            while (fields.Rank < target)
            {
                int size = Math.Min(batch, target - fields.Rank + StallLimit);
                var vectors = new List<uint[]>(size);
                for (int b = 0; b < size; b++)
                {
                    var field = draw();
                    int jet = 1 << (field.Length - 1);
                    var value = field.Evaluate(theta, 1);
                    var projected = new uint[kept.Length];
                    for (int j = 0; j < kept.Length; j++) projected[j] = value[kept[j]];
                    vectors.Add(projected);
                    meter.Charge((long)n * jet * jet * field.Length * 8, "Lie rank");
                }

                int failures = 0;
                foreach (bool grew in fields.InsertBatch(vectors))
                {
                    if (grew) grewAtLevel = true;
                    else failures++;
                }

                meter.Charge((fields.Operations - charged) / MultiplyAddsPerUnit, "Lie rank");
                charged = fields.Operations;
                if (failures >= StallLimit) break;
                batch = Math.Min(2 * batch, MaxBatch);
            }

            return grewAtLevel;
        }

        FieldExpression RandomGradient() => component.RandomGradient(rng);

        // Level 1: W_φ(θ).
        RunLevel(RandomGradient, MaxBatch);
        result.DimW = fields.Rank;

        // Right-normed brackets of increasing length until the certificate closes or a whole level adds nothing.
        for (int length = 2; length <= MaxBracketLength && fields.Rank < target; length++)
        {
            result.BracketRounds = length - 1;
            int bracketLength = length;
            FieldExpression RandomBracket()
            {
                FieldExpression bracket = RandomGradient();
                for (int i = 1; i < bracketLength; i++) bracket = new BracketField(RandomGradient(), bracket);
                return bracket;
            }

            if (!RunLevel(RandomBracket, FirstBracketBatch)) break;
        }

        result.LieRank = fields.Rank;
        return result;
    }
}
