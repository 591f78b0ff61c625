using System;
using System.Runtime.CompilerServices;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Sums of integer coefficients by a bucket key packed into two 64-bit words (what φ pins down, and the monomial):
/// the verifier's innermost structure. Open addressing with linear probing over a power-of-two array of 32-byte
/// entries (one cache line per probe: at 10⁶ buckets the table no longer fits in cache); <see cref="Clear"/> is
/// O(1) (a generation stamp), so one table serves every verification of a search without reallocating. Overflow of
/// a sum throws.
/// </summary>
internal sealed class PackedBuckets
{
    private struct Entry
    {
        public ulong Key;
        public ulong Monomial;
        public long Sum;
        public int Stamp;
    }

    private Entry[] _entries = new Entry[1024];
    private int _stamp = 1;
    private int _shift = 64 - 10;
    private int _count;
    private int _nonZero;

    /// <summary>Buckets in use.</summary>
    public int Count => _count;

    /// <summary>Buckets whose sum is currently nonzero.</summary>
    public int NonZeroCount => _nonZero;

    /// <summary>Forgets every bucket.</summary>
    public void Clear()
    {
        _count = 0;
        _nonZero = 0;
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_entries, 0, _entries.Length);
            _stamp = 1;
        }
    }

    /// <summary>Adds <paramref name="value"/> to the bucket (<paramref name="key"/>, <paramref name="monomial"/>) (checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong key, ulong monomial, long value)
    {
        if (2 * (_count + 1) > _entries.Length) Grow();
        var entries = _entries;
        int mask = entries.Length - 1;
        int i = Slot(key, monomial);
        while (true)
        {
            ref var e = ref entries[i];
            if (e.Stamp != _stamp)
            {
                e.Stamp = _stamp;
                e.Key = key;
                e.Monomial = monomial;
                e.Sum = value;
                _count++;
                if (value != 0) _nonZero++;
                return;
            }

            if (e.Key == key && e.Monomial == monomial)
            {
                long old = e.Sum;
                long sum = checked(old + value);
                e.Sum = sum;
                if (old == 0 && sum != 0) _nonZero++;
                else if (old != 0 && sum == 0) _nonZero--;
                return;
            }

            i = (i + 1) & mask;
        }
    }

    // Fibonacci hashing: the top log₂(capacity) bits of a mix of both words spread keys that differ only in low digits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key, ulong monomial) => (int)(((key ^ (monomial * 0xC2B2AE3D27D4EB4FUL)) * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        var old = _entries;
        int stamp = _stamp;
        _entries = new Entry[old.Length * 2];
        _stamp = 1;
        _shift--;
        int mask = _entries.Length - 1;
        foreach (var e in old)
        {
            if (e.Stamp != stamp) continue;
            int i = Slot(e.Key, e.Monomial);
            while (_entries[i].Stamp == 1) i = (i + 1) & mask;
            _entries[i] = e;
            _entries[i].Stamp = 1;
        }
    }
}
