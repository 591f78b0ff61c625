using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>
/// Replays what `dotnet format analyzers` does for each reported ID: it runs the analyzer (which reports every CCG00xx
/// ID), takes the first diagnostic of that run — often of another ID — to ask the provider for an action, builds a
/// solution-wide Fix All context with that action's equivalence key (null when the provider offered none) and warns
/// "didn't return a Fix All action" when the provider's Fix All gives nothing. The files are the two of the user report,
/// and the same kinds of mistakes in jagged and MathNet storage.
/// </summary>
public sealed class FormatRunnerTests
{
    [Theory]
    [InlineData("""
        [ConservationModel]
        public class Net
        {
            [Dense(3, 4, Activation = Activation.ReLU)]
            public double[,] W1 = new double[3, 4];
            [Dense(4, 2)]
            public double[,] W2 = new double[2, 4];
        }
        """)]
    [InlineData("""
        [ConservationModel]
        public partial class Net
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = "B1")]
            public double[,] W1 = new double[4, 3];
            [Dense(5, 2)]
            public double[,] W2 = new double[2, 4];
            [Dense(2, 2)]
            public double[] W3 = new double[2];
        }
        """)]
    [InlineData("""
        [ConservationModel]
        public class Net
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = "B1")]
            public double[][] W1 = new double[3][];
            [Dense(4, 2)]
            public float[][] W2 = { new float[4], new float[3] };
        }
        """)]
    [InlineData("""
        using MathNet.Numerics.LinearAlgebra;
        [ConservationModel]
        public partial class Net
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = "B1")]
            public Matrix<double> W1 = Matrix<double>.Build.Dense(3, 4);
            [Dense(4, 2, Bias = nameof(B2))]
            public Matrix<float> W2 = Matrix<float>.Build.Dense(2, 4);
            public Vector<float> B2 = Vector<float>.Build.Dense(4);
        }
        """)]
    [InlineData("""
        [ConservationModel(InputShape = new[] { 3, 8, 8 })]
        public class Net
        {
            [Conv2d(3, 4, 3, 3, Padding = 1, Activation = Activation.RePU, Bias = "B1", TrainableBeta = null)]
            public double[,,,] K1 = new double[4, 3, 3, 2];
            [Conv2d(3, 4, 3, 3, Padding = 1, Activation = Activation.Swish, TrainableBeta = "beta2")]
            public float[] K2 = new float[4 * 4 * 9];
            public float[] Beta2 = new float[4];
            [Dense(255, 2, Activation = Activation.ReLU, ActivationDegree = 2)]
            public double[,] W3 = new double[2, 256];
            [Diagonal(3)]
            public double[] D4 = new double[2];
        }
        """)]
    public async Task Every_reported_id_is_fixed_by_a_solution_fix_all_even_without_an_equivalence_key(string source)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Models", LanguageNames.CSharp)
            .WithMetadataReferences(References.Value)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var document = project.AddDocument("Net.cs", SourceText.From(TestSetup.Usings + source), filePath: "/src/Net.cs");
        var solution = document.Project.Solution;

        var reported = (await Analyze(solution)).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        reported.Count.ShouldBeGreaterThan(1);
        foreach (var id in reported)
        {
            var all = await Analyze(solution);
            if (all.All(d => d.Id != id)) continue; // fixed on the way by another ID's fix
            foreach (var provider in AllFixes.Providers.Where(p => p.FixableDiagnosticIds.Contains(id)))
            {
                var first = all[0];
                var firstDocument = solution.GetDocument(first.Location.SourceTree)!;
                CodeAction? action = null;
                await provider.RegisterCodeFixesAsync(new CodeFixContext(firstDocument, first, (a, _) => action ??= a, CancellationToken.None));
                var context = new FixAllContext(firstDocument, provider, FixAllScope.Solution, action?.EquivalenceKey!, new[] { id },
                    new Provider(all), CancellationToken.None);
                var fixAll = await provider.GetFixAllProvider()!.GetFixAsync(context);
                fixAll.ShouldNotBeNull($"{provider.GetType().Name} didn't return a Fix All action for {id} (first diagnostic: {first.Id})");
                var apply = (await fixAll.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
                solution = apply.ChangedSolution;
            }
        }

        (await Analyze(solution)).ShouldBeEmpty();
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(Solution solution)
    {
        var compilation = (await solution.Projects.Single().GetCompilationAsync())!;
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelRulesAnalyzer())).GetAnalyzerDiagnosticsAsync();
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(ConservationModelAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>).Assembly.Location))
            .ToArray());

    private sealed class Provider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
