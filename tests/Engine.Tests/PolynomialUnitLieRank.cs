using System;
using System.Collections.Generic;
using System.Linq;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// An independent Lie-rank computation for small networks whose activations are polynomial once the activation pattern is
/// fixed (identity, Power, and ReLU / RePU with a 0/1 gate per unit), test side only. For EVERY pattern it builds the
/// network output F_P(θ; x) as an exact polynomial in (θ, x) over GF(q), q = 2³¹ − 1 (another prime than the engine's),
/// splits it into its coefficients c_{P,o,α}(θ) of the monomials x^α, and takes their gradients as the generating
/// fields; right-normed bracket words of fixed generators (not random combinations) are evaluated at a random point by
/// nested forward differentiation, keeping a word only when it adds rank. Nothing is shared with the engine.
/// The result is a lower bound of dim Lie(W_φ)(θ) for φ = (c_{P,o,α}); with independent laws it sandwiches the count.
/// </summary>
internal static class PolynomialUnitLieRank
{
    private const long Q = 2147483647;

    /// <param name="net">The network (activations "repu:K", "power:K", "relu", "linear").</param>
    /// <param name="maxLength">Longest bracket word.</param>
    /// <param name="seed">Seed of the point.</param>
    /// <returns>The rank reached (a lower bound of dim Lie(W_φ)(θ)) and the number of parameters D.</returns>
    public static (int Rank, int Parameters) Rank(UnitNetwork net, int maxLength, int seed)
    {
        int d = net.Parameters;
        var coefficients = Coefficients(net);
        var generators = coefficients.Values.Where(p => !p.IsZero).Select(p => Enumerable.Range(0, d).Select(p.Derivative).ToArray()).ToList();
        var rng = new Random(seed);
        var point = Enumerable.Range(0, d).Select(_ => new[] { (long)rng.Next(1, int.MaxValue) }).ToArray();
        var rows = new List<long[]>();
        var candidates = Enumerable.Range(0, generators.Count).Select(g => new[] { g }).ToList();
        for (int length = 1; length <= maxLength && rows.Count < d; length++)
        {
            var added = new List<int[]>();
            foreach (var word in candidates)
            {
                rows.Add(Evaluate(generators, word, point, 1).Select(j => j[0]).ToArray());
                if (RankOf(rows, d) == rows.Count) added.Add(word);
                else rows.RemoveAt(rows.Count - 1);
                if (rows.Count == d) break;
            }

            if (added.Count == 0) break;
            candidates = added.SelectMany(w => Enumerable.Range(0, generators.Count).Select(g => w.Prepend(g).ToArray())).ToList();
        }

        return (rows.Count, d);
    }

    /// <summary>
    /// φ of the network: for every activation pattern P, output o and monomial x^α of the input, the coefficient
    /// c_{P,o,α}(θ) as a polynomial over GF(q) (sorted variable indices as chars → coefficient).
    /// </summary>
    public static Dictionary<string, IReadOnlyDictionary<string, long>> CoefficientTerms(UnitNetwork net) =>
        Coefficients(net).Where(kv => !kv.Value.IsZero).ToDictionary(kv => kv.Key, kv => kv.Value.Terms, StringComparer.Ordinal);

    private static Dictionary<string, Poly> Coefficients(UnitNetwork net)
    {
        int d = net.Parameters;
        int inputs = net.Widths[0];
        var hidden = net.Activations;
        var gatedWidths = new List<int>();
        for (int k = 0; k < hidden.Length; k++)
            if (hidden[k].StartsWith("repu", StringComparison.Ordinal) || hidden[k] == "relu") gatedWidths.Add(net.Widths[k + 1]);
        int gateBits = gatedWidths.Sum();

        var coefficients = new Dictionary<string, Poly>(StringComparer.Ordinal);
        for (long pattern = 0; pattern < 1L << gateBits; pattern++)
        {
            // Forward pass on polynomials: variables 0…D−1 are θ, D… are x.
            var a = Enumerable.Range(0, inputs).Select(i => Poly.Variable(d + i)).ToArray();
            int bit = 0;
            for (int k = 0; k + 1 < net.Widths.Length; k++)
            {
                var z = new Poly[net.Widths[k + 1]];
                for (int r = 0; r < z.Length; r++)
                {
                    var s = net.Bias ? Poly.Variable(net.BiasOffset[k] + r) : new Poly();
                    for (int c = 0; c < a.Length; c++) s = s.Plus(Poly.Variable(net.WeightOffset[k] + r * net.Widths[k] + c).Times(a[c]));
                    z[r] = s;
                }

                if (k < hidden.Length)
                {
                    var parts = hidden[k].Split(':');
                    bool gated = parts[0] is "repu" or "relu";
                    int degree = parts.Length > 1 ? int.Parse(parts[1]) : 1;
                    for (int r = 0; r < z.Length; r++)
                    {
                        bool on = !gated || ((pattern >> bit++) & 1) == 1;
                        if (!on)
                        {
                            z[r] = new Poly();
                            continue;
                        }

                        var p = z[r];
                        for (int e = 1; e < degree; e++) p = p.Times(z[r]);
                        z[r] = p;
                    }
                }

                a = z;
            }

            // Coefficients of each output in the monomials of x.
            for (int o = 0; o < a.Length; o++)
            {
                foreach (var (key, value) in a[o].Terms)
                {
                    string xPart = new string(key.Where(ch => ch >= d).ToArray());
                    string thetaPart = new string(key.Where(ch => ch < d).ToArray());
                    string id = pattern + "/" + o + "/" + xPart;
                    if (!coefficients.TryGetValue(id, out var poly)) coefficients[id] = poly = new Poly();
                    poly.Add(thetaPart, value);
                }
            }
        }

        return coefficients;
    }

