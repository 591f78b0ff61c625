using System;
using System.Globalization;
using ConservationCodegen.Engine.Analysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConservationCodegen.Pipeline;

/// <summary>MSBuild knobs, reduced to an equatable record as soon as they are read.</summary>
/// <param name="BudgetMilliseconds">Compile budget of one model's whole generator run, in milliseconds.</param>
/// <param name="InvalidBudgetText">The property's text when it was not a valid budget (the default is used then), else null.</param>
/// <param name="AnalyzersRun">
/// False when the build skips analyzers (RunAnalyzers=false, or RunAnalyzersDuringBuild=false without RunAnalyzers):
/// then the generator itself says that a model with an analyzer error was not generated.
/// </param>
internal sealed record GenerationOptions(int BudgetMilliseconds, string? InvalidBudgetText = null, bool AnalyzersRun = true)
{
    /// <summary>The MSBuild property (a CompilerVisibleProperty) that sets the budget.</summary>
    public const string BudgetProperty = "ConservationCodegenAnalysisBudgetMs";

    /// <summary>Default budget: 5 s.</summary>
    public const int DefaultBudgetMilliseconds = 5000;

    public static GenerationOptions Default { get; } = new(DefaultBudgetMilliseconds);

    /// <summary>The engine's settings under this budget (<see cref="AnalysisOptions.ForBudget"/>).</summary>
    public AnalysisOptions AnalysisOptions(int maxDegree) => Engine.Analysis.AnalysisOptions.ForBudget(BudgetMilliseconds, maxDegree);

    public static GenerationOptions From(AnalyzerConfigOptions options) => Budget(options) with { AnalyzersRun = AnalyzersRunIn(options) };

    private static GenerationOptions Budget(AnalyzerConfigOptions options)
    {
        if (!options.TryGetValue("build_property." + BudgetProperty, out var text) || string.IsNullOrWhiteSpace(text)) return Default;
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int ms) && ms > 0) return new GenerationOptions(ms);
        return Default with { InvalidBudgetText = text };
    }

    // The SDK's own rule (Microsoft.Managed.Core.targets, _ComputeSkipAnalyzers); the properties are compiler-visible
    // through the package's buildTransitive targets.
    private static bool AnalyzersRunIn(AnalyzerConfigOptions options)
    {
        static string? Read(AnalyzerConfigOptions o, string name) => o.TryGetValue("build_property." + name, out var v) ? v.Trim() : null;
        var runAnalyzers = Read(options, "RunAnalyzers");
        if (string.Equals(runAnalyzers, "false", StringComparison.OrdinalIgnoreCase)) return false;
        return !string.IsNullOrEmpty(runAnalyzers) || !string.Equals(Read(options, "RunAnalyzersDuringBuild"), "false", StringComparison.OrdinalIgnoreCase);
    }
}
