using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ConservationCodegen.Pipeline;

/// <summary>
/// Hint-name stems of the models of one compilation: valid and unique by construction. A stem is the model's full
/// name with every character outside [A-Za-z0-9_.] replaced by '_' (so '@', '`' and non-ASCII letters never reach
/// the compiler, which rejects some of them); models whose stems coincide ignoring case (the compiler compares hint
/// names that way), such as a nested type O.M next to a type M in namespace O, get "-2", "-3", … in the order of
/// their full names. No stem contains '-', so a suffixed stem cannot meet another model's stem.
/// </summary>
internal sealed record HintNameTable(EquatableArray<HintNameTable.Entry> Entries)
{
    /// <summary>A model's unique key (<see cref="ModelSpec.MetadataName"/>) and its stem.</summary>
    internal sealed record Entry(string Key, string Stem);

    /// <summary>Assigns stems to the given model keys (duplicates are ignored).</summary>
    public static HintNameTable Assign(IEnumerable<string> keys)
    {
        var entries = new List<Entry>();
        foreach (var group in keys.Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal)
                     .GroupBy(k => Sanitise(k).ToUpperInvariant(), StringComparer.Ordinal))
        {
            int index = 0;
            foreach (var key in group)
            {
                string stem = Sanitise(key);
                entries.Add(new Entry(key, ++index == 1 ? stem : stem + "-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return new HintNameTable(new EquatableArray<Entry>(entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray()));
    }

    /// <summary>The stem of a model key; the sanitised key when the table does not list it (never expected).</summary>
    public string StemOf(string key)
    {
        foreach (var e in Entries)
            if (e.Key == key) return e.Stem;
        return Sanitise(key);
    }

    /// <summary>The model key with nesting ('+') written as '.', and anything but ASCII letters, digits, '_' and '.' as '_'.</summary>
    public static string Sanitise(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (char c in key)
            sb.Append(c == '+' ? '.' : (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '.') ? c : '_');
        return sb.ToString();
    }
}
