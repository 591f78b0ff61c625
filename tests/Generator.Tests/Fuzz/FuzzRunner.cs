using System;
using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConservationCodegen.Generator.Tests.Fuzz;

/// <summary>Runs one fuzz case through the generator driver and the analyzers and says what went wrong, if anything.</summary>
internal static class FuzzRunner
{
    /// <summary>Files the generator writes per model.</summary>
    public const int FilesPerModel = 5;

    /// <summary>Null when the case behaves as its expectation says; otherwise a description of the fault.</summary>
    public static string? Check(FuzzCase c)
    {
        var compilation = GeneratorHarness.Compile(c.Sources);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null) return "generator exception (CS8785): " + result.Exception;
        var reported = driverDiagnostics.AddRange(result.Diagnostics);
        if (reported.FirstOrDefault(d => d.Id is "CS8785" or "CCG0103") is { } crash) return "internal error: " + crash;

        var hints = result.GeneratedSources.Select(s => s.HintName).ToList();
        if (hints.Distinct(StringComparer.OrdinalIgnoreCase).Count() != hints.Count) return "duplicate hint names: " + string.Join(", ", hints);

        // The analyzers run on the output as in a build: they must not throw (AD0001), and their findings count as diagnostics.
        var analyzed = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ConservationCodegen.Analyzers.ModelRulesAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        if (analyzed.FirstOrDefault(d => d.Id == "AD0001") is { } analyzerCrash) return "analyzer exception: " + analyzerCrash;
        reported = reported.AddRange(analyzed);

        var generatedTrees = new HashSet<SyntaxTree>(result.GeneratedSources.Select(s => s.SyntaxTree));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var inGenerated = errors.Where(d => d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)).ToList();
        switch (c.Expectation)
        {
            case FuzzExpectation.Valid:
                if (errors.Count > 0) return "errors in a valid model: " + Describe(errors) + Files(result);
                if (hints.Count != FilesPerModel * c.GeneratedModels) return $"expected {FilesPerModel * c.GeneratedModels} files, got {hints.Count}; diagnostics: " + Describe(reported);
                return null;
            case FuzzExpectation.Malformed:
                if (inGenerated.Count > 0) return "errors in generated code: " + Describe(inGenerated) + Files(result);
                if (hints.Count != FilesPerModel * c.GeneratedModels) return $"expected {FilesPerModel * c.GeneratedModels} files, got {hints.Count}; diagnostics: " + Describe(reported);
                bool diagnosed = errors.Count > 0 || reported.Any(d => d.Id.StartsWith("CCG", StringComparison.Ordinal) && d.Severity >= DiagnosticSeverity.Warning);
                return diagnosed ? null : "a malformed model got no diagnostic";
            default:
                return errors.Count > 0 || reported.Length > 0 ? null : "a contradictory model got no diagnostic";
        }
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("; ", diagnostics.Take(5).Select(d => d.ToString()));

    private static string Files(GeneratorRunResult result) =>
        "\n" + string.Join("\n", result.GeneratedSources.Take(1).Select(s => "--- " + s.HintName + "\n" + string.Join("\n", s.SourceText.ToString().Split('\n').Take(60))));
}
