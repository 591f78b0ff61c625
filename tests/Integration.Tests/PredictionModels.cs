namespace ConservationCodegen.Integration.Tests;

// Models for the prediction and teleport tests. Linear hidden layers have rotations without a law (CCG0101, raised to a
// warning in this project): suppressed here.
#pragma warning disable CCG0101

/// <summary>ReLU hidden layer with biases on both layers.</summary>
[ConservationModel]
public partial class TeleportReluBias
{
    [Dense(3, 5, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[5, 3];
    public double[] B1 = new double[5];

    [Dense(5, 2, Bias = nameof(B2))]
    public double[,] W2 = new double[2, 5];
    public double[] B2 = new double[2];
}

/// <summary>Leaky ReLU then |z|: two homogeneous hidden layers.</summary>
[ConservationModel]
public partial class TeleportLeakyAbs
{
    [Dense(3, 4, Activation = Activation.LeakyReLU, NegativeSlope = 0.1, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 4, Activation = Activation.Abs)]
    public double[,] W2 = new double[4, 4];

    [Dense(4, 2)]
    public double[,] W3 = new double[2, 4];
}

/// <summary>A linear pair with a hidden bias, hidden width 3 ≤ outputs 3 and ≤ inputs + 1 = 5 (UᵀU, VᵀV invertible).</summary>
[ConservationModel]
public partial class TeleportLinearPair
{
    [Dense(4, 3, Bias = nameof(B1))]
    public double[,] W1 = new double[3, 4];
    public double[] B1 = new double[3];

    [Dense(3, 3)]
    public double[,] W2 = new double[3, 3];
}

/// <summary>A deep linear run of three layers.</summary>
[ConservationModel]
public partial class TeleportDeepLinear
{
    [Dense(3, 3)]
    public double[,] W1 = new double[3, 3];

    [Dense(3, 3)]
    public double[,] W2 = new double[3, 3];

    [Dense(3, 2)]
    public double[,] W3 = new double[2, 3];
}

/// <summary>Factorisation Y ≈ W2·W1 with Y 2×2 and hidden width 5 ≥ n + m (both terms of c can be positive).</summary>
[ConservationModel]
public partial class PredictFactorPair
{
    [Dense(2, 5)]
    public double[,] W1 = new double[5, 2];

    [Dense(5, 2)]
    public double[,] W2 = new double[2, 5];
}

/// <summary>A wider linear pair (hidden 30 ≤ outputs 35, ≤ inputs + 1 = 41), for the GL move at size.</summary>
[ConservationModel]
public partial class TeleportWidePair
{
    [Dense(40, 30, Bias = nameof(B1))]
    public double[,] W1 = new double[30, 40];
    public double[] B1 = new double[30];

    [Dense(30, 35)]
    public double[,] W2 = new double[35, 30];
}

#pragma warning restore CCG0101

/// <summary>tanh then sigmoid: no rescaling symmetry, for the data-dependent move.</summary>
[ConservationModel]
public partial class TeleportTanhSigmoid
{
    [Dense(3, 4, Activation = Activation.Tanh, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 4, Activation = Activation.Sigmoid, Bias = nameof(B2))]
    public double[,] W2 = new double[4, 4];
    public double[] B2 = new double[4];

    [Dense(4, 2, Bias = nameof(B3))]
    public double[,] W3 = new double[2, 4];
    public double[] B3 = new double[2];
}
