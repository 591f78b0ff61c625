using System.Collections.Generic;
using System.Threading;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Symmetries;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// An independent numeric oracle for the structural rotation symmetries. Computes 𝔤 ∩ so(D) from φ:
/// antisymmetric A with ⟨∇φ_i(θ), Aθ⟩ ≡ 0 for every i. The sign-flip group splits 𝔤
/// into parity classes like the laws; the classes of two neurons of one level hold the rotations between layers.
/// Each class is a small linear system in the coefficients of E_ab − E_ba, with one equation per random
/// evaluation (θ, Jᵀu) mod p; rows are added until the rank stalls, so the dimension is exact with high
/// probability (Schwartz–Zippel) and can only be over-, never under-estimated by an unlucky draw that
/// repeats for three consecutive rows.
/// </summary>
internal static class NumericRotationSymmetries
{
    private const int StallLimit = 3;

    /// <summary>
    /// Rotation symmetries per hidden level, in layer order (empty when there are none), or null when the search
    /// would exceed <paramref name="workBudget"/> (same units as <see cref="AnalysisOptions.WorkBudget"/>).
    /// </summary>
    public static List<RotationSymmetry>? Find(ModelDescription model, long workBudget, ulong seed, CancellationToken token)
    {
        try
        {
            return FindWithin(model, new WorkMeter(workBudget, token), seed, token);
        }
        catch (WorkBudgetExceededException)
        {
            return null;
        }
    }

    private static List<RotationSymmetry> FindWithin(ModelDescription model, WorkMeter meter, ulong seed, CancellationToken token)
    {
        var result = new List<RotationSymmetry>();
        var rng = new DeterministicRandom(seed);
        foreach (var seg in new ModelStructure(model).Segments)
        {
            var ix = new SegmentIndexing(model, seg);
            var pool = new EvaluationPool(ix, rng, meter);
            // Hidden levels only: rotating segment inputs or outputs changes φ, which the count would show anyway.
            for (int t = 1; t < ix.LayerCount; t++)
            {
                int dimension = 0;
                for (int n1 = 0; n1 < ix.Width(t); n1++)
                    for (int n2 = n1 + 1; n2 < ix.Width(t); n2++)
                    {
                        token.ThrowIfCancellationRequested();
                        dimension += KernelDimension(pool, PairsOf(ix, t, n1, n2), meter);
                    }

                if (dimension > 0) result.Add(new RotationSymmetry(seg.FirstLayer + t - 1, ix.Width(t), dimension));
            }
        }

        return result;
    }

    // Parameter pairs (a, b) whose generator E_ab − E_ba has the parity {(t, n1), (t, n2)}.
    private static List<(int A, int B)> PairsOf(SegmentIndexing ix, int t, int n1, int n2)
    {
        var pairs = new List<(int, int)>();
        for (int i = 0; i < ix.Width(t - 1); i++) pairs.Add((ix.W(t, n1, i), ix.W(t, n2, i)));
        if (ix.HasBias(t)) pairs.Add((ix.B(t, n1), ix.B(t, n2)));
        for (int l = 0; l < ix.Width(t + 1); l++) pairs.Add((ix.W(t + 1, l, n1), ix.W(t + 1, l, n2)));
        return pairs;
    }

    private static int KernelDimension(EvaluationPool pool, List<(int A, int B)> pairs, WorkMeter meter)
    {
        int m = pairs.Count;
        var echelon = new ModEchelon(m);
        int stall = 0;
        for (int next = 0; echelon.Rank < m && stall < StallLimit; next++)
        {
            var (theta, field) = pool.Get(next);
            var row = new uint[m];
            for (int j = 0; j < m; j++)
            {
                var (a, b) = pairs[j];
                // ⟨∇φ·u, (E_ab − E_ba)θ⟩ = field[a]·θ[b] − field[b]·θ[a]
                row[j] = ModP.Sub(ModP.Mul(field[a], theta[b]), ModP.Mul(field[b], theta[a]));
            }

            if (echelon.Insert(row)) stall = 0;
            else stall++;
            meter.Charge((long)m * (3L * echelon.Rank + 10), "symmetry search");
        }

        return m - echelon.Rank;
    }
}
