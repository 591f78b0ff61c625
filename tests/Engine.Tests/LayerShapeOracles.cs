using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using Shouldly;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Closed forms of the laws of convolutions, diagonal layers and residual blocks, written from their definitions with
/// the storage rule of <see cref="ReferencePathPolynomials"/>, and the checks every test of these layers shares.
/// </summary>
internal static class LayerShapeOracles
{
    /// <summary>A polynomial as monomial (sorted variable indices, joined) → coefficient.</summary>
    public sealed class Quadratic : Dictionary<string, long>
    {
        public void Add(int a, int b, long c)
        {
            string key = Math.Min(a, b) + "," + Math.Max(a, b);
            TryGetValue(key, out long old);
            if (old + c == 0) Remove(key);
            else this[key] = old + c;
        }
    }

    /// <summary>Unit c's incoming weights in block k.</summary>
    public static List<int> InRow(ModelDescription model, int k, int c)
    {
        var (inputs, _, taps, diagonal) = ReferencePathPolynomials.Geometry(model, k);
        int offset = ReferencePathPolynomials.Offset(model, k);
        if (diagonal) return new List<int> { offset + c };
        return Enumerable.Range(0, inputs * taps).Select(j => offset + c * inputs * taps + j).ToList();
    }

    /// <summary>Unit c's outgoing weights in block k (every output unit, every tap), in a fixed order.</summary>
    public static List<int> OutColumn(ModelDescription model, int k, int c)
    {
        var (inputs, outputs, taps, diagonal) = ReferencePathPolynomials.Geometry(model, k);
        int offset = ReferencePathPolynomials.Offset(model, k);
        if (diagonal) return new List<int> { offset + c };
        var list = new List<int>();
        for (int o = 0; o < outputs; o++)
            for (int p = 0; p < taps; p++) list.Add(offset + (o * inputs + c) * taps + p);
        return list;
    }

    /// <summary>Σ A[c]A[c′] + b_c b_c′ − Σ B[:, c]B[:, c′] at the output level of block k (c = c′: the balance).</summary>
    public static Quadratic Gram(ModelDescription model, int k, int c, int c2)
    {
        var q = new Quadratic();
        var a = InRow(model, k, c);
        var a2 = InRow(model, k, c2);
        for (int j = 0; j < a.Count; j++) q.Add(a[j], a2[j], 1);
        if (model.Layers[k].HasBias)
        {
            int bias = ReferencePathPolynomials.Offset(model, k) + (int)ReferencePathPolynomials.Weights(model, k);
            q.Add(bias + c, bias + c2, 1);
        }

        var o = OutColumn(model, k + 1, c);
        var o2 = OutColumn(model, k + 1, c2);
        for (int j = 0; j < o.Count; j++) q.Add(o[j], o2[j], -1);
        return q;
    }

    public static Quadratic Of(ConservationLaw law)
    {
        var q = new Quadratic();
        foreach (var t in law.Terms)
        {
            t.Variables.Count.ShouldBe(2, law.Name);
            q.Add(t.Variables[0], t.Variables[1], t.Coefficient);
        }

        return q;
    }

    /// <summary>The laws of the result, exactly the given closed forms (as sets; a law's sign is its own).</summary>
    public static void ShouldBeExactly(this AnalysisResult result, IEnumerable<Quadratic> expected)
    {
        var actual = result.Laws.Select(l => Canonical(Of(l))).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var wanted = expected.Select(Canonical).OrderBy(s => s, StringComparer.Ordinal).ToList();
        actual.ShouldBe(wanted, result.Model.ToString());
    }

    private static string Canonical(Quadratic q) =>
        string.Join(" ", q.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + ":" + kv.Value));

    /// <summary>Random data for an MSE loss of the model.</summary>
    public static (double[][] Inputs, double[][] Targets) Data(ReferenceNetwork net, int outputs, int samples, Random rng) =>
        (Enumerable.Range(0, samples).Select(_ => TestModels.RandomTheta(net.InputSize, rng)).ToArray(),
         Enumerable.Range(0, samples).Select(_ => TestModels.RandomTheta(outputs, rng)).ToArray());

    /// <summary>|⟨∇h, ∇L⟩| / (‖∇h‖‖∇L‖) for a polynomial h given by its gradient.</summary>
    public static double Cosine(double[] a, double[] b)
    {
        double dot = a.Zip(b, (x, y) => x * y).Sum();
        double na = Math.Sqrt(a.Sum(x => x * x)), nb = Math.Sqrt(b.Sum(x => x * x));
        return Math.Abs(dot) / (na * nb + 1e-300);
    }

    public static double[] Gradient(Quadratic q, double[] theta)
    {
        var g = new double[theta.Length];
        foreach (var (key, c) in q)
        {
            var parts = key.Split(',');
            int a = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), b = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            g[a] += c * theta[b];
            g[b] += c * theta[a];
        }

        return g;
    }

    /// <summary>
    /// At several random θ and data sets, every law's gradient is orthogonal to the gradient of an MSE loss of the model
    /// computed by finite differences of <see cref="ReferenceNetwork"/>.
    /// </summary>
    public static void LawsAreOrthogonalToTheLossGradient(AnalysisResult result, int seed)
    {
        var model = result.Model;
        var net = new ReferenceNetwork(model);
        var rng = new Random(seed);
        int outputs = net.Forward(new double[model.ParameterCount], new double[net.InputSize]).Length;
        result.Laws.Count.ShouldBeGreaterThan(0);
        for (int trial = 0; trial < 3; trial++)
        {
            var theta = TestModels.RandomTheta(model.ParameterCount, rng);
            var (x, y) = Data(net, outputs, 4, rng);
            var g = net.LossGradient(theta, x, y);
            g.Sum(Math.Abs).ShouldBeGreaterThan(1e-3);
            foreach (var law in result.Laws)
                Cosine(law.Gradient(theta), g).ShouldBeLessThan(1e-6, $"{law.Name} = {law.Formula} in {model}");
        }
    }

    /// <summary>The count by the independent path polynomials and Lie words: D − rank.</summary>
    public static int IndependentCount(ModelDescription model, int seed = 3, bool throughSkips = false)
    {
        int d = ReferencePathPolynomials.ParameterCount(model);
        d.ShouldBe(model.ParameterCount);
        var ranks = SymbolicLieRank.Ranks(ReferencePathPolynomials.Phi(model, throughSkips), d, maxLength: 8, seed);
        return d - ranks[^1];
    }
}
