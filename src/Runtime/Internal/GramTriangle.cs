using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConservationCodegen.Internal;

/// <summary>
/// The upper triangle, row by row, of Σ_r s_r a_rᵀ b_r (one-sided; with a = b the Gram laws) or
/// Σ_r s_r (a_rᵀ b_r + b_rᵀ a_r) (two-sided; polarisations), over stacked operands laid out as in
/// <see cref="GramShape"/> (s_r = ±1).
/// </summary>
/// <remarks>
/// SYRK-like. An operand is stored in column panels of <see cref="BlockColumns"/> columns, each panel row after row,
/// so the kernel streams contiguous memory. A block of <see cref="BlockRows"/> rows × <see cref="BlockColumns"/>
/// columns of Q stays in registers while the operand rows stream through as rank-1 updates (a broadcast a_r[i]
/// times the vector b_r[j..]), so nothing is reduced horizontally. Rows are taken in slabs small enough to stay in
/// the L2 cache while every block reuses them; each slab adds its part into the destination.
/// </remarks>
internal static class GramTriangle
{
    public const int BlockRows = 4;
    private const int BlockVectors = 2;

    // Doubles of all operands per slab of rows (512 KB: half of a typical L2).
    private const int SlabDoubles = 1 << 16;

    /// <summary>Columns of Q per register block; operand rows are padded to a multiple of it.</summary>
    public static int BlockColumns => Vector<double>.Count * BlockVectors;

    /// <summary>Scratch doubles for one operand.</summary>
    public static int OperandLength(in GramShape s) => s.Rows * s.Stride;

    /// <summary>
    /// Writes the stacked operand of <paramref name="v"/> (rows W_inᵀ, bᵀ, W_out) into <paramref name="m"/> in column
    /// panels: entry (r, j) at ((j / BlockColumns)·Rows + r)·BlockColumns + j % BlockColumns, padding zeroed.
    /// </summary>
    public static void Gather(ReadOnlySpan<double> v, in GramShape s, Span<double> m)
    {
        int w = s.Width, n = s.Inputs, rows = s.Rows, columns = BlockColumns;
        int Index(int r, int j) => ((j / columns) * rows + r) * columns + j % columns;

        // Row i of W_in becomes column i: consecutive inputs land one panel row (one cache line) apart.
        for (int i = 0; i < w; i++)
        {
            var row = s.InRow(v, i);
            var column = m.Slice(Index(0, i));
            for (int c = 0; c < n; c++) column[c * columns] = row[c];
        }

        int r0 = n;
        if (s.Bias >= 0) CopyRow(v.Slice(s.Bias, w), r0++, s, m);
        if (s.OutTaps == 1)
        {
            for (int l = 0; l < s.Outputs; l++) CopyRow(s.OutRow(v, l), r0 + l, s, m);
        }
        else
        {
            // Row (l, p) holds tap p of every unit: a strided read of row l of W_out.
            int taps = s.OutTaps;
            for (int l = 0; l < s.Outputs; l++)
            {
                var entries = s.OutEntries(v, l);
                for (int p = 0; p < taps; p++)
                {
                    int r = r0 + l * taps + p;
                    for (int i = 0; i < w; i++) m[Index(r, i)] = entries[i * taps + p];
                }
            }
        }

        // Degree k: the subtracted rows carry √k, so each of their products carries k.
        if (s.Degree != 1)
        {
            double root = Math.Sqrt(s.Degree);
            for (int r = s.PositiveRows; r < rows; r++)
                for (int j0 = 0; j0 < w; j0 += columns)
                {
                    var part = m.Slice(Index(r, j0), Math.Min(columns, w - j0));
                    System.Numerics.Tensors.TensorPrimitives.Multiply(part, root, part);
                }
        }

        // Padding columns of the last panel.
        if (w % columns != 0)
            for (int r = 0; r < rows; r++) m.Slice(Index(r, w), columns - w % columns).Clear();
    }

    private static void CopyRow(ReadOnlySpan<double> row, int r, in GramShape s, Span<double> m)
    {
        int columns = BlockColumns;
        for (int j = 0; j < row.Length; j += columns)
            row.Slice(j, Math.Min(columns, row.Length - j)).CopyTo(m.Slice(((j / columns) * s.Rows + r) * columns));
    }

