using System.Threading.Tasks;
using ConservationCodegen.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>Jagged arrays and MathNet.Numerics matrices and vectors as layer and bias storage: accepted, shapes checked, fixes.</summary>
public sealed class StorageTests
{
    private const string MathNetUsing = "using MathNet.Numerics.LinearAlgebra;\n";

    private static readonly MetadataReference MathNet =
        MetadataReference.CreateFromFile(typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>).Assembly.Location);

    private static Task Analyze(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest<ModelRulesAnalyzer>(MathNetUsing + source);
        test.TestState.AdditionalReferences.Add(MathNet);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static Task Fix<TFix>(string source, string fixedSource)
        where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
    {
        var test = new FixTest<ModelRulesAnalyzer, TFix>(MathNetUsing + source, MathNetUsing + fixedSource);
        test.TestState.AdditionalReferences.Add(MathNet);
        return test.RunAsync();
    }

    [Fact]
    public Task Jagged_and_MathNet_members_are_valid_layers_and_biases() => Analyze("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
            public double[][] W1 = new double[4][];
            public double[] B1 = new double[4];

            [Dense(4, 4, Activation = Activation.ReLU, Bias = nameof(B2))]
            public float[][] W2 = { new float[4], new float[4], new[] { 1f, 2f, 3f, 4f }, new float[] { 1, 2, 3, 4 } };
            public Vector<float> B2 = Vector<float>.Build.Dense(4);

            [Dense(4, 3, Activation = Activation.ReLU, Bias = nameof(B3))]
            public Matrix<double> W3 { get; } = Matrix<double>.Build.Dense(3, 4);
            public MathNet.Numerics.LinearAlgebra.Double.DenseVector B3 = new(3);

            [Dense(3, 2)]
            public MathNet.Numerics.LinearAlgebra.Single.DenseMatrix W4 = new(2, 3);
        }
        """);

    [Fact]
    public Task Vectors_are_not_layers_and_matrices_or_jagged_arrays_are_not_biases() => Analyze("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Bias = nameof(B1))|}]
            public Vector<double> W1 = Vector<double>.Build.Dense(12);
            public Matrix<double> B1 = Matrix<double>.Build.Dense(4, 1);

            [{|CCG0004:Dense(4, 2, Bias = nameof(B2))|}]
            public Matrix<double> W2 = Matrix<double>.Build.Dense(2, 4);
            public double[][] B2 = new double[2][];

            [{|CCG0003:Dense(2, 2)|}]
            public Matrix<System.Numerics.Complex> W3 = Matrix<System.Numerics.Complex>.Build.Dense(2, 2);
        }
        """,
        new DiagnosticResult("CCG0003", DiagnosticSeverity.Error).WithLocation(0),
        new DiagnosticResult("CCG0004", DiagnosticSeverity.Error).WithLocation(0).WithMessage(
            "The bias 'B1' of layer 'W1' has type 'MathNet.Numerics.LinearAlgebra.Matrix<double>'; it must be double[], float[] or MathNet.Numerics Vector<double>/Vector<float> of length 4"));

    [Fact]
    public Task CCG0005_jagged_row_count_and_row_lengths() => Analyze("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[][] W1 = {|#0:new double[5][]|};
            [Dense(4, 2)] public double[][] W2 = { new double[4], {|#1:new double[3]|} };
            [Dense(2, 2)] public float[][] W3 = {|#2:new float[][] { new float[2] }|};
            [Dense(2, 3)] public float[][] W4 = new[] { new float[2], new float[2], {|#3:new[] { 1f }|} };
        }
        """,
        Expect(0, "'W1' is created as [5][] but [Dense(3, 4)] stores [4][3] ([outputs][inputs])"),
        Expect(1, "'W2' is created as [2][] with row 1 of length 3 but [Dense(4, 2)] stores [2][4] ([outputs][inputs])"),
        Expect(2, "'W3' is created as [1][] but [Dense(2, 2)] stores [2][2] ([outputs][inputs])"),
        Expect(3, "'W4' is created as [3][] with row 2 of length 1 but [Dense(2, 3)] stores [3][2] ([outputs][inputs])"));

    [Fact]
    public Task CCG0005_MathNet_matrices_and_CCG0004_vector_length() => Analyze("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Bias = nameof(B1))] public Matrix<double> W1 = {|#0:Matrix<double>.Build.Dense(3, 4)|};
            public Vector<double> B1 = Vector<double>.Build.Dense(4);
            [{|#1:Dense(4, 2, Bias = nameof(B2))|}] public Matrix<float> W2 = {|#2:new MathNet.Numerics.LinearAlgebra.Single.DenseMatrix(2, 3)|};
            public Vector<float> B2 = {|#3:Vector<float>.Build.Dense(3, 1f)|};
            [Dense(2, 2)] public Matrix<float> W3 = Matrix<float>.Build.Random(2, 2);
        }
        """,
        Expect(0, "'W1' is created as [3, 4] but [Dense(3, 4)] stores [4, 3] ([outputs, inputs])"),
        new DiagnosticResult("CCG0004", DiagnosticSeverity.Error).WithLocation(1).WithLocation(3)
            .WithMessage("The bias 'B2' of layer 'W2' is created with length 3 but the layer has 2 outputs"),
        Expect(2, "'W2' is created as [2, 3] but [Dense(4, 2)] stores [2, 4] ([outputs, inputs])"));

    private static DiagnosticResult Expect(int location, string message) =>
        new DiagnosticResult("CCG0005", DiagnosticSeverity.Error).WithLocation(location).WithMessage(message);

    [Fact]
    public Task Shape_fix_rewrites_jagged_sizes_and_MathNet_size_arguments() => Fix<FixInitializerShapeFix>("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[][] W1 = {|CCG0005:new double[5][]|};
            [Dense(4, 2)] public double[][] W2 = { new double[4], {|CCG0005:new double[3]|} };
            [Dense(2, 2)] public Matrix<double> W3 = {|CCG0005:Matrix<double>.Build.Dense(2, 3, 0.5)|};
            [Dense(2, 3)] public Matrix<float> W4 = {|CCG0005:new MathNet.Numerics.LinearAlgebra.Single.DenseMatrix(2, 3)|};
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[][] W1 = new double[4][];
            [Dense(4, 2)] public double[][] W2 = { new double[4], new double[4] };
            [Dense(2, 2)] public Matrix<double> W3 = Matrix<double>.Build.Dense(2, 2, 0.5);
            [Dense(2, 3)] public Matrix<float> W4 = new MathNet.Numerics.LinearAlgebra.Single.DenseMatrix(3, 2);
        }
        """);

    [Fact]
    public Task Missing_bias_of_a_MathNet_layer_is_a_MathNet_vector_and_of_a_jagged_layer_an_array() => Fix<AddBiasMemberFix>("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0004:Dense(3, 4, Activation = Activation.ReLU, Bias = "B1")|}]
            public Matrix<float> W1 = Matrix<float>.Build.Dense(4, 3);
            [{|CCG0004:Dense(4, 2, Bias = "B2")|}]
            public float[][] W2 = new float[2][];
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = "B1")]
            public Matrix<float> W1 = Matrix<float>.Build.Dense(4, 3);
            public Vector<float> B1 = Vector<float>.Build.Dense(4);
            [Dense(4, 2, Bias = "B2")]
            public float[][] W2 = new float[2][];
            public float[] B2 = new float[2];
        }
        """);

    [Fact]
    public Task A_misspelt_bias_may_mean_a_MathNet_vector_and_a_vector_bias_is_resized() => Fix<AddBiasMemberFix>("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0004:Dense(3, 4, Bias = "b1")|}]
            public Matrix<double> W1 = Matrix<double>.Build.Dense(4, 3);
            public Vector<double> B1 = Vector<double>.Build.Dense(4);
            [{|CCG0004:Dense(4, 2, Bias = nameof(B2))|}]
            public Matrix<double> W2 = Matrix<double>.Build.Dense(2, 4);
            public Vector<double> B2 = Vector<double>.Build.Dense(3, 0.5);
            [{|CCG0004:Dense(2, 2, Bias = nameof(B3))|}]
            public float[][] W3 = new float[2][];
            public MathNet.Numerics.LinearAlgebra.Single.DenseVector B3 = new(5);
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Bias = nameof(B1))]
            public Matrix<double> W1 = Matrix<double>.Build.Dense(4, 3);
            public Vector<double> B1 = Vector<double>.Build.Dense(4);
            [Dense(4, 2, Bias = nameof(B2))]
            public Matrix<double> W2 = Matrix<double>.Build.Dense(2, 4);
            public Vector<double> B2 = Vector<double>.Build.Dense(2, 0.5);
            [Dense(2, 2, Bias = nameof(B3))]
            public float[][] W3 = new float[2][];
            public MathNet.Numerics.LinearAlgebra.Single.DenseVector B3 = new(2);
        }
        """);

    // Every provider at once, one fix at a time and through Fix All in document, project and solution scope: jagged
    // row counts and rows, a MathNet matrix shape, a MathNet vector bias of the wrong length, missing biases of a jagged
    // and a MathNet layer, a width and a non-partial class in one file. A row written as an initializer list has no
    // mechanical fix: its CCG0005 stays, and the other fixes still apply.
    [Fact]
    public Task Fix_all_repairs_a_multi_mistake_file_with_jagged_and_MathNet_storage()
    {
        var test = new AllFixesTest(MathNetUsing + """
            [{|CCG0001:ConservationModel|}]
            public class Net
            {
                [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
                public double[][] W1 = {|CCG0005:new double[5][]|};
                public double[] B1 = new double[4];

                [{|CCG0004:Dense(4, 2, Activation = Activation.ReLU, Bias = "B2")|}]
                public double[][] W2 = { new double[4], {|CCG0005:new double[3]|} };

                [{|CCG0004:Dense(2, 3, Activation = Activation.ReLU, Bias = nameof(B3))|}]
                public Matrix<double> W3 = {|CCG0005:Matrix<double>.Build.Dense(2, 3)|};
                public Vector<double> B3 = Vector<double>.Build.Dense(2);

                [{|CCG0004:Dense(3, 2, Activation = Activation.ReLU, Bias = "B4")|}]
                public Matrix<float> W4 = Matrix<float>.Build.Dense(2, 3);

                [{|CCG0002:Dense(3, 1)|}]
                public float[][] W5 = new float[1][];

                [Dense(1, 2)]
                public float[][] W6 = { new[] { 1f }, {|CCG0005:new[] { 2f, 3f }|} };
            }
            """, MathNetUsing + """
            [ConservationModel]
            public partial class Net
            {
                [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
                public double[][] W1 = new double[4][];
                public double[] B1 = new double[4];

                [Dense(4, 2, Activation = Activation.ReLU, Bias = "B2")]
                public double[][] W2 = { new double[4], new double[4] };
                public double[] B2 = new double[2];

                [Dense(2, 3, Activation = Activation.ReLU, Bias = nameof(B3))]
                public Matrix<double> W3 = Matrix<double>.Build.Dense(3, 2);
                public Vector<double> B3 = Vector<double>.Build.Dense(3);

                [Dense(3, 2, Activation = Activation.ReLU, Bias = "B4")]
                public Matrix<float> W4 = Matrix<float>.Build.Dense(2, 3);
                public Vector<float> B4 = Vector<float>.Build.Dense(2);

                [Dense(2, 1)]
                public float[][] W5 = new float[1][];

                [Dense(1, 2)]
                public float[][] W6 = { new[] { 1f }, {|CCG0005:new[] { 2f, 3f }|} };
            }
            """);
        test.TestState.AdditionalReferences.Add(MathNet);
        test.FixedState.AdditionalReferences.Add(MathNet);
        test.FixedState.MarkupHandling = MarkupMode.Allow; // the row left without a fix is marked up in the fixed code
        test.NumberOfFixAllIterations = -5;
        test.NumberOfFixAllInDocumentIterations = -5;
        test.NumberOfFixAllInProjectIterations = -5;
        test.NumberOfIncrementalIterations = -12;
        return test.RunAsync();
    }
}
