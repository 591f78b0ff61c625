using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Exact symbolic check that ⟨∇h, ∇φ_i⟩ ≡ 0 for every component φ_i of a segment, without expanding paths.
/// h touches layers t_min…t_max. Every full path meets that range in a sub-path s; the rest of the path
/// (prefix before t_min, suffix after t_max) does not involve h's variables, so
/// ⟨∇h, ∇φ_i⟩ = Σ_key R_{i,key} · Σ_{s ∈ key} ⟨∇h, ∇s⟩,
/// where the key holds what φ_i pins down: the entry unit (or the block of a bias start), the units at
/// homogeneous activations inside the range, the exit unit, and the tap of every multi-tap layer the sub-path crosses.
/// A diagonal layer joins unit i to unit i only, so the sub-path goes straight through it. Treating every R as a free indeterminate
/// makes "each key's polynomial is zero" a sound, exact certificate (docs/certificates.md §2).
/// Each bucket (key, monomial) is written as a digit string [key length, key…, degree, variables…] and, when
/// its key and monomial parts each fit, packed into two 64-bit mixed-radix numbers (exact: the string decodes uniquely);
/// otherwise the digit string itself is the dictionary key. The traversal allocates nothing per term.
/// </summary>
internal sealed class LawVerifier : Components.ILawVerifier
{
    private readonly SegmentIndexing _ix;
    private readonly WorkMeter _meter;

    // Work units are calibrated to ≈ 1 ns: one sub-path term with a packed key costs ≈ 50 while the table fits in
    // cache (measured 60 at 64-wide layers) and ≈ 250 once it holds more than ≈ 10⁵ buckets (measured 230 at 512-wide).
    private const long CostPerTerm = 50;
    private const long CostPerTermUncached = 250;
    private const int CachedBuckets = 1 << 16;

    // Radices of the digit string (see Emit); a digit's radix depends only on the digits before it.
    private readonly ulong _keyLengthRadix;
    private readonly ulong _keyDigitRadix;
    private readonly ulong _variableRadix;

    // State of the verification in progress (an analysis uses its verifier from one thread).
    private readonly int[] _neurons;
    private readonly int[] _tapAt;
    private readonly int[] _path;
    private readonly int[] _sortedPath;
    private int[] _digits = new int[16];
    private int _pathLength;
    private bool _symmetricEnds;
    private bool _entryRestricted;
    private bool _exitRestricted;
    private int _tmin;
    private int _tmax;
    private int _layerOfA;
    private int _rowOfA;
    private List<(int[] Items, long Coefficient)> _derivative = new();
    private ulong _monomialLengthRadix;
    private readonly PackedBuckets _packedBuckets = new();
    private bool _usePacked;
    private Dictionary<IntArrayKey, long>? _unpacked;
    private long _terms;

    private readonly double _packedKeyBits;

    /// <param name="indexing">The segment.</param>
    /// <param name="meter">Charged per bucket update.</param>
    /// <param name="packedKeyBits">Largest width of each packed word; 0 forces digit-string keys (tests compare both).</param>
    public LawVerifier(SegmentIndexing indexing, WorkMeter meter, double packedKeyBits = 63)
    {
        _ix = indexing;
        _meter = meter;
        _packedKeyBits = packedKeyBits;
        int levels = indexing.Segment.LevelCount;
        int widest = 1;
        for (int t = 0; t < levels; t++) widest = Math.Max(widest, indexing.Width(t));
        _keyLengthRadix = (ulong)levels + 4;
        int taps = 1;
        for (int t = 1; t < levels; t++) taps = Math.Max(taps, indexing.Taps(t));
        _keyDigitRadix = (ulong)Math.Max(Math.Max(widest, levels + 1), taps);
        _variableRadix = (ulong)Math.Max(1, indexing.Segment.ParameterCount);
        _neurons = new int[levels];
        _tapAt = new int[levels];
        _path = new int[levels];
        _sortedPath = new int[levels];
    }

    /// <summary>True when h (segment-local variables) is exactly conserved for every loss f∘φ.</summary>
    public bool Verify(IntegerPolynomial h) => Verify(h, symmetricEnds: false);