    private static long[][] Evaluate(List<Poly[]> generators, int[] word, long[][] theta, int size)
    {
        if (word.Length == 1) return generators[word[0]].Select(p => p.Evaluate(theta, size)).ToArray();
        var head = new[] { word[0] };
        var tail = word.Skip(1).ToArray();
        var x = Evaluate(generators, head, theta, size);
        var y = Evaluate(generators, tail, theta, size);
        var dyx = Evaluate(generators, tail, Lift(theta, x), 2 * size);
        var dxy = Evaluate(generators, head, Lift(theta, y), 2 * size);
        return dyx.Select((v, i) => Enumerable.Range(0, size).Select(m => ((v[size + m] - dxy[i][size + m]) % Q + Q) % Q).ToArray()).ToArray();
    }

    private static long[][] Lift(long[][] theta, long[][] direction) => theta.Select((t, i) => t.Concat(direction[i]).ToArray()).ToArray();

    private static long[] MultiplyJets(long[] a, long[] b)
    {
        var c = new long[a.Length];
        for (int m = 0; m < a.Length; m++)
        {
            long sum = 0;
            for (int s = m; ; s = (s - 1) & m)
            {
                sum = (sum + a[s] * b[m ^ s]) % Q;
                if (s == 0) break;
            }

            c[m] = sum;
        }

        return c;
    }

    private static int RankOf(List<long[]> vectors, int columns)
    {
        var m = vectors.Select(v => (long[])v.Clone()).ToList();
        int rank = 0;
        for (int col = 0; col < columns && rank < m.Count; col++)
        {
            int pivot = m.FindIndex(rank, r => r[col] != 0);
            if (pivot < 0) continue;
            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            long inv = PowerMod(m[rank][col], Q - 2);
            for (int i = rank + 1; i < m.Count; i++)
            {
                long f = m[i][col] * inv % Q;
                if (f == 0) continue;
                for (int j = col; j < columns; j++) m[i][j] = ((m[i][j] - f * m[rank][j]) % Q + Q) % Q;
            }

            rank++;
        }

        return rank;
    }

    private static long PowerMod(long b, long e)
    {
        long r = 1;
        b %= Q;
        for (; e > 0; e >>= 1, b = b * b % Q)
            if ((e & 1) == 1) r = r * b % Q;
        return r;
    }

    /// <summary>A polynomial over GF(q): monomial (sorted variable indices as chars, repeated for powers) → coefficient.</summary>
    private sealed class Poly
    {
        private readonly Dictionary<string, long> _terms = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, long> Terms => _terms;

        public bool IsZero => _terms.Count == 0;

        public static Poly Variable(int v)
        {
            var p = new Poly();
            p._terms[((char)v).ToString()] = 1;
            return p;
        }

        public Poly Plus(Poly other)
        {
            var r = new Poly();
            foreach (var (k, v) in _terms) r.Add(k, v);
            foreach (var (k, v) in other._terms) r.Add(k, v);
            return r;
        }

        public Poly Times(Poly other)
        {
            var r = new Poly();
            foreach (var (ka, ca) in _terms)
                foreach (var (kb, cb) in other._terms)
                {
                    var chars = (ka + kb).ToCharArray();
                    Array.Sort(chars);
                    r.Add(new string(chars), ca * cb % Q);
                }

            return r;
        }

        public Poly Derivative(int v)
        {
            var r = new Poly();
            char c = (char)v;
            foreach (var (key, coefficient) in _terms)
            {
                int e = key.Count(x => x == c);
                if (e == 0) continue;
                r.Add(key.Remove(key.IndexOf(c), 1), coefficient * e % Q);
            }

            return r;
        }

        public long[] Evaluate(long[][] point, int size)
        {
            var sum = new long[size];
            foreach (var (key, coefficient) in _terms)
            {
                var t = new long[size];
                t[0] = coefficient;
                foreach (char c in key) t = MultiplyJets(t, point[c]);
                for (int m = 0; m < size; m++) sum[m] = (sum[m] + t[m]) % Q;
            }

            return sum;
        }

        public void Add(string key, long c)
        {
            _terms.TryGetValue(key, out long old);
            long v = ((old + c) % Q + Q) % Q;
            if (v == 0) _terms.Remove(key);
            else _terms[key] = v;
        }
    }
}
