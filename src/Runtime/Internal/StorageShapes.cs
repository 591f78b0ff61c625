using System;
using System.ComponentModel;
using System.Globalization;

namespace ConservationCodegen.Internal;

/// <summary>
/// Run-time shape checks of parameter members whose shape the type does not carry (jagged arrays) or whose rank makes
/// an inline check long (rank-3 and rank-4 convolution kernels), used by the generated
/// <c>CopyParametersTo</c>/<c>SetParameters</c>: a wrong shape throws an <see cref="ArgumentException"/> naming the
/// member, the expected shape and the actual one instead of failing inside a copy.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StorageShapes
{
    /// <summary>Checks that <paramref name="rows"/> has <paramref name="count"/> non-null rows of <paramref name="length"/> entries.</summary>
    /// <exception cref="ArgumentException">The array or a row is null, or a length differs.</exception>
    public static void CheckRows<T>(T[]?[]? rows, int count, int length, string member)
    {
        if (rows is null) throw new ArgumentException(member + " is null; it must have shape " + Shape(count, length) + ".", member);
        if (rows.Length != count)
            throw new ArgumentException(member + " must have shape " + Shape(count, length) + "; it has " + Inv(rows.Length) + " rows.", member);
        for (int i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (row is null)
                throw new ArgumentException(member + "[" + Inv(i) + "] is null; " + member + " must have shape " + Shape(count, length) + ".", member);
            if (row.Length != length)
                throw new ArgumentException(member + " must have shape " + Shape(count, length) + "; row " + Inv(i) + " has length " + Inv(row.Length) + ".", member);
        }
    }

    /// <summary>
    /// Checks that a rank-3 array (1-D convolution kernels) has shape [<paramref name="d0"/>, <paramref name="d1"/>,
    /// <paramref name="d2"/>].
    /// </summary>
    /// <exception cref="ArgumentException">The array is null or a dimension differs; the message names the member and both shapes.</exception>
    public static void CheckShape<T>(T[,,]? array, int d0, int d1, int d2, string member)
    {
        if (array is null) throw new ArgumentException(member + " is null; it must have shape " + Dimensions(d0, d1, d2) + ".", member);
        if (array.GetLength(0) != d0 || array.GetLength(1) != d1 || array.GetLength(2) != d2)
            throw new ArgumentException(
                member + " must have shape " + Dimensions(d0, d1, d2) + "; it has " + Dimensions(array.GetLength(0), array.GetLength(1), array.GetLength(2)) + ".", member);
    }

    /// <summary>
    /// Checks that a rank-4 array (2-D convolution kernels) has shape [<paramref name="d0"/>, <paramref name="d1"/>,
    /// <paramref name="d2"/>, <paramref name="d3"/>].
    /// </summary>
    /// <exception cref="ArgumentException">The array is null or a dimension differs; the message names the member and both shapes.</exception>
    public static void CheckShape<T>(T[,,,]? array, int d0, int d1, int d2, int d3, string member)
    {
        if (array is null) throw new ArgumentException(member + " is null; it must have shape " + Dimensions(d0, d1, d2, d3) + ".", member);
        if (array.GetLength(0) != d0 || array.GetLength(1) != d1 || array.GetLength(2) != d2 || array.GetLength(3) != d3)
            throw new ArgumentException(
                member + " must have shape " + Dimensions(d0, d1, d2, d3) + "; it has "
                + Dimensions(array.GetLength(0), array.GetLength(1), array.GetLength(2), array.GetLength(3)) + ".", member);
    }

    // Built only when a check fails: a passing check allocates nothing.
    private static string Shape(int count, int length) => "[" + Inv(count) + "][" + Inv(length) + "]";

    // "[16, 3, 3, 3]", as the generated checks of rank-2 members write shapes.
    private static string Dimensions(params int[] sizes) => "[" + string.Join(", ", Array.ConvertAll(sizes, Inv)) + "]";

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
