using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ConservationCodegen.Emit;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConservationCodegen.Engine.Benchmarks;

/// <summary>
/// What a fresh compiler process pays for one model (`--cold widths activation bias`): each step's first call,
/// JIT included, in the order the generator runs them. Run it in a new process for every measurement.
/// </summary>
internal static class ColdStart
{
    public static void Run(string[] args)
    {
        var widths = args[0].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var act = args.Length > 1 && args[1] == "relu" ? ActivationKind.ReLU : ActivationKind.Identity;
        bool bias = args.Length > 2 && args[2] == "bias";
        string source = GeneratorBenchmark.Source(widths, act, bias);

        var total = Stopwatch.StartNew();
        var compilation = CSharpCompilation.Create("Cold",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Model.cs") },
            GeneratorBenchmark.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        double setup = total.Elapsed.TotalMilliseconds;

        var sw = Stopwatch.StartNew();
        var model = ModelDescription.FromWidths(widths, act, bias);
        var analysis = ConservationAnalysis.Analyze(model);
        double engine = sw.Elapsed.TotalMilliseconds;
        double engineInside = analysis.ElapsedMilliseconds;

        sw.Restart();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ConservationGenerator().AsSourceGenerator() },
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        double generator = sw.Elapsed.TotalMilliseconds;

        sw.Restart();
        AnalysisMemo.Clear();
        GeneratorDriver again = CSharpGeneratorDriver.Create(new[] { new ConservationGenerator().AsSourceGenerator() },
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest));
        again.RunGeneratorsAndUpdateCompilation(compilation, out _, out _);
        double generatorWarm = sw.Elapsed.TotalMilliseconds;

        sw.Restart();
        var emitted = output.Emit(Stream.Null);
        double compile = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "D = {0}: engine first call {1:0} ms (analysis itself {2:0} ms); generator driver after it {3:0} ms, second driver (memo cleared) {4:0} ms; compile {5:0} ms ({6}); setup {7:0} ms",
            model.ParameterCount, engine, engineInside, generator, generatorWarm, compile, emitted.Success ? "ok" : "errors", setup));
    }
}
