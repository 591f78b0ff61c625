using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// An independent count for metric flows θ̇ = −M(θ)∇L on small models (test side only): φ as exact path polynomials
/// (<see cref="ReferencePathPolynomials"/>), χ_i = ∇φ_i symbolically, the fields Mχ_i written out as polynomials (a rate
/// per layer over GF(q), or θ_v·χ_{i,v} for the mirror flow) and their Lie rank by <see cref="SymbolicLieRank.RanksOfFields"/>
/// (fixed bracket words, its own prime q = 2³¹ − 1 and elimination). Shares no code with the engine's fields, metric or count.
/// </summary>
internal static class SymbolicMetricRank
{
    private const long Q = 2147483647;

    /// <summary>The layer of each parameter, from the blocks' parameter counts (weights, then bias, then β, block after block).</summary>
    public static int[] LayerOf(ModelDescription model)
    {
        var layer = new List<int>();
        for (int l = 0; l < model.Layers.Count; l++)
            for (long i = 0; i < model.Layers[l].ParameterCount; i++) layer.Add(l);
        return layer.ToArray();
    }

    /// <summary>An exact decimal rate as an element of GF(q).</summary>
    public static long ModQ(decimal rate)
    {
        int scale = (decimal.GetBits(rate)[3] >> 16) & 0xFF;
        var denominator = BigInteger.Pow(10, scale);
        decimal shifted = rate;
        for (int i = 0; i < scale; i++) shifted *= 10;
        var numerator = new BigInteger(shifted);
        return (long)(numerator % Q * BigInteger.ModPow(denominator % Q, Q - 2, Q) % Q);
    }

    /// <summary>η_v·χ_{i,v} for every path polynomial φ_i of the model, η_v the rate of v's layer.</summary>
    public static List<SymbolicLieRank.Poly[]> RateFields(ModelDescription model, decimal[] rates)
    {
        var layer = LayerOf(model);
        var scale = layer.Select(l => ModQ(rates[l])).ToArray();
        return Fields(model, (v, chi) =>
        {
            var p = new SymbolicLieRank.Poly();
            p.AddProduct(chi, SymbolicLieRank.Poly.Constant(1), scale[v]);
            return p;
        });
    }

    /// <summary>θ_v·χ_{i,v} for every path polynomial φ_i (the entropic mirror flow).</summary>
    public static List<SymbolicLieRank.Poly[]> MirrorFields(ModelDescription model) =>
        Fields(model, (v, chi) =>
        {
            var p = new SymbolicLieRank.Poly();
            p.AddProduct(chi, SymbolicLieRank.Poly.Variable(v), 1);
            return p;
        });

    /// <summary>D − the rank the bracket words reach: an upper bound on the laws, exact when the words reach the generic rank.</summary>
    public static int LawCount(List<SymbolicLieRank.Poly[]> fields, int d, int maxLength = 8, int seed = 11) =>
        d - SymbolicLieRank.RanksOfFields(fields, d, maxLength, seed)[^1];

    /// <summary>The polynomial Σ c·Π θ (coefficients already in GF(q)) built from terms.</summary>
    public static SymbolicLieRank.Poly Polynomial(IEnumerable<(long Coefficient, IReadOnlyList<int> Variables)> terms)
    {
        var h = new SymbolicLieRank.Poly();
        foreach (var (c, vars) in terms)
        {
            var m = new SymbolicLieRank.Poly();
            m.AddMonomial(vars);
            h.AddProduct(m, SymbolicLieRank.Poly.Constant(1), ((c % Q) + Q) % Q);
        }

        return h;
    }

    /// <summary>True when ⟨∇h, F⟩ is the zero polynomial for every field F: h is conserved by the flow.</summary>
    public static bool IsLaw(SymbolicLieRank.Poly h, List<SymbolicLieRank.Poly[]> fields, int d)
    {
        var gradient = Enumerable.Range(0, d).Select(h.Derivative).ToArray();
        foreach (var f in fields)
        {
            var dot = new SymbolicLieRank.Poly();
            for (int v = 0; v < d; v++) dot.AddProduct(gradient[v], f[v], 1);
            if (!dot.IsZero) return false;
        }

        return true;
    }

    /// <summary>GF(q) inverse of a rate.</summary>
    public static long Inverse(decimal rate) => (long)BigInteger.ModPow(ModQ(rate), Q - 2, Q);

    /// <summary>a·b in GF(q).</summary>
    public static long Mul(long a, long b) => (long)((BigInteger)(((a % Q) + Q) % Q) * b % Q);

    private static List<SymbolicLieRank.Poly[]> Fields(ModelDescription model, System.Func<int, SymbolicLieRank.Poly, SymbolicLieRank.Poly> metric)
    {
        int d = ReferencePathPolynomials.ParameterCount(model);
        var fields = new List<SymbolicLieRank.Poly[]>();
        foreach (var phi in ReferencePathPolynomials.Phi(model, throughSkips: true))
        {
            var field = Enumerable.Range(0, d).Select(v => metric(v, phi.Derivative(v))).ToArray();
            if (field.Any(p => !p.IsZero)) fields.Add(field);
        }

        return fields;
    }
}
