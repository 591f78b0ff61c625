using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>Test set-up: the installed 10.0.12 reference pack (pre-downloaded, no network) plus the Runtime assembly.</summary>
internal static class TestSetup
{
    public static readonly ReferenceAssemblies References = new ReferenceAssemblies(
            "net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"), Path.Combine("ref", "net10.0"))
        .AddAssemblies(System.Collections.Immutable.ImmutableArray.Create(typeof(ConservationModelAttribute).Assembly.Location.Replace(".dll", "")));

    public const string Usings = "using ConservationCodegen;\n";
}

internal sealed class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerTest(string source)
    {
        ReferenceAssemblies = TestSetup.References;
        MarkupOptions = MarkupOptions.UseFirstDescriptor; // an ID has one descriptor per message shape; markup checks ID and span
        TestCode = TestSetup.Usings + source;
    }
}

internal sealed class FixTest<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    public FixTest(string source, string fixedSource)
    {
        ReferenceAssemblies = TestSetup.References;
        MarkupOptions = MarkupOptions.UseFirstDescriptor;
        TestCode = TestSetup.Usings + source;
        FixedCode = TestSetup.Usings + fixedSource;
    }
}

/// <summary>
/// A code-fix test with every provider of the package at once, as an IDE or `dotnet format analyzers` has them: the
/// testing library applies the fixes one at a time and through Fix All in document, project and solution scope.
/// </summary>
internal sealed class AllFixesTest : CSharpCodeFixTest<ModelRulesAnalyzer, ConservationCodegen.CodeFixes.MakePartialFix, DefaultVerifier>
{
    public AllFixesTest(string source, string fixedSource)
    {
        ReferenceAssemblies = TestSetup.References;
        MarkupOptions = MarkupOptions.UseFirstDescriptor;
        TestCode = TestSetup.Usings + source;
        FixedCode = TestSetup.Usings + fixedSource;
    }

    protected override System.Collections.Generic.IEnumerable<CodeFixProvider> GetCodeFixProviders() => AllFixes.Providers;
}

internal static class AllFixes
{
    public static CodeFixProvider[] Providers => new CodeFixProvider[]
    {
        new ConservationCodegen.CodeFixes.MakePartialFix(), new ConservationCodegen.CodeFixes.MatchPreviousOutputsFix(),
        new ConservationCodegen.CodeFixes.AddBiasMemberFix(), new ConservationCodegen.CodeFixes.FixInitializerShapeFix(),
        new ConservationCodegen.CodeFixes.RaiseMaxDegreeFix(), new ConservationCodegen.CodeFixes.NearestMaxDegreeFix(),
    };
}
