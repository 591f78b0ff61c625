using System;
using System.Numerics.Tensors;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>One hidden layer's laws on the flat θ, in the arguments of <c>GramLaws</c>.</summary>
public readonly record struct LawLayer(int InWeights, int Inputs, int Bias, int OutWeights, int Outputs, int Width, bool Diagonal)
{
    public int Count => Diagonal ? Width : Width * (Width + 1) / 2;

    /// <summary>The hidden layers of a chain of dense layers (θ: each layer's weights [outputs, inputs], then its bias).</summary>
    public static LawLayer[] Chain(int[] widths, bool[] biases, bool diagonal)
    {
        var offsets = new int[widths.Length];
        for (int k = 0; k + 1 < widths.Length; k++) offsets[k + 1] = offsets[k] + widths[k] * widths[k + 1] + (biases[k] ? widths[k + 1] : 0);
        var layers = new LawLayer[widths.Length - 2];
        for (int k = 0; k < layers.Length; k++)
        {
            int bias = biases[k] ? offsets[k] + widths[k] * widths[k + 1] : -1;
            layers[k] = new LawLayer(offsets[k], widths[k], bias, offsets[k + 1], widths[k + 2], widths[k + 1], diagonal);
        }

        return layers;
    }

    public ReadOnlySpan<double> InRow(ReadOnlySpan<double> v, int i) => v.Slice(InWeights + i * Inputs, Inputs);

    public ReadOnlySpan<double> OutRow(ReadOnlySpan<double> v, int l) => v.Slice(OutWeights + l * Width, Width);

    public double BiasOf(ReadOnlySpan<double> v, int i) => Bias >= 0 ? v[Bias + i] : 0d;
}

/// <summary>
/// The best plain TensorPrimitives kernels for the laws on the same flat layout, written by hand: balances as a sum of
/// squares per incoming row plus the outgoing column norms accumulated row by row; Gram entries as one Dot per entry
/// plus rank-1 updates of the triangle rows for the outgoing part.
/// </summary>
public static class TensorPrimitivesLaws
{
    public static void Evaluate(ReadOnlySpan<double> v, in LawLayer l, double scale, Span<double> d)
    {
        if (l.Diagonal)
        {
            OutgoingDiagonal(v, v, l, d);
            for (int i = 0; i < l.Width; i++)
            {
                double b = l.BiasOf(v, i);
                d[i] = scale * (TensorPrimitives.SumOfSquares(l.InRow(v, i)) + b * b - d[i]);
            }

            return;
        }

        int k = 0;
        for (int i = 0; i < l.Width; i++)
            for (int j = i; j < l.Width; j++) d[k++] = TensorPrimitives.Dot(l.InRow(v, i), l.InRow(v, j)) + l.BiasOf(v, i) * l.BiasOf(v, j);
        for (int o = 0; o < l.Outputs; o++)
        {
            var row = l.OutRow(v, o);
            k = 0;
            for (int i = 0; i < l.Width; i++)
            {
                var di = d.Slice(k, l.Width - i);
                TensorPrimitives.MultiplyAdd(row.Slice(i), -row[i], di, di);
                k += l.Width - i;
            }
        }

        if (scale != 1d) TensorPrimitives.Multiply(d.Slice(0, l.Count), scale, d);
    }

    public static void Bilinear(ReadOnlySpan<double> x, ReadOnlySpan<double> y, in LawLayer l, Span<double> d)
    {
        if (l.Diagonal)
        {
            OutgoingDiagonal(x, y, l, d);
            for (int i = 0; i < l.Width; i++)
                d[i] = TensorPrimitives.Dot(l.InRow(x, i), l.InRow(y, i)) + l.BiasOf(x, i) * l.BiasOf(y, i) - d[i];
            return;
        }

        int k = 0;
        for (int i = 0; i < l.Width; i++)
            for (int j = i; j < l.Width; j++)
                d[k++] = 0.5 * (TensorPrimitives.Dot(l.InRow(x, i), l.InRow(y, j)) + TensorPrimitives.Dot(l.InRow(y, i), l.InRow(x, j))
                    + l.BiasOf(x, i) * l.BiasOf(y, j) + l.BiasOf(y, i) * l.BiasOf(x, j));
        for (int o = 0; o < l.Outputs; o++)
        {
            ReadOnlySpan<double> xo = l.OutRow(x, o), yo = l.OutRow(y, o);
            k = 0;
            for (int i = 0; i < l.Width; i++)
            {
                var di = d.Slice(k, l.Width - i);
                TensorPrimitives.MultiplyAdd(yo.Slice(i), -0.5 * xo[i], di, di);
                TensorPrimitives.MultiplyAdd(xo.Slice(i), -0.5 * yo[i], di, di);
                k += l.Width - i;
            }
        }
    }

