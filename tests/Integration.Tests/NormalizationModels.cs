namespace ConservationCodegen.Integration.Tests;

// Normalised layers generated at build time like a user's: BatchNorm with its affine between ReLU layers (the bias
// before it is dead: CCG0108, raised on purpose), LayerNorm and RMSNorm with and without an affine (laws unrolled), and
// a wider LayerNorm MLP whose laws go through the loop kernels.

#pragma warning disable CCG0108
[ConservationModel]
public partial class BatchNormMlp
{
    [Dense(3, 5, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[5, 3];
    public double[] B1 = new double[5];

    [Dense(5, 4, Bias = nameof(B2), Normalization = Normalization.BatchNorm, NormScale = nameof(G2), NormShift = nameof(S2), Activation = Activation.ReLU)]
    public double[,] W2 = new double[4, 5];
    public double[] B2 = new double[4];
    public double[] G2 = new double[4];
    public double[] S2 = new double[4];

    [Dense(4, 2, Bias = nameof(B3))]
    public double[,] W3 = new double[2, 4];
    public double[] B3 = new double[2];
}
#pragma warning restore CCG0108

[ConservationModel]
public partial class LayerNormMlp
{
    [Dense(3, 4, Bias = nameof(B1), Normalization = Normalization.LayerNorm, NormScale = nameof(G1), NormShift = nameof(S1), Activation = Activation.ReLU)]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];
    public double[] G1 = new double[4];
    public double[] S1 = new double[4];

    [Dense(4, 4, Normalization = Normalization.RmsNorm, NormScale = nameof(G2), Activation = Activation.ReLU)]
    public float[,] W2 = new float[4, 4];
    public float[] G2 = new float[4];

    [Dense(4, 3, Bias = nameof(B3), Normalization = Normalization.LayerNorm, Activation = Activation.Tanh)]
    public double[,] W3 = new double[3, 4];
    public double[] B3 = new double[3];

    [Dense(3, 2)]
    public double[,] W4 = new double[2, 3];
}

[ConservationModel]
public partial class WideLayerNormMlp
{
    [Dense(40, 32, Bias = nameof(B1), Normalization = Normalization.LayerNorm, NormScale = nameof(G1), NormShift = nameof(S1), Activation = Activation.ReLU)]
    public double[] W1 = new double[32 * 40];
    public double[] B1 = new double[32];
    public double[] G1 = new double[32];
    public double[] S1 = new double[32];

    [Dense(32, 24, Normalization = Normalization.BatchNorm, NormScale = nameof(G2), Activation = Activation.ReLU)]
    public double[] W2 = new double[24 * 32];
    public double[] G2 = new double[24];

    [Dense(24, 10, Bias = nameof(B3))]
    public double[] W3 = new double[10 * 24];
    public double[] B3 = new double[10];
}

// ε inside the square root, as PyTorch's default would have it (larger here, to make the effect plain): the scale law
// is not exact, and the monitor reports it.
#pragma warning disable CCG0108
[ConservationModel]
public partial class EpsilonBatchNorm
{
    [Dense(3, 4, Bias = nameof(B1), Normalization = Normalization.BatchNorm, NormEpsilon = 1e-2, Activation = Activation.Tanh)]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 2)]
    public double[,] W2 = new double[2, 4];
}
#pragma warning restore CCG0108
