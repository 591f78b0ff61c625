using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConservationCodegen.Engine.Benchmarks;

/// <summary>
/// Does the budget hold (`--budget`)? The whole generator run of one model (a fresh driver, memo cleared: analysis,
/// diagnostics, emission) under ConservationCodegenAnalysisBudgetMs, against the bound 1.25 × budget + 100 ms; and how
/// long an analysis takes to return after its cancellation token fires.
/// </summary>
internal static class BudgetBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Run()
    {
        var cases = new List<(string Family, int[] Widths, ActivationKind Act, bool Bias, int BudgetMs)>
        {
            ("linear", new[] { 30, 30, 30, 30 }, ActivationKind.Identity, false, 100),
            ("linear", new[] { 30, 30, 30, 30 }, ActivationKind.Identity, false, 1000),
            ("linear", new[] { 40, 40, 40, 40 }, ActivationKind.Identity, false, 500),
            ("linear", new[] { 40, 40, 40, 40 }, ActivationKind.Identity, false, 2000),
            ("linear", new[] { 40, 40, 40, 40 }, ActivationKind.Identity, false, 5000),
            ("linear", new[] { 64, 64, 64, 16 }, ActivationKind.Identity, false, 5000),
            ("relu+bias", new[] { 784, 128, 10 }, ActivationKind.ReLU, true, 100),
            ("linear", new[] { 512, 512, 512 }, ActivationKind.Identity, false, 500),
            ("linear", new[] { 1, 6, 6, 6, 1 }, ActivationKind.Identity, true, 50),
        };

        var references = GeneratorBenchmark.References();
        Console.WriteLine("One fresh driver per row (analysis memo cleared), after one warm-up run of the same row.");
        Console.WriteLine();
        Console.WriteLine("| family | widths | D | budget (ms) | generator run (ms) | bound 1.25·budget + 100 (ms) | status | certificate |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---|---|");
        foreach (var (family, widths, act, bias, budget) in cases)
        {
            var compilation = CSharpCompilation.Create("Budget",
                new[] { CSharpSyntaxTree.ParseText(GeneratorBenchmark.Source(widths, act, bias), new CSharpParseOptions(LanguageVersion.Latest), path: "Model.cs") },
                references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var provider = new Properties(budget);
            double Once()
            {
                AnalysisMemo.Clear();
                var driver = CSharpGeneratorDriver.Create(new[] { new ConservationGenerator().AsSourceGenerator() },
                    optionsProvider: provider, parseOptions: new CSharpParseOptions(LanguageVersion.Latest));
                var sw = Stopwatch.StartNew();
                driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out _);
                return sw.Elapsed.TotalMilliseconds;
            }

            Once();
            double ms = Once();
            var model = ModelDescription.FromWidths(widths, act, bias);
            var result = ConservationAnalysis.Analyze(model, new GenerationOptions(budget).AnalysisOptions(2));
            Console.WriteLine(string.Format(Inv, "| {0} | {1} | {2} | {3} | {4:0} | {5:0} | {6} | {7} |",
                family, string.Join(",", widths), model.ParameterCount, budget, ms, 1.25 * budget + 100, result.Status, result.Certificate));
        }

        Console.WriteLine();
        Console.WriteLine("Cancellation: linear 40,40,40,40 without a budget (≈ 2 s of work), cancelled after t ms.");
        Console.WriteLine();
        Console.WriteLine("| cancelled after (ms) | returned after (ms) | latency (ms) |");
        Console.WriteLine("|---:|---:|---:|");
        var deep = ModelDescription.FromWidths(new[] { 40, 40, 40, 40 }, ActivationKind.Identity, false);
        ConservationAnalysis.Analyze(deep, new AnalysisOptions { WorkBudget = long.MaxValue });
        foreach (int after in new[] { 50, 150, 400, 800, 1200 })
        {
            using var cts = new CancellationTokenSource(after);
            var sw = Stopwatch.StartNew();
            try
            {
                ConservationAnalysis.Analyze(deep, new AnalysisOptions { WorkBudget = long.MaxValue }, cts.Token);
                Console.WriteLine(string.Format(Inv, "| {0} | finished first ({1:0}) | — |", after, sw.Elapsed.TotalMilliseconds));
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine(string.Format(Inv, "| {0} | {1:0} | {2:0} |", after, sw.Elapsed.TotalMilliseconds, sw.Elapsed.TotalMilliseconds - after));
            }
        }
    }

    private sealed class Properties(int budget) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>
        {
            ["build_property." + GenerationOptions.BudgetProperty] = budget.ToString(Inv),
        });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new());

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
