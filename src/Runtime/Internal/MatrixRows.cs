using System;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// Row-major matrix products built from <see cref="TensorPrimitives"/> row operations (SIMD multiply-adds and dot
/// products), for the φ loop kernel. Every routine writes its destination and allocates nothing.
/// </summary>
internal static class MatrixRows
{
    /// <summary>c (rows × cols) = a (rows × inner) · b (inner × cols), or c += a·b when <paramref name="accumulate"/>.</summary>
    public static void Product(
        ReadOnlySpan<double> a, int rows, int inner, ReadOnlySpan<double> b, int cols, Span<double> c, bool accumulate)
    {
        for (int i = 0; i < rows; i++)
        {
            var row = c.Slice(i * cols, cols);
            var ai = a.Slice(i * inner, inner);
            int k = 0;
            if (!accumulate)
            {
                TensorPrimitives.Multiply(b.Slice(0, cols), ai[0], row);
                k = 1;
            }

            for (; k < inner; k++) TensorPrimitives.MultiplyAdd(b.Slice(k * cols, cols), ai[k], row, row);
        }
    }

    /// <summary>c (rows × bRows) = a (rows × inner) · bᵀ, b being bRows × inner: one dot product per entry.</summary>
    public static void ProductTransposedRight(
        ReadOnlySpan<double> a, int rows, int inner, ReadOnlySpan<double> b, int bRows, Span<double> c)
    {
        for (int i = 0; i < rows; i++)
        {
            var ai = a.Slice(i * inner, inner);
            for (int j = 0; j < bRows; j++) c[i * bRows + j] = TensorPrimitives.Dot(ai, b.Slice(j * inner, inner));
        }
    }

    /// <summary>c (aCols × cols) = aᵀ · b, a being aRows × aCols and b aRows × cols.</summary>
    public static void ProductTransposedLeft(
        ReadOnlySpan<double> a, int aRows, int aCols, ReadOnlySpan<double> b, int cols, Span<double> c)
    {
        c.Slice(0, aCols * cols).Clear();
        for (int r = 0; r < aRows; r++)
        {
            var br = b.Slice(r * cols, cols);
            for (int j = 0; j < aCols; j++)
            {
                var row = c.Slice(j * cols, cols);
                TensorPrimitives.MultiplyAdd(br, a[r * aCols + j], row, row);
            }
        }
    }

    /// <summary>y (rows) = a (rows × cols) · x, or y += a·x when <paramref name="accumulate"/>.</summary>
    public static void Times(ReadOnlySpan<double> a, int rows, int cols, ReadOnlySpan<double> x, Span<double> y, bool accumulate)
    {
        for (int i = 0; i < rows; i++)
        {
            double dot = TensorPrimitives.Dot(a.Slice(i * cols, cols), x.Slice(0, cols));
            y[i] = accumulate ? y[i] + dot : dot;
        }
    }

    /// <summary>y (cols) = aᵀ · x, a being rows × cols.</summary>
    public static void TransposeTimes(ReadOnlySpan<double> a, int rows, int cols, ReadOnlySpan<double> x, Span<double> y)
    {
        var target = y.Slice(0, cols);
        target.Clear();
        for (int i = 0; i < rows; i++) TensorPrimitives.MultiplyAdd(a.Slice(i * cols, cols), x[i], target, target);
    }
}
