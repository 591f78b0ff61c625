using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConservationCodegen.Internal;

/// <summary>
/// Row-major views of the members that hold a model's parameters, and copies between them and θ with the element
/// type converted where needed (rectangular arrays of rank 2 to 4, jagged arrays, and column-major storage such as a
/// MathNet.Numerics dense matrix's). Used by the generated <c>CopyParametersTo</c>/<c>SetParameters</c>, which check the shapes first;
/// user code should call those instead.
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

    /// <summary>All entries of a 1-D convolution's kernels [out, in, k], row-major.</summary>
    public static Span<double> Of(double[,,] tensor) => All<double>(tensor);

    /// <summary>All entries of a 1-D convolution's kernels [out, in, k], row-major.</summary>
    public static Span<float> Of(float[,,] tensor) => All<float>(tensor);

    /// <summary>All entries of a 2-D convolution's kernels [out, in, kh, kw], row-major.</summary>
    public static Span<double> Of(double[,,,] tensor) => All<double>(tensor);

    /// <summary>All entries of a 2-D convolution's kernels [out, in, kh, kw], row-major.</summary>
    public static Span<float> Of(float[,,,] tensor) => All<float>(tensor);

    // A multi-dimensional array of T is one row-major block of T.
    private static Span<T> All<T>(Array array) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);

    /// <summary>A vector as a span.</summary>
    public static Span<double> Of(double[] vector) => vector;

    /// <summary>A vector as a span.</summary>
    public static Span<float> Of(float[] vector) => vector;

    /// <summary>Copies <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    public static void Copy(ReadOnlySpan<double> source, Span<double> destination) => source.CopyTo(destination);

    /// <summary>Copies <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    public static void Copy(ReadOnlySpan<float> source, Span<float> destination) => source.CopyTo(destination);

    /// <summary>Widens <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    public static void Copy(ReadOnlySpan<float> source, Span<double> destination) => Convert<float, double>(source, destination);

    /// <summary>Rounds <paramref name="source"/> to float into the start of <paramref name="destination"/>.</summary>
    public static void Copy(ReadOnlySpan<double> source, Span<float> destination) => Convert<double, float>(source, destination);

    /// <summary>Copies the rows of a jagged matrix, one block per row, into <paramref name="destination"/> row-major.</summary>
    public static void CopyRows<TSource, TDestination>(TSource[][] rows, Span<TDestination> destination)
        where TSource : unmanaged, INumberBase<TSource>
        where TDestination : unmanaged, INumberBase<TDestination>
    {
        int offset = 0;
        foreach (var row in rows)
        {
            Convert<TSource, TDestination>(row, destination.Slice(offset, row.Length));
            offset += row.Length;
        }
    }

    /// <summary>Fills the rows of a jagged matrix, one block per row, from <paramref name="source"/> row-major.</summary>
    public static void CopyRows<TSource, TDestination>(ReadOnlySpan<TSource> source, TDestination[][] rows)
        where TSource : unmanaged, INumberBase<TSource>
        where TDestination : unmanaged, INumberBase<TDestination>
    {
        int offset = 0;
        foreach (var row in rows)
        {
            Convert<TSource, TDestination>(source.Slice(offset, row.Length), row);
            offset += row.Length;
        }
    }

    /// <summary>
    /// Writes the transpose of the row-major <paramref name="sourceRows"/> × <paramref name="sourceColumns"/> matrix
    /// <paramref name="source"/> into <paramref name="destination"/>: row-major to column-major storage and back.
    /// </summary>
    public static void CopyTransposed<TSource, TDestination>(ReadOnlySpan<TSource> source, int sourceRows, int sourceColumns, Span<TDestination> destination)
        where TSource : unmanaged, INumberBase<TSource>
        where TDestination : unmanaged, INumberBase<TDestination>
    {
        source = source.Slice(0, sourceRows * sourceColumns);
        destination = destination.Slice(0, source.Length);
        // Tile by tile, so the strided writes of one tile stay in L1 (a 784-wide layer would otherwise touch 784 lines per row).
        for (int i0 = 0; i0 < sourceRows; i0 += TransposeTile)
        {
            int iEnd = Math.Min(i0 + TransposeTile, sourceRows);
            for (int j0 = 0; j0 < sourceColumns; j0 += TransposeTile)
            {
                int jEnd = Math.Min(j0 + TransposeTile, sourceColumns);
                for (int i = i0; i < iEnd; i++)
                {
                    var row = source.Slice(i * sourceColumns + j0, jEnd - j0);
                    for (int j = 0; j < row.Length; j++) destination[(j0 + j) * sourceRows + i] = TDestination.CreateTruncating(row[j]);
                }
            }
        }
    }

    private const int TransposeTile = 16;

    /// <summary>A new array with the entries of <paramref name="source"/>, converted (for storage without a backing array).</summary>
    public static TDestination[] ToArray<TSource, TDestination>(ReadOnlySpan<TSource> source)
        where TSource : unmanaged, INumberBase<TSource>
        where TDestination : unmanaged, INumberBase<TDestination>
    {
        var result = new TDestination[source.Length];
        Convert<TSource, TDestination>(source, result);
        return result;
    }

    /// <summary>A new array holding the transpose of a row-major matrix (see <see cref="CopyTransposed"/>).</summary>
    public static TDestination[] ToTransposedArray<TSource, TDestination>(ReadOnlySpan<TSource> source, int sourceRows, int sourceColumns)
        where TSource : unmanaged, INumberBase<TSource>
        where TDestination : unmanaged, INumberBase<TDestination>
    {
        var result = new TDestination[sourceRows * sourceColumns];
        CopyTransposed<TSource, TDestination>(source, sourceRows, sourceColumns, result);
        return result;
    }

    // Same element type: a block copy; otherwise widen or round element by element.
    private static void Convert<TSource, TDestination>(ReadOnlySpan<TSource> source, Span<TDestination> destination)
        where TSource : unmanaged, INumberBase<TSource>
        where TDestination : unmanaged, INumberBase<TDestination>
    {
        if (typeof(TSource) == typeof(TDestination))
        {
            MemoryMarshal.Cast<TSource, TDestination>(source).CopyTo(destination);
            return;
        }

        destination = destination.Slice(0, source.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = TDestination.CreateTruncating(source[i]);
    }
}
