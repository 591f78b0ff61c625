using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>
/// The generator leaves every problem it marks "reported by the analyzer" to the analyzers and says nothing itself; this
/// runs both on models with one mistake each in the new blocks (convolutions, diagonal layers, residual connections,
/// activation degrees, trainable β, input shapes) and checks that exactly one diagnostic comes out, the analyzer's error.
/// </summary>
public sealed class GeneratorAgreementTests
{
    public static TheoryData<string, string> OneMistake => new()
    {
        // Gated linear units: the Up member, the layer after the unit, options it does not take, the gate activation.
        { "public partial class M { [GatedLinearUnit(3, 4)] public double[,] G1; [Dense(4, 1)] public double[,] W2; }", "CCG0004" },
        { "public partial class M { [GatedLinearUnit(3, 4, Up = \"U9\")] public double[,] G1; [Dense(4, 1)] public double[,] W2; }", "CCG0004" },
        { "public partial class M { [GatedLinearUnit(3, 4, Up = nameof(U1))] public double[,] G1; public int[] U1; [Dense(4, 1)] public double[,] W2; }", "CCG0004" },
        { "public partial class M { [GatedLinearUnit(3, 4, Up = nameof(U1))] public double[,] G1; public double[,] U1; }", "CCG0003" },
        { "public partial class M { [GatedLinearUnit(3, 3, Up = nameof(U1))] public double[,] G1; public double[,] U1; [Diagonal(3)] public double[] D2; }", "CCG0003" },
        { "public partial class M { [GatedLinearUnit(3, 4, Up = nameof(U1), Activation = Activation.ReLU)] public double[,] G1; public double[,] U1; [Dense(4, 1)] public double[,] W2; }", "CCG0003" },
        { "public partial class M { [GatedLinearUnit(3, 4, Up = nameof(U1), Bias = nameof(B1))] public double[,] G1; public double[,] U1; public double[] B1; [Dense(4, 1)] public double[,] W2; }", "CCG0003" },
        { "public partial class M { [GatedLinearUnit(3, 4, Up = nameof(W2))] public double[,] G1; [Dense(4, 1)] public double[,] W2; }", "CCG0003" },
        { "public partial class M { [Conv1d(1, 4, 3)] public double[,,] K1; [GatedLinearUnit(8, 3, Up = nameof(U2))] public double[,] G2; public double[,] U2; [Dense(3, 1)] public double[,] W3; }", "CCG0003" },
        { "public partial class M { [GatedLinearUnit(3, 4, Up = nameof(U1), GateActivation = (Activation)42)] public double[,] G1; public double[,] U1; [Dense(4, 1)] public double[,] W2; }", "CCG0007" },
        // CCG0002: sizes, joins, residual names.
        { "public partial class M { [Conv1d(0, 4, 3)] public double[,,] K1; }", "CCG0002" },
        { "public partial class M { [Diagonal(0)] public double[] D1; }", "CCG0002" },
        { "public partial class M { [Conv1d(1, 4, 3)] public double[,,] K1; [Conv1d(3, 4, 3)] public double[,,] K2; }", "CCG0002" },
        { "public partial class M { [Conv2d(1, 4, 3, 3)] public double[,,,] K1; [Dense(10, 2)] public double[,] W2; }", "CCG0002" },
        { "public partial class M { [Dense(3, 4)] public double[,] W1; [Diagonal(5)] public double[] D2; }", "CCG0002" },
        { "public partial class M { [Dense(3, 4, ResidualFrom = \"W9\")] public double[,] W1; }", "CCG0002" },
        { "public partial class M { [Dense(4, 4, ResidualFrom = nameof(W2))] public double[,] W1; [Dense(4, 4)] public double[,] W2; }", "CCG0002" },
        // CCG0003: storage per kind, one member in two roles.
        { "public partial class M { [Conv1d(1, 4, 3)] public double[,] K1; }", "CCG0003" },
        { "public partial class M { [Conv2d(1, 4, 3, 3)] public float[,,] K1; }", "CCG0003" },
        { "public partial class M { [Diagonal(4)] public double[,] D1; }", "CCG0003" },
        { "public partial class M { [Dense(2, 2, Activation = Activation.Swish, Bias = nameof(B), TrainableBeta = nameof(B))] public double[,] W1; public double[] B; }", "CCG0003" },
        { "public partial class M { [Dense(2, 2, Activation = Activation.Swish, TrainableBeta = nameof(B))] public double[,] W1; [Dense(2, 2, Activation = Activation.Swish, TrainableBeta = nameof(B))] public double[,] W2; public double[] B; }", "CCG0003" },
        // CCG0004: the TrainableBeta member.
        { "public partial class M { [Dense(3, 4, Activation = Activation.Swish, TrainableBeta = \"Beta9\")] public double[,] W1; }", "CCG0004" },
        { "public partial class M { [Dense(3, 4, Activation = Activation.Swish, TrainableBeta = \"beta1\")] public double[,] W1; public double[] Beta1; }", "CCG0004" },
        { "public partial class M { [Dense(3, 4, Activation = Activation.Swish, TrainableBeta = nameof(Beta1))] public double[,] W1; public int[] Beta1; }", "CCG0004" },
        { "public partial class M { [Conv1d(1, 4, 3, Bias = \"B9\")] public double[,,] K1; }", "CCG0004" },
        // CCG0007: block arguments and the input shape.
        { "[ConservationModel] public partial class M { [Dense(3, 4, Activation = Activation.RePU)] public double[,] W1; [Dense(4, 1)] public double[,] W2; }", "CCG0007" },
        { "[ConservationModel] public partial class M { [Dense(3, 4, Activation = Activation.ReLU, ActivationDegree = 2)] public double[,] W1; [Dense(4, 1)] public double[,] W2; }", "CCG0007" },
        { "[ConservationModel] public partial class M { [Dense(3, 4, Activation = Activation.ReLU, TrainableBeta = nameof(Beta1))] public double[,] W1; public double[] Beta1; [Dense(4, 1)] public double[,] W2; }", "CCG0007" },
        { "[ConservationModel] public partial class M { [Conv1d(1, 4, 0)] public double[,,] K1; }", "CCG0007" },
        { "[ConservationModel] public partial class M { [Conv2d(1, 4, 3, 3, Stride = 0)] public double[,,,] K1; }", "CCG0007" },
        { "[ConservationModel] public partial class M { [Conv1d(1, 4, 3, Padding = -1)] public double[,,] K1; }", "CCG0007" },
        { "[ConservationModel(InputShape = new[] { 3, 8 })] public partial class M { [Dense(3, 4)] public double[,] W1; }", "CCG0007" },
        { "[ConservationModel(InputShape = new[] { 3, 0, 8 })] public partial class M { [Conv2d(3, 4, 3, 3)] public double[,,,] K1; }", "CCG0007" },
        { "[ConservationModel(InputShape = new[] { 3, 8 })] public partial class M { [Conv2d(3, 4, 3, 3)] public double[,,,] K1; }", "CCG0007" },
        { "[ConservationModel(InputShape = new[] { 2, 8 })] public partial class M { [Conv1d(3, 4, 3)] public double[,,] K1; }", "CCG0007" },
        { "[ConservationModel(InputShape = new[] { 3, 8 })] public partial class M { [Conv1d(3, 4, 3)] public double[,,] K1; [Conv2d(4, 4, 1, 1)] public double[,,,] K2; }", "CCG0007" },
        { "[ConservationModel(InputShape = new[] { 1, 4, 4 })] public partial class M { [Conv2d(1, 2, 3, 3)] public double[,,,] K1; [Conv2d(2, 2, 3, 3)] public double[,,,] K2; }", "CCG0007" },
        // CCG0007: the declared input symmetry.
        { "[ConservationModel(InputSymmetry = (InputSymmetry)2)] public partial class M { [Dense(3, 4)] public double[,] W1; }", "CCG0007" },
        { "[ConservationModel(InputSymmetry = InputSymmetry.Rotation)] public partial class M { [Diagonal(3)] public double[] D1; [Dense(3, 1)] public double[,] W2; }", "CCG0007" },
        { "[ConservationModel(InputSymmetry = InputSymmetry.Rotation)] public partial class M { [Dense(3, 3, ResidualFrom = nameof(W1))] public double[,] W1; }", "CCG0007" },
    };

    [Theory]
    [MemberData(nameof(OneMistake))]
    public async System.Threading.Tasks.Task One_mistake_in_a_block_is_one_analyzer_error_and_the_generator_stays_silent(string body, string id)
    {
        string source = "using ConservationCodegen;\n" + (body.StartsWith("[", StringComparison.Ordinal) ? "" : "[ConservationModel]\n") + body;
        var compilation = CSharpCompilation.Create("Models", new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var driver = CSharpGeneratorDriver.Create(new ConservationGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out _, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        result.Exception.ShouldBeNull();
        var generator = driverDiagnostics.AddRange(result.Diagnostics).Distinct().Where(d => d.Id.StartsWith("CCG", StringComparison.Ordinal)).ToList();
        var analyzers = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelRulesAnalyzer())).GetAnalyzerDiagnosticsAsync();

        var all = generator.Concat(analyzers).Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        all.ShouldHaveSingleItem();
        generator.ShouldBeEmpty();
        analyzers[0].Id.ShouldBe(id);
        analyzers[0].Severity.ShouldBe(DiagnosticSeverity.Error);
        result.GeneratedSources.ShouldBeEmpty();
    }

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(ConservationModelAttribute).Assembly.Location))
            .ToArray());
}
