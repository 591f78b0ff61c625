using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConservationCodegen.Pipeline;

/// <summary>MSBuild knobs, reduced to an equatable record as soon as they are read.</summary>
/// <param name="BudgetMilliseconds">Compile budget of the heavy analysis per model, roughly in milliseconds of work.</param>
internal sealed record GenerationOptions(int BudgetMilliseconds)
{
    /// <summary>The MSBuild property (a CompilerVisibleProperty) that sets the budget.</summary>
    public const string BudgetProperty = "ConservationCodegenAnalysisBudgetMs";

    /// <summary>Default budget: 5 s of work.</summary>
    public const int DefaultBudgetMilliseconds = 5000;

    public static GenerationOptions Default { get; } = new(DefaultBudgetMilliseconds);

    /// <summary>Work units of the engine (≈ ns).</summary>
    public long WorkBudget => BudgetMilliseconds * 1_000_000L;

    public static GenerationOptions From(AnalyzerConfigOptions options)
    {
        if (options.TryGetValue("build_property." + BudgetProperty, out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int ms) && ms > 0)
            return new GenerationOptions(ms);
        return Default;
    }
}
