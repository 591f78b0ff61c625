using System.Collections.Generic;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Exact check of candidate laws of a residual region. A candidate within one segment goes to that segment's
/// <see cref="LawVerifier"/> (the region's φ is a function of the segments' maps, so their laws are the region's). A
/// candidate spanning segments is checked when it is a signed sum of squares h = Σ s_e θ_e², which every balance and
/// stream balance is: ⟨∇h, ∇φ_p⟩ = 2 (Σ_{e∈p} s_e) φ_p for every path monomial φ_p of the region's graph (units as
/// nodes, parameters as edges, a skip as a parameter-free edge from unit c to unit c), and distinct paths have distinct
/// monomials, so h is a law exactly when every full path sums to zero — when node potentials π exist with
/// π(head) = π(tail) + s_e on every edge, π(head) = π(tail) on every skip, and π = 0 on the region's inputs, bias
/// sources and outputs. One pass over the edges decides it.
/// </summary>
internal sealed class RegionVerifier : Components.ILawVerifier
{
    private readonly ResidualRegion _region;
    private readonly List<(int Offset, int Count, LawVerifier Verifier)> _parts = new();
    private readonly WorkMeter _meter;

    public RegionVerifier(ResidualRegion region, WorkMeter meter)
    {
        _region = region;
        _meter = meter;
        foreach (var part in region.Parts)
            _parts.Add((part.ParameterStart - region.ParameterStart, part.ParameterCount, new LawVerifier(part.Indexing, meter)));
    }

    public bool Verify(IntegerPolynomial h) => Verify(h, symmetricEnds: false);

    public bool Verify(IntegerPolynomial h, bool symmetricEnds)
    {
        if (h.IsZero) return false;
        var variables = h.Variables();
        foreach (var (offset, count, verifier) in _parts)
        {
            if (variables[0] < offset || variables[variables.Length - 1] >= offset + count) continue;
            var shifted = new IntegerPolynomial();
            foreach (var term in h.Terms)
            {
                var items = (int[])term.Key.Items.Clone();
                for (int i = 0; i < items.Length; i++) items[i] -= offset;
                shifted.Add(new IntArrayKey(items), term.Value);
            }

            return verifier.Verify(shifted, symmetricEnds);
        }

        return VerifySumOfSquares(h);
    }

    private bool VerifySumOfSquares(IntegerPolynomial h)
    {
        var sign = new Dictionary<int, long>();
        foreach (var term in h.Terms)
        {
            var items = term.Key.Items;
            if (items.Length != 2 || items[0] != items[1]) return false;
            sign[items[0]] = term.Value;
        }

        var model = _region.Model;
        int first = _region.FirstLayer, last = _region.LastLayer, start = _region.ParameterStart;
        long S(int global) => sign.TryGetValue(global - start, out long s) ? s : 0;

        // π per level: index 0 is the region's input level (layer first − 1's output), level g + 1 − first is layer g's output.
        var potential = new long[last - first + 2][];
        potential[0] = new long[model.Shapes[first].Inputs];
        for (int g = first; g <= last; g++)
        {
            var shape = model.Shapes[g];
            var block = model.Layers[g];
            var before = potential[g - first];
            var pi = new long[shape.Outputs];
            var known = new bool[shape.Outputs];
            bool Meet(int r, long value)
            {
                if (!known[r])
                {
                    known[r] = true;
                    pi[r] = value;
                    return true;
                }

                return pi[r] == value;
            }

            int weights = model.WeightOffset(g);
            for (int r = 0; r < shape.Outputs; r++)
            {
                if (shape.Diagonal)
                {
                    if (!Meet(r, before[r] + S(weights + r))) return false;
                }
                else
                {
                    for (int c = 0; c < shape.Inputs; c++)
                        for (int p = 0; p < shape.Taps; p++)
                            if (!Meet(r, before[c] + S(weights + (int)shape.EdgeOffset(r, c, p)))) return false;
                }

                if (block.HasBias && !Meet(r, S(model.BiasOffset(g) + r))) return false;
            }

            foreach (var (source, target) in _region.Skips)
            {
                if (target != g) continue;
                var from = potential[source + 1 - first];
                for (int r = 0; r < shape.Outputs; r++)
                    if (!Meet(r, from[r])) return false;
            }

            potential[g + 1 - first] = pi;
            _meter.Charge(shape.WeightCount + shape.Outputs, "law verification");
        }

        foreach (long value in potential[last + 1 - first])
            if (value != 0) return false;
        return true;
    }
}
