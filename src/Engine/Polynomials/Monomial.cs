using System;
using System.Collections.Generic;

namespace ConservationCodegen.Engine.Polynomials;

/// <summary>Helpers for monomials stored as sorted variable-index arrays with repetition (θ₃²θ₇ = [3, 3, 7]).</summary>
public static class Monomial
{
    public static IntArrayKey Of(params int[] variables)
    {
        var copy = (int[])variables.Clone();
        Array.Sort(copy);
        return new IntArrayKey(copy);
    }

    /// <summary>Product of two monomials.</summary>
    public static IntArrayKey Multiply(IntArrayKey a, IntArrayKey b)
    {
        var x = a.Items;
        var y = b.Items;
        var r = new int[x.Length + y.Length];
        int i = 0, j = 0, k = 0;
        while (i < x.Length && j < y.Length) r[k++] = x[i] <= y[j] ? x[i++] : y[j++];
        while (i < x.Length) r[k++] = x[i++];
        while (j < y.Length) r[k++] = y[j++];
        return new IntArrayKey(r);
    }

    /// <summary>Removes one occurrence of <paramref name="variable"/>; returns the multiplicity it had.</summary>
    public static int Derive(IntArrayKey m, int variable, out IntArrayKey rest)
    {
        var items = m.Items;
        int count = 0, first = -1;
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i] == variable)
            {
                if (first < 0) first = i;
                count++;
            }
        }

        if (count == 0)
        {
            rest = default;
            return 0;
        }

        var r = new int[items.Length - 1];
        Array.Copy(items, 0, r, 0, first);
        Array.Copy(items, first + 1, r, first, items.Length - first - 1);
        rest = new IntArrayKey(r);
        return count;
    }

    /// <summary>Distinct variables of a monomial with their exponents.</summary>
    public static IEnumerable<(int Variable, int Exponent)> Factors(IntArrayKey m)
    {
        var items = m.Items;
        int i = 0;
        while (i < items.Length)
        {
            int j = i;
            while (j < items.Length && items[j] == items[i]) j++;
            yield return (items[i], j - i);
            i = j;
        }
    }
}
