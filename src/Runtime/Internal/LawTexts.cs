using System;
using System.ComponentModel;
using System.Globalization;

namespace ConservationCodegen.Internal;

/// <summary>
/// Writes the names or formulas of a whole hidden layer's Gram entries or balances at run time, for models with too
/// many laws to list in source (a 512-wide linear layer has 131,328). Generated code calls it once, on first use of
/// <c>LawNames</c> or <c>LawFormulas</c>; user code should read those members instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LawTexts
{
    /// <summary>Fills <paramref name="destination"/> from <paramref name="start"/> with one text per neuron (the diagonal of Q).</summary>
    /// <param name="destination">Texts of all laws of the model.</param>
    /// <param name="start">Index of the layer's first law.</param>
    /// <param name="width">Neurons of the hidden layer.</param>
    /// <param name="format">Composite format of neuron i's text: {0} = i.</param>
    public static void Balances(string[] destination, int start, int width, string format)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        for (int i = 0; i < width; i++) destination[start + i] = string.Format(CultureInfo.InvariantCulture, format, i);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> from <paramref name="start"/> with one text per entry of the upper triangle of Q,
    /// row by row (the order of the laws).
    /// </summary>
    /// <param name="destination">Texts of all laws of the model.</param>
    /// <param name="start">Index of the layer's first law.</param>
    /// <param name="width">Neurons of the hidden layer.</param>
    /// <param name="diagonalFormat">Composite format of entry (i, i): {0} = {1} = i.</param>
    /// <param name="offDiagonalFormat">Composite format of entry (i, j), i &lt; j: {0} = i, {1} = j.</param>
    public static void Gram(string[] destination, int start, int width, string diagonalFormat, string offDiagonalFormat)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        int k = start;
        for (int i = 0; i < width; i++)
        {
            destination[k++] = string.Format(CultureInfo.InvariantCulture, diagonalFormat, i, i);
            for (int j = i + 1; j < width; j++)
                destination[k++] = string.Format(CultureInfo.InvariantCulture, offDiagonalFormat, i, j);
        }
    }

    /// <summary>
    /// As <see cref="Gram(string[], int, int, string, string)"/> for a group of units that starts at unit
    /// <paramref name="firstUnit"/> of its matrices (an attention head's rows): the formats also get {2} = firstUnit + i
    /// and {3} = firstUnit + j.
    /// </summary>
    public static void Gram(string[] destination, int start, int width, int firstUnit, string diagonalFormat, string offDiagonalFormat)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        int k = start;
        for (int i = 0; i < width; i++)
            for (int j = i; j < width; j++)
                destination[k++] = string.Format(CultureInfo.InvariantCulture, i == j ? diagonalFormat : offDiagonalFormat, i, j, firstUnit + i, firstUnit + j);
    }
}
