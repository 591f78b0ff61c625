using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConservationCodegen.Internal;

/// <summary>
/// Row operations of the φ JVP/VJP liftings fused into one SIMD pass. <c>TensorPrimitives</c> would need two calls
/// each (two passes over the row), and these rows stream from memory, so a second pass costs about as much as φ.
/// </summary>
/// <remarks>
/// <see cref="Vector{T}"/> (256-bit on AVX2/AVX-512 machines, 128-bit on Arm64), four vectors per step: the dot
/// product keeps four independent accumulators so it is not bound by the FMA latency.
/// </remarks>
internal static class FusedRows
{
    private static readonly int W = Vector<double>.Count;

    /// <summary>destination = a·x + b·y.</summary>
    public static void Combine(double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> y, Span<double> destination)
    {
        int n = destination.Length;
        if (x.Length < n || y.Length < n) throw new ArgumentException("Rows are shorter than the destination.");
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        ref double rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(a);
            var vb = new Vector<double>(b);
            for (; i <= n - 2 * W; i += 2 * W)
            {
                Step(ref rx, ref ry, ref rd, va, vb, i);
                Step(ref rx, ref ry, ref rd, va, vb, i + W);
            }
        }

        for (; i < n; i++) Unsafe.Add(ref rd, i) = Math.FusedMultiplyAdd(b, Unsafe.Add(ref ry, i), a * Unsafe.Add(ref rx, i));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Step(ref double rx, ref double ry, ref double rd, Vector<double> va, Vector<double> vb, int i) =>
            Vector.FusedMultiplyAdd(vb, Vector.LoadUnsafe(ref ry, (nuint)i), va * Vector.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
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
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(a);
            Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; i <= n - 4 * W; i += 4 * W)
            {
                s0 = Step(ref rx, ref ry, ref rt, va, accumulate, i, s0);
                s1 = Step(ref rx, ref ry, ref rt, va, accumulate, i + W, s1);
                s2 = Step(ref rx, ref ry, ref rt, va, accumulate, i + 2 * W, s2);
                s3 = Step(ref rx, ref ry, ref rt, va, accumulate, i + 3 * W, s3);
            }

            dot = Vector.Sum((s0 + s1) + (s2 + s3));
        }

        for (; i < n; i++)
        {
            double xi = Unsafe.Add(ref rx, i);
            dot += xi * Unsafe.Add(ref ry, i);
            ref double ti = ref Unsafe.Add(ref rt, i);
            ti = accumulate ? ti + a * xi : a * xi;
        }

        return dot;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector<double> Step(ref double rx, ref double ry, ref double rt, Vector<double> va, bool accumulate, int i, Vector<double> sum)
        {
            var xi = Vector.LoadUnsafe(ref rx, (nuint)i);
            var ti = accumulate ? Vector.FusedMultiplyAdd(va, xi, Vector.LoadUnsafe(ref rt, (nuint)i)) : va * xi;
            ti.StoreUnsafe(ref rt, (nuint)i);
            return Vector.FusedMultiplyAdd(xi, Vector.LoadUnsafe(ref ry, (nuint)i), sum);
        }
    }
}
