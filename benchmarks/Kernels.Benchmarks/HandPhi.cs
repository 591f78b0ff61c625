using System;
using System.Numerics.Tensors;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>
/// Hand-written φ, JVP and VJP on the flat θ (weights row-major [outputs, inputs], then the bias, layer by layer),
/// written for one architecture each, as a user would: the baselines of <see cref="PhiBenchmarks"/>.
/// </summary>
public interface IHandPhi
{
    void Phi(ReadOnlySpan<double> t, Span<double> phi);
    /// <summary>φ with <see cref="TensorPrimitives"/> for the row operations.</summary>
    void PhiTensor(ReadOnlySpan<double> t, Span<double> phi);
    void Jvp(ReadOnlySpan<double> t, ReadOnlySpan<double> v, Span<double> result);
    void Vjp(ReadOnlySpan<double> t, ReadOnlySpan<double> w, Span<double> result);
}

/// <summary>n0 → n1 (gated, bias) → n2 (bias): φ[x, y, z] = W2[x,y]·W1[y,z], then W2[x,y]·b1[y], then b2[x].</summary>
public sealed class HandGatedPair(int n0, int n1, int n2) : IHandPhi
{
    private readonly int _b1 = n1 * n0, _w2 = n1 * n0 + n1, _b2 = n1 * n0 + n1 + n2 * n1;

    public void Phi(ReadOnlySpan<double> t, Span<double> phi)
    {
        int o = 0;
        for (int x = 0; x < n2; x++)
        {
            for (int y = 0; y < n1; y++)
            {
                double w = t[_w2 + x * n1 + y];
                for (int z = 0; z < n0; z++) phi[o++] = w * t[y * n0 + z];
                phi[o++] = w * t[_b1 + y];
            }

            phi[o++] = t[_b2 + x];
        }
    }

    public void PhiTensor(ReadOnlySpan<double> t, Span<double> phi)
    {
        int o = 0;
        for (int x = 0; x < n2; x++)
        {
            for (int y = 0; y < n1; y++)
            {
                double w = t[_w2 + x * n1 + y];
                TensorPrimitives.Multiply(t.Slice(y * n0, n0), w, phi.Slice(o, n0));
                o += n0;
                phi[o++] = w * t[_b1 + y];
            }

            phi[o++] = t[_b2 + x];
        }
    }

    public void Jvp(ReadOnlySpan<double> t, ReadOnlySpan<double> v, Span<double> r)
    {
        int o = 0;
        for (int x = 0; x < n2; x++)
        {
            for (int y = 0; y < n1; y++)
            {
                double w = t[_w2 + x * n1 + y], dw = v[_w2 + x * n1 + y];
                for (int z = 0; z < n0; z++) r[o++] = dw * t[y * n0 + z] + w * v[y * n0 + z];
                r[o++] = dw * t[_b1 + y] + w * v[_b1 + y];
            }

            r[o++] = v[_b2 + x];
        }
    }

    public void Vjp(ReadOnlySpan<double> t, ReadOnlySpan<double> w, Span<double> r)
    {
        r.Clear();
        int o = 0;
        for (int x = 0; x < n2; x++)
        {
            for (int y = 0; y < n1; y++)
            {
                double a = t[_w2 + x * n1 + y], dot = 0;
                for (int z = 0; z < n0; z++)
                {
                    double g = w[o++];
                    dot += g * t[y * n0 + z];
                    r[y * n0 + z] += a * g;
                }

                double gb = w[o++];
                r[_w2 + x * n1 + y] = dot + gb * t[_b1 + y];
                r[_b1 + y] += a * gb;
            }

            r[_b2 + x] = w[o++];
        }
    }
}

/// <summary>n0 → n1 → n2 (both gated, bias) → n3 (bias): φ[x, y2, y1, z] = W3[x,y2]·W2[y2,y1]·W1[y1,z] with the bias columns.</summary>
public sealed class HandGatedTriple(int n0, int n1, int n2, int n3) : IHandPhi
{
    private readonly int _b1 = n1 * n0, _w2 = n1 * n0 + n1, _b2 = n1 * n0 + n1 + n2 * n1,
        _w3 = n1 * n0 + n1 + n2 * n1 + n2, _b3 = n1 * n0 + n1 + n2 * n1 + n2 + n3 * n2;

