using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Model;

// Bench program: whole-analysis time (φ, degree-2 laws, certified count) against D for linear and ReLU stacks,
// and the elimination kernels side by side. Prints Markdown tables; every timing comes from this one process.
namespace ConservationCodegen.Engine.Benchmarks;

internal static class Program
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static int Main(string[] args)
    {
        if (args.Contains("--kernels"))
        {
            Kernels();
            return 0;
        }

        if (args.Length > 1 && args[0] == "--cold")
        {
            ColdStart.Run(args.Skip(1).ToArray());
            return 0;
        }

        if (args.Length > 1 && args[0] == "--residual")
        {
            ResidualScale.Run(args[1]);
            return 0;
        }

        if (args.Contains("--budget"))
        {
            BudgetBenchmark.Run();
            return 0;
        }

        if (args.Contains("--generator"))
        {
            GeneratorBenchmark.Run();
            return 0;
        }

        bool quick = args.Contains("--quick");
        long budget = args.Contains("--unbounded") ? long.MaxValue / 4 : AnalysisOptions.DefaultWorkBudget;
        var cases = new List<(string Family, int[] Widths, ActivationKind Act, bool Bias)>
        {
            ("linear", new[] { 4, 6, 4 }, ActivationKind.Identity, false),
            ("linear", new[] { 8, 10, 8, 4 }, ActivationKind.Identity, false),
            ("linear", new[] { 14, 16, 12, 6 }, ActivationKind.Identity, false),
            ("linear", new[] { 16, 20, 16, 8 }, ActivationKind.Identity, false),
            ("linear", new[] { 24, 28, 24, 10 }, ActivationKind.Identity, false),
            ("linear", new[] { 28, 32, 28, 12 }, ActivationKind.Identity, false),
            ("linear", new[] { 32, 32, 32, 16 }, ActivationKind.Identity, false),
            ("linear", new[] { 64, 64, 64, 16 }, ActivationKind.Identity, false),
            ("relu+bias", new[] { 4, 6, 4 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 8, 10, 8, 4 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 12, 14, 12, 6 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 16, 20, 16, 8 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 24, 28, 24, 10 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 28, 32, 28, 12 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 32, 32, 32, 16 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 64, 64, 64, 16 }, ActivationKind.ReLU, true),
            ("relu deep", new[] { 16, 16, 16, 16, 16, 16, 16, 16, 16, 16 }, ActivationKind.ReLU, true),
            // The sizes users have, up to D = 10⁶: counts by theorem, laws by orbit.
            ("relu+bias", new[] { 784, 128, 10 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 784, 512, 256, 10 }, ActivationKind.ReLU, true),
            ("relu deep", new[] { 64, 256, 256, 256, 256, 256, 256, 256, 256, 256, 256, 10 }, ActivationKind.ReLU, true),
            ("linear", new[] { 512, 512, 512 }, ActivationKind.Identity, false),
            ("relu+bias", new[] { 1000, 1000, 10 }, ActivationKind.ReLU, true),
            ("linear", new[] { 720, 720, 720 }, ActivationKind.Identity, false),
        };
        if (quick) cases = cases.Where(c => c.Widths.Max() <= 16).ToList();

        Console.WriteLine($"Work budget: {budget.ToString("0.###e+0", Inv)} operations, single thread.");
        Console.WriteLine("first: the first analysis of the model in this process (JIT and tiering included);");
        Console.WriteLine("laws / count / total: median of 5 runs after warm-up (≥ 2 runs or 2 s on the same model).");
        Console.WriteLine();
        Console.WriteLine("| family | widths | D | #paths (φ length) | laws | independent laws | complete | certificate | status | first (ms) | laws (ms) | count (ms) | total (ms) | allocated (MB) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var (family, widths, act, bias) in cases)
        {
            var model = ModelDescription.FromWidths(widths, act, bias);
            var options = new AnalysisOptions { WorkBudget = budget };
            var first = Stopwatch.StartNew();
            ConservationAnalysis.Analyze(model, options);
            double firstMs = first.Elapsed.TotalMilliseconds;

            var warm = Stopwatch.StartNew();
            for (int i = 0; i < 10 && (i < 2 || warm.Elapsed.TotalSeconds < 2); i++) ConservationAnalysis.Analyze(model, options);

            var runs = new List<(double Total, AnalysisResult Result, long Allocated)>();
            var spent = Stopwatch.StartNew();
            while (runs.Count < 5 && (runs.Count < 1 || spent.Elapsed.TotalSeconds < 20))
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                var sw = Stopwatch.StartNew();
                var r = ConservationAnalysis.Analyze(model, options);
                runs.Add((sw.Elapsed.TotalMilliseconds, r, GC.GetTotalAllocatedBytes(precise: true) - before));
            }

            var median = runs.OrderBy(r => r.Total).ElementAt(runs.Count / 2);
            var result = median.Result;
            Console.WriteLine(string.Format(Inv, "| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} | {8} | {9:0.0} | {10:0.0} | {11:0.0} | {12:0.0} | {13:0.0} |",
                family, Widths(widths), result.ParameterCount, result.ExactPhiLength.ToString(Inv), result.PolynomialLawCount,
                result.IndependentLawCount?.ToString(Inv) ?? "—", result.Complete ? "yes" : "no", result.Certificate, result.Status,
                firstMs, result.LawSearchMilliseconds, result.CountMilliseconds, median.Total, median.Allocated / 1e6));
        }

        return 0;
    }

    // Widths, with runs of one repeated width shortened (64,256×10,10).
    private static string Widths(int[] widths)
    {
        var parts = new List<string>();
        for (int i = 0; i < widths.Length;)
        {
            int j = i;
            while (j < widths.Length && widths[j] == widths[i]) j++;
            parts.Add(j - i > 3 ? widths[i].ToString(Inv) + "×" + (j - i).ToString(Inv) : string.Join(",", widths.Skip(i).Take(j - i)));
            i = j;
        }

        return string.Join(",", parts);
    }

    // The count's elimination: scalar incremental echelon (uint, two rows per pass) against the SIMD double
    // accumulator (batches of 32, eight rows per pass), on the same vectors of rank n − 20, in one run.
    private static void Kernels()
    {
        Console.WriteLine($"Vector<double>.Count = {System.Numerics.Vector<double>.Count}. Median of 3 after one warm-up.");
        Console.WriteLine();
        Console.WriteLine("| n | rank | scalar ModEchelon (ms) | SIMD DenseRankAccumulator (ms) | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (int n in new[] { 250, 500, 1000, 2000 })
        {
            int rank = n - 20;
            var vectors = RandomVectorsOfRank(n, rank, n + 5, new DeterministicRandom((ulong)n));
            double Time(Func<int> run, out int r)
            {
                r = run();
                var times = new List<double>();
                for (int i = 0; i < 3; i++)
                {
                    var sw = Stopwatch.StartNew();
                    r = run();
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                return times[1];
            }

            double scalar = Time(() =>
            {
                var e = new ModEchelon(n);
                foreach (var v in vectors) e.Insert(v);
                return e.Rank;
            }, out int scalarRank);
            double simd = Time(() =>
            {
                var d = new DenseRankAccumulator(n);
                for (int i = 0; i < vectors.Count; i += 32) d.InsertBatch(vectors.Skip(i).Take(32).ToList());
                return d.Rank;
            }, out int simdRank);
            if (scalarRank != rank || simdRank != rank) throw new InvalidOperationException($"rank mismatch at n = {n}: {scalarRank}, {simdRank}, expected {rank}");
            Console.WriteLine(string.Format(Inv, "| {0} | {1} | {2:0.0} | {3:0.0} | {4:0.00} |", n, rank, scalar, simd, scalar / simd));
        }
    }

    private static List<uint[]> RandomVectorsOfRank(int n, int rank, int count, DeterministicRandom rng)
    {
        var basis = new uint[rank][];
        for (int k = 0; k < rank; k++)
        {
            basis[k] = new uint[n];
            for (int j = 0; j < n; j++) basis[k][j] = rng.NextNonZeroMod();
        }

        var vectors = new List<uint[]>(count);
        for (int i = 0; i < count; i++)
        {
            var acc = new ulong[n];
            for (int k = 0; k < rank; k++)
            {
                ulong c = rng.NextNonZeroMod();
                for (int j = 0; j < n; j++) acc[j] = ModP.Fold(acc[j] + c * basis[k][j]);
            }

            vectors.Add(acc.Select(ModP.Reduce).ToArray());
        }

        return vectors;
    }
}
