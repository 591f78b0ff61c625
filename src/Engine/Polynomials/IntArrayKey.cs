using System;

namespace ConservationCodegen.Engine.Polynomials;

/// <summary>An immutable int sequence with structural equality: monomials (sorted variable indices with repetition) and composite keys.</summary>
public readonly struct IntArrayKey : IEquatable<IntArrayKey>, IComparable<IntArrayKey>
{
    private readonly int[] _items;
    private readonly int _hash;

    public IntArrayKey(int[] items)
    {
        _items = items;
        unchecked
        {
            int h = (int)2166136261;
            foreach (var i in items) h = (h ^ i) * 16777619;
            _hash = h;
        }
    }

    /// <summary>The items (do not mutate).</summary>
    public int[] Items => _items ?? Array.Empty<int>();

    public int Length => Items.Length;

    public bool Equals(IntArrayKey other)
    {
        if (_hash != other._hash) return false;
        var a = Items;
        var b = other.Items;
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is IntArrayKey k && Equals(k);

    public override int GetHashCode() => _hash;

    /// <summary>Graded order: shorter first, then lexicographic.</summary>
    public int CompareTo(IntArrayKey other)
    {
        var a = Items;
        var b = other.Items;
        if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return 0;
    }
}
