using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// An independent Lie-rank computation for small linear runs with biases, or for any φ given as polynomials (test side only): φ as exact polynomials
/// (top block of Ŵ_L⋯Ŵ_1 in homogeneous coordinates, not the engine's path-lifting), its gradient fields χ_i as
/// polynomials, and right-normed bracket words [χ_a, [χ_b, …]] (fixed words, not random combinations) evaluated over
/// GF(q), q = 2³¹ − 1 (another prime than the engine's), at a random point by nested forward differentiation. Nothing
/// is shared with the engine: its own polynomials, jets and elimination.
/// Every word lies in Lie(W_φ), so the returned rank is a lower bound of dim Lie(W_φ)(θ); with independent laws it
/// sandwiches the count exactly as the engine's certificate does, from separate code.
/// </summary>
internal static class SymbolicLieRank
{
    private const long Q = 2147483647;

    /// <summary>The rank reached with words of length ≤ j, for j = 1, 2, … until a length adds nothing; the last entry bounds dim Lie(W_φ)(θ) from below.</summary>
    public static List<int> Ranks(int[] widths, bool bias, int maxLength, int seed)
    {
        int d = 0;
        // Ŵ_k = [[W_k, b_k], [0, 1]] with one variable per parameter, in the engine's layout (weights row-major, then bias).
        Poly[,]? product = null;
        for (int k = 1; k < widths.Length; k++)
        {
            int nIn = widths[k - 1], nOut = widths[k];
            var hat = new Poly[nOut + 1, nIn + 1];
            for (int r = 0; r <= nOut; r++)
                for (int c = 0; c <= nIn; c++)
                    hat[r, c] = new Poly();
            for (int r = 0; r < nOut; r++)
                for (int c = 0; c < nIn; c++)
                    hat[r, c] = Poly.Variable(d++);
            for (int r = 0; r < nOut; r++) hat[r, nIn] = bias ? Poly.Variable(d++) : new Poly();
            hat[nOut, nIn] = Poly.Constant(1);
            product = product is null ? hat : Multiply(hat, product);
        }

        // φ: the top block (n_L × (n_0 + 1)): the product matrix and the effective bias.
        var phi = new List<Poly>();
        for (int r = 0; r < widths[^1]; r++)
            for (int c = 0; c <= widths[0]; c++)
                if (!product![r, c].IsZero) phi.Add(product[r, c]);
        return Ranks(phi, d, maxLength, seed);
    }

    /// <summary>As above for any φ given as polynomials in <paramref name="d"/> variables (e.g. <see cref="ReferencePathPolynomials"/>).</summary>
    public static List<int> Ranks(IReadOnlyList<Poly> phi, int d, int maxLength, int seed)
    {
        // χ_i = ∇φ_i as exact polynomials (degree ≤ depth − 1, a few terms each).
        var generators = phi.Select(p => Enumerable.Range(0, d).Select(p.Derivative).ToArray()).ToList();
        return RanksOfFields(generators, d, maxLength, seed);
    }

    /// <summary>
    /// The ranks for a softmax cross-entropy loss of the model's outputs: the fields of the parts before the last as above,
    /// and in the part that ends the model ∇(φ_{r,o} − φ_{r,n−1}) for every path prefix r and output o &lt; n − 1, i.e.
    /// ∂φᵀw for every cotangent w whose entries sum to zero over the outputs (a basis of those cotangents). φ from
    /// <see cref="ReferencePathPolynomials.PhiKeyed"/>.
    /// </summary>
    public static List<int> CentredRanks(ModelDescription model, int maxLength, int seed)
    {
        int d = ReferencePathPolynomials.ParameterCount(model);
        int n = model.Layers[^1].Outputs;
        var keyed = ReferencePathPolynomials.PhiKeyed(model);
        var phi = keyed.Where(e => !e.Last).Select(e => e.Phi).ToList();
        foreach (var group in keyed.Where(e => e.Last).GroupBy(e => e.Prefix))
        {
            var byOutput = group.ToDictionary(e => e.Output, e => e.Phi);
            var lastOutput = byOutput.TryGetValue(n - 1, out var p) ? p : new Poly();
            for (int o = 0; o < n - 1; o++)
            {
                var difference = new Poly();
                if (byOutput.TryGetValue(o, out var po)) difference.AddProduct(po, Poly.Constant(1), 1);
                difference.AddProduct(lastOutput, Poly.Constant(1), Q - 1);
                if (!difference.IsZero) phi.Add(difference);
            }
        }

        return Ranks(phi, d, maxLength, seed);
    }

