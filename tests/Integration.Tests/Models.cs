using ConservationCodegen;

namespace ConservationCodegen.Integration.Tests;

// Small models get unrolled code; the two "Large" ones exceed the unrolling cap and use the loop kernel.

[ConservationModel]
public partial class ReluWithBias
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 2, Bias = nameof(B2))]
    public double[,] W2 = new double[2, 4];
    public double[] B2 = new double[2];
}

// Linear hidden layers have so(r) rotations (CCG0101); this file shows #pragma suppression works
// (this project's .editorconfig raises CCG0101 to a warning and warnings are errors here, so a suppression that failed
// would break the build).
#pragma warning disable CCG0101
[ConservationModel]
public partial class DeepLinear
{
    [Dense(3, 4)]
    public double[,] W1 = new double[4, 3];

    [Dense(4, 3)]
    public double[] W2 = new double[12]; // flat, row-major [outputs, inputs]

    [Dense(3, 2)]
    public double[,] W3 = new double[2, 3];
}

[ConservationModel]
public partial class LargeLinear
{
    [Dense(6, 8)]
    public double[,] W1 = new double[8, 6];

    [Dense(8, 8)]
    public double[,] W2 = new double[8, 8];

    [Dense(8, 5)]
    public double[,] W3 = new double[5, 8];
}

// 346 Gram laws: over the unrolling cap, so the laws and their drift go through the runtime loop kernel.
[ConservationModel]
public partial class WideLinear
{
    [Dense(16, 20)]
    public double[,] W1 = new double[20, 16];

    [Dense(20, 16)]
    public double[,] W2 = new double[16, 20];

    [Dense(16, 8)]
    public double[,] W3 = new double[8, 16];
}

[ConservationModel]
public partial class LargeRelu
{
    [Dense(6, 8, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[8, 6];
    public double[] B1 = new double[8];

    [Dense(8, 8, Activation = Activation.LeakyReLU, Bias = nameof(B2))]
    public double[,] W2 = new double[8, 8];
    public double[] B2 = new double[8];

    [Dense(8, 4, Bias = nameof(B3))]
    public double[,] W3 = new double[4, 8];
    public double[] B3 = new double[4];
}

[ConservationModel]
public partial class ReluThenLinearRun
{
    [Dense(3, 4, Activation = Activation.ReLU)]
    public double[,] W1 = new double[4, 3];

    [Dense(4, 3, Bias = nameof(B2))]
    public double[,] W2 = new double[3, 4];
    public double[] B2 = new double[3];

    [Dense(3, 2)]
    public double[,] W3 = new double[2, 3];
}

[ConservationModel]
public partial class TanhInTheMiddle
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public float[,] W1 = new float[4, 3];
    public float[] B1 = new float[4];

    [Dense(4, 3, Activation = Activation.Tanh)]
    public float[,] W2 = new float[3, 4];

    [Dense(3, 2)]
    public float[] W3 = new float[6];
}
// Over the unrolling cap, so the loop kernel runs it: a three-layer linear run whose bias enters at its middle
// layer (none before, carried after), a tanh cut, then a gate followed by a two-layer run biased only at its end.
[ConservationModel]
public partial class LargeMixed
{
    [Dense(6, 8)]
    public double[,] W1 = new double[8, 6];

    [Dense(8, 8, Bias = nameof(B2))]
    public double[,] W2 = new double[8, 8];
    public double[] B2 = new double[8];

    [Dense(8, 8, Activation = Activation.Tanh)]
    public double[,] W3 = new double[8, 8];

    [Dense(8, 8, Activation = Activation.ReLU, Bias = nameof(B4))]
    public double[,] W4 = new double[8, 8];
    public double[] B4 = new double[8];

    [Dense(8, 8)]
    public double[,] W5 = new double[8, 8];

    [Dense(8, 3, Bias = nameof(B6))]
    public double[,] W6 = new double[3, 8];
    public double[] B6 = new double[3];
}
#pragma warning restore CCG0101

// The size real users start with: an MNIST multilayer perceptron (D = 101,770). Its 128 balances are certified by the
// path-incidence theorem and evaluated by the loop kernel; names and formulas are written at run time.
[ConservationModel]
public partial class MnistMlp
{
    [Dense(784, 128, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[128, 784];
    public double[] B1 = new double[128];

    [Dense(128, 10, Bias = nameof(B2))]
    public double[,] W2 = new double[10, 128];
    public double[] B2 = new double[10];
}

// A wide linear pair: 4,656 Gram laws, certified by the two-layer linear theorem.
#pragma warning disable CCG0101
[ConservationModel]
public partial class WideLinearPair
{
    [Dense(40, 96)]
    public double[,] W1 = new double[96, 40];

    [Dense(96, 30)]
    public double[,] W2 = new double[30, 96];
}
#pragma warning restore CCG0101
