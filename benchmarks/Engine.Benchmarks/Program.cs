using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;

// Bench program: whole-analysis time (φ, degree-2 laws, certified count) against D for linear and ReLU stacks.
// Prints a Markdown table; each row is the median of several warm runs in this one process.
namespace ConservationCodegen.Engine.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        bool quick = args.Contains("--quick");
        long budget = args.Contains("--unbounded") ? long.MaxValue / 4 : AnalysisOptions.DefaultWorkBudget;
        var cases = new List<(string Family, int[] Widths, ActivationKind Act, bool Bias)>
        {
            ("linear", new[] { 4, 6, 4 }, ActivationKind.Identity, false),
            ("linear", new[] { 8, 10, 8, 4 }, ActivationKind.Identity, false),
            ("linear", new[] { 12, 14, 12, 6 }, ActivationKind.Identity, false),
            ("linear", new[] { 16, 20, 16, 8 }, ActivationKind.Identity, false),
            ("linear", new[] { 24, 28, 24, 10 }, ActivationKind.Identity, false),
            ("linear", new[] { 32, 32, 32, 16 }, ActivationKind.Identity, false),
            ("linear", new[] { 64, 64, 64, 16 }, ActivationKind.Identity, false),
            ("relu+bias", new[] { 4, 6, 4 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 8, 10, 8, 4 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 12, 14, 12, 6 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 16, 20, 16, 8 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 24, 28, 24, 10 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 32, 32, 32, 16 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 64, 64, 64, 16 }, ActivationKind.ReLU, true),
            ("relu deep", new[] { 16, 16, 16, 16, 16, 16, 16, 16, 16, 16 }, ActivationKind.ReLU, true),
        };
        if (quick) cases = cases.Where(c => c.Widths.Max() <= 16).ToList();

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"Work budget: {budget.ToString("0.###e+0", inv)} operations. Median of warm runs, single thread.");
        Console.WriteLine();
        Console.WriteLine("| family | widths | D | #paths (φ length) | laws | independent laws | complete | status | laws (ms) | count (ms) | total (ms) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|");
        foreach (var (family, widths, act, bias) in cases)
        {
            var model = ModelDescription.FromWidths(widths, act, bias);
            var options = new AnalysisOptions { WorkBudget = budget };
            ConservationAnalysis.Analyze(ModelDescription.FromWidths(new[] { 2, 3, 2 }, act, bias), options); // JIT warm-up
            var times = new List<double>();
            AnalysisResult? result = null;
            var total = Stopwatch.StartNew();
            while (times.Count < 5 && (times.Count < 1 || total.Elapsed.TotalSeconds < 20))
            {
                var sw = Stopwatch.StartNew();
                result = ConservationAnalysis.Analyze(model, options);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            double median = times[times.Count / 2];
            Console.WriteLine(string.Format(inv, "| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} | {9:0.0} | {10:0.0} | {8:0.0} |",
                family, string.Join(",", widths), result!.ParameterCount, result.PhiLength, result.PolynomialLawCount,
                result.IndependentLawCount?.ToString(inv) ?? "—", result.Complete ? "yes" : "no", result.Status, median, result.LawSearchMilliseconds, result.CountMilliseconds));
        }

        return 0;
    }
}
