namespace ConservationCodegen.Integration.Tests;

// Models for the forward pass, gradient and optimizer tests: every activation, float storage, a deep linear chain.

[ConservationModel]
public partial class EveryActivation
{
    [Dense(4, 5, Activation = Activation.LeakyReLU, NegativeSlope = 0.2, Bias = nameof(B1))]
    public double[,] W1 = new double[5, 4];
    public double[] B1 = new double[5];

    [Dense(5, 5, Activation = Activation.Gelu, Bias = nameof(B2))]
    public double[,] W2 = new double[5, 5];
    public double[] B2 = new double[5];

    [Dense(5, 4, Activation = Activation.Tanh)]
    public double[,] W3 = new double[4, 5];

    [Dense(4, 3, Activation = Activation.Softplus, Bias = nameof(B4))]
    public double[,] W4 = new double[3, 4];
    public double[] B4 = new double[3];

    [Dense(3, 3, Activation = Activation.Sigmoid)]
    public double[,] W5 = new double[3, 3];

    [Dense(3, 3, Activation = Activation.Abs, Bias = nameof(B6))]
    public double[,] W6 = new double[3, 3];
    public double[] B6 = new double[3];

    [Dense(3, 2, Activation = Activation.ReLU, Bias = nameof(B7))]
    public double[,] W7 = new double[2, 3];
    public double[] B7 = new double[2];

    [Dense(2, 3)]
    public double[,] W8 = new double[3, 2];
}

/// <summary>The leaky-ReLU net of the user report, stored in float (flat weights for one layer).</summary>
[ConservationModel]
public partial class FloatLeaky
{
    [Dense(5, 16, Activation = Activation.LeakyReLU, NegativeSlope = 0.1, Bias = nameof(B1))]
    public float[,] W1 = new float[16, 5];
    public float[] B1 = new float[16];

    [Dense(16, 16, Activation = Activation.LeakyReLU, NegativeSlope = 0.1, Bias = nameof(B2))]
    public float[] W2 = new float[16 * 16];
    public float[] B2 = new float[16];

    [Dense(16, 3)]
    public float[,] W3 = new float[3, 16];
}

/// <summary>An MNIST-sized float model (784 → 64 ReLU → 10), for the single-precision monitor at real size.</summary>
[ConservationModel]
public partial class FloatMnist
{
    [Dense(784, 64, Activation = Activation.ReLU, Bias = nameof(B1))]
    public float[,] W1 = new float[64, 784];
    public float[] B1 = new float[64];

    [Dense(64, 10, Bias = nameof(B2))]
    public float[,] W2 = new float[10, 64];
    public float[] B2 = new float[10];
}

/// <summary>A ReLU network with biases everywhere, for the optimizer tests.</summary>
[ConservationModel]
public partial class ReluBias
{
    [Dense(6, 10, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[10, 6];
    public double[] B1 = new double[10];

    [Dense(10, 8, Activation = Activation.ReLU, Bias = nameof(B2))]
    public double[,] W2 = new double[8, 10];
    public double[] B2 = new double[8];

    [Dense(8, 3, Bias = nameof(B3))]
    public double[,] W3 = new double[3, 8];
    public double[] B3 = new double[3];
}

/// <summary>A deep linear factorisation with Gram laws (its rotation symmetries, CCG0101, are expected).</summary>
#pragma warning disable CCG0101
[ConservationModel]
public partial class DeepLinearChain
{
    [Dense(4, 6)]
    public double[,] W1 = new double[6, 4];

    [Dense(6, 5)]
    public double[,] W2 = new double[5, 6];

    [Dense(5, 3)]
    public double[,] W3 = new double[3, 5];
}
#pragma warning restore CCG0101

/// <summary>A small float model nested in a partial class, unrolled (it has the sparse Jacobian).</summary>
public partial class Outer
{
    [ConservationModel]
    public partial class FloatPair
    {
        [Dense(2, 3, Activation = Activation.ReLU)]
        public float[,] W1 = new float[3, 2];

        [Dense(3, 2)]
        public float[,] W2 = new float[2, 3];
    }
}
