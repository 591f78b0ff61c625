namespace ConservationCodegen.Integration.Tests;

// One model of each new block kind, generated at build time like a user's: convolutions (1-D with stride and padding,
// 2-D with an identity-joined pair), a dense layer after convolutions, diagonal layers (a Hadamard product), residual
// connections, RePU and a Swish with a trainable β.

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

// K2 and K3 are joined by the identity: so(2) rotates their channels and conserves nothing (CCG0101, raised here).
#pragma warning disable CCG0101
[ConservationModel(InputShape = new[] { 1, 5, 5 })]
public partial class Conv2dNet
{
    [Conv2d(1, 2, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,,,] K1 = new double[2, 1, 3, 3];
    public double[] B1 = new double[2];

    // Identity between K2 and K3: a Gram law over their channels.
    [Conv2d(2, 2, 3, 3, Padding = 1)]
    public double[] K2 = new double[2 * 2 * 3 * 3];

    [Conv2d(2, 3, 3, 3, Activation = Activation.ReLU)]
    public double[,,,] K3 = new double[3, 2, 3, 3];

    [Dense(27, 2)]
    public double[,] W4 = new double[2, 27];
}
#pragma warning restore CCG0101

/// <summary>w = u ⊙ v, read out by a dense layer.</summary>
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
