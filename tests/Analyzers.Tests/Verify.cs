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
        TestCode = TestSetup.Usings + source;
        FixedCode = TestSetup.Usings + fixedSource;
    }
}
