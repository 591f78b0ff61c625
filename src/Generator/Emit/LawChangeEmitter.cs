using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Writes what optimizers need to account for each law exactly: the change h(θ + Δ) − h(θ) of any update (from the
/// expansion of h), the polarisation B(x, y) of the quadratic laws, and each law's degree.
/// </summary>
internal static class LawChangeEmitter
{
    public static void WriteLawDegrees(IndentedTextWriter w, AnalysisResult a, IReadOnlyList<LawEmitter.LawItem> plan)
    {
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Degree of each law, in the order of <see cref=\"LawNames\"/>; −1 for a law whose terms have different degrees. Every law");
        w.WriteLine("/// of degree 2 is a homogeneous quadratic θᵀAθ (no linear part), so <see cref=\"ComputeLawBilinear\"/> gives B(θ, θ) = h(θ).");
        w.WriteLine("/// </summary>");
        if (plan.All(item => item.Kernel is null))
        {
            w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<int> LawDegrees => s_lawDegrees;");
            w.WriteLine($"private static readonly int[] s_lawDegrees = new int[] {{ {string.Join(", ", a.Laws.Select(l => Inv(DegreeOf(l))))} }};");
        }
        else
        {
            // Whole Gram or balance families are homogeneous quadratics; only the other laws are listed.
            w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<int> LawDegrees => s_lawDegrees ??= WriteLawDegrees();");
            w.WriteLine("private static int[]? s_lawDegrees;");
            w.WriteLineNoTabs("");
            w.WriteLine("private static int[] WriteLawDegrees()");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var degrees = new int[PolynomialLawCount];");
            w.WriteLine("global::System.MemoryExtensions.AsSpan(degrees).Fill(2);");
            foreach (var item in plan.Where(item => item.Kernel is IColumnSumFamily))
                w.WriteLine($"global::System.MemoryExtensions.AsSpan(degrees, {Inv(item.First)}, {Inv(item.Count)}).Fill(1);");
            foreach (var item in plan.Where(item => item.Kernel is null && DegreeOf(a.Laws[item.First]) != 2))
                w.WriteLine($"degrees[{Inv(item.First)}] = {Inv(DegreeOf(a.Laws[item.First]))};");
            w.WriteLine("return degrees;");
            Close(w);
        }

        w.WriteLineNoTabs("");
    }

    // The total degree of a homogeneous law, −1 for a law mixing degrees.
    private static int DegreeOf(ConservationLaw law) =>
        law.Family is not null ? law.Degree : law.Terms.All(t => t.Variables.Count == law.Degree) ? law.Degree : -1;

    public static void WriteLawChange(IndentedTextWriter w, AnalysisResult a, IReadOnlyList<LawEmitter.LawItem> plan)
    {
        var laws = a.Laws;
        w.WriteLine("/// <summary>");
        w.WriteLine("/// The exact change h(θ + Δ) − h(θ) of every law for any update <paramref name=\"delta\"/> (e.g. an optimizer step),");
        w.WriteLine("/// in the order of <see cref=\"LawNames\"/>. Computed from the expansion of h — for a quadratic law 2B(θ, Δ) + B(Δ, Δ) —");
        w.WriteLine("/// never by differencing two evaluations, so a small change is not lost to rounding.");
        w.WriteLine("/// </summary>");
        w.WriteLine(GeneratedCode);
        Chunking.WriteChunkedMethod(w,
            "public static void ComputeLawChange(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> delta, global::System.Span<double> destination)",
            new[] { ("theta", "ParameterCount"), ("delta", "ParameterCount"), ("destination", "PolynomialLawCount") },
            "ComputeLawChange", "global::System.ReadOnlySpan<double> t, global::System.ReadOnlySpan<double> e, global::System.Span<double> d", "theta, delta, destination",
            LawEmitter.Chunks(plan, laws, 2 * LawEmitter.MaxDegree(laws)),
            i =>
            {
                var item = plan[i];
                // A linear law changes by its value at Δ.
                if (item.Kernel is IColumnSumFamily) LawEmitter.WriteTranslationCall(w, item, "e");
                else if (item.Kernel is not null) LawEmitter.WriteKernelCall(w, item, "EvaluateChange", "t, e", null);
                else LawEmitter.WriteSum(w, $"d[{Inv(item.First)}]", laws[item.First].Terms.SelectMany(Expansion).ToList(), null);
            });
    }

    // ∏(θ_v + Δ_v) − ∏θ_v = Σ_i (∏_{j<i} θ_j)·Δ_i·(∏_{j>i} (θ_j + Δ_j)): exact, one product per factor of the term.
    private static IEnumerable<(long, string)> Expansion(LawTerm term)
    {
        var v = term.Variables;
        for (int i = 0; i < v.Count; i++)
        {
            var factors = new List<string>();
            for (int j = 0; j < i; j++) factors.Add($"t[{Inv(v[j])}]");
            factors.Add($"e[{Inv(v[i])}]");
            for (int j = i + 1; j < v.Count; j++) factors.Add($"(t[{Inv(v[j])}] + e[{Inv(v[j])}])");
            yield return (term.Coefficient, string.Join(" * ", factors));
        }
    }

    public static void WriteLawBilinear(IndentedTextWriter w, AnalysisResult a, IReadOnlyList<LawEmitter.LawItem> plan)
    {
        var laws = a.Laws;
        w.WriteLine("/// <summary>");
        w.WriteLine("/// The polarisation B(x, y) = xᵀAy of every quadratic law h(θ) = θᵀAθ (A symmetric, so B(θ, θ) = h(θ)), in the order");
        w.WriteLine("/// of <see cref=\"LawNames\"/>; NaN for a law whose <see cref=\"LawDegrees\"/> entry is not 2. The quadratic laws have no");
        w.WriteLine("/// linear part. Any optimizer's change is a composition of it: plain gradient descent moves h by η²B(g, g), and any");
        w.WriteLine("/// update Δ by 2B(θ, Δ) + B(Δ, Δ).");
        w.WriteLine("/// </summary>");
        w.WriteLine(GeneratedCode);
        Chunking.WriteChunkedMethod(w,
            "public static void ComputeLawBilinear(global::System.ReadOnlySpan<double> x, global::System.ReadOnlySpan<double> y, global::System.Span<double> destination)",
            new[] { ("x", "ParameterCount"), ("y", "ParameterCount"), ("destination", "PolynomialLawCount") },
            "ComputeLawBilinear", "global::System.ReadOnlySpan<double> x, global::System.ReadOnlySpan<double> y, global::System.Span<double> d", "x, y, destination",
            LawEmitter.Chunks(plan, laws, 2),
            i =>
            {
                var item = plan[i];
                var law = laws[item.First];
                if (item.Kernel is IColumnSumFamily) w.WriteLine($"d.Slice({Inv(item.First)}, {Inv(item.Count)}).Fill(double.NaN);");
                else if (item.Kernel is not null) LawEmitter.WriteKernelCall(w, item, "EvaluateBilinear", "x, y", null);
                else if (DegreeOf(law) != 2) w.WriteLine($"d[{Inv(item.First)}] = double.NaN;");
                else LawEmitter.WriteSum(w, $"d[{Inv(item.First)}]", law.Terms.Select(Polarised).ToList(), null);
            });
    }

    // c·θ_a² ↦ c·x_a·y_a; c·θ_aθ_b ↦ c·(x_a·y_b + x_b·y_a)/2.
    private static (long, string) Polarised(LawTerm term)
    {
        int p = term.Variables[0], q = term.Variables[1];
        return p == q
            ? (term.Coefficient, $"x[{Inv(p)}] * y[{Inv(q)}]")
            : (term.Coefficient, $"0.5 * (x[{Inv(p)}] * y[{Inv(q)}] + x[{Inv(q)}] * y[{Inv(p)}])");
    }
}
