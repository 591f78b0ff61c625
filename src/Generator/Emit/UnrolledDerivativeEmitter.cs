using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Straight-line JVP and VJP of an unrolled φ, written from its monomial expansion by the product rule, so neither
/// goes through the sparse Jacobian values (which cost several φ evaluations per call). Both are chunked like φ.
/// </summary>
internal static class UnrolledDerivativeEmitter
{
    /// <summary>
    /// Largest JVP + VJP (in span loads) emitted unrolled: together about 1.5× φ's unrolling cap, so a model's source
    /// stays within its ≈ 200 KB budget. Above it the JVP/VJP go through the sparse values.
    /// </summary>
    public const int FactorCap = 6000;

    /// <summary>True when the unrolled JVP and VJP of these components stay within <see cref="FactorCap"/>.</summary>
    public static bool Fits(IReadOnlyList<List<int[]>> components)
    {
        long jvp = 0, vjp = 0;
        foreach (var c in components)
            foreach (var m in c)
            {
                jvp += TangentFactors(m.Length);
                vjp += (long)m.Length * m.Length;
            }

        return jvp + vjp <= FactorCap;
    }

    /// <summary>
    /// Writes <c>JacobianTimes</c>: per component, Σ over monomials of d(t_1⋯t_d)·v in Horner form
    /// v_1 t_2⋯t_d + t_1(v_2 t_3⋯t_d + t_2(⋯ + t_{d−1} v_d)), which needs fewer loads than d separate products.
    /// </summary>
    public static void WriteJvp(IndentedTextWriter w, IReadOnlyList<List<int[]>> components)
    {
        var chunks = Chunking.Split(components.Select(c => c.Sum(m => TangentFactors(m.Length)) + 1).ToList());
        Chunking.WriteChunkedMethod(w, "public static void JacobianTimes(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> v, global::System.Span<double> result)",
            new[] { ("theta", "ParameterCount"), ("v", "ParameterCount"), ("result", "PhiLength") },
            "JacobianTimes", "global::System.ReadOnlySpan<double> t, global::System.ReadOnlySpan<double> v, global::System.Span<double> r", "theta, v, result", chunks,
            i => w.WriteLine($"r[{Inv(i)}] = {PhiEmitter.Sum(components[i].Where(m => m.Length > 0).Select(m => Tangent(m, 0)))};"));
    }

    /// <summary>
    /// Writes <c>JacobianTransposeTimes</c> gathered by parameter: result[a] = Σ over (component i, monomial m ∋ a) of
    /// w[i]·Π_{b∈m, b≠a} t[b]. Each entry is written once, so nothing is cleared or read back.
    /// </summary>
    public static void WriteVjp(IndentedTextWriter w, IReadOnlyList<List<int[]>> components, int parameterCount)
    {
        var terms = new List<(int Component, int[] Others)>[parameterCount];
        for (int a = 0; a < parameterCount; a++) terms[a] = new List<(int, int[])>();
        for (int i = 0; i < components.Count; i++)
            foreach (var m in components[i])
                foreach (int a in m) terms[a].Add((i, m.Where(b => b != a).ToArray()));

        var chunks = Chunking.Split(terms.Select(list => list.Sum(term => term.Others.Length + 1) + 1).ToList());
        Chunking.WriteChunkedMethod(w, "public static void JacobianTransposeTimes(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> w, global::System.Span<double> result)",
            new[] { ("theta", "ParameterCount"), ("w", "PhiLength"), ("result", "ParameterCount") },
            "JacobianTransposeTimes", "global::System.ReadOnlySpan<double> t, global::System.ReadOnlySpan<double> w, global::System.Span<double> r", "theta, w, result", chunks,
            a => w.WriteLine($"r[{Inv(a)}] = {PhiEmitter.Sum(terms[a].GroupBy(term => term.Component).Select(Weighted))};"));
    }

    // w[i]·Σ_m Π t over the monomials of component i that hold the parameter: one load and multiply of w[i] per group.
    private static string Weighted(IGrouping<int, (int Component, int[] Others)> group)
    {
        var products = group.Select(term => term.Others.Length == 0 ? "1d" : string.Join(" * ", term.Others.Select(T))).ToList();
        string weight = $"w[{Inv(group.Key)}]";
        if (products.Count == 1) return products[0] == "1d" ? weight : $"{weight} * {products[0]}";
        return $"{weight} * ({PhiEmitter.Sum(products)})";
    }

    // Span loads in the Horner form of a degree-d monomial's tangent: f(1) = 1, f(d) = d + 1 + f(d − 1).
    private static int TangentFactors(int degree) => degree <= 1 ? degree : degree + 1 + TangentFactors(degree - 1);

    // d(m[from] ⋯ m[d−1])·v.
    private static string Tangent(int[] m, int from)
    {
        if (from == m.Length - 1) return $"v[{Inv(m[from])}]";
        string rest = string.Join(" * ", m.Skip(from + 1).Select(T));
        string inner = Tangent(m, from + 1);
        if (from + 2 < m.Length) inner = "(" + inner + ")";
        return $"v[{Inv(m[from])}] * {rest} + {T(m[from])} * {inner}";
    }

    private static string T(int index) => $"t[{Inv(index)}]";
}
