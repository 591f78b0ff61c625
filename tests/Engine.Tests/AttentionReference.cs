using System;
using System.Collections.Generic;
using System.Linq;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Multi-head self-attention written out for the tests, independent of the engine: the θ layout from the documented
/// order (W_Q, b_Q, W_K, b_K, W_V, b_V, W_O; W_Q/W_K/W_V [heads·r, d], W_O [d, heads·r]), the forward pass of a sequence
/// with softmax over the keys and the 1/√r scale, a squared-error loss, its gradient by central differences, and φ as
/// exact polynomials (per head the query–key product [W_Q^a, b_Q^a]ᵀW_K^a and the value–output product W_O^a[W_V^a, b_V^a]).
/// </summary>
internal sealed class AttentionReference
{
    public AttentionReference(int d, int heads, int r, bool queryBias, bool keyBias, bool valueBias)
    {
        D = d;
        Heads = heads;
        R = r;
        int p = heads * r, at = 0;
        Wq = at; at += p * d;
        Bq = queryBias ? at : -1; at += queryBias ? p : 0;
        Wk = at; at += p * d;
        Bk = keyBias ? at : -1; at += keyBias ? p : 0;
        Wv = at; at += p * d;
        Bv = valueBias ? at : -1; at += valueBias ? p : 0;
        Wo = at; at += d * p;
        Count = at;
    }

    public int D { get; }
    public int Heads { get; }
    public int R { get; }
    public int Wq { get; }
    public int Bq { get; }
    public int Wk { get; }
    public int Bk { get; }
    public int Wv { get; }
    public int Bv { get; }
    public int Wo { get; }
    public int Count { get; }

    private int P => Heads * R;

    /// <summary>Output tokens (T × d) for input tokens x (T × d).</summary>
    public double[,] Forward(double[] t, double[,] x)
    {
        int T = x.GetLength(0);
        var y = new double[T, D];
        for (int a = 0; a < Heads; a++)
        {
            var q = Project(t, x, Wq, Bq, a);
            var k = Project(t, x, Wk, Bk, a);
            var v = Project(t, x, Wv, Bv, a);
            for (int s = 0; s < T; s++)
            {
                var logits = new double[T];
                for (int u = 0; u < T; u++)
                {
                    double dot = 0;
                    for (int i = 0; i < R; i++) dot += q[s, i] * k[u, i];
                    logits[u] = dot / Math.Sqrt(R);
                }

                double max = logits.Max(), sum = logits.Sum(l => Math.Exp(l - max));
                var head = new double[R];
                for (int u = 0; u < T; u++)
                {
                    double w = Math.Exp(logits[u] - max) / sum;
                    for (int i = 0; i < R; i++) head[i] += w * v[u, i];
                }

                for (int o = 0; o < D; o++)
                    for (int i = 0; i < R; i++) y[s, o] += t[Wo + o * P + a * R + i] * head[i];
            }
        }

        return y;
    }

    private double[,] Project(double[] t, double[,] x, int w, int b, int head)
    {
        int T = x.GetLength(0);
        var z = new double[T, R];
        for (int s = 0; s < T; s++)
            for (int i = 0; i < R; i++)
            {
                int row = head * R + i;
                double acc = b >= 0 ? t[b + row] : 0;
                for (int c = 0; c < D; c++) acc += t[w + row * D + c] * x[s, c];
                z[s, i] = acc;
            }

        return z;
    }

    /// <summary>½ Σ over samples and tokens of ‖y − target‖².</summary>
    public double Loss(double[] t, IReadOnlyList<(double[,] X, double[,] Y)> data)
    {
        double loss = 0;
        foreach (var (x, target) in data)
        {
            var y = Forward(t, x);
            for (int s = 0; s < y.GetLength(0); s++)
                for (int o = 0; o < D; o++) loss += 0.5 * (y[s, o] - target[s, o]) * (y[s, o] - target[s, o]);
        }

        return loss;
    }

    /// <summary>Central differences of <see cref="Loss"/>.</summary>
    public double[] Gradient(double[] t, IReadOnlyList<(double[,] X, double[,] Y)> data, double h = 1e-5)
    {
        var g = new double[t.Length];
        var probe = (double[])t.Clone();
        for (int i = 0; i < t.Length; i++)
        {
            probe[i] = t[i] + h;
            double up = Loss(probe, data);
            probe[i] = t[i] - h;
            double down = Loss(probe, data);
            probe[i] = t[i];
            g[i] = (up - down) / (2 * h);
        }

        return g;
    }

    /// <summary>φ as polynomials in the parameters: per head the query–key then the value–output product.</summary>
    public List<SymbolicLieRank.Poly> Phi()
    {
        var phi = new List<SymbolicLieRank.Poly>();
        for (int a = 0; a < Heads; a++)
        {
            // Query side rows c = 0…d−1 are W_Q[a·r + i, c]; row d is b_Q[a·r + i] (an input fixed at 1).
            for (int c = 0; c < D + (Bq >= 0 ? 1 : 0); c++)
                for (int e = 0; e < D; e++)
                {
                    var p = new SymbolicLieRank.Poly();
                    for (int i = 0; i < R; i++)
                    {
                        int row = a * R + i;
                        p.AddMonomial(new[] { c < D ? Wq + row * D + c : Bq + row, Wk + row * D + e });
                    }

                    phi.Add(p);
                }

            for (int o = 0; o < D; o++)
                for (int c = 0; c < D + (Bv >= 0 ? 1 : 0); c++)
                {
                    var p = new SymbolicLieRank.Poly();
                    for (int i = 0; i < R; i++)
                    {
                        int row = a * R + i;
                        p.AddMonomial(new[] { Wo + o * P + row, c < D ? Wv + row * D + c : Bv + row });
                    }

                    phi.Add(p);
                }
        }

        return phi;
    }

    /// <summary>Head a's R×R query–key Gram W_Q^a W_Q^aᵀ + b_Q b_Qᵀ − W_K^a W_K^aᵀ − b_K b_Kᵀ at θ.</summary>
    public double[,] QueryKeyGram(double[] t, int a) => Gram(t, a, (Wq, Bq, 1), (Wk, Bk, -1));

    /// <summary>Head a's R×R value–output Gram W_V^a W_V^aᵀ + b_V b_Vᵀ − W_O^aᵀ W_O^a at θ.</summary>
    public double[,] ValueOutputGram(double[] t, int a)
    {
        var q = Gram(t, a, (Wv, Bv, 1));
        for (int i = 0; i < R; i++)
            for (int j = 0; j < R; j++)
                for (int o = 0; o < D; o++) q[i, j] -= t[Wo + o * P + a * R + i] * t[Wo + o * P + a * R + j];
        return q;
    }

    private double[,] Gram(double[] t, int a, params (int W, int B, int Sign)[] parts)
    {
        var q = new double[R, R];
        foreach (var (w, b, sign) in parts)
            for (int i = 0; i < R; i++)
                for (int j = 0; j < R; j++)
                {
                    int ri = a * R + i, rj = a * R + j;
                    double acc = b >= 0 ? t[b + ri] * t[b + rj] : 0;
                    for (int c = 0; c < D; c++) acc += t[w + ri * D + c] * t[w + rj * D + c];
                    q[i, j] += sign * acc;
                }

        return q;
    }
}