    /// <summary>Q(θ + Δ) − Q(θ) = Σ θ_i Δ_j + Δ_i u_j with u = θ + Δ (written into <paramref name="u"/>, θ's length).</summary>
    public static void Change(ReadOnlySpan<double> theta, ReadOnlySpan<double> delta, in LawLayer l, Span<double> u, Span<double> d)
    {
        if (l.Diagonal)
        {
            // Σ Δ(2θ + Δ); the outgoing part row by row through a width-long buffer.
            var t = u.Slice(0, l.Width);
            d.Slice(0, l.Width).Clear();
            for (int o = 0; o < l.Outputs; o++)
            {
                TensorPrimitives.MultiplyAdd(l.OutRow(theta, o), 2d, l.OutRow(delta, o), t);
                TensorPrimitives.MultiplyAdd(l.OutRow(delta, o), t, d, d);
            }

            for (int i = 0; i < l.Width; i++)
            {
                var e = l.InRow(delta, i);
                double b = l.BiasOf(theta, i), db = l.BiasOf(delta, i);
                d[i] = 2d * TensorPrimitives.Dot(l.InRow(theta, i), e) + TensorPrimitives.SumOfSquares(e) + db * (2d * b + db) - d[i];
            }

            return;
        }

        int inLength = l.Inputs * l.Width;
        TensorPrimitives.Add(theta.Slice(l.InWeights, inLength), delta.Slice(l.InWeights, inLength), u.Slice(l.InWeights));
        if (l.Bias >= 0) TensorPrimitives.Add(theta.Slice(l.Bias, l.Width), delta.Slice(l.Bias, l.Width), u.Slice(l.Bias));
        TensorPrimitives.Add(theta.Slice(l.OutWeights, l.Outputs * l.Width), delta.Slice(l.OutWeights, l.Outputs * l.Width), u.Slice(l.OutWeights));
        ReadOnlySpan<double> uu = u;
        int k = 0;
        for (int i = 0; i < l.Width; i++)
            for (int j = i; j < l.Width; j++)
                d[k++] = TensorPrimitives.Dot(l.InRow(theta, i), l.InRow(delta, j)) + TensorPrimitives.Dot(l.InRow(delta, i), l.InRow(uu, j))
                    + l.BiasOf(theta, i) * l.BiasOf(delta, j) + l.BiasOf(delta, i) * l.BiasOf(uu, j);
        for (int o = 0; o < l.Outputs; o++)
        {
            ReadOnlySpan<double> to = l.OutRow(theta, o), eo = l.OutRow(delta, o), uo = l.OutRow(uu, o);
            k = 0;
            for (int i = 0; i < l.Width; i++)
            {
                var di = d.Slice(k, l.Width - i);
                TensorPrimitives.MultiplyAdd(eo.Slice(i), -to[i], di, di);
                TensorPrimitives.MultiplyAdd(uo.Slice(i), -eo[i], di, di);
                k += l.Width - i;
            }
        }
    }

    // d[i] = Σ_o x[o,i]·y[o,i], row by row of W_out.
    private static void OutgoingDiagonal(ReadOnlySpan<double> x, ReadOnlySpan<double> y, in LawLayer l, Span<double> d)
    {
        var di = d.Slice(0, l.Width);
        di.Clear();
        for (int o = 0; o < l.Outputs; o++) TensorPrimitives.MultiplyAdd(l.OutRow(x, o), l.OutRow(y, o), di, di);
    }
}

/// <summary>The scalar reference: GramLaws' loops before the SIMD kernels, one law entry at a time.</summary>
public static class ScalarLaws
{
    public static void Evaluate(ReadOnlySpan<double> theta, in LawLayer l, double scale, Span<double> destination)
    {
        int k = 0;
        for (int i = 0; i < l.Width; i++)
        {
            var rowI = l.InRow(theta, i);
            int last = l.Diagonal ? i : l.Width - 1;
            for (int j = i; j <= last; j++)
            {
                var rowJ = l.InRow(theta, j);
                double q = 0;
                for (int c = 0; c < l.Inputs; c++) q += rowI[c] * rowJ[c];
                if (l.Bias >= 0) q += theta[l.Bias + i] * theta[l.Bias + j];
                for (int o = 0; o < l.Outputs; o++) q -= theta[l.OutWeights + o * l.Width + i] * theta[l.OutWeights + o * l.Width + j];
                destination[k++] = scale * q;
            }
        }
    }

    public static void Bilinear(ReadOnlySpan<double> x, ReadOnlySpan<double> y, in LawLayer l, Span<double> destination)
    {
        int k = 0, n = l.Inputs, w = l.Width, inW = l.InWeights, outW = l.OutWeights, bias = l.Bias;
        for (int i = 0; i < w; i++)
        {
            int last = l.Diagonal ? i : w - 1;
            for (int j = i; j <= last; j++)
            {
                double q = 0;
                for (int c = 0; c < n; c++) q += x[inW + i * n + c] * y[inW + j * n + c] + y[inW + i * n + c] * x[inW + j * n + c];
                if (bias >= 0) q += x[bias + i] * y[bias + j] + y[bias + i] * x[bias + j];
                for (int o = 0; o < l.Outputs; o++) q -= x[outW + o * w + i] * y[outW + o * w + j] + y[outW + o * w + i] * x[outW + o * w + j];
                destination[k++] = 0.5 * q;
            }
        }
    }

    public static void Change(ReadOnlySpan<double> theta, ReadOnlySpan<double> delta, in LawLayer l, Span<double> destination)
    {
        int k = 0, n = l.Inputs, w = l.Width, inW = l.InWeights, outW = l.OutWeights, bias = l.Bias;
        for (int i = 0; i < w; i++)
        {
            int last = l.Diagonal ? i : w - 1;
            for (int j = i; j <= last; j++)
            {
                double q = 0;
                for (int c = 0; c < n; c++)
                {
                    int a = inW + i * n + c, b = inW + j * n + c;
                    q += theta[a] * delta[b] + delta[a] * (theta[b] + delta[b]);
                }

                if (bias >= 0) q += theta[bias + i] * delta[bias + j] + delta[bias + i] * (theta[bias + j] + delta[bias + j]);
                for (int o = 0; o < l.Outputs; o++)
                {
                    int a = outW + o * w + i, b = outW + o * w + j;
                    q -= theta[a] * delta[b] + delta[a] * (theta[b] + delta[b]);
                }

                destination[k++] = q;
            }
        }
    }
}
