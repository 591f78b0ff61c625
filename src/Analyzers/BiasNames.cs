using System;
using System.Collections.Generic;
using System.Linq;

namespace ConservationCodegen.Analyzers;

/// <summary>Finds the member a misspelt bias name most likely means ("did you mean 'B1'?").</summary>
internal static class BiasNames
{
    /// <summary>
    /// The candidate equal to <paramref name="name"/> ignoring case, else the one closest in edit distance (ignoring case)
    /// when that distance is small (1 for names up to 4 characters, 2 above) and no other candidate is as close; else null.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        var list = candidates.Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToList();
        var sameIgnoringCase = list.Where(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (sameIgnoringCase.Count == 1) return sameIgnoringCase[0];
        if (sameIgnoringCase.Count > 1) return null;

        int limit = name.Length <= 4 ? 1 : 2;
        var scored = list.Select(c => (Name: c, Distance: Distance(name.ToUpperInvariant(), c.ToUpperInvariant())))
            .Where(x => x.Distance <= limit).OrderBy(x => x.Distance).ToList();
        if (scored.Count == 0) return null;
        return scored.Count == 1 || scored[1].Distance > scored[0].Distance ? scored[0].Name : null;
    }

    // Levenshtein distance (insertions, deletions, substitutions), two rows.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
