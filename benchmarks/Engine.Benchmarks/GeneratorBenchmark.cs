using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConservationCodegen.Engine.Benchmarks;

/// <summary>
/// The generator end to end (attribute → spec → engine → emitted files and diagnostics) on one model class,
/// side by side with the engine alone and with Roslyn compiling what was emitted, in one process.
/// </summary>
internal static class GeneratorBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Run()
    {
        var cases = new List<(string Family, int[] Widths, ActivationKind Act, bool Bias)>
        {
            ("linear", new[] { 4, 6, 4 }, ActivationKind.Identity, false),
            ("linear", new[] { 14, 16, 12, 6 }, ActivationKind.Identity, false),
            ("linear", new[] { 16, 20, 16, 8 }, ActivationKind.Identity, false),
            ("linear", new[] { 28, 32, 28, 12 }, ActivationKind.Identity, false),
            ("relu+bias", new[] { 12, 14, 12, 6 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 28, 32, 28, 12 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 784, 128, 10 }, ActivationKind.ReLU, true),
            ("relu+bias", new[] { 784, 512, 256, 10 }, ActivationKind.ReLU, true),
            ("linear", new[] { 512, 512, 512 }, ActivationKind.Identity, false),
        };

        var references = References();

        Console.WriteLine("engine: ConservationAnalysis.Analyze alone. generator: a fresh driver over the model class with the");
        Console.WriteLine("analysis memo cleared (engine, rotation-symmetry search, emit). edit: the same driver after an edit");
        Console.WriteLine("elsewhere (the keystroke case). compile: Roslyn emitting the compilation with the generated files.");
        Console.WriteLine("Medians of 5 after 4 warm-up runs.");
        Console.WriteLine();
        Console.WriteLine("| family | widths | D | generated (KB) | engine (ms) | generator (ms) | generator / engine | edit (ms) | compile with output (ms) | compile without (ms) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (family, widths, act, bias) in cases)
        {
            var model = ModelDescription.FromWidths(widths, act, bias);
            var compilation = CSharpCompilation.Create("Bench",
                new[] { CSharpSyntaxTree.ParseText(Source(widths, act, bias), new CSharpParseOptions(LanguageVersion.Latest), path: "Model.cs") },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            double engine = Median(() => ConservationAnalysis.Analyze(model));

            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ConservationGenerator().AsSourceGenerator() },
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest));
            Compilation output = compilation;
            double generator = Median(() =>
            {
                AnalysisMemo.Clear();
                driver = CSharpGeneratorDriver.Create(new[] { new ConservationGenerator().AsSourceGenerator() },
                    parseOptions: new CSharpParseOptions(LanguageVersion.Latest));
                driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _);
            });
            var run = driver.GetRunResult().Results.Single();
            if (run.Exception is not null) throw run.Exception;
            double kilobytes = run.GeneratedSources.Sum(s => s.SourceText.Length) / 1024.0;

            int edits = 0;
            double edit = Median(() =>
            {
                var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText($"class Unrelated{edits++} {{ }}", new CSharpParseOptions(LanguageVersion.Latest)));
                driver.RunGenerators(edited);
            });

            double withOutput = Median(() => Emit(output));
            double without = Median(() => Emit(compilation.AddSyntaxTrees()));
            Console.WriteLine(string.Format(Inv, "| {0} | {1} | {2} | {3:0} | {4:0.0} | {5:0.0} | {6:0.00} | {7:0.00} | {8:0.0} | {9:0.0} |",
                family, string.Join(",", widths), model.ParameterCount, kilobytes, engine, generator, generator / engine, edit, withOutput, without));
        }
    }

    /// <summary>The framework and the runtime library, as a consumer project references them.</summary>
    public static MetadataReference[] References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(ConservationModelAttribute).Assembly.Location))
            .ToArray();

    private static void Emit(Compilation compilation)
    {
        var result = compilation.Emit(Stream.Null);
        if (!result.Success) throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
    }

    private static double Median(Action action)
    {
        for (int i = 0; i < 4; i++) action();
        var times = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[2];
    }

    public static string Source(int[] widths, ActivationKind act, bool bias)
    {
        var sb = new StringBuilder("using ConservationCodegen;\n\n[ConservationModel]\npublic partial class BenchModel\n{\n");
        for (int k = 1; k < widths.Length; k++)
        {
            int inputs = widths[k - 1], outputs = widths[k];
            string activation = k < widths.Length - 1 && act == ActivationKind.ReLU ? ", Activation = Activation.ReLU" : "";
            string biasArg = bias ? $", Bias = nameof(B{k})" : "";
            sb.Append(Inv, $"    [Dense({inputs}, {outputs}{activation}{biasArg})]\n");
            sb.Append(Inv, $"    public double[,] W{k} = new double[{outputs}, {inputs}];\n");
            if (bias) sb.Append(Inv, $"    public double[] B{k} = new double[{outputs}];\n");
            sb.Append('\n');
        }

        return sb.Append("}\n").ToString();
    }
}
