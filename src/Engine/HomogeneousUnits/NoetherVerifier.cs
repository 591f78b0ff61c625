using System.Collections.Generic;
using System.Numerics;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.HomogeneousUnits;

/// <summary>
/// Establishes laws by Noether's theorem for linear symmetries (docs/certificates.md, "Homogeneous units"): if
/// θ ↦ e^{εA}θ leaves the model's function unchanged for every input and A is symmetric, then h(θ) = θᵀAθ is conserved
/// by gradient flow of every loss of the function. The verifier accepts h exactly when it is a nonzero multiple of
/// θᵀAθ for the generator A of a level symmetry whose hypotheses <see cref="LevelSymmetry.Establish"/> checked on the
/// model; anything else (another constant, a missing β² term, a level without a symmetry, more than one pair of units)
/// is rejected. It does not search: laws without such a symmetry are not established here.
/// </summary>
internal sealed class NoetherVerifier : ILawVerifier
{
    private readonly ParameterMap _map;
    private readonly WorkMeter _meter;
    private readonly LevelSymmetry?[] _levels;

    public NoetherVerifier(ParameterMap map, WorkMeter meter)
    {
        _map = map;
        _meter = meter;
        _levels = new LevelSymmetry?[map.LayerCount];
        for (int t = 1; t < map.LayerCount; t++) _levels[t] = LevelSymmetry.Establish(map, t, out _);
    }

    public bool Verify(IntegerPolynomial h) => Verify(h, symmetricEnds: false);

    // Every member is checked against its own generator, so the permutation argument is not needed.
    public bool Verify(IntegerPolynomial h, bool symmetricEnds)
    {
        if (h.IsZero) return false;
        _meter.Charge(10L * h.TermCount + 1, "law verification");
        foreach (var key in h.Terms.Keys)
            if (key.Length != 2) return false;

        // A term's variables belong to level t either as its own parameters (block t: row, bias, β) or as its outgoing
        // weights (block t + 1, by column); try both readings of each level the variables touch.
        var variables = h.Variables();
        var candidates = new HashSet<int>();
        foreach (int v in variables)
        {
            var (block, _, _, _) = _map.Locate(v);
            candidates.Add(block);
            candidates.Add(block - 1);
        }

        foreach (int t in candidates)
        {
            if (t < 1 || t >= _map.LayerCount || _levels[t] is not { } symmetry) continue;
            var units = UnitsAt(t, variables);
            if (units is null || units.Count > 2) continue;
            int i = units.Min, j = units.Max;
            var generator = symmetry.Generator(i, j);
            if (generator is not null && ProportionalTo(h, QuadraticForm(generator))) return true;
        }

        return false;
    }

    // The units of level t that h's variables belong to, or null when a variable is not a parameter of level t.
    private SortedSet<int>? UnitsAt(int t, int[] variables)
    {
        var units = new SortedSet<int>();
        foreach (int v in variables)
        {
            var (block, row, column, _) = _map.Locate(v);
            if (block == t) units.Add(row);
            else if (block == t + 1 && column >= 0) units.Add(column);
            else return null;
        }

        return units;
    }

    // θᵀAθ = Σ_a A_aa θ_a² + 2 Σ_{a<b} A_ab θ_a θ_b.
    private static IntegerPolynomial QuadraticForm(List<(int A, int B, long Value)> generator)
    {
        var q = new IntegerPolynomial();
        foreach (var (a, b, value) in generator) q.Add(Monomial.Of(a, b), a == b ? value : 2 * value);
        return q;
    }

    // h = λq for a rational λ ≠ 0: the same monomials, and h_m·q_0 = q_m·h_0 for each (exact in BigInteger).
    private static bool ProportionalTo(IntegerPolynomial h, IntegerPolynomial q)
    {
        if (q.IsZero || h.TermCount != q.TermCount) return false;
        BigInteger h0 = 0, q0 = 0;
        foreach (var term in q.Terms)
        {
            if (!h.Terms.TryGetValue(term.Key, out long hv)) return false;
            if (q0.IsZero)
            {
                h0 = hv;
                q0 = term.Value;
            }
            else if ((BigInteger)hv * q0 != (BigInteger)term.Value * h0) return false;
        }

        return true;
    }
}
