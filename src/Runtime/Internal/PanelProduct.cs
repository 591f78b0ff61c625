using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConservationCodegen.Internal;

/// <summary>
/// The matrix product c [rows, n] = a · b with b [inner, n] row-major and n large (the columns of an unfolded
/// convolution input), a small matrix either [rows, inner] or, transposed, [inner, rows].
/// </summary>
/// <remarks>
/// A block of 4 rows × 2 vectors of columns of c stays in registers while the rows of b stream through as rank-1
/// updates (a broadcast a[i, r] times b[r, j..]): 8 fused multiply-adds per 2 loads, where a row-by-row
/// multiply-add loads and stores c for every one. Column blocks are the outer loop, so the panel of b they read
/// (inner × 2 vectors) stays in L1 across all row blocks. Leftover rows and columns take plain loops.
/// </remarks>
internal static class PanelProduct
{
    private const int BlockRows = 4;

    /// <summary>Writes c = a·b (or aᵀ·b when <paramref name="transposed"/>, a then being [inner, rows]).</summary>
    public static void Multiply(ReadOnlySpan<double> a, int rows, int inner, bool transposed, ReadOnlySpan<double> b, int n, Span<double> c)
    {
        // Checked once, so the loops can index without bounds checks.
        if (rows < 0 || inner < 1 || n < 0 || a.Length < (long)rows * inner || b.Length < (long)inner * n || c.Length < (long)rows * n)
            throw new ArgumentException("The operands are shorter than their shapes.");
        int v = Vector<double>.Count, block = 2 * v, vectorColumns = Vector.IsHardwareAccelerated ? n / block * block : 0;
        // a(i, r) = a[i·rowStep + r·innerStep].
        int rowStep = transposed ? 1 : inner, innerStep = transposed ? rows : 1;
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rc = ref MemoryMarshal.GetReference(c);
        int fullRows = rows / BlockRows * BlockRows;
        for (int j = 0; j < vectorColumns; j += block)
        {
            for (int i0 = 0; i0 < fullRows; i0 += BlockRows)
            {
                Vector<double> c00 = default, c01 = default, c10 = default, c11 = default;
                Vector<double> c20 = default, c21 = default, c30 = default, c31 = default;
                ref double p = ref Unsafe.Add(ref rb, j);
                ref double q = ref Unsafe.Add(ref ra, i0 * rowStep);
                for (int r = 0; r < inner; r++)
                {
                    var b0 = Vector.LoadUnsafe(ref p);
                    var b1 = Vector.LoadUnsafe(ref p, (nuint)v);
                    var x = new Vector<double>(q);
                    c00 = Vector.FusedMultiplyAdd(x, b0, c00);
                    c01 = Vector.FusedMultiplyAdd(x, b1, c01);
                    x = new Vector<double>(Unsafe.Add(ref q, rowStep));
                    c10 = Vector.FusedMultiplyAdd(x, b0, c10);
                    c11 = Vector.FusedMultiplyAdd(x, b1, c11);
                    x = new Vector<double>(Unsafe.Add(ref q, 2 * rowStep));
                    c20 = Vector.FusedMultiplyAdd(x, b0, c20);
                    c21 = Vector.FusedMultiplyAdd(x, b1, c21);
                    x = new Vector<double>(Unsafe.Add(ref q, 3 * rowStep));
                    c30 = Vector.FusedMultiplyAdd(x, b0, c30);
                    c31 = Vector.FusedMultiplyAdd(x, b1, c31);
                    p = ref Unsafe.Add(ref p, n);
                    q = ref Unsafe.Add(ref q, innerStep);
                }

                ref double target = ref Unsafe.Add(ref rc, i0 * n + j);
                c00.StoreUnsafe(ref target);
                c01.StoreUnsafe(ref target, (nuint)v);
                c10.StoreUnsafe(ref target, (nuint)n);
                c11.StoreUnsafe(ref target, (nuint)(n + v));
                c20.StoreUnsafe(ref target, (nuint)(2 * n));
                c21.StoreUnsafe(ref target, (nuint)(2 * n + v));
                c30.StoreUnsafe(ref target, (nuint)(3 * n));
                c31.StoreUnsafe(ref target, (nuint)(3 * n + v));
            }

            for (int i = fullRows; i < rows; i++)
            {
                Vector<double> c0 = default, c1 = default;
                ref double p = ref Unsafe.Add(ref rb, j);
                ref double q = ref Unsafe.Add(ref ra, i * rowStep);
                for (int r = 0; r < inner; r++)
                {
                    var x = new Vector<double>(q);
                    c0 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref p), c0);
                    c1 = Vector.FusedMultiplyAdd(x, Vector.LoadUnsafe(ref p, (nuint)v), c1);
                    p = ref Unsafe.Add(ref p, n);
                    q = ref Unsafe.Add(ref q, innerStep);
                }

                ref double target = ref Unsafe.Add(ref rc, i * n + j);
                c0.StoreUnsafe(ref target);
                c1.StoreUnsafe(ref target, (nuint)v);
            }
        }

        // Columns past the last whole block.
        for (int i = 0; i < rows; i++)
            for (int j = vectorColumns; j < n; j++)
            {
                double sum = 0;
                for (int r = 0; r < inner; r++) sum = Math.FusedMultiplyAdd(Unsafe.Add(ref ra, i * rowStep + r * innerStep), Unsafe.Add(ref rb, r * n + j), sum);
                Unsafe.Add(ref rc, i * n + j) = sum;
            }
    }

    /// <summary>
    /// Adds a·bᵀ into c [rows, cols]: c[i, j] += ⟨a[i, ·], b[j, ·]⟩ over rows of length n (a kernel gradient dZ Fᵀ).
    /// </summary>
    /// <remarks>
    /// Blocks of 4 rows of a × 2 rows of b share their loads: 8 fused multiply-adds per 6 vector loads, where one dot
    /// product at a time needs 2 loads per multiply-add. Leftover rows take one <c>TensorPrimitives.Dot</c> per entry.
    /// </remarks>
    public static void AddProductTransposed(ReadOnlySpan<double> a, int rows, ReadOnlySpan<double> b, int cols, int n, Span<double> c)
    {
        if (rows < 0 || cols < 0 || n < 0 || a.Length < (long)rows * n || b.Length < (long)cols * n || c.Length < (long)rows * cols)
            throw new ArgumentException("The operands are shorter than their shapes.");
        int v = Vector<double>.Count, vectorLength = Vector.IsHardwareAccelerated ? n / v * v : 0;
        int fullRows = rows / BlockRows * BlockRows, fullCols = cols / 2 * 2;
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        Span<double> sums = stackalloc double[2 * BlockRows];
        for (int i0 = 0; i0 < fullRows; i0 += BlockRows)
        {
            for (int j0 = 0; j0 < fullCols; j0 += 2)
            {
                Vector<double> s00 = default, s01 = default, s10 = default, s11 = default;
                Vector<double> s20 = default, s21 = default, s30 = default, s31 = default;
                ref double a0 = ref Unsafe.Add(ref ra, i0 * n);
                ref double b0 = ref Unsafe.Add(ref rb, j0 * n);
                for (int k = 0; k < vectorLength; k += v)
                {
                    var y0 = Vector.LoadUnsafe(ref b0, (nuint)k);
                    var y1 = Vector.LoadUnsafe(ref b0, (nuint)(n + k));
                    var x = Vector.LoadUnsafe(ref a0, (nuint)k);
                    s00 = Vector.FusedMultiplyAdd(x, y0, s00);
                    s01 = Vector.FusedMultiplyAdd(x, y1, s01);
                    x = Vector.LoadUnsafe(ref a0, (nuint)(n + k));
                    s10 = Vector.FusedMultiplyAdd(x, y0, s10);
                    s11 = Vector.FusedMultiplyAdd(x, y1, s11);
                    x = Vector.LoadUnsafe(ref a0, (nuint)(2 * n + k));
                    s20 = Vector.FusedMultiplyAdd(x, y0, s20);
                    s21 = Vector.FusedMultiplyAdd(x, y1, s21);
                    x = Vector.LoadUnsafe(ref a0, (nuint)(3 * n + k));
                    s30 = Vector.FusedMultiplyAdd(x, y0, s30);
                    s31 = Vector.FusedMultiplyAdd(x, y1, s31);
                }

                sums[0] = Vector.Sum(s00);
                sums[1] = Vector.Sum(s01);
                sums[2] = Vector.Sum(s10);
                sums[3] = Vector.Sum(s11);
                sums[4] = Vector.Sum(s20);
                sums[5] = Vector.Sum(s21);
                sums[6] = Vector.Sum(s30);
                sums[7] = Vector.Sum(s31);
                for (int k = vectorLength; k < n; k++)
                    for (int i = 0; i < BlockRows; i++)
                    {
                        double x = Unsafe.Add(ref a0, i * n + k);
                        sums[2 * i] += x * Unsafe.Add(ref b0, k);
                        sums[2 * i + 1] += x * Unsafe.Add(ref b0, n + k);
                    }

                for (int i = 0; i < BlockRows; i++)
                {
                    c[(i0 + i) * cols + j0] += sums[2 * i];
                    c[(i0 + i) * cols + j0 + 1] += sums[2 * i + 1];
                }
            }

            for (int i = i0; i < i0 + BlockRows; i++)
                for (int j = fullCols; j < cols; j++) c[i * cols + j] += System.Numerics.Tensors.TensorPrimitives.Dot(a.Slice(i * n, n), b.Slice(j * n, n));
        }

        for (int i = fullRows; i < rows; i++)
            for (int j = 0; j < cols; j++) c[i * cols + j] += System.Numerics.Tensors.TensorPrimitives.Dot(a.Slice(i * n, n), b.Slice(j * n, n));
    }
}