    /// <summary>
    /// As <see cref="Verify(IntegerPolynomial)"/>. With <paramref name="symmetricEnds"/> the caller guarantees that h is
    /// invariant under every permutation of the neurons of its entry level (t_min − 1) and of its exit level (t_max);
    /// those permutations are symmetries of φ, and each maps the buckets of one entry (exit) neuron onto those of another
    /// by a relabeling of variables that fixes h — so checking the buckets of entry neuron 0 (and the bias starts) and
    /// exit neuron 0 checks them all, at O(inputs + outputs) instead of O(inputs · outputs) terms. Where h's first (last)
    /// layer is diagonal, permuting the entry (exit) level alone moves h's own variables, so every entry (exit) is checked.
    /// </summary>
    public bool Verify(IntegerPolynomial h, bool symmetricEnds)
    {
        if (h.IsZero) return false;
        _symmetricEnds = symmetricEnds;
        try
        {
            return VerifyCore(h);
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private bool VerifyCore(IntegerPolynomial h)
    {
        var variables = h.Variables();
        _tmin = int.MaxValue;
        _tmax = int.MinValue;
        foreach (var v in variables)
        {
            int t = _ix.LayerOf(v);
            if (t < _tmin) _tmin = t;
            if (t > _tmax) _tmax = t;
        }

        // Longest digit string: key length; kind, entry, a gated neuron per level in [tmin, tmax), exit, a tap per
        // layer in [tmin, tmax]; degree; the variables of a term of ∂h/∂a (≤ deg h − 1) and of the sub-path other than
        // a (≤ tmax − tmin).
        int maxKey = 3 + (_tmax - _tmin) + (_tmax - _tmin + 1);
        _entryRestricted = _symmetricEnds && !_ix.IsDiagonal(_tmin);
        _exitRestricted = _symmetricEnds && !_ix.IsDiagonal(_tmax);
        int maxMonomial = h.Degree - 1 + (_tmax - _tmin);
        _monomialLengthRadix = (ulong)maxMonomial + 1;
        double keyBits = Math.Log(_keyLengthRadix, 2) + maxKey * Math.Log(_keyDigitRadix, 2);
        double monomialBits = Math.Log(_monomialLengthRadix, 2) + maxMonomial * Math.Log(_variableRadix, 2);
        _usePacked = keyBits < _packedKeyBits && monomialBits < _packedKeyBits;
        _packedBuckets.Clear();
        _unpacked = _usePacked ? null : new Dictionary<IntArrayKey, long>();

        int longest = 1 + maxKey + 1 + maxMonomial;
        if (_digits.Length < longest) _digits = new int[longest];
        var derivatives = Derivatives(h);
        foreach (var a in variables)
        {
            _derivative = derivatives[a];
            int t = _ix.LayerOf(a), r = _ix.RowOf(a), c = _ix.ColumnOf(a);
            _layerOfA = t;
            _rowOfA = r;
            _pathLength = 0;
            _neurons[t] = r;
            _tapAt[t] = _ix.TapOf(a);
            if (c < 0)
            {
                // A bias starts the sub-path at level t.
                Forward(t, r, t, true);
            }
            else
            {
                Backward(t - 1, c);
            }

            long cost = _usePacked && _packedBuckets.Count <= CachedBuckets ? CostPerTerm : CostPerTermUncached;
            _meter.Charge(_terms * cost + 1, "law verification");
            _terms = 0;
        }

        if (_usePacked)
        {
            return _packedBuckets.NonZeroCount == 0;
        }
        else
        {
            foreach (var kv in _unpacked!)
                if (kv.Value != 0) return false;
        }

        return true;
    }

    // ∂h/∂a for every variable a in one pass over h's terms: removing one factor a from distinct monomials
    // gives distinct monomials, so no terms merge.
    private static Dictionary<int, List<(int[] Items, long Coefficient)>> Derivatives(IntegerPolynomial h)
    {
        var result = new Dictionary<int, List<(int[] Items, long Coefficient)>>();
        foreach (var term in h.Terms)
        {
            var items = term.Key.Items;
            for (int i = 0; i < items.Length; i++)
            {
                if (i > 0 && items[i] == items[i - 1]) continue;
                int exponent = 1;
                while (i + exponent < items.Length && items[i + exponent] == items[i]) exponent++;
                var rest = new int[items.Length - 1];
                Array.Copy(items, 0, rest, 0, i);
                Array.Copy(items, i + 1, rest, i, items.Length - i - 1);
                if (!result.TryGetValue(items[i], out var list)) result[items[i]] = list = new List<(int[], long)>();
                list.Add((rest, checked(term.Value * exponent)));
            }
        }

        return result;
    }

    // Extends the sub-path from neuron n at `level` towards the entry (level tmin − 1 or a bias start).
    private void Backward(int level, int n)
    {
        _neurons[level] = n;
        if (level == _tmin - 1)
        {
            if (_entryRestricted && n != 0) return;
            Forward(_layerOfA, _rowOfA, level, false);
            return;
        }

        if (_ix.HasBias(level))
        {
            _path[_pathLength++] = _ix.B(level, n);
            Forward(_layerOfA, _rowOfA, level, true);
            _pathLength--;
        }

        if (_ix.IsDiagonal(level))
        {
            _path[_pathLength++] = _ix.W(level, n, n);
            _tapAt[level] = 0;
            Backward(level - 1, n);
            _pathLength--;
            return;
        }

        int width = _entryRestricted && level - 1 == _tmin - 1 ? 1 : _ix.Width(level - 1), taps = _ix.Taps(level);
        for (int c = 0; c < width; c++)
        {
            for (int p = 0; p < taps; p++)
            {
                _path[_pathLength++] = _ix.W(level, n, c, p);
                _tapAt[level] = p;
                Backward(level - 1, c);
                _pathLength--;
            }
        }
    }

    // Extends the sub-path from neuron n at `level` to the exit level tmax.
    private void Forward(int level, int n, int start, bool startsAtBias)
    {
        _neurons[level] = n;
        if (level == _tmax)
        {
            if (!_exitRestricted || n == 0) Emit(start, startsAtBias);
            return;
        }

        if (_ix.IsDiagonal(level + 1))
        {
            _path[_pathLength++] = _ix.W(level + 1, n, n);
            _tapAt[level + 1] = 0;
            Forward(level + 1, n, start, startsAtBias);
            _pathLength--;
            return;
        }

        int width = _exitRestricted && level + 1 == _tmax ? 1 : _ix.Width(level + 1), taps = _ix.Taps(level + 1);
        for (int r = 0; r < width; r++)
        {
            for (int p = 0; p < taps; p++)
            {
                _path[_pathLength++] = _ix.W(level + 1, r, n, p);
                _tapAt[level + 1] = p;
                Forward(level + 1, r, start, startsAtBias);
                _pathLength--;
            }
        }
    }

    // Adds every term of ∂h/∂a times the sub-path's other variables to the bucket of what φ_i pins down:
    // the entry neuron (or the block of a bias start), the neurons at homogeneous activations, the exit neuron.
    // Digit string: [key length, kind, entry, gated neurons…, exit, degree, variables…]. Packed, the key digits
    // are the low part (computed once per sub-path) and the monomial the high part.
    private void Emit(int start, bool startsAtBias)
    {
        var digits = _digits;
        int d = 1;
        digits[d++] = startsAtBias ? 1 : 0;
        digits[d++] = startsAtBias ? _ix.Block[start] : _neurons[_tmin - 1];
        var gated = _ix.Segment.IsGateLevel;
        for (int level = startsAtBias ? start : _tmin; level < _tmax; level++)
            if (gated[level]) digits[d++] = _neurons[level];
        digits[d++] = _neurons[_tmax];
        // The taps of the multi-tap layers crossed: a bias at level `start` enters at layer start + 1.
        for (int layer = startsAtBias ? start + 1 : _tmin; layer <= _tmax; layer++)
            if (_ix.Taps(layer) > 1) digits[d++] = _tapAt[layer];
        int keyLength = d - 1;
        digits[0] = keyLength;

        ulong keyValue = 0;
        if (_usePacked)
        {
            for (int k = keyLength; k >= 1; k--) keyValue = keyValue * _keyDigitRadix + (ulong)digits[k];
            keyValue = keyValue * _keyLengthRadix + (ulong)keyLength;
        }

        int pathLength = _pathLength;
        Array.Copy(_path, _sortedPath, pathLength);
        if (pathLength > 1) Array.Sort(_sortedPath, 0, pathLength);
        var terms = _derivative;
        for (int term = 0; term < terms.Count; term++)
        {
            // The monomial: the term's variables merged with the sub-path's (both ascending).
            var (items, coefficient) = terms[term];
            int m = d;
            digits[m++] = items.Length + pathLength;
            int i = 0, j = 0;
            while (i < items.Length && j < pathLength) digits[m++] = items[i] <= _sortedPath[j] ? items[i++] : _sortedPath[j++];
            while (i < items.Length) digits[m++] = items[i++];
            while (j < pathLength) digits[m++] = _sortedPath[j++];

            if (_usePacked)
            {
                ulong monomial = 0;
                for (int k = m - 1; k > d; k--) monomial = monomial * _variableRadix + (ulong)digits[k];
                monomial = monomial * _monomialLengthRadix + (ulong)digits[d];
                _packedBuckets.Add(keyValue, monomial, coefficient);
            }
            else
            {
                var key = new IntArrayKey(digits.AsSpan(0, m).ToArray());
                _unpacked!.TryGetValue(key, out var old);
                _unpacked[key] = checked(old + coefficient);
            }
        }

        _terms += terms.Count;
    }
}
