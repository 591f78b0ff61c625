using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Test = ConservationCodegen.Analyzers.Tests.AnalyzerTest<ConservationCodegen.Analyzers.ModelRulesAnalyzer>;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>How the rule tests state a case: a source with marked locations, and the diagnostics expected at them.</summary>
internal static class RuleRun
{
    /// <summary>The diagnostic of <paramref name="descriptor"/> at marked location <paramref name="location"/>, with its arguments.</summary>
    public static DiagnosticResult At(int location, DiagnosticDescriptor descriptor, params string[] arguments) =>
        new DiagnosticResult(descriptor).WithLocation(location).WithArguments(arguments);

    /// <summary>Runs the model-rules analyzer on <paramref name="source"/>; exactly <paramref name="expected"/> must be reported.</summary>
    public static Task Run(string source, params DiagnosticResult[] expected)
    {
        var test = new Test(source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
