using System;
using System.ComponentModel;

namespace ConservationCodegen.Internal;

/// <summary>
/// Loop evaluation of a Gram law shared by several matrices, Q[i, j] = Σ_s sign_s ⟨v_s(r_i), v_s(r_j)⟩ with
/// r_i = firstUnit + i (an attention head's query–key or value–output Gram), as its upper triangle row by row. Each
/// slice is five integers in <c>slices</c>: sign (±1), the offset of unit 0's entry 0, the stride between units, the
/// stride between a unit's entries, and the entries per unit (a row of W_Q: stride d between units, 1 between entries;
/// a column of W_O: 1 and heads·headDim; a bias: 1, 0 and length 1). Generated code calls it with constants; user code
/// should call the generated members instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SliceGramLaws
{
    /// <summary>Writes <paramref name="scale"/>·Q(θ): the laws (scale 1), or the drift η²·Q(g) of a gradient step.</summary>
    public static void Evaluate(ReadOnlySpan<double> theta, ReadOnlySpan<int> slices, int firstUnit, int width, double scale, Span<double> destination) =>
        Write(theta, theta, slices, firstUnit, width, destination, Mode.Value, scale);

    /// <summary>Writes the polarisation B(x, y) with B(θ, θ) = Q(θ): ½ Σ_s sign_s Σ_c (x_ic y_jc + y_ic x_jc).</summary>
    public static void EvaluateBilinear(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<int> slices, int firstUnit, int width, Span<double> destination) =>
        Write(x, y, slices, firstUnit, width, destination, Mode.Bilinear, 1);

    /// <summary>Writes the exact change Q(θ + Δ) − Q(θ) = Σ_s sign_s Σ_c (θ_ic Δ_jc + Δ_ic θ_jc + Δ_ic Δ_jc), from the expansion.</summary>
    public static void EvaluateChange(ReadOnlySpan<double> theta, ReadOnlySpan<double> delta, ReadOnlySpan<int> slices, int firstUnit, int width, Span<double> destination) =>
        Write(theta, delta, slices, firstUnit, width, destination, Mode.Change, 1);

    private enum Mode { Value, Bilinear, Change }

    private static void Write(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<int> slices, int firstUnit, int width, Span<double> destination, Mode mode, double scale)
    {
        if (slices.Length % 5 != 0) throw new ArgumentException("Each slice is five integers.", nameof(slices));
        if (x.Length != y.Length) throw new ArgumentException("Both vectors must have the same length.", nameof(y));
        int count = width * (width + 1) / 2;
        if (destination.Length < count) throw new ArgumentException($"The destination needs {count} entries.", nameof(destination));
        for (int s = 0; s < slices.Length; s += 5)
        {
            long last = slices[s + 1] + (long)(firstUnit + width - 1) * slices[s + 2] + (long)(slices[s + 4] - 1) * slices[s + 3];
            if (slices[s + 1] < 0 || last >= x.Length) throw new ArgumentException("A slice reaches past the parameters.", nameof(slices));
        }

        int k = 0;
        for (int i = 0; i < width; i++)
            for (int j = i; j < width; j++)
            {
                double q = 0;
                for (int s = 0; s < slices.Length; s += 5)
                {
                    int unitStride = slices[s + 2], entryStride = slices[s + 3], length = slices[s + 4];
                    int a = slices[s + 1] + (firstUnit + i) * unitStride, b = slices[s + 1] + (firstUnit + j) * unitStride;
                    double sum = mode switch
                    {
                        Mode.Value => Dot(x, a, x, b, entryStride, length),
                        Mode.Bilinear => 0.5 * (Dot(x, a, y, b, entryStride, length) + Dot(y, a, x, b, entryStride, length)),
                        _ => Dot(x, a, y, b, entryStride, length) + Dot(y, a, x, b, entryStride, length) + Dot(y, a, y, b, entryStride, length),
                    };
                    q += slices[s] * sum;
                }

                destination[k++] = scale * q;
            }
    }

    // Rows (stride 1) go through TensorPrimitives; columns (an output matrix's) are strided.
    private static double Dot(ReadOnlySpan<double> x, int a, ReadOnlySpan<double> y, int b, int stride, int length)
    {
        if (stride == 1 || length == 1) return System.Numerics.Tensors.TensorPrimitives.Dot(x.Slice(a, length == 1 ? 1 : length), y.Slice(b, length == 1 ? 1 : length));
        double sum = 0;
        for (int c = 0; c < length; c++) sum += x[a + c * stride] * y[b + c * stride];
        return sum;
    }
}
