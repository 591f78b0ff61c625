using System.Collections.Generic;
using System.Numerics;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// Solves one parity class: random evaluation equations mod p until the rank stops growing, kernel in
/// reduced echelon form (canonical), rational reconstruction, then exact verification of every candidate.
/// A candidate that fails verification (an unlucky evaluation) triggers more equations, never an emitted law.
/// </summary>
internal sealed class ClassSolver
{
    private const int StallLimit = 3;
    private const int Retries = 4;
    private readonly ILawEquations _pool;
    private readonly Components.ILawVerifier _verifier;
    private readonly WorkMeter _meter;

    public ClassSolver(ILawEquations pool, Components.ILawVerifier verifier, WorkMeter meter)
    {
        _pool = pool;
        _verifier = verifier;
        _meter = meter;
    }

    /// <summary>Candidates that failed exact verification after all retries (reported, never emitted).</summary>
    public int Rejected { get; private set; }

    /// <summary>Predicted work of solving a class of m monomials (same units as the meter).</summary>
    public static double EstimatedCost(int m) => 1.5 * m * (double)m * m + 40.0 * m * m;

    /// <summary>
    /// Solves the class. <paramref name="preferred"/> are readable law shapes (Gram entries, balances): each
    /// one enters the basis only if it lies in the computed kernel and passes exact verification; the rest of
    /// the basis comes from the reduced echelon kernel.
    /// </summary>
    public List<IntegerPolynomial> Solve(IReadOnlyList<IntArrayKey> monomials, IReadOnlyList<IntegerPolynomial>? preferred = null)
    {
        int m = monomials.Count;
        var echelon = new ModEchelon(m, _meter.Token);
        int next = 0;
        for (int attempt = 0; attempt <= Retries; attempt++)
        {
            int stall = 0;
            while (echelon.Rank < m && stall < StallLimit)
            {
                if (echelon.Insert(_pool.Row(next++, monomials))) stall = 0;
                else stall++;
                _meter.Charge((long)m * (3L * echelon.Rank + 40), "law search"); // ≈ ns: 3 per eliminated entry, 40 per evaluated monomial
            }

            if (echelon.Rank == m) return new List<IntegerPolynomial>();
            var laws = new List<IntegerPolynomial>();
            bool allVerified = true;
            var kernel = echelon.KernelBasis();
            var chosen = new ModEchelon(m, _meter.Token);
            foreach (var h in preferred ?? System.Array.Empty<IntegerPolynomial>())
            {
                var v = ToVector(h, monomials);
                if (v is null || !InSpan(kernel, v, m, _meter.Token) || !chosen.Insert(v)) continue;
                if (_verifier.Verify(h)) laws.Add(h);
            }

            foreach (var vector in kernel)
            {
                if (!chosen.Insert(vector)) continue;
                var h = ToPolynomial(vector, monomials);
                if (h is not null && _verifier.Verify(h)) laws.Add(h);
                else allVerified = false;
            }

            if (allVerified) return laws;
            if (attempt == Retries)
            {
                Rejected++;
                return laws;
            }
        }

        return new List<IntegerPolynomial>();
    }

    private static uint[]? ToVector(IntegerPolynomial h, IReadOnlyList<IntArrayKey> monomials)
    {
        var v = new uint[monomials.Count];
        int found = 0;
        for (int j = 0; j < monomials.Count; j++)
        {
            if (h.Terms.TryGetValue(monomials[j], out var c))
            {
                v[j] = ModP.FromLong(c);
                found++;
            }
        }

        return found == h.TermCount ? v : null;
    }

    private static bool InSpan(List<uint[]> basis, uint[] v, int m, System.Threading.CancellationToken token)
    {
        var e = new ModEchelon(m, token);
        foreach (var b in basis) e.Insert(b);
        return !e.Insert(v);
    }

    /// <summary>Rational reconstruction of a kernel vector, scaled to a primitive integer vector with a positive leading coefficient.</summary>
    public static IntegerPolynomial? ToPolynomial(uint[] vector, IReadOnlyList<IntArrayKey> monomials)
    {
        var nums = new long[vector.Length];
        var dens = new long[vector.Length];
        BigInteger lcm = 1;
        for (int j = 0; j < vector.Length; j++)
        {
            if (vector[j] == 0)
            {
                dens[j] = 1;
                continue;
            }

            if (!RationalReconstruction.TryReconstruct(vector[j], out nums[j], out dens[j])) return null;
            lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, dens[j]) * dens[j];
        }

        var ints = new BigInteger[vector.Length];
        BigInteger gcd = 0;
        int lead = -1;
        for (int j = 0; j < vector.Length; j++)
        {
            ints[j] = nums[j] * (lcm / dens[j]);
            gcd = BigInteger.GreatestCommonDivisor(gcd, ints[j]);
            if (lead < 0 && !ints[j].IsZero) lead = j;
        }

        if (lead < 0) return null;
        if (ints[lead].Sign < 0) gcd = -gcd;
        var h = new IntegerPolynomial();
        for (int j = 0; j < vector.Length; j++)
        {
            if (ints[j].IsZero) continue;
            var c = ints[j] / gcd;
            if (BigInteger.Abs(c) > long.MaxValue / 4) return null;
            h.Add(monomials[j], (long)c);
        }

        return h;
    }
}

/// <summary>Linear equations on the coefficients of candidate laws: one row per random evaluation point of a component.</summary>
internal interface ILawEquations
{
    /// <summary>The equation row of the given monomials at evaluation point <paramref name="index"/> (grown on demand).</summary>
    uint[] Row(int index, IReadOnlyList<IntArrayKey> monomials);
}
