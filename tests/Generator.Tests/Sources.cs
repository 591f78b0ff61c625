using System.IO;

namespace ConservationCodegen.Generator.Tests;

/// <summary>Model sources shared by the driver tests.</summary>
internal static class Sources
{
    public const string ReluWithBias = """
        using ConservationCodegen;

        namespace Demo.Models
        {
            [ConservationModel(MaxDegree = 2)]
            public partial class TwoLayerRelu
            {
                [Dense(inputs: 3, outputs: 4, Activation = Activation.ReLU, Bias = nameof(B1))]
                public double[,] W1 = new double[4, 3];
                public double[] B1 = new double[4];

                [Dense(inputs: 4, outputs: 2)]
                public double[,] W2 = new double[2, 4];

                public double Unrelated() => 1.0;
            }
        }
        """;

    /// <summary>Softmax cross-entropy: a small model (laws unrolled) and a wider one (laws through the loop kernels).</summary>
    public const string SoftmaxCrossEntropy = """
        using ConservationCodegen;

        namespace Demo.Models;

        [ConservationModel(Loss = Loss.SoftmaxCrossEntropy)]
        public partial class SmallClassifier
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
            public double[,] W1 = new double[4, 3];
            public double[] B1 = new double[4];

            [Dense(4, 3, Bias = nameof(B2))]
            public double[,] W2 = new double[3, 4];
            public double[] B2 = new double[3];
        }

        [ConservationModel(Loss = Loss.SoftmaxCrossEntropy)]
        public partial class WideClassifier
        {
            [Dense(64, 32, Activation = Activation.ReLU, Bias = nameof(B1))]
            public double[,] W1 = new double[32, 64];
            public double[] B1 = new double[32];

            [Dense(32, 10, Bias = nameof(B2))]
            public double[,] W2 = new double[10, 32];
            public double[] B2 = new double[10];
        }
        """;

    public const string JaggedReluWithBias = """
        using ConservationCodegen;

        namespace Demo.Models;

        [ConservationModel]
        public partial class JaggedRelu
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
            public double[][] W1 = new double[4][];
            public double[] B1 = new double[4];

            [Dense(4, 2)]
            public float[][] W2 { get; } = { new float[4], new float[4] };
        }
        """;

    public const string MathNetReluWithBias = """
        using ConservationCodegen;
        using MathNet.Numerics.LinearAlgebra;

        namespace Demo.Models;

        [ConservationModel]
        public partial class MathNetRelu
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
            public Matrix<double> W1 = Matrix<double>.Build.Dense(4, 3);
            public Vector<double> B1 = Vector<double>.Build.Dense(4);

            [Dense(4, 2, Bias = nameof(B2))]
            public Matrix<float> W2 = Matrix<float>.Build.Dense(2, 4);
            public Vector<float> B2 = Vector<float>.Build.Dense(2);
        }
        """;

    public const string NestedLinear = """
        using ConservationCodegen;

        public static partial class Outer
        {
            [ConservationModel]
            public partial record Linear
            {
                [Dense(2, 2)]
                public float[,] W1 { get; set; } = new float[2, 2];

                [Dense(2, 1)]
                public float[] W2 { get; set; } = new float[2];
            }
        }
        """;

    public static string Linear(int n, int h, int m) => $$"""
        using ConservationCodegen;

        [ConservationModel]
        public partial class Linear
        {
            [Dense({{n}}, {{h}})]
            public double[,] W1 = new double[{{h}}, {{n}}];

            [Dense({{h}}, {{m}})]
            public double[,] W2 = new double[{{m}}, {{h}}];
        }
        """;

    /// <summary>A linear chain of any depth: members W1…WL, no biases.</summary>
    public static string DeepLinear(params int[] widths)
    {
        var layers = new System.Text.StringBuilder();
        for (int k = 1; k < widths.Length; k++)
            layers.Append($"    [Dense({widths[k - 1]}, {widths[k]})] public double[,] W{k} = new double[{widths[k]}, {widths[k - 1]}];\n");
        return "using ConservationCodegen;\n\n[ConservationModel]\npublic partial class DeepLinear\n{\n" + layers + "}\n";
    }

    public const string ScalarDeepLinear = """
        using ConservationCodegen;

        [ConservationModel]
        public partial class Scalar
        {
            [Dense(1, 2)] public double[,] W1 = new double[2, 1];
            [Dense(2, 2)] public double[,] W2 = new double[2, 2];
            [Dense(2, 1)] public double[,] W3 = new double[1, 2];
        }
        """;

    public const string PureRelu = """
        using ConservationCodegen;

        [ConservationModel]
        public partial class PureRelu
        {
            [Dense(3, 4, Activation = Activation.ReLU)] public double[,] W1 = new double[4, 3];
            [Dense(4, 2)] public double[,] W2 = new double[2, 4];
        }
        """;

    /// <summary>
    /// One model of each new block kind: the integration tests' own file (they build and run the same classes), read
    /// from the source tree so the two never drift apart.
    /// </summary>
    public static string Blocks => File.ReadAllText(Path.Combine(SourceFolder(), "..", "Integration.Tests", "BlockModels.cs"));

    public static string GatedUnits => File.ReadAllText(Path.Combine(SourceFolder(), "..", "Integration.Tests", "GatedModels.cs"));

    /// <summary>The normalised models of the integration tests (BatchNorm, LayerNorm, RMSNorm, a LayerNorm transformer).</summary>
    public static string Normalized => File.ReadAllText(Path.Combine(SourceFolder(), "..", "Integration.Tests", "NormalizationModels.cs"));

    /// <summary>The normalised convolutions of the integration tests (BatchNorm, LayerNorm, RMSNorm, a wide LayerNorm CNN).</summary>
    public static string ConvNormalized => File.ReadAllText(Path.Combine(SourceFolder(), "..", "Integration.Tests", "ConvNormalizationModels.cs"));

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
