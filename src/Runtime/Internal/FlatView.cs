using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConservationCodegen.Internal;

/// <summary>
/// Row-major views of the members that hold a model's parameters, and copies between them and θ with the element
/// type converted where needed. Used by the generated <c>CopyParametersTo</c>/<c>SetParameters</c>, which check the
/// shapes first; user code should call those instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FlatView
{
    /// <summary>All entries of a matrix, row-major (a .NET rectangular array is stored row-major).</summary>
    public static Span<double> Of(double[,] matrix) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(matrix)), matrix.Length);

    /// <summary>All entries of a matrix, row-major.</summary>
    public static Span<float> Of(float[,] matrix) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(matrix)), matrix.Length);

    /// <summary>A vector as a span.</summary>
    public static Span<double> Of(double[] vector) => vector;

    /// <summary>A vector as a span.</summary>
    public static Span<float> Of(float[] vector) => vector;

    /// <summary>Copies <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    public static void Copy(ReadOnlySpan<double> source, Span<double> destination) => source.CopyTo(destination);

    /// <summary>Copies <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    public static void Copy(ReadOnlySpan<float> source, Span<float> destination) => source.CopyTo(destination);

    /// <summary>Widens <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    public static void Copy(ReadOnlySpan<float> source, Span<double> destination)
    {
        destination = destination.Slice(0, source.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = source[i];
    }

    /// <summary>Rounds <paramref name="source"/> to float into the start of <paramref name="destination"/>.</summary>
    public static void Copy(ReadOnlySpan<double> source, Span<float> destination)
    {
        destination = destination.Slice(0, source.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = (float)source[i];
    }
}