    /// <summary>As above for any polynomial vector fields on <paramref name="d"/> variables (each field d polynomials).</summary>
    public static List<int> RanksOfFields(List<Poly[]> generators, int d, int maxLength, int seed)
    {
        var rng = new Random(seed);
        var point = Enumerable.Range(0, d).Select(_ => new[] { (long)rng.Next(1, int.MaxValue) }).ToArray();
        var rows = new List<long[]>();
        var ranks = new List<int>();
        var candidates = Enumerable.Range(0, generators.Count).Select(a => new[] { a }).ToList();
        for (int length = 1; length <= maxLength; length++)
        {
            // Only the words whose values add rank are bracketed further: every word is in Lie(W_φ), so the rank found
            // is a lower bound of dim Lie(W_φ)(θ) (an upper bound on the laws), reached without the 2^L words of level L.
            var added = new List<int[]>();
            foreach (var word in candidates)
            {
                rows.Add(Evaluate(generators, word, point, 1).Select(j => j[0]).ToArray());
                if (Rank(rows, d) == rows.Count) added.Add(word);
                else rows.RemoveAt(rows.Count - 1);
            }

            ranks.Add(rows.Count);
            if (added.Count == 0 || rows.Count == d) break;
            candidates = added.SelectMany(w => Enumerable.Range(0, generators.Count).Select(a => w.Prepend(a).ToArray())).ToList();
        }

        return ranks;
    }

    // The word [χ_{w0}, [χ_{w1}, …, χ_{wL}]] at θ given as jets of `size` = 2^k coefficients (k infinitesimals with
    // ε² = 0). [X, Y] = DY·X − DX·Y, each directional derivative by one more infinitesimal.
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

    private static long[][] Lift(long[][] theta, long[][] direction) =>
        theta.Select((t, i) => t.Concat(direction[i]).ToArray()).ToArray();

    // Product of jets: c[m] = Σ_{s ⊆ m} a[s]·b[m ∖ s].
    private static long[] Multiply(long[] a, long[] b)
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

    private static Poly[,] Multiply(Poly[,] a, Poly[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1), k = a.GetLength(1);
        var c = new Poly[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                var s = new Poly();
                for (int l = 0; l < k; l++) s.AddProduct(a[i, l], b[l, j], 1);
                c[i, j] = s;
            }

        return c;
    }

