using System.Collections.Generic;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>One parity class of monomials, and the orbit it belongs to under permutations of neurons within levels.</summary>
/// <param name="Monomials">The class, listed in an order that every class of the same orbit shares position by position.</param>
/// <param name="Orbit">Classes with the same orbit map onto each other by permuting neurons within levels, monomial k to monomial k.</param>
internal readonly record struct StructuredClass(List<IntArrayKey> Monomials, int Orbit);

/// <summary>
/// Parity classes of the sign-flip group (docs/engine.md, step 5): negating one neuron's incoming and outgoing
/// parameters maps every φ_i to ±φ_i, so the law equations split into one independent system per class of
/// monomials with the same parity (symmetric difference of touched neurons).
/// </summary>
internal static class LawClasses
{
    /// <summary>
    /// Degree-≤2 classes whose parity touches at most two neurons, listed from the layer structure in
    /// O(Σ widths²) without forming all D² monomials. The diagonal class (parity ∅) is handled separately.
    /// Classes of three or four neurons are left out; the completeness certificate detects any law they hold.
    /// Single-monomial classes never hold a law (all path terms are positive), so they are skipped too.
    /// Each class is tagged with its orbit: the kind of class and its levels, the same for every choice of neurons.
    /// </summary>
    public static IEnumerable<StructuredClass> StructuredDegreeTwo(SegmentIndexing ix)
    {
        int T = ix.LayerCount;
        int Orbit(int kind, int level) => 4 * level + kind;
        // One neuron {(t, n)}: bias b_t[n], bias·weight products through n.
        for (int t = 0; t <= T; t++)
        {
            for (int n = 0; n < ix.Width(t); n++)
            {
                var m = new List<IntArrayKey>();
                if (ix.HasBias(t)) m.Add(Monomial.Of(ix.B(t, n)));
                if (t >= 2 && ix.HasBias(t - 1))
                    for (int j = 0; j < ix.Width(t - 1); j++) m.Add(Monomial.Of(ix.B(t - 1, j), ix.W(t, n, j)));
                if (t + 1 <= T && ix.HasBias(t + 1))
                    for (int j = 0; j < ix.Width(t + 1); j++) m.Add(Monomial.Of(ix.B(t + 1, j), ix.W(t + 1, j, n)));
                if (m.Count > 1) yield return new StructuredClass(m, Orbit(0, t));
            }
        }

        for (int t = 0; t <= T; t++)
        {
            // Two neurons of one level {(t, n1), (t, n2)}: the Gram-entry class.
            for (int n1 = 0; n1 < ix.Width(t); n1++)
            {
                for (int n2 = n1 + 1; n2 < ix.Width(t); n2++)
                {
                    var m = new List<IntArrayKey>();
                    if (t >= 1)
                        for (int i = 0; i < ix.Width(t - 1); i++) m.Add(Monomial.Of(ix.W(t, n1, i), ix.W(t, n2, i)));
                    if (ix.HasBias(t)) m.Add(Monomial.Of(ix.B(t, n1), ix.B(t, n2)));
                    if (t + 1 <= T)
                        for (int l = 0; l < ix.Width(t + 1); l++) m.Add(Monomial.Of(ix.W(t + 1, l, n1), ix.W(t + 1, l, n2)));
                    if (m.Count > 1) yield return new StructuredClass(m, Orbit(1, t));
                }
            }

            // Two neurons two levels apart {(t−1, i), (t+1, l)}: two-hop paths through level t.
            if (t >= 1 && t + 1 <= T)
            {
                for (int i = 0; i < ix.Width(t - 1); i++)
                {
                    for (int l = 0; l < ix.Width(t + 1); l++)
                    {
                        var m = new List<IntArrayKey>();
                        for (int j = 0; j < ix.Width(t); j++) m.Add(Monomial.Of(ix.W(t, j, i), ix.W(t + 1, l, j)));
                        if (ix.HasBias(t - 1) && ix.HasBias(t + 1)) m.Add(Monomial.Of(ix.B(t - 1, i), ix.B(t + 1, l)));
                        if (m.Count > 1) yield return new StructuredClass(m, Orbit(2, t));
                    }
                }
            }

            // Adjacent neurons {(t−1, i), (t, j)}: the weight itself and a bias·bias product.
            if (t >= 2 && ix.HasBias(t - 1) && ix.HasBias(t))
            {
                for (int i = 0; i < ix.Width(t - 1); i++)
                    for (int j = 0; j < ix.Width(t); j++)
                        yield return new StructuredClass(new List<IntArrayKey> { Monomial.Of(ix.W(t, j, i)), Monomial.Of(ix.B(t - 1, i), ix.B(t, j)) }, Orbit(3, t));
            }
        }
    }

    /// <summary>Every monomial of degree 1…k, grouped by parity (exhaustive; small models only).</summary>
    public static List<List<IntArrayKey>> Exhaustive(SegmentIndexing ix, int maxDegree, Analysis.WorkMeter meter)
    {
        int n = ix.Segment.ParameterCount;
        var parity = new int[n][];
        for (int a = 0; a < n; a++)
        {
            var (f, s) = ix.Parity(a);
            parity[a] = s < 0 ? new[] { f } : new[] { System.Math.Min(f, s), System.Math.Max(f, s) };
        }

        var classes = new Dictionary<IntArrayKey, List<IntArrayKey>>();
        var order = new List<IntArrayKey>();
        var current = new List<int>();
        void Recurse(int start, int remaining)
        {
            if (current.Count > 0)
            {
                var key = new IntArrayKey(ParityOf(current, parity));
                if (!classes.TryGetValue(key, out var list))
                {
                    list = new List<IntArrayKey>();
                    classes[key] = list;
                    order.Add(key);
                }

                list.Add(new IntArrayKey(current.ToArray()));
                if (list.Count % 4096 == 0) meter.Charge(4096, "law search");
            }

            if (remaining == 0) return;
            for (int a = start; a < n; a++)
            {
                current.Add(a);
                Recurse(a, remaining - 1);
                current.RemoveAt(current.Count - 1);
            }
        }

        Recurse(0, maxDegree);
        var result = new List<List<IntArrayKey>>();
        foreach (var key in order)
        {
            var list = classes[key];
            if (list.Count <= 1) continue;
            list.Sort((x, y) => x.CompareTo(y));
            result.Add(list);
        }

        return result;
    }

    private static int[] ParityOf(List<int> monomial, int[][] parity)
    {
        var set = new SortedSet<int>();
        foreach (var a in monomial)
            foreach (var v in parity[a])
                if (!set.Remove(v)) set.Add(v);
        var arr = new int[set.Count];
        set.CopyTo(arr);
        return arr;
    }
}
