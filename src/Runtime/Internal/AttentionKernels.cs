using System;
using System.Buffers;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// Forward pass and backpropagation of a self-attention <see cref="NetworkBlock"/> over samples of T tokens × d features
/// (token-major, samples one after another), one head at a time: Q, K, V = X Wᵀ + b; A = softmax over the keys of
/// QKᵀ/√r; the head adds A V W_Oᵀ. The backward pass recomputes the head's forward values (nothing is kept between the
/// passes) and accumulates into the gradient and the input gradient.
/// </summary>
internal static class AttentionKernels
{
    public static void Forward(in NetworkBlock block, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, int batchSize, int tokens, Span<double> z)
    {
        var a = block.Attention!;
        int d = block.InChannels, r = a.HeadDim, t = tokens;
        var buffer = ArrayPool<double>.Shared.Rent(4 * t * r + t * t);
        try
        {
            z.Slice(0, batchSize * t * d).Clear();
            for (int s = 0; s < batchSize; s++)
            {
                var xs = x.Slice(s * t * d, t * d);
                var zs = z.Slice(s * t * d, t * d);
                for (int head = 0; head < a.Heads; head++)
                {
                    Head(a, theta, xs, d, t, head, buffer);
                    var h = buffer.AsSpan(3 * t * r, t * r);
                    for (int token = 0; token < t; token++)
                        for (int o = 0; o < d; o++)
                            zs[token * d + o] += TensorPrimitives.Dot(theta.Slice(a.OutputWeights + o * a.Projection + head * r, r), h.Slice(token * r, r));
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    public static void Backward(
        in NetworkBlock block, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> dz, int batchSize, int tokens, Span<double> gradient, Span<double> dx)
    {
        var a = block.Attention!;
        int d = block.InChannels, r = a.HeadDim, t = tokens, p = a.Projection;
        var buffer = ArrayPool<double>.Shared.Rent(4 * t * r + t * t);
        var work = ArrayPool<double>.Shared.Rent(4 * t * r + 2 * t * t);
        double scale = 1 / Math.Sqrt(r);
        try
        {
            for (int s = 0; s < batchSize; s++)
            {
                var xs = x.Slice(s * t * d, t * d);
                var dzs = dz.Slice(s * t * d, t * d);
                for (int head = 0; head < a.Heads; head++)
                {
                    Head(a, theta, xs, d, t, head, buffer);
                    Span<double> q = buffer.AsSpan(0, t * r), k = buffer.AsSpan(t * r, t * r), v = buffer.AsSpan(2 * t * r, t * r);
                    Span<double> h = buffer.AsSpan(3 * t * r, t * r), attention = buffer.AsSpan(4 * t * r, t * t);
                    var w = work.AsSpan(0, 4 * t * r + 2 * t * t);
                    w.Clear();
                    Span<double> dh = w.Slice(0, t * r), dq = w.Slice(t * r, t * r), dk = w.Slice(2 * t * r, t * r), dv = w.Slice(3 * t * r, t * r);
                    Span<double> da = w.Slice(4 * t * r, t * t), ds = w.Slice(4 * t * r + t * t, t * t);

                    // Output weights and ∂/∂H: W_O^a[o, i] reads H[·, i].
                    for (int o = 0; o < d; o++)
                    {
                        var gwo = gradient.Slice(a.OutputWeights + o * p + head * r, r);
                        var wo = theta.Slice(a.OutputWeights + o * p + head * r, r);
                        for (int token = 0; token < t; token++)
                        {
                            double g = dzs[token * d + o];
                            if (g == 0) continue;
                            TensorPrimitives.MultiplyAdd(h.Slice(token * r, r), g, gwo, gwo);
                            TensorPrimitives.MultiplyAdd(wo, g, dh.Slice(token * r, r), dh.Slice(token * r, r));
                        }
                    }

                    // H = A V: ∂A[t,u] = ⟨∂H[t], V[u]⟩, ∂V[u] += A[t,u] ∂H[t]; softmax: ∂S = A ⊙ (∂A − ⟨∂A, A⟩ per row), times 1/√r.
                    for (int i = 0; i < t; i++)
                    {
                        double weighted = 0;
                        for (int u = 0; u < t; u++)
                        {
                            da[i * t + u] = TensorPrimitives.Dot(dh.Slice(i * r, r), v.Slice(u * r, r));
                            TensorPrimitives.MultiplyAdd(dh.Slice(i * r, r), attention[i * t + u], dv.Slice(u * r, r), dv.Slice(u * r, r));
                            weighted += da[i * t + u] * attention[i * t + u];
                        }

                        for (int u = 0; u < t; u++) ds[i * t + u] = attention[i * t + u] * (da[i * t + u] - weighted) * scale;
                    }

                    // S = Q Kᵀ: ∂Q[t] = Σ_u ∂S[t,u] K[u], ∂K[u] = Σ_t ∂S[t,u] Q[t].
                    for (int i = 0; i < t; i++)
                        for (int u = 0; u < t; u++)
                        {
                            double g = ds[i * t + u];
                            TensorPrimitives.MultiplyAdd(k.Slice(u * r, r), g, dq.Slice(i * r, r), dq.Slice(i * r, r));
                            TensorPrimitives.MultiplyAdd(q.Slice(i * r, r), g, dk.Slice(u * r, r), dk.Slice(u * r, r));
                        }

                    Project(theta, xs, d, t, r, head, a.QueryWeights, a.QueryBias, dq, gradient, dx.IsEmpty ? default : dx.Slice(s * t * d, t * d));
                    Project(theta, xs, d, t, r, head, a.KeyWeights, a.KeyBias, dk, gradient, dx.IsEmpty ? default : dx.Slice(s * t * d, t * d));
                    Project(theta, xs, d, t, r, head, a.ValueWeights, a.ValueBias, dv, gradient, dx.IsEmpty ? default : dx.Slice(s * t * d, t * d));
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
            ArrayPool<double>.Shared.Return(work);
        }
    }

    // P = X Wᵀ + b for rows a·r … (a+1)·r − 1 of W: ∂W += ∂Pᵀ X, ∂b += Σ_t ∂P[t], ∂X += ∂P W.
    private static void Project(
        ReadOnlySpan<double> theta, ReadOnlySpan<double> xs, int d, int t, int r, int head, int weights, int bias, ReadOnlySpan<double> dp,
        Span<double> gradient, Span<double> dxs)
    {
        for (int i = 0; i < r; i++)
        {
            int row = head * r + i;
            var gw = gradient.Slice(weights + row * d, d);
            var w = theta.Slice(weights + row * d, d);
            for (int token = 0; token < t; token++)
            {
                double g = dp[token * r + i];
                if (g == 0) continue;
                TensorPrimitives.MultiplyAdd(xs.Slice(token * d, d), g, gw, gw);
                if (bias >= 0) gradient[bias + row] += g;
                if (!dxs.IsEmpty) TensorPrimitives.MultiplyAdd(w, g, dxs.Slice(token * d, d), dxs.Slice(token * d, d));
            }
        }
    }

    // One head's Q, K, V, H = A V (t × r each, at 0, tr, 2tr, 3tr) and softmax weights A (t × t, at 4tr) in the buffer.
    private static void Head(
        AttentionLayout a, ReadOnlySpan<double> theta, ReadOnlySpan<double> xs, int d, int t, int head, double[] buffer)
    {
        int r = a.HeadDim;
        var span = buffer.AsSpan(0, 4 * t * r + t * t);
        Span<double> q = span.Slice(0, t * r), k = span.Slice(t * r, t * r), v = span.Slice(2 * t * r, t * r), h = span.Slice(3 * t * r, t * r);
        var attention = span.Slice(4 * t * r, t * t);
        Fill(theta, xs, d, t, r, head, a.QueryWeights, a.QueryBias, q);
        Fill(theta, xs, d, t, r, head, a.KeyWeights, a.KeyBias, k);
        Fill(theta, xs, d, t, r, head, a.ValueWeights, a.ValueBias, v);
        double scale = 1 / Math.Sqrt(r);
        for (int i = 0; i < t; i++)
        {
            var row = attention.Slice(i * t, t);
            for (int u = 0; u < t; u++) row[u] = TensorPrimitives.Dot(q.Slice(i * r, r), k.Slice(u * r, r)) * scale;
            TensorPrimitives.SoftMax(row, row);
        }

        h.Clear();
        for (int i = 0; i < t; i++)
            for (int u = 0; u < t; u++)
                TensorPrimitives.MultiplyAdd(v.Slice(u * r, r), attention[i * t + u], h.Slice(i * r, r), h.Slice(i * r, r));
    }

    private static void Fill(ReadOnlySpan<double> theta, ReadOnlySpan<double> xs, int d, int t, int r, int head, int weights, int bias, Span<double> p)
    {
        for (int token = 0; token < t; token++)
            for (int i = 0; i < r; i++)
            {
                int row = head * r + i;
                p[token * r + i] = TensorPrimitives.Dot(theta.Slice(weights + row * d, d), xs.Slice(token * d, d)) + (bias >= 0 ? theta[bias + row] : 0);
            }
    }
}
