using System.Collections.Generic;
using ConservationCodegen.Integration.Tests;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// The attention net of the tests (<see cref="AttentionNet"/>: layout, forward pass, Grams) plus what the engine tests
/// need besides: the gradient by central differences, and φ as exact polynomials in the parameters (per head the
/// query–key product [W_Q^a, b_Q^a]ᵀW_K^a and the value–output product W_O^a[W_V^a, b_V^a]).
/// </summary>
internal static class AttentionReference
{
    /// <summary>Central differences of the net's loss over <paramref name="samples"/> samples of <paramref name="tokens"/> tokens.</summary>
    public static double[] Gradient(AttentionNet net, double[] t, double[] x, double[] y, int tokens, int samples, double h = 1e-5)
    {
        var g = new double[t.Length];
        var probe = (double[])t.Clone();
        for (int i = 0; i < t.Length; i++)
        {
            probe[i] = t[i] + h;
            double up = net.LossAndGradient(probe, x, y, tokens, null, samples);
            probe[i] = t[i] - h;
            double down = net.LossAndGradient(probe, x, y, tokens, null, samples);
            probe[i] = t[i];
            g[i] = (up - down) / (2 * h);
        }

        return g;
    }

    /// <summary>φ as polynomials in the parameters: per head the query–key then the value–output product.</summary>
    public static List<SymbolicLieRank.Poly> Phi(AttentionNet net)
    {
        int d = net.D, r = net.R, p = net.Heads * r;
        var phi = new List<SymbolicLieRank.Poly>();
        for (int a = 0; a < net.Heads; a++)
        {
            // Query side rows c = 0…d−1 are W_Q[a·r + i, c]; row d is b_Q[a·r + i] (an input fixed at 1).
            for (int c = 0; c < d + (net.Bq >= 0 ? 1 : 0); c++)
                for (int e = 0; e < d; e++)
                {
                    var poly = new SymbolicLieRank.Poly();
                    for (int i = 0; i < r; i++)
                    {
                        int row = a * r + i;
                        poly.AddMonomial(new[] { c < d ? net.Wq + row * d + c : net.Bq + row, net.Wk + row * d + e });
                    }

                    phi.Add(poly);
                }

            for (int o = 0; o < d; o++)
                for (int c = 0; c < d + (net.Bv >= 0 ? 1 : 0); c++)
                {
                    var poly = new SymbolicLieRank.Poly();
                    for (int i = 0; i < r; i++)
                    {
                        int row = a * r + i;
                        poly.AddMonomial(new[] { net.Wo + o * p + row, c < d ? net.Wv + row * d + c : net.Bv + row });
                    }

                    phi.Add(poly);
                }
        }

        return phi;
    }
}
