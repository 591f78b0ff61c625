using System;
using System.Runtime.CompilerServices;

namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// Sums of integer coefficients by packed 64-bit bucket key: the verifier's innermost structure. Open addressing
/// with linear probing over power-of-two arrays; <see cref="Clear"/> is O(1) (a generation stamp), so one table
/// serves every verification of a search without reallocating. Overflow of a sum throws.
/// </summary>
internal sealed class PackedBuckets
{
    private ulong[] _keys = new ulong[1024];
    private long[] _sums = new long[1024];
    private int[] _stamps = new int[1024];
    private int _stamp = 1;
    private int _shift = 64 - 10;
    private int _count;
    private int _nonZero;

    /// <summary>Buckets whose sum is currently nonzero.</summary>
    public int NonZeroCount => _nonZero;

    /// <summary>Forgets every bucket.</summary>
    public void Clear()
    {
        _count = 0;
        _nonZero = 0;
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_stamps, 0, _stamps.Length);
            _stamp = 1;
        }
    }

    /// <summary>Adds <paramref name="value"/> to the bucket <paramref name="key"/> (checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong key, long value)
    {
        if (2 * (_count + 1) > _keys.Length) Grow();
        int mask = _keys.Length - 1;
        int i = Slot(key);
        while (true)
        {
            if (_stamps[i] != _stamp)
            {
                _stamps[i] = _stamp;
                _keys[i] = key;
                _sums[i] = value;
                _count++;
                if (value != 0) _nonZero++;
                return;
            }

            if (_keys[i] == key)
            {
                long old = _sums[i];
                long sum = checked(old + value);
                _sums[i] = sum;
                if (old == 0 && sum != 0) _nonZero++;
                else if (old != 0 && sum == 0) _nonZero--;
                return;
            }

            i = (i + 1) & mask;
        }
    }

    // Fibonacci hashing: the top log₂(capacity) bits of key·2⁶⁴/φ spread keys that differ only in low digits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        var keys = _keys;
        var sums = _sums;
        var stamps = _stamps;
        int stamp = _stamp;
        _keys = new ulong[keys.Length * 2];
        _sums = new long[keys.Length * 2];
        _stamps = new int[keys.Length * 2];
        _stamp = 1;
        _shift--;
        int mask = _keys.Length - 1;
        for (int j = 0; j < keys.Length; j++)
        {
            if (stamps[j] != stamp) continue;
            int i = Slot(keys[j]);
            while (_stamps[i] == 1) i = (i + 1) & mask;
            _stamps[i] = 1;
            _keys[i] = keys[j];
            _sums[i] = sums[j];
        }
    }
}