    public void Phi(ReadOnlySpan<double> t, Span<double> phi)
    {
        int o = 0;
        for (int x = 0; x < n3; x++)
        {
            for (int y2 = 0; y2 < n2; y2++)
            {
                double w3 = t[_w3 + x * n2 + y2];
                for (int y1 = 0; y1 < n1; y1++)
                {
                    double c = w3 * t[_w2 + y2 * n1 + y1];
                    for (int z = 0; z < n0; z++) phi[o++] = c * t[y1 * n0 + z];
                    phi[o++] = c * t[_b1 + y1];
                }

                phi[o++] = w3 * t[_b2 + y2];
            }

            phi[o++] = t[_b3 + x];
        }
    }

    public void PhiTensor(ReadOnlySpan<double> t, Span<double> phi)
    {
        int o = 0;
        for (int x = 0; x < n3; x++)
        {
            for (int y2 = 0; y2 < n2; y2++)
            {
                double w3 = t[_w3 + x * n2 + y2];
                for (int y1 = 0; y1 < n1; y1++)
                {
                    double c = w3 * t[_w2 + y2 * n1 + y1];
                    TensorPrimitives.Multiply(t.Slice(y1 * n0, n0), c, phi.Slice(o, n0));
                    o += n0;
                    phi[o++] = c * t[_b1 + y1];
                }

                phi[o++] = w3 * t[_b2 + y2];
            }

            phi[o++] = t[_b3 + x];
        }
    }

    public void Jvp(ReadOnlySpan<double> t, ReadOnlySpan<double> v, Span<double> r)
    {
        int o = 0;
        for (int x = 0; x < n3; x++)
        {
            for (int y2 = 0; y2 < n2; y2++)
            {
                double w3 = t[_w3 + x * n2 + y2], dw3 = v[_w3 + x * n2 + y2];
                for (int y1 = 0; y1 < n1; y1++)
                {
                    double w2 = t[_w2 + y2 * n1 + y1];
                    double c = w3 * w2, dc = dw3 * w2 + w3 * v[_w2 + y2 * n1 + y1];
                    for (int z = 0; z < n0; z++) r[o++] = dc * t[y1 * n0 + z] + c * v[y1 * n0 + z];
                    r[o++] = dc * t[_b1 + y1] + c * v[_b1 + y1];
                }

                r[o++] = dw3 * t[_b2 + y2] + w3 * v[_b2 + y2];
            }

            r[o++] = v[_b3 + x];
        }
    }

    public void Vjp(ReadOnlySpan<double> t, ReadOnlySpan<double> w, Span<double> r)
    {
        r.Clear();
        int o = 0;
        for (int x = 0; x < n3; x++)
        {
            for (int y2 = 0; y2 < n2; y2++)
            {
                double w3 = t[_w3 + x * n2 + y2], g3 = 0;
                for (int y1 = 0; y1 < n1; y1++)
                {
                    double w2 = t[_w2 + y2 * n1 + y1], c = w3 * w2, dot = 0;
                    for (int z = 0; z < n0; z++)
                    {
                        double g = w[o++];
                        dot += g * t[y1 * n0 + z];
                        r[y1 * n0 + z] += c * g;
                    }

                    double gb = w[o++];
                    dot += gb * t[_b1 + y1];
                    r[_b1 + y1] += c * gb;
                    r[_w2 + y2 * n1 + y1] += w3 * dot;
                    g3 += w2 * dot;
                }

                double gb2 = w[o++];
                r[_w3 + x * n2 + y2] = g3 + gb2 * t[_b2 + y2];
                r[_b2 + y2] += w3 * gb2;
            }

            r[_b3 + x] = w[o++];
        }
    }
}

/// <summary>Linear chain without bias, widths n_0 … n_L: φ = W_L⋯W_1 (n_L × n_0), multiplied right to left.</summary>
public sealed class HandLinearChain : IHandPhi
{
    private readonly int[] _n;
    private readonly int[] _offset;
    private readonly double[][] _prefix, _tangent, _adjoint;

    public HandLinearChain(params int[] widths)
    {
        _n = widths;
        int layers = widths.Length - 1;
        _offset = new int[layers];
        for (int k = 1; k < layers; k++) _offset[k] = _offset[k - 1] + widths[k] * widths[k - 1];
        _prefix = new double[layers][];
        _tangent = new double[layers][];
        _adjoint = new double[layers][];
        for (int k = 0; k < layers; k++)
        {
            _prefix[k] = new double[widths[k + 1] * widths[0]];
            _tangent[k] = new double[widths[k + 1] * widths[0]];
            _adjoint[k] = new double[widths[k + 1] * widths[0]];
        }
    }

    private int Layers => _n.Length - 1;

