namespace ConservationCodegen.Integration.Tests;

// Models for the momentum-charge tests: a linear pair with biases (double and float storage). The deep linear chain
// and the convolutional net with a linear run between two kernels are shared with other tests.

#pragma warning disable CCG0101 // rotations of the linear levels: their momentum charges are what these tests check
/// <summary>5 → 6 (bias) → 4, linear: one level of width 6, 15 charges.</summary>
[ConservationModel(Optimizer = OptimizerKind.Momentum)]
public partial class ChargePair
{
    [Dense(5, 6, Bias = nameof(B1))]
    public double[,] W1 = new double[6, 5];
    public double[] B1 = new double[6];

    [Dense(6, 4, Bias = nameof(B2))]
    public double[,] W2 = new double[4, 6];
    public double[] B2 = new double[4];
}

/// <summary>The same pair stored in float.</summary>
[ConservationModel]
public partial class FloatChargePair
{
    [Dense(5, 6, Bias = nameof(B1))]
    public float[,] W1 = new float[6, 5];
    public float[] B1 = new float[6];

    [Dense(6, 4, Bias = nameof(B2))]
    public float[,] W2 = new float[4, 6];
    public float[] B2 = new float[4];
}
#pragma warning restore CCG0101

#pragma warning disable CCG0101, CCG0100 // CCG0100: the residual region keeps laws beyond its structural ones
/// <summary>A residual block (skip around W2) followed by a linear run W3 → W4: its level of width 5 carries 10 charges.</summary>
[ConservationModel]
public partial class ResidualThenLinear
{
    [Dense(3, 4, Activation = Activation.ReLU)]
    public double[,] W1 = new double[4, 3];

    [Dense(4, 4, Activation = Activation.ReLU, ResidualFrom = nameof(W2))]
    public double[,] W2 = new double[4, 4];

    [Dense(4, 5)]
    public double[,] W3 = new double[5, 4];

    [Dense(5, 2)]
    public double[,] W4 = new double[2, 5];
}
#pragma warning restore CCG0101, CCG0100

#pragma warning disable CCG0101
/// <summary>A RePU(2) layer, then a linear run W2 → W3: its identity level of width 4 (with W2's bias) carries 6 charges.</summary>
[ConservationModel]
public partial class RepuThenLinear
{
    [Dense(3, 3, Activation = Activation.RePU, ActivationDegree = 2, Bias = nameof(B1))]
    public double[,] W1 = new double[3, 3];
    public double[] B1 = new double[3];

    [Dense(3, 4, Bias = nameof(B2))]
    public double[,] W2 = new double[4, 3];
    public double[] B2 = new double[4];

    [Dense(4, 2)]
    public double[,] W3 = new double[2, 4];
}
#pragma warning restore CCG0101