    /// <summary>Writes scale·Q (upper triangle, row by row) into <paramref name="destination"/>.</summary>
    /// <param name="a">Stacked operand (see <see cref="Gather"/>).</param>
    /// <param name="b">Second operand; <paramref name="a"/> again for the one-sided product.</param>
    /// <param name="twoSided">Adds b_rᵀ a_r to a_rᵀ b_r.</param>
    /// <param name="s">Shape of the layer.</param>
    /// <param name="scale">Factor applied to every entry.</param>
    /// <param name="destination">Width·(width+1)/2 entries.</param>
    /// <param name="skew">
    /// Two-sided and antisymmetric: Σ_r (a_rᵀ b_r − b_rᵀ a_r) over every row with a plus sign (the momentum charges);
    /// its diagonal is zero.
    /// </param>
    public static void Write(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool twoSided, in GramShape s, double scale, Span<double> destination, bool skew = false)
    {
        int w = s.Width, rows = s.Rows, positive = skew ? s.Rows : s.PositiveRows, columns = BlockColumns, v = Vector<double>.Count;
        if (skew) twoSided = true;
        int slab = Math.Max(16, SlabDoubles / (s.Stride * (twoSided ? 2 : 1)));
        int passes = twoSided ? 2 : 1;
        var negative = Vector.AsVectorDouble(new Vector<ulong>(0x8000_0000_0000_0000UL));
        ref double aStart = ref MemoryMarshal.GetReference(a);
        ref double bStart = ref MemoryMarshal.GetReference(b);
        for (int k0 = 0; k0 < rows; k0 += slab)
        {
            int k1 = Math.Min(rows, k0 + slab);
            for (int i0 = 0; i0 < w; i0 += BlockRows)
            {
                // Broadcasts for rows i0..i0+3 sit side by side in one panel row (BlockRows divides BlockColumns).
                int iAt = ((i0 / columns) * rows + k0) * columns + i0 % columns;
                for (int j0 = i0 / columns * columns; j0 < w; j0 += columns)
                {
                    int jAt = ((j0 / columns) * rows + k0) * columns;
                    Vector<double> c00 = default, c01 = default, c10 = default, c11 = default;
                    Vector<double> c20 = default, c21 = default, c30 = default, c31 = default;
                    for (int pass = 0; pass < passes; pass++)
                    {
                        // Pass 0 broadcasts a_r[i] against b_r[j..]; pass 1 (two-sided) broadcasts b_r[i] against a_r[j..].
                        ref double p = ref Unsafe.Add(ref pass == 0 ? ref aStart : ref bStart, iAt);
                        ref double q = ref Unsafe.Add(ref pass == 0 ? ref bStart : ref aStart, jAt);
                        for (int r = k0; r < k1;)
                        {
                            // Rows below `positive` add, the others subtract (their vectors are negated by the sign bit).
                            int end = r < positive ? Math.Min(positive, k1) : k1;
                            var sign = r < positive ? Vector<double>.Zero : negative;
                            if (skew && pass == 1) sign = negative; // − b_rᵀ a_r
                            for (; r < end; r++)
                            {
                                var q0 = Vector.Xor(Vector.LoadUnsafe(ref q), sign);
                                var q1 = Vector.Xor(Vector.LoadUnsafe(ref q, (nuint)v), sign);
                                var x = new Vector<double>(p);
                                c00 = Vector.FusedMultiplyAdd(x, q0, c00);
                                c01 = Vector.FusedMultiplyAdd(x, q1, c01);
                                x = new Vector<double>(Unsafe.Add(ref p, 1));
                                c10 = Vector.FusedMultiplyAdd(x, q0, c10);
                                c11 = Vector.FusedMultiplyAdd(x, q1, c11);
                                x = new Vector<double>(Unsafe.Add(ref p, 2));
                                c20 = Vector.FusedMultiplyAdd(x, q0, c20);
                                c21 = Vector.FusedMultiplyAdd(x, q1, c21);
                                x = new Vector<double>(Unsafe.Add(ref p, 3));
                                c30 = Vector.FusedMultiplyAdd(x, q0, c30);
                                c31 = Vector.FusedMultiplyAdd(x, q1, c31);
                                p = ref Unsafe.Add(ref p, columns);
                                q = ref Unsafe.Add(ref q, columns);
                            }
                        }
                    }

                    bool add = k0 > 0;
                    Store(c00, c01, i0, j0, w, scale, add, destination);
                    Store(c10, c11, i0 + 1, j0, w, scale, add, destination);
                    Store(c20, c21, i0 + 2, j0, w, scale, add, destination);
                    Store(c30, c31, i0 + 3, j0, w, scale, add, destination);
                }
            }
        }
    }

    // Row i of the triangle holds Q[i, i..w−1]; whole blocks right of the diagonal are stored as vectors. Slabs after
    // the first add to what is there.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<double> v0, Vector<double> v1, int i, int j0, int w, double scale, bool add, Span<double> destination)
    {
        if (i >= w) return;
        int at = i * w - i * (i - 1) / 2 - i + j0; // index of Q[i, j0]
        int columns = BlockColumns, v = Vector<double>.Count;
        if (j0 >= i && j0 + columns <= w)
        {
            var d0 = destination.Slice(at, v);
            var d1 = destination.Slice(at + v, v);
            if (add)
            {
                Vector.FusedMultiplyAdd(v0, new Vector<double>(scale), new Vector<double>(d0)).CopyTo(d0);
                Vector.FusedMultiplyAdd(v1, new Vector<double>(scale), new Vector<double>(d1)).CopyTo(d1);
            }
            else
            {
                (v0 * scale).CopyTo(d0);
                (v1 * scale).CopyTo(d1);
            }

            return;
        }

        for (int j = Math.Max(j0, i); j < Math.Min(j0 + columns, w); j++)
        {
            double value = scale * (j - j0 < v ? v0[j - j0] : v1[j - j0 - v]);
            destination[at + j - j0] = add ? destination[at + j - j0] + value : value;
        }
    }
}
