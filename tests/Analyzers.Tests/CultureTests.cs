using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>
/// Messages are the same in every culture: ar-SA writes −3 as "\u061C-3" and fa-IR as "\u200E\u22123" when a number is
/// formatted with the current culture, so every number must reach the message already formatted invariantly.
/// </summary>
public sealed class CultureTests
{
    private const string Source = """
        using ConservationCodegen;
        [ConservationModel(MaxDegree = -1)]
        public partial class M
        {
            [Dense(-3, 2)] public double[,] W1;
            [Dense(2, 2, Activation = (Activation)(-5), NegativeSlope = -0.5)] public double[,] W2 = new double[2, 2];
            [Dense(2, 2, Activation = Activation.LeakyReLU, NegativeSlope = -1.5, Bias = nameof(B3))] public double[] W3 = new double[-4];
            public double[] B3 = new double[-2];
        }
        """;

    private static readonly string[] Expected =
    {
        "MaxDegree of 'M' is -1; it must be between 1 and 4",
        "Layer 'W1' has -3 inputs and 2 outputs; widths must be positive",
        "The Activation of 'W2' is -5, which is not a defined Activation value; use one of Identity, ReLU, LeakyReLU, Abs, Tanh, Sigmoid, Gelu, Softplus, RePU, Power, Swish",
        "'W3' is created as [-4] but [Dense(2, 2)] stores [4] (row-major [outputs, inputs])",
        "The NegativeSlope of 'W3' is -1.5; a leaky ReLU max(αz, z) needs 0 ≤ α < 1 (α = 1 is the identity: use Activation.Identity)",
        "The bias 'B3' of layer 'W3' is created with length -2 but the layer has 2 outputs",
    };

    // Jagged and MathNet storage: row counts, row lengths, matrix and vector sizes, and the messages listing storage types.
    private const string StorageSource = """
        using ConservationCodegen;
        using MathNet.Numerics.LinearAlgebra;
        [ConservationModel]
        public partial class S
        {
            [Dense(2, 3)] public double[][] W1 = new double[-1][];
            [Dense(3, 2)] public float[][] W2 = { new float[3], new float[-7] };
            [Dense(2, 2, Bias = nameof(B3))] public Matrix<double> W3 = Matrix<double>.Build.Dense(-2, 2);
            public Vector<double> B3 = Vector<double>.Build.Dense(-4);
            [Dense(2, 2, Bias = nameof(B4))] public Vector<double> W4 = Vector<double>.Build.Dense(4);
            public Matrix<float> B4 = Matrix<float>.Build.Dense(2, 1);
            [Dense(2, 2, Bias = "B5")] public Matrix<float> W5 = Matrix<float>.Build.Dense(2, 2);
        }
        """;

    private static readonly string[] StorageExpected =
    {
        "'W1' is created as [-1][] but [Dense(2, 3)] stores [3][2] ([outputs][inputs])",
        "'W2' is created as [2][] with row 1 of length -7 but [Dense(3, 2)] stores [2][3] ([outputs][inputs])",
        "'W3' is created as [-2, 2] but [Dense(2, 2)] stores [2, 2] ([outputs, inputs])",
        "The bias 'B3' of layer 'W3' is created with length -4 but the layer has 2 outputs",
        "'W4' has type 'MathNet.Numerics.LinearAlgebra.Vector<double>'; a [Dense] member must be double[,], float[,], double[][], float[][], double[], float[] or MathNet.Numerics Matrix<double>/Matrix<float>",
        "The bias 'B4' of layer 'W4' has type 'MathNet.Numerics.LinearAlgebra.Matrix<float>'; it must be double[], float[] or MathNet.Numerics Vector<double>/Vector<float> of length 2",
        "The bias 'B5' of layer 'W5' does not exist; add 'public Vector<float> B5 = Vector<float>.Build.Dense(2);'",
    };

    // Convolutions, diagonal layers, activation degrees, trainable β and the input shape.
    private const string BlockSource = """
        using ConservationCodegen;
        [ConservationModel(InputShape = new[] { -3, 8 })]
        public partial class C
        {
            [Conv1d(-2, 3, -3, Stride = -1, Padding = -2)] public double[,,] K1;
            [Dense(4, 2, Activation = Activation.Power, ActivationDegree = -1, Bias = nameof(B2))] public double[,] W2;
            public double[] B2 = new double[-5];
            [Diagonal(-4)] public double[] D3;
        }

        [ConservationModel(InputShape = new[] { 1, 4 })]
        public partial class E
        {
            [Conv1d(1, 2, 3, Activation = Activation.Swish, TrainableBeta = nameof(Beta1))] public double[,,] K1 = new double[2, 1, -3];
            public double[] Beta1 = new double[-2];
            [Conv1d(2, 2, 5, ResidualFrom = nameof(K1))] public double[,,] K2;
        }
        """;

    private static readonly string[] BlockExpected =
    {
        "The InputShape of 'C' is { -3, 8 }; channels and sizes must be positive",
        "Layer 'K1' has -2 input channels and 3 output channels; channel counts must be positive",
        "The kernel of 'K1' is -3; kernel sizes must be positive, with at most 1048576 taps",
        "The Stride of 'K1' is -1; the stride must be at least 1",
        "The Padding of 'K1' is -2; the padding must not be negative",
        "Layer 'W2' reads the 3 channels of 'K1' flattened channel by channel, so its 4 inputs must be a multiple of 3",
        "The Power activation of 'W2' needs ActivationDegree ≥ 2 (got -1)",
        "The bias 'B2' of layer 'W2' is created with length -5 but the layer has 2 outputs",
        "Layer 'D3' has width -4; the width must be positive",
        "'K1' is created as [2, 1, -3] but [Conv1d(1, 2, 3)] stores [2, 1, 3] ([outChannels, inChannels, kernelSize])",
        "The TrainableBeta 'Beta1' of layer 'K1' is created with length -2 but the layer has 2 outputs",
        "The kernel of 'K2' (5) is larger than its padded input (2 for the declared InputShape): no output position is left",
        "Layer 'K2' has 2 outputs but the input of 'K1', to which its residual connection adds them, has 1; they must agree",
    };

    [Theory]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    [InlineData("fi-FI")]
    public async Task Messages_do_not_depend_on_the_culture(string culture)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            (-3).ToString().ShouldNotBe("-3"); // the culture really formats numbers differently (fi-FI: U+2212)
            var messages = (await Diagnostics(Source)).Select(d => d.GetMessage()).ToArray();
            messages.ShouldBe(Expected, ignoreOrder: true);
            var storageMessages = (await Diagnostics(StorageSource)).Select(d => d.GetMessage()).ToArray();
            storageMessages.ShouldBe(StorageExpected, ignoreOrder: true);
            var blockMessages = (await Diagnostics(BlockSource)).Select(d => d.GetMessage()).ToArray();
            blockMessages.ShouldBe(BlockExpected, ignoreOrder: true);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, ui);
        }
    }

    private static async Task<ImmutableArray<Diagnostic>> Diagnostics(string source)
    {
        var references = ((string)System.AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System", System.StringComparison.Ordinal) || System.IO.Path.GetFileName(p) == "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(ConservationModelAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>).Assembly.Location));
        var compilation = CSharpCompilation.Create("M", new[] { CSharpSyntaxTree.ParseText(source) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelRulesAnalyzer())).GetAnalyzerDiagnosticsAsync();
    }
}
