using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// An independent momentum-flow count for small models (test side only): φ as exact path polynomials
/// (<see cref="ReferencePathPolynomials"/>, paths through skip connections included), χ_i = ∇φ_i symbolically, θ ↦ a − s·b substituted symbolically and expanded
/// in s (no interpolation), the generators Y_{i,k} = (c_{i,k−1}, c_{i,k}) on 2D variables (a first, then b), and their
/// Lie rank by <see cref="SymbolicLieRank.RanksOfFields"/> (fixed bracket words over another prime than the engine's).
/// </summary>
internal static class SymbolicMomentumRank
{
    private const long MinusOne = 2147483646; // −1 modulo the symbolic prime 2³¹ − 1

    /// <summary>The phase-space generators Y_{i,k} of the model's path polynomials (zero generators left out).</summary>
    /// <param name="model">The model.</param>
    /// <param name="rates">Layer-wise rates: the generators are built from η_v·χ_v (the flow τθ̈ + θ̇ = −M∇L), or null.</param>
    public static List<SymbolicLieRank.Poly[]> Generators(ModelDescription model, decimal[]? rates = null)
    {
        var layerOf = SymbolicMetricRank.LayerOf(model);
        int d = ReferencePathPolynomials.ParameterCount(model);
        return GeneratorsOf(ReferencePathPolynomials.Phi(model, throughSkips: true), d, rates is null ? null : layerOf.Select(l => rates[l]).ToArray());
    }

    /// <summary>The phase-space generators of any φ given as polynomials in <paramref name="d"/> variables, with an optional rate per variable.</summary>
    public static List<SymbolicLieRank.Poly[]> GeneratorsOf(IEnumerable<SymbolicLieRank.Poly> phiPolynomials, int d, decimal[]? rateOfVariable = null)
    {
        int s = 2 * d;
        var substitution = Enumerable.Range(0, d).Select(v =>
        {
            var p = SymbolicLieRank.Poly.Variable(v);
            var sb = SymbolicLieRank.Poly.Constant(0);
            sb.AddProduct(SymbolicLieRank.Poly.Variable(s), SymbolicLieRank.Poly.Variable(d + v), MinusOne);
            p.AddProduct(sb, SymbolicLieRank.Poly.Constant(1), 1);
            return p;
        }).ToArray();

        var generators = new List<SymbolicLieRank.Poly[]>();
        foreach (var phi in phiPolynomials)
        {
            // χ(a − s·b), one polynomial in (a, b, s) per parameter.
            var chi = Enumerable.Range(0, d).Select(v => phi.Derivative(v).Substitute(u => substitution[u])).ToArray();
            if (rateOfVariable is not null)
            {
                chi = chi.Select((c, v) =>
                {
                    var scaled = new SymbolicLieRank.Poly();
                    scaled.AddProduct(c, SymbolicLieRank.Poly.Constant(1), SymbolicMetricRank.ModQ(rateOfVariable[v]));
                    return scaled;
                }).ToArray();
            }

            int m = chi.Max(c => c.DegreeIn(s));
            SymbolicLieRank.Poly Coefficient(int v, int k) => k < 0 || k > m ? new SymbolicLieRank.Poly() : chi[v].CoefficientOf(s, k);
            for (int k = 0; k <= m + 1; k++)
            {
                var y = new SymbolicLieRank.Poly[2 * d];
                for (int v = 0; v < d; v++)
                {
                    y[v] = Coefficient(v, k - 1);
                    y[d + v] = Coefficient(v, k);
                }

                if (y.Any(p => !p.IsZero)) generators.Add(y);
            }
        }

        return generators;
    }

    /// <summary>2D − (the Lie rank the bracket words reach): an upper bound on the momentum laws, exact when the words reach the generic rank.</summary>
    /// <summary>2D − the Lie rank the bracket words reach for a RePU/Power network given as φ's coefficient polynomials per activation pattern.</summary>
    public static int LawCount(UnitNetwork net, int maxLength = 8, int seed = 7)
    {
        int d = net.Parameters;
        var phi = PolynomialUnitLieRank.CoefficientTerms(net).Values.Select(terms =>
        {
            var p = new SymbolicLieRank.Poly();
            foreach (var (key, c) in terms)
            {
                var m = new SymbolicLieRank.Poly();
                m.AddMonomial(key.Select(ch => (int)ch));
                p.AddProduct(m, SymbolicLieRank.Poly.Constant(1), c);
            }

            return p;
        });
        return 2 * d - SymbolicLieRank.RanksOfFields(GeneratorsOf(phi, d), 2 * d, maxLength, seed)[^1];
    }

    public static int LawCount(ModelDescription model, int maxLength = 8, int seed = 7, decimal[]? rates = null)
    {
        int d = ReferencePathPolynomials.ParameterCount(model);
        var ranks = SymbolicLieRank.RanksOfFields(Generators(model, rates), 2 * d, maxLength, seed);
        return 2 * d - ranks[^1];
    }
}