    public void Phi(ReadOnlySpan<double> t, Span<double> phi) => Multiply(t, phi, tensor: false);

    public void PhiTensor(ReadOnlySpan<double> t, Span<double> phi) => Multiply(t, phi, tensor: true);

    // P_0 = W_1, P_k = W_{k+1} P_{k−1}; the last product goes straight to φ.
    private void Multiply(ReadOnlySpan<double> t, Span<double> phi, bool tensor)
    {
        int m = _n[0];
        ReadOnlySpan<double> p = t.Slice(0, _n[1] * m);
        for (int k = 1; k < Layers; k++)
        {
            Span<double> target = k == Layers - 1 ? phi : _prefix[k];
            var w = t.Slice(_offset[k], _n[k + 1] * _n[k]);
            if (tensor) TensorProduct(w, _n[k + 1], _n[k], p, m, target);
            else ScalarProduct(w, _n[k + 1], _n[k], p, m, target, accumulate: false);
            p = _prefix[k];
        }

        if (Layers == 1) p.CopyTo(phi);
    }

    public void Jvp(ReadOnlySpan<double> t, ReadOnlySpan<double> v, Span<double> r)
    {
        int m = _n[0];
        ReadOnlySpan<double> p = t.Slice(0, _n[1] * m), dp = v.Slice(0, _n[1] * m);
        for (int k = 1; k < Layers; k++)
        {
            var w = t.Slice(_offset[k], _n[k + 1] * _n[k]);
            var dw = v.Slice(_offset[k], _n[k + 1] * _n[k]);
            Span<double> dtarget = k == Layers - 1 ? r : _tangent[k];
            ScalarProduct(dw, _n[k + 1], _n[k], p, m, dtarget, accumulate: false);
            ScalarProduct(w, _n[k + 1], _n[k], dp, m, dtarget, accumulate: true);
            if (k < Layers - 1) ScalarProduct(w, _n[k + 1], _n[k], p, m, _prefix[k], accumulate: false);
            p = _prefix[k];
            dp = _tangent[k];
        }
    }

    public void Vjp(ReadOnlySpan<double> t, ReadOnlySpan<double> w, Span<double> r)
    {
        int m = _n[0];
        for (int k = 1; k < Layers - 1; k++)
            ScalarProduct(t.Slice(_offset[k], _n[k + 1] * _n[k]), _n[k + 1], _n[k], k == 1 ? t.Slice(0, _n[1] * m) : _prefix[k - 1], m, _prefix[k], accumulate: false);
        ReadOnlySpan<double> g = w;
        for (int k = Layers - 1; k >= 1; k--)
        {
            // W̄_k = Ḡ P_{k−1}ᵀ, Ḡ ← W_kᵀ Ḡ
            ReadOnlySpan<double> p = k == 1 ? t.Slice(0, _n[1] * m) : _prefix[k - 1];
            for (int i = 0; i < _n[k + 1]; i++)
                for (int j = 0; j < _n[k]; j++)
                {
                    double dot = 0;
                    for (int c = 0; c < m; c++) dot += g[i * m + c] * p[j * m + c];
                    r[_offset[k] + i * _n[k] + j] = dot;
                }

            var next = _adjoint[k - 1];
            Array.Clear(next);
            for (int i = 0; i < _n[k + 1]; i++)
                for (int j = 0; j < _n[k]; j++)
                {
                    double a = t[_offset[k] + i * _n[k] + j];
                    for (int c = 0; c < m; c++) next[j * m + c] += a * g[i * m + c];
                }

            g = next;
        }

        g.Slice(0, _n[1] * m).CopyTo(r);
    }

    private static void ScalarProduct(ReadOnlySpan<double> a, int rows, int inner, ReadOnlySpan<double> b, int cols, Span<double> c, bool accumulate)
    {
        if (!accumulate) c.Slice(0, rows * cols).Clear();
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < inner; k++)
            {
                double aik = a[i * inner + k];
                for (int j = 0; j < cols; j++) c[i * cols + j] += aik * b[k * cols + j];
            }
    }

    private static void TensorProduct(ReadOnlySpan<double> a, int rows, int inner, ReadOnlySpan<double> b, int cols, Span<double> c)
    {
        for (int i = 0; i < rows; i++)
        {
            var row = c.Slice(i * cols, cols);
            TensorPrimitives.Multiply(b.Slice(0, cols), a[i * inner], row);
            for (int k = 1; k < inner; k++) TensorPrimitives.MultiplyAdd(b.Slice(k * cols, cols), a[i * inner + k], row, row);
        }
    }
}
