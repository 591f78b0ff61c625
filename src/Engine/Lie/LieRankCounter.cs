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

    /// <summary>
    /// True when the bracket iteration ended on its own: the certificate closed, or a whole bracket level added no rank
    /// (V_{j+1} = V_j, so V_j is the Lie algebra: MGP Thm 3.3). Then D − <see cref="LieRank"/> is the number of laws.
    /// False when the budget or the memory cap stopped it first: <see cref="LieRank"/> is then only a lower bound, and
    /// D − LieRank an upper bound on the number of laws.
    /// </summary>
    public bool Stable { get; set; }

    /// <summary>Why the iteration stopped before it was stable (null when <see cref="Stable"/>).</summary>
    public string? StoppedBy { get; set; }

    /// <summary>The budget stop to re-raise once the partial result is recorded (null when the budget did not stop it).</summary>
    internal WorkBudgetExceededException? BudgetStop { get; set; }
}

/// <summary>
/// dim Lie(W_φ)(θ) at a random point modulo p (docs/mathematics.md §4): V₁ = W_φ from random gated gradient
/// fields, V_{j+1} = V_j + [V₁, V_j] from random right-normed brackets, evaluated with jets. The mod-p rank can
/// only under-estimate the generic rank, and every law's gradient is orthogonal to every bracket, so
/// rank(fields ∪ brackets) + rank(∇laws) = D certifies both the count and completeness of the laws
/// (docs/certificates.md §5). When that sum reaches D the search stops: no further bracket can add rank. Otherwise the
/// levels go on until one adds nothing (the rank is stable), however many that takes: the work meter (budget,
/// cancellation) and a cap on the jets' memory are the only bounds, and a count they stop is an upper bound.
/// </summary>
internal static class LieRankCounter
{
    private const int StallLimit = 2;

    /// <summary>Largest memory the jets of one bracket evaluation may hold (bytes), whatever the budget.</summary>
    public const long DefaultMaxJetBytes = 256L * 1024 * 1024;

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
    /// <remarks>
    /// A budget stop during the fields keeps the rank reached so far (a lower bound) and is handed back in
    /// <see cref="SegmentLieResult.BudgetStop"/>; a stop while the law gradients go in propagates (nothing to keep).
    /// </remarks>
    public static SegmentLieResult Count(IComponent component, IReadOnlyList<IntegerPolynomial> laws, DeterministicRandom rng, WorkMeter meter, long maxJetBytes = DefaultMaxJetBytes) =>
        Count(component.ParameterCount, component.RandomGradient, laws, rng, meter, maxJetBytes);

    /// <summary>
    /// As <see cref="Count(IComponent, IReadOnlyList{IntegerPolynomial}, DeterministicRandom, WorkMeter, long)"/> for any
    /// family of fields on <paramref name="n"/> variables: <paramref name="randomField"/> draws a random element of the
    /// span whose Lie algebra is counted (the momentum flow's phase-space generators use it).
    /// </summary>
    /// <remarks>
    /// With <c>gradientScale</c>, each law's gradient is multiplied by it coordinate by coordinate (mod p) before it
    /// enters: the gradient of the law h' = Σ_l h_l/η_l that a rate-separable gradient-flow law h becomes under a
    /// diagonal metric M is M⁻¹∇h.
    /// </remarks>
    public static SegmentLieResult Count(int n, Func<DeterministicRandom, FieldExpression> randomField, IReadOnlyList<IntegerPolynomial> laws, DeterministicRandom rng, WorkMeter meter, long maxJetBytes = DefaultMaxJetBytes, uint[]? gradientScale = null)
    {
        var first = CountAtRandomPoint(n, randomField, laws, rng, meter, maxJetBytes, gradientScale);
        if (first.Closed || first.BudgetStop is not null) return first;
        SegmentLieResult second;
        try
        {
            second = CountAtRandomPoint(n, randomField, laws, rng, meter, maxJetBytes, gradientScale);
        }
        catch (WorkBudgetExceededException e)
        {
            // Stopped while the second point's law gradients went in: the first point's count stands, and the stop
            // is handed back so the analysis still reports it.
            first.BudgetStop = e;
            return first;
        }

        // Each point gives a lower bound of the Lie rank; the larger is kept. It is exact when the point that reached
        // it ended with a stable rank.
        var best = second.LieRank > first.LieRank ? second : first;
        return new SegmentLieResult
        {
            ParameterCount = n,
            DimW = Math.Max(first.DimW, second.DimW),
            LieRank = best.LieRank,
            LawGradientRank = Math.Max(first.LawGradientRank, second.LawGradientRank),
            BracketRounds = Math.Max(first.BracketRounds, second.BracketRounds),
            Stable = first.LieRank == second.LieRank ? first.Stable || second.Stable : best.Stable,
            StoppedBy = first.LieRank == second.LieRank && (first.Stable || second.Stable) ? null : best.StoppedBy,
            BudgetStop = second.BudgetStop,
        };
    }

