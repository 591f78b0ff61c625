using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Shouldly;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// Runs the generator on in-memory sources with hermetic references (the running runtime's trusted assemblies plus
/// the Runtime library), and checks on every run that a second pass over an unchanged compilation is fully cached.
/// </summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return paths.Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(ConservationModelAttribute).Assembly.Location))
            .ToArray();
    });

    // MathNet.Numerics only for the models that store parameters in it: the others must compile without it.
    private static readonly Lazy<MetadataReference> MathNet = new(() =>
        MetadataReference.CreateFromFile(typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>).Assembly.Location));

    public static CSharpCompilation Compile(params string[] sources) => Compile(false, sources);

    public static CSharpCompilation Compile(bool withMathNet, params string[] sources) =>
        CSharpCompilation.Create("Tests",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Model{i}.cs")),
            withMathNet ? References.Value.Append(MathNet.Value) : References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(Dictionary<string, string>? buildProperties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new ConservationGenerator().AsSourceGenerator() },
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            optionsProvider: new TestOptionsProvider(buildProperties ?? new()),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; asserts no exception and full caching on a re-run.</summary>
    public static Run Generate(string source, Dictionary<string, string>? buildProperties = null, bool withMathNet = false)
    {
        var compilation = Compile(withMathNet, source);
        var driver = CreateDriver(buildProperties).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        result.Exception.ShouldBeNull();
        AssertCachedOnRerun(driver, compilation.Clone());
        return new Run(driver, compilation, output, result, generatorDiagnostics.AddRange(result.Diagnostics).Distinct().ToImmutableArray());
    }

    /// <summary>Every tracked step of a re-run over an equivalent compilation is Cached/Unchanged; outputs are Cached.</summary>
    public static void AssertCachedOnRerun(GeneratorDriver driver, Compilation compilation)
    {
        var rerun = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        var ours = typeof(ConservationCodegen.Pipeline.TrackingNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        foreach (var (name, steps) in rerun.TrackedSteps.Where(s => ours.Contains(s.Key)))
            foreach (var step in steps)
                foreach (var (_, reason) in step.Outputs)
                    reason.ShouldBeOneOf(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }, $"step {name}");
        foreach (var (_, reason) in rerun.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
            reason.ShouldBe(IncrementalStepRunReason.Cached);
    }

    /// <summary>Emits a compilation and loads it in a collectible context (the Runtime library resolves to the test's own).</summary>
    public static System.Reflection.Assembly Load(Compilation output)
    {
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        emitted.Success.ShouldBeTrue(string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        return new System.Runtime.Loader.AssemblyLoadContext("generated", isCollectible: true).LoadFromStream(stream);
    }

    /// <summary>Reasons of every output of the named step in the driver's last run.</summary>
    public static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps.TryGetValue(step, out var steps)
            ? steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray()
            : Array.Empty<IncrementalStepRunReason>();

    /// <summary>
    /// Compares generated files (those whose hint name ends with <paramref name="only"/>, when given) with
    /// Baselines/{test}/{hint}.txt; CCG_UPDATE_BASELINES=1 rewrites them.
    /// </summary>
    public static void MatchBaselines(Run run, string? only = null, [CallerMemberName] string test = "", [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Baselines", test);
        var files = run.Result.GeneratedSources.Where(s => only is null || s.HintName.EndsWith(only, StringComparison.Ordinal))
            .ToDictionary(s => s.HintName + ".txt", s => Normalize(s.SourceText.ToString()));
        if (Environment.GetEnvironmentVariable("CCG_UPDATE_BASELINES") == "1")
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
            Directory.CreateDirectory(folder);
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(folder, name), text);
            return;
        }

        Directory.Exists(folder).ShouldBeTrue($"No baselines in {folder}; run the tests once with CCG_UPDATE_BASELINES=1.");
        Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)
            .ShouldBe(files.Keys.OrderBy(n => n, StringComparer.Ordinal), "generated file set");
        foreach (var (name, text) in files)
        {
            var expected = Normalize(File.ReadAllText(Path.Combine(folder, name)));
            if (expected != text) throw new ShouldAssertException($"{name} differs from its baseline:\n{FirstDifference(expected, text)}\nRe-run with CCG_UPDATE_BASELINES=1 to accept.");
        }
    }

    private static string Normalize(string s) => s.Replace("\r\n", "\n");

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end>", al = i < a.Length ? a[i] : "<end>";
            if (el != al) return $"line {i + 1}\n- {el}\n+ {al}";
        }

        return "(identical lines, different length)";
    }

    internal sealed record Run(GeneratorDriver Driver, Compilation Input, Compilation Output, GeneratorRunResult Result, ImmutableArray<Diagnostic> Diagnostics)
    {
        public string Source(string suffix) => Result.GeneratedSources.Single(s => s.HintName.EndsWith(suffix, StringComparison.Ordinal)).SourceText.ToString();

        public ImmutableArray<Diagnostic> Errors => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    private sealed class TestOptionsProvider(Dictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new());

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
