using System;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// Multi-head self-attention written out for the tests, with its own backward pass: θ in the documented order
/// (W_Q, b_Q, W_K, b_K, W_V, b_V, W_O; W_Q/W_K/W_V [heads·r, d], W_O [d, heads·r]), per sample T tokens of d features,
/// softmax over the keys with the 1/√r scale, loss ½‖Y − target‖² summed over samples and tokens.
/// </summary>
internal sealed class AttentionNet
{
    public AttentionNet(int d, int heads, int r, bool queryBias, bool keyBias, bool valueBias)
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

    /// <summary>The loss over <paramref name="samples"/> samples of <paramref name="tokens"/> tokens; adds nothing to a null gradient.</summary>
    public double LossAndGradient(double[] t, double[] x, double[] target, int tokens, double[]? gradient, int samples = 1)
    {
        if (gradient is not null) Array.Clear(gradient);
        double loss = 0;
        int T = tokens, d = D, r = R;
        double inv = 1 / Math.Sqrt(r);
        for (int n = 0; n < samples; n++)
        {
            int at = n * T * d;
            var y = new double[T, d];
            var cache = new (double[,] Q, double[,] K, double[,] V, double[,] A, double[,] H)[Heads];
            for (int a = 0; a < Heads; a++)
            {
                var q = Project(t, x, at, T, Wq, Bq, a);
                var k = Project(t, x, at, T, Wk, Bk, a);
                var v = Project(t, x, at, T, Wv, Bv, a);
                var attention = new double[T, T];
                for (int s = 0; s < T; s++)
                {
                    double max = double.NegativeInfinity;
                    for (int u = 0; u < T; u++)
                    {
                        double dot = 0;
                        for (int i = 0; i < r; i++) dot += q[s, i] * k[u, i];
                        attention[s, u] = dot * inv;
                        max = Math.Max(max, attention[s, u]);
                    }

                    double sum = 0;
                    for (int u = 0; u < T; u++) sum += attention[s, u] = Math.Exp(attention[s, u] - max);
                    for (int u = 0; u < T; u++) attention[s, u] /= sum;
                }

                var h = new double[T, r];
                for (int s = 0; s < T; s++)
                    for (int u = 0; u < T; u++)
                        for (int i = 0; i < r; i++) h[s, i] += attention[s, u] * v[u, i];
                for (int s = 0; s < T; s++)
                    for (int o = 0; o < d; o++)
                        for (int i = 0; i < r; i++) y[s, o] += t[Wo + o * P + a * r + i] * h[s, i];
                cache[a] = (q, k, v, attention, h);
            }

            var dy = new double[T, d];
            for (int s = 0; s < T; s++)
                for (int o = 0; o < d; o++)
                {
                    dy[s, o] = y[s, o] - target[at + s * d + o];
                    loss += 0.5 * dy[s, o] * dy[s, o];
                }

            if (gradient is null) continue;
            for (int a = 0; a < Heads; a++)
            {
                var (q, k, v, attention, h) = cache[a];
                var dh = new double[T, r];
                for (int s = 0; s < T; s++)
                    for (int o = 0; o < d; o++)
                        for (int i = 0; i < r; i++)
                        {
                            gradient[Wo + o * P + a * r + i] += dy[s, o] * h[s, i];
                            dh[s, i] += dy[s, o] * t[Wo + o * P + a * r + i];
                        }

                var dv = new double[T, r];
                var ds = new double[T, T];
                for (int s = 0; s < T; s++)
                {
                    var da = new double[T];
                    double weighted = 0;
                    for (int u = 0; u < T; u++)
                    {
                        for (int i = 0; i < r; i++)
                        {
                            da[u] += dh[s, i] * v[u, i];
                            dv[u, i] += attention[s, u] * dh[s, i];
                        }

                        weighted += da[u] * attention[s, u];
                    }

                    for (int u = 0; u < T; u++) ds[s, u] = attention[s, u] * (da[u] - weighted) * inv;
                }

                var dq = new double[T, r];
                var dk = new double[T, r];
                for (int s = 0; s < T; s++)
                    for (int u = 0; u < T; u++)
                        for (int i = 0; i < r; i++)
                        {
                            dq[s, i] += ds[s, u] * k[u, i];
                            dk[u, i] += ds[s, u] * q[s, i];
                        }

                Accumulate(gradient, x, at, T, Wq, Bq, a, dq);
                Accumulate(gradient, x, at, T, Wk, Bk, a, dk);
                Accumulate(gradient, x, at, T, Wv, Bv, a, dv);
            }
        }

        return loss;
    }

    private double[,] Project(double[] t, double[] x, int at, int T, int w, int b, int head)
    {
        var z = new double[T, R];
        for (int s = 0; s < T; s++)
            for (int i = 0; i < R; i++)
            {
                int row = head * R + i;
                double acc = b >= 0 ? t[b + row] : 0;
                for (int c = 0; c < D; c++) acc += t[w + row * D + c] * x[at + s * D + c];
                z[s, i] = acc;
            }

        return z;
    }

    private void Accumulate(double[] gradient, double[] x, int at, int T, int w, int b, int head, double[,] dz)
    {
        for (int s = 0; s < T; s++)
            for (int i = 0; i < R; i++)
            {
                int row = head * R + i;
                if (b >= 0) gradient[b + row] += dz[s, i];
                for (int c = 0; c < D; c++) gradient[w + row * D + c] += dz[s, i] * x[at + s * D + c];
            }
    }

    /// <summary>Head a's query–key Gram W_Q^a W_Q^aᵀ + b_Q b_Qᵀ − W_K^a W_K^aᵀ − b_K b_Kᵀ.</summary>
    public double[,] QueryKeyGram(double[] t, int a)
    {
        var q = Rows(t, a, Wq, Bq);
        var k = Rows(t, a, Wk, Bk);
        for (int i = 0; i < R; i++) for (int j = 0; j < R; j++) q[i, j] -= k[i, j];
        return q;
    }

    /// <summary>Head a's value–output Gram W_V^a W_V^aᵀ + b_V b_Vᵀ − W_O^aᵀ W_O^a.</summary>
    public double[,] ValueOutputGram(double[] t, int a)
    {
        var g = Rows(t, a, Wv, Bv);
        for (int i = 0; i < R; i++)
            for (int j = 0; j < R; j++)
                for (int o = 0; o < D; o++) g[i, j] -= t[Wo + o * P + a * R + i] * t[Wo + o * P + a * R + j];
        return g;
    }

    private double[,] Rows(double[] t, int a, int w, int b)
    {
        var g = new double[R, R];
        for (int i = 0; i < R; i++)
            for (int j = 0; j < R; j++)
            {
                int ri = a * R + i, rj = a * R + j;
                double acc = b >= 0 ? t[b + ri] * t[b + rj] : 0;
                for (int c = 0; c < D; c++) acc += t[w + ri * D + c] * t[w + rj * D + c];
                g[i, j] = acc;
            }

        return g;
    }
}
