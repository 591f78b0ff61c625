using System;
using System.Buffers;
using System.ComponentModel;

namespace ConservationCodegen.Internal;

/// <summary>Pooled double buffers for the generated single-precision overloads (they compute in double).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FloatBridge
{
    /// <summary>A pooled array holding the first <paramref name="length"/> values of <paramref name="source"/> as double.</summary>
    public static double[] Widen(ReadOnlySpan<float> source, int length)
    {
        var buffer = ArrayPool<double>.Shared.Rent(length);
        FlatView.Copy(source.Slice(0, length), buffer);
        return buffer;
    }

    /// <summary>A pooled array of at least <paramref name="length"/> doubles.</summary>
    public static double[] Rent(int length) => ArrayPool<double>.Shared.Rent(length);

    /// <summary>Rounds the first <paramref name="length"/> values to float.</summary>
    public static void Narrow(double[] source, Span<float> destination, int length) => FlatView.Copy(source.AsSpan(0, length), destination);

    /// <summary>Returns a pooled array.</summary>
    public static void Return(double[] buffer) => ArrayPool<double>.Shared.Return(buffer);
}
