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

    /// <summary>One model of each new block kind (the integration tests build and run the same classes).</summary>
    public const string Blocks = """
using ConservationCodegen;

namespace Demo.Blocks;

[ConservationModel(InputShape = new[] { 2, 7 })]
public partial class Conv1dNet
{
    // 7 positions → (7 + 2 − 3) + 1 = 7 → ⌊(7 − 3) / 2⌋ + 1 = 3.
    [Conv1d(2, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,,] K1 = new double[3, 2, 3];
    public double[] B1 = new double[3];

    [Conv1d(3, 4, 3, Stride = 2, Activation = Activation.ReLU)]
    public double[,,] K2 = new double[4, 3, 3];

    [Dense(12, 2, Bias = nameof(B3))]
    public double[,] W3 = new double[2, 12];
    public double[] B3 = new double[2];
}

[ConservationModel]
public partial class Hadamard
{
    [Diagonal(4)]
    public double[] U = new double[4];

    [Diagonal(4)]
    public double[] V = new double[4];

    [Dense(4, 2)]
    public double[,] W3 = new double[2, 4];
}

[ConservationModel]
public partial class ResidualMlp
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 4, Activation = Activation.ReLU)]
    public double[,] W2 = new double[4, 4];

    [Dense(4, 4, Activation = Activation.ReLU, ResidualFrom = nameof(W2))]
    public double[,] W3 = new double[4, 4];

    [Dense(4, 2)]
    public double[,] W4 = new double[2, 4];
}

[ConservationModel]
public partial class RepuNet
{
    [Dense(3, 4, Activation = Activation.RePU, ActivationDegree = 3, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 2)]
    public double[,] W2 = new double[2, 4];
}

[ConservationModel]
public partial class SwishBetaNet
{
    [Dense(3, 4, Activation = Activation.Swish, TrainableBeta = nameof(Beta1), Bias = nameof(B1))]
    public float[,] W1 = new float[4, 3];
    public float[] B1 = new float[4];
    public float[] Beta1 = new float[4];

    [Dense(4, 2)]
    public float[,] W2 = new float[2, 4];
}
""";
}
