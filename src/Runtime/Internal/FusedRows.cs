using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConservationCodegen.Internal;

/// <summary>
/// Row operations of the φ JVP/VJP liftings fused into one SIMD pass. <c>TensorPrimitives</c> would need two calls
/// each (two passes over the row), and these rows stream from memory, so a second pass costs about as much as φ.
/// </summary>
internal static class FusedRows
{
    /// <summary>destination = a·x + b·y.</summary>
    public static void Combine(double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> y, Span<double> destination)
    {
        int n = destination.Length;
        if (x.Length < n || y.Length < n) throw new ArgumentException("Rows are shorter than the destination.");
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        ref double rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(a);
            var vb = Vector512.Create(b);
            for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                var r = Vector512.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref ry, (nuint)i), va * Vector512.LoadUnsafe(ref rx, (nuint)i));
                r.StoreUnsafe(ref rd, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var r = Vector256.FusedMultiplyAdd(vb, Vector256.LoadUnsafe(ref ry, (nuint)i), va * Vector256.LoadUnsafe(ref rx, (nuint)i));
                r.StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < n; i++) Unsafe.Add(ref rd, i) = Math.FusedMultiplyAdd(b, Unsafe.Add(ref ry, i), a * Unsafe.Add(ref rx, i));
    }

    /// <summary>
    /// Returns ⟨x, y⟩ and sets target = a·x (or adds a·x to it when <paramref name="accumulate"/>), reading x once.
    /// </summary>
    public static double DotAndMultiplyAdd(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double a, Span<double> target, bool accumulate)
    {
        int n = x.Length;
        if (y.Length < n || target.Length < n) throw new ArgumentException("Rows are shorter than x.");
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        ref double rt = ref MemoryMarshal.GetReference(target);
        int i = 0;
        double dot = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(a);
            Vector512<double> s0 = default, s1 = default;
            const int W = 8;
            for (; i <= n - 2 * W; i += 2 * W)
            {
                var x0 = Vector512.LoadUnsafe(ref rx, (nuint)i);
                var x1 = Vector512.LoadUnsafe(ref rx, (nuint)(i + W));
                s0 = Vector512.FusedMultiplyAdd(x0, Vector512.LoadUnsafe(ref ry, (nuint)i), s0);
                s1 = Vector512.FusedMultiplyAdd(x1, Vector512.LoadUnsafe(ref ry, (nuint)(i + W)), s1);
                var t0 = accumulate ? Vector512.FusedMultiplyAdd(va, x0, Vector512.LoadUnsafe(ref rt, (nuint)i)) : va * x0;
                var t1 = accumulate ? Vector512.FusedMultiplyAdd(va, x1, Vector512.LoadUnsafe(ref rt, (nuint)(i + W))) : va * x1;
                t0.StoreUnsafe(ref rt, (nuint)i);
                t1.StoreUnsafe(ref rt, (nuint)(i + W));
            }

            dot = Vector512.Sum(s0 + s1);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            Vector256<double> s0 = default, s1 = default;
            const int W = 4;
            for (; i <= n - 2 * W; i += 2 * W)
            {
                var x0 = Vector256.LoadUnsafe(ref rx, (nuint)i);
                var x1 = Vector256.LoadUnsafe(ref rx, (nuint)(i + W));
                s0 = Vector256.FusedMultiplyAdd(x0, Vector256.LoadUnsafe(ref ry, (nuint)i), s0);
                s1 = Vector256.FusedMultiplyAdd(x1, Vector256.LoadUnsafe(ref ry, (nuint)(i + W)), s1);
                var t0 = accumulate ? Vector256.FusedMultiplyAdd(va, x0, Vector256.LoadUnsafe(ref rt, (nuint)i)) : va * x0;
                var t1 = accumulate ? Vector256.FusedMultiplyAdd(va, x1, Vector256.LoadUnsafe(ref rt, (nuint)(i + W))) : va * x1;
                t0.StoreUnsafe(ref rt, (nuint)i);
                t1.StoreUnsafe(ref rt, (nuint)(i + W));
            }

            dot = Vector256.Sum(s0 + s1);
        }

        for (; i < n; i++)
        {
            double xi = Unsafe.Add(ref rx, i);
            dot += xi * Unsafe.Add(ref ry, i);
            ref double ti = ref Unsafe.Add(ref rt, i);
            ti = accumulate ? ti + a * xi : a * xi;
        }

        return dot;
    }
}
