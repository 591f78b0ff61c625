namespace ConservationCodegen.Integration.Tests;

// Models for the input-rotation tests: a two-layer ReLU net without a first-layer bias (its population loss under
// standard Gaussian inputs with a constant target is invariant under W1 ↦ W1·R), in double and float, and a model with a
// first-layer bias and a hidden linear level (the bias and the later layers do not enter the input angular momentum).

/// <summary>4 → 3 (ReLU, no bias) → 1: W1 [3,4] at 0, W2 [1,3] at 12; 6 input angular-momentum entries.</summary>
[ConservationModel(InputSymmetry = InputSymmetry.Rotation)]
public partial class IsotropicRelu
{
    [Dense(4, 3, Activation = Activation.ReLU)]
    public double[,] W1 = new double[3, 4];

    [Dense(3, 1)]
    public double[,] W2 = new double[1, 3];
}

/// <summary>The same net stored in float.</summary>
[ConservationModel(InputSymmetry = InputSymmetry.Rotation)]
public partial class FloatIsotropicRelu
{
    [Dense(4, 3, Activation = Activation.ReLU)]
    public float[,] W1 = new float[3, 4];

    [Dense(3, 1)]
    public float[,] W2 = new float[1, 3];
}

#pragma warning disable CCG0101 // the rotations of the linear level: not what these tests are about
/// <summary>5 → 4 (bias) → 3 (linear) → 2: W1 [4,5] at 0, B1 at 20, W2 [3,4] at 24, W3 [2,3] at 36; 10 entries.</summary>
[ConservationModel(InputSymmetry = InputSymmetry.Rotation)]
public partial class BiasedIsotropicNet
{
    [Dense(5, 4, Bias = nameof(B1), Activation = Activation.Tanh)]
    public double[,] W1 = new double[4, 5];
    public double[] B1 = new double[4];

    [Dense(4, 3)]
    public double[,] W2 = new double[3, 4];

    [Dense(3, 2)]
    public double[,] W3 = new double[2, 3];
}
#pragma warning restore CCG0101