    /// <summary>
    /// Predicted work of <see cref="Count(IComponent, IReadOnlyList{IntegerPolynomial}, DeterministicRandom, WorkMeter, long)"/> (≈ ns) on n parameters with <paramref name="laws"/> law gradients of which at
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
    public static DenseRankAccumulator LawGradientEchelon(IReadOnlyList<IntegerPolynomial> laws, uint[] theta, WorkMeter meter, uint[]? gradientScale = null)
    {
        var gradients = new DenseRankAccumulator(theta.Length, meter.Token);
        var batch = new List<uint[]>(MaxBatch);
        long charged = 0;
        for (int i = 0; i < laws.Count; i++)
        {
            meter.Token.ThrowIfCancellationRequested();
            var gradient = laws[i].GradientMod(theta);
            if (gradientScale is not null)
                for (int j = 0; j < gradient.Length; j++) gradient[j] = ModP.Mul(gradient[j], gradientScale[j]);
            batch.Add(gradient);
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

    // Bytes of the jets a bracket of the given length holds at once: its deepest evaluation, on 2^(length−1) coefficients
    // per parameter, keeps a few θ-sized uint arrays and one ulong accumulator of a layer's outputs alive.
    private static double JetBytes(int n, int length) => 4.0 * 8 * n * Math.Pow(2, length - 1);

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

    private static SegmentLieResult CountAtRandomPoint(int n, Func<DeterministicRandom, FieldExpression> randomField, IReadOnlyList<IntegerPolynomial> laws, DeterministicRandom rng, WorkMeter meter, long maxJetBytes, uint[]? gradientScale)
    {
        var theta = new uint[n];
        for (int i = 0; i < n; i++) theta[i] = rng.NextNonZeroMod();

        var lawGradients = LawGradientEchelon(laws, theta, meter, gradientScale);
        var result = new SegmentLieResult { ParameterCount = n, LawGradientRank = lawGradients.Rank };

        // Every field and bracket is orthogonal to every law's gradient (identically, so also mod p at θ), and
        // the law rows are unit triangular on their pivot columns: a field that vanishes off those columns is
        // zero. So dropping the pivot columns keeps the fields' rank exactly, and the elimination runs on
        // D − rank(∇laws) columns. (Dropping columns can never raise a rank, so the certificate stays sound.)
        var kept = NonPivotColumns(lawGradients);
        int target = kept.Length;
        var fields = new DenseRankAccumulator(kept.Length, meter.Token);
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

        FieldExpression RandomGradient() => randomField(rng);

        result.DimW = -1; // not known until level 1 has run
        try
        {
            // Level 1: W_φ(θ).
            RunLevel(RandomGradient, MaxBatch);
            result.DimW = fields.Rank;

            // Right-normed brackets of increasing length until the certificate closes or a whole level adds nothing:
            // V_{j+1} = V_j + [V₁, V_j], and once V_{j+1} = V_j every longer bracket lies in V_j too.
            result.Stable = true;
            for (int length = 2; fields.Rank < target; length++)
            {
                // A bracket of length L is evaluated on jets of 2^(L−1) coefficients per parameter, a few arrays at a time.
                if (length > 31 || JetBytes(n, length) > maxJetBytes)
                {
                    result.Stable = false;
                    result.StoppedBy = string.Format(System.Globalization.CultureInfo.InvariantCulture,
                        "brackets of length {0} on {1} parameters would need more than {2:0} MiB of jets", length, n, maxJetBytes / 1048576.0);
                    break;
                }

                result.BracketRounds = length - 1;
                int bracketLength = length;
                FieldExpression RandomBracket()
                {
                    FieldExpression bracket = RandomGradient();
                    for (int i = 1; i < bracketLength; i++) bracket = new BracketField(RandomGradient(), bracket, meter.Token);
                    return bracket;
                }

                if (!RunLevel(RandomBracket, FirstBracketBatch)) break;
            }
        }
        catch (WorkBudgetExceededException e)
        {
            // The rank reached so far is still a lower bound of dim Lie(W_φ)(θ): kept, as an upper bound on the laws.
            result.Stable = false;
            result.StoppedBy = e.Stage.EndsWith("wall-clock limit", StringComparison.Ordinal) ? "the wall-clock limit" : "the work budget";
            result.BudgetStop = e;
        }

        result.Stable &= result.StoppedBy is null;
        result.LieRank = fields.Rank;
        return result;
    }
}
