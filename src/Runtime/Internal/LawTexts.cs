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
    /// <summary>
    /// Fills <paramref name="destination"/> from <paramref name="start"/> with one text per law of the layer, in the order
    /// of the laws: the diagonal (i, i) for balances, otherwise the upper triangle row by row.
    /// </summary>
    /// <param name="destination">Texts of all laws of the model.</param>
    /// <param name="start">Index of the layer's first law.</param>
    /// <param name="width">Neurons of the hidden layer.</param>
    /// <param name="diagonalOnly">Balances (one per neuron) instead of the whole upper triangle.</param>
    /// <param name="diagonalFormat">Composite format of entry (i, i): {0} = i.</param>
    /// <param name="offDiagonalFormat">Composite format of entry (i, j), i &lt; j: {0} = i, {1} = j.</param>
    public static void Gram(string[] destination, int start, int width, bool diagonalOnly, string diagonalFormat, string offDiagonalFormat)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        int k = start;
        for (int i = 0; i < width; i++)
        {
            destination[k++] = string.Format(CultureInfo.InvariantCulture, diagonalFormat, i, i);
            if (diagonalOnly) continue;
            for (int j = i + 1; j < width; j++)
                destination[k++] = string.Format(CultureInfo.InvariantCulture, offDiagonalFormat, i, j);
        }
    }
}