    private static int Rank(List<long[]> vectors, int columns)
    {
        var m = vectors.Select(v => (long[])v.Clone()).ToList();
        int rank = 0;
        for (int col = 0; col < columns && rank < m.Count; col++)
        {
            int pivot = m.FindIndex(rank, r => r[col] != 0);
            if (pivot < 0) continue;
            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            long inv = Power(m[rank][col], Q - 2);
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

    private static long Power(long b, long e)
    {
        long r = 1;
        b %= Q;
        for (; e > 0; e >>= 1, b = b * b % Q)
            if ((e & 1) == 1) r = r * b % Q;
        return r;
    }

    /// <summary>A polynomial over GF(q): monomial (sorted variable indices, repeated for powers, as a string key) → coefficient.</summary>
    internal sealed class Poly
    {
        private readonly Dictionary<string, long> _terms = new(StringComparer.Ordinal);

        public bool IsZero => _terms.Count == 0;

        /// <summary>The terms: monomial (sorted variables as chars) → coefficient mod q.</summary>
        public IReadOnlyDictionary<string, long> Terms => _terms;

        /// <summary>True when the polynomial is a constant (a path that picks up no parameter).</summary>
        public bool IsConstant => _terms.Keys.All(k => k.Length == 0);

        public static Poly Variable(int v)
        {
            var p = new Poly();
            p._terms[((char)v).ToString()] = 1;
            return p;
        }

        /// <summary>this += the product of the given variables (repeats are powers).</summary>
        public void AddMonomial(IEnumerable<int> variables)
        {
            var chars = variables.Select(v => (char)v).ToArray();
            Array.Sort(chars);
            Add(new string(chars), 1);
        }

        public static Poly Constant(long c)
        {
            var p = new Poly();
            p._terms[""] = c;
            return p;
        }

        public Poly Derivative(int v)
        {
            var r = new Poly();
            char c = (char)v;
            foreach (var (key, coefficient) in _terms)
            {
                int e = key.Count(x => x == c);
                if (e == 0) continue;
                int at = key.IndexOf(c);
                r.Add(key.Remove(at, 1), coefficient * e % Q);
            }

            return r;
        }

        /// <summary>The polynomial with every variable v replaced by <paramref name="map"/>(v).</summary>
        public Poly Substitute(Func<int, Poly> map)
        {
            var r = new Poly();
            foreach (var (key, coefficient) in _terms)
            {
                var term = Constant(coefficient);
                foreach (char c in key)
                {
                    var next = new Poly();
                    next.AddProduct(term, map(c), 1);
                    term = next;
                }

                r.AddProduct(term, Constant(1), 1);
            }

            return r;
        }

        /// <summary>The coefficient of variable^power, as a polynomial in the other variables.</summary>
        public Poly CoefficientOf(int variable, int power)
        {
            var r = new Poly();
            char c = (char)variable;
            foreach (var (key, coefficient) in _terms)
                if (key.Count(x => x == c) == power) r.Add(key.Replace(c.ToString(), ""), coefficient);
            return r;
        }

        /// <summary>The largest power of <paramref name="variable"/> in any term.</summary>
        public int DegreeIn(int variable) => _terms.Keys.Select(k => k.Count(x => x == (char)variable)).DefaultIfEmpty(0).Max();

        /// <summary>this += scale·a·b.</summary>
        public void AddProduct(Poly a, Poly b, long scale)
        {
            foreach (var (ka, ca) in a._terms)
                foreach (var (kb, cb) in b._terms)
                {
                    var chars = (ka + kb).ToCharArray();
                    Array.Sort(chars);
                    Add(new string(chars), ca * cb % Q * scale % Q);
                }
        }

        /// <summary>The value at a real point (every coefficient here is 1 or a small integer).</summary>
        public double EvaluateReal(IReadOnlyList<double> point) =>
            _terms.Sum(kv => (kv.Value > Q / 2 ? kv.Value - Q : kv.Value) * kv.Key.Aggregate(1.0, (a, c) => a * point[c]));

        /// <summary>The value on jets of <paramref name="size"/> coefficients per variable.</summary>
        public long[] Evaluate(long[][] point, int size)
        {
            var sum = new long[size];
            foreach (var (key, coefficient) in _terms)
            {
                var t = new long[size];
                t[0] = coefficient;
                foreach (char c in key) t = SymbolicLieRank.Multiply(t, point[c]);
                for (int m = 0; m < size; m++) sum[m] = (sum[m] + t[m]) % Q;
            }

            return sum;
        }

        private void Add(string key, long c)
        {
            _terms.TryGetValue(key, out long old);
            long v = (old + c) % Q;
            if (v == 0) _terms.Remove(key);
            else _terms[key] = v;
        }
    }
}
