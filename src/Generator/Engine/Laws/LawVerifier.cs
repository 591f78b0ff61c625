using System.Collections.Generic;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// Exact symbolic check that ⟨∇h, ∇φ_i⟩ ≡ 0 for every component φ_i of a segment, without expanding paths.
/// h touches layers t_min…t_max. Every full path meets that range in a sub-path s; the rest of the path
/// (prefix before t_min, suffix after t_max) does not involve h's variables, so
/// ⟨∇h, ∇φ_i⟩ = Σ_key R_{i,key} · Σ_{s ∈ key} ⟨∇h, ∇s⟩,
/// where the key holds what φ_i pins down: the entry neuron (or the block of a bias start), the neurons at
/// homogeneous activations inside the range, and the exit neuron. Treating every R as a free indeterminate
/// (performance.md §4.3) makes "each key's polynomial is zero" a sound, exact certificate.
/// </summary>
internal sealed class LawVerifier
{
    private readonly SegmentIndexing _ix;
    private readonly WorkMeter _meter;

    // Work units are calibrated to ≈ 1 ns: a dictionary update with a fresh composite key costs ≈ 100.
    private const long CostPerTerm = 100;
    private long _terms;

    public LawVerifier(SegmentIndexing indexing, WorkMeter meter)
    {
        _ix = indexing;
        _meter = meter;
    }

    /// <summary>True when h (segment-local variables) is exactly conserved for every loss f∘φ.</summary>
    public bool Verify(IntegerPolynomial h)
    {
        if (h.IsZero) return false;
        try
        {
            return VerifyCore(h);
        }
        catch (System.OverflowException)
        {
            return false;
        }
    }

    private bool VerifyCore(IntegerPolynomial h)
    {
        var variables = h.Variables();
        int tmin = int.MaxValue, tmax = int.MinValue;
        foreach (var v in variables)
        {
            int t = _ix.LayerOfParameter[v];
            if (t < tmin) tmin = t;
            if (t > tmax) tmax = t;
        }

        var buckets = new Dictionary<IntArrayKey, long>();
        var neurons = new int[_ix.Segment.LevelCount];
        foreach (var a in variables)
        {
            var da = h.Derivative(a);
            int t = _ix.LayerOfParameter[a], r = _ix.RowOfParameter[a], c = _ix.ColumnOfParameter[a];
            var others = new List<int>();
            neurons[t] = r;
            if (c < 0)
            {
                // A bias starts the sub-path at level t.
                Forward(t, r, tmax, others, path => Accumulate(buckets, da, path, BiasKey(t, neurons, tmax)), neurons);
            }
            else
            {
                neurons[t - 1] = c;
                Backward(t - 1, c, tmin, others, (path, start, isBias) =>
                    Forward(t, r, tmax, path, full => Accumulate(buckets, da, full,
                        isBias ? BiasKey(start, neurons, tmax) : InputKey(tmin, neurons, tmax)), neurons), neurons);
            }

            _meter.Charge(_terms * CostPerTerm + 1, "law verification");
            _terms = 0;
        }

        foreach (var kv in buckets)
            if (kv.Value != 0) return false;
        return true;
    }

    private void Accumulate(Dictionary<IntArrayKey, long> buckets, IntegerPolynomial da, List<int> otherVariables, int[] key)
    {
        _terms += da.TermCount;
        var rest = Monomial.Of(otherVariables.ToArray());
        foreach (var term in da.Terms)
        {
            var m = Monomial.Multiply(term.Key, rest).Items;
            var composite = new int[key.Length + 1 + m.Length];
            key.CopyTo(composite, 0);
            composite[key.Length] = -1;
            m.CopyTo(composite, key.Length + 1);
            var k = new IntArrayKey(composite);
            buckets.TryGetValue(k, out var old);
            buckets[k] = checked(old + term.Value);
        }
    }

    // Key of a sub-path entering at level tmin − 1: entry neuron, gated neurons inside, exit neuron.
    private int[] InputKey(int tmin, int[] neurons, int tmax)
    {
        var key = new List<int> { 0, neurons[tmin - 1] };
        for (int level = tmin; level < tmax; level++)
            if (_ix.Segment.IsGateLevel[level]) key.Add(neurons[level]);
        key.Add(neurons[tmax]);
        return key.ToArray();
    }

    // Key of a sub-path started by a bias of layer `start`: the block's bias column, gated neurons, exit neuron.
    private int[] BiasKey(int start, int[] neurons, int tmax)
    {
        var key = new List<int> { 1, _ix.Block[start] };
        for (int level = start; level < tmax; level++)
            if (_ix.Segment.IsGateLevel[level]) key.Add(neurons[level]);
        key.Add(neurons[tmax]);
        return key.ToArray();
    }

    // Extends a sub-path from neuron n at `level` towards the entry; calls back with (variables, start layer, started by bias).
    private void Backward(int level, int n, int tmin, List<int> path, System.Action<List<int>, int, bool> done, int[] neurons)
    {
        neurons[level] = n;
        if (level == tmin - 1)
        {
            done(path, level, false);
            return;
        }

        if (_ix.HasBias(level))
        {
            path.Add(_ix.B(level, n));
            done(path, level, true);
            path.RemoveAt(path.Count - 1);
        }

        int width = _ix.Width(level - 1);
        for (int c = 0; c < width; c++)
        {
            path.Add(_ix.W(level, n, c));
            Backward(level - 1, c, tmin, path, done, neurons);
            path.RemoveAt(path.Count - 1);
        }
    }

    // Extends a sub-path from neuron n at `level` to the exit level tmax.
    private void Forward(int level, int n, int tmax, List<int> path, System.Action<List<int>> done, int[] neurons)
    {
        neurons[level] = n;
        if (level == tmax)
        {
            done(path);
            return;
        }

        int width = _ix.Width(level + 1);
        for (int r = 0; r < width; r++)
        {
            path.Add(_ix.W(level + 1, r, n));
            Forward(level + 1, r, tmax, path, done, neurons);
            path.RemoveAt(path.Count - 1);
        }
    }
}
