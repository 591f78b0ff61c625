using System;
using System.ComponentModel;
using System.Globalization;

namespace ConservationCodegen.Internal;

/// <summary>
/// Run-time shape checks of parameter members whose shape the type does not carry (jagged arrays), used by the
/// generated <c>CopyParametersTo</c>/<c>SetParameters</c>: a wrong shape throws an <see cref="ArgumentException"/>
/// naming the member, the expected shape and the actual one instead of failing inside a copy.
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

    // Built only when a check fails: a passing check allocates nothing.
    private static string Shape(int count, int length) => "[" + Inv(count) + "][" + Inv(length) + "]";

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
