using ConservationCodegen;

namespace ConservationCodegen.Kernels.Benchmarks;

// Models for PhiBenchmarks, through the real generator. PhiSmallRelu, PhiRelu8 and PhiLinear8 are unrolled; the
// others are over the unrolling cap, so φ, JVP and VJP run in the loop kernel.
#pragma warning disable CCG0102 // the law count of the 64-wide chain is not certified within the compile budget; irrelevant here

/// <summary>MNIST MLP, ReLU + bias, 784-128-10: φ has 1,004,810 components.</summary>
[ConservationModel]
public partial class PhiMnist
{
    [Dense(784, 128, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[128, 784];
    public double[] B1 = new double[128];

    [Dense(128, 10, Bias = nameof(B2))]
    public double[,] W2 = new double[10, 128];
    public double[] B2 = new double[10];
}

/// <summary>
/// Three ReLU layers from MNIST inputs, 784-32-16-10 with bias: φ has 4,019,370 components. (784-512-256-10 has
/// 1.03·10⁹, above the 2²⁴ cap, so it gets no φ members at all.)
/// </summary>
[ConservationModel]
public partial class PhiRelu3
{
    [Dense(784, 32, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[32, 784];
    public double[] B1 = new double[32];

    [Dense(32, 16, Activation = Activation.ReLU, Bias = nameof(B2))]
    public double[,] W2 = new double[16, 32];
    public double[] B2 = new double[16];

    [Dense(16, 10, Bias = nameof(B3))]
    public double[,] W3 = new double[10, 16];
    public double[] B3 = new double[10];
}

/// <summary>Deep linear chain 64-64-64-64: φ = W3·W2·W1.</summary>
[ConservationModel]
public partial class PhiChain64
{
    [Dense(64, 64)]
    public double[,] W1 = new double[64, 64];

    [Dense(64, 64)]
    public double[,] W2 = new double[64, 64];

    [Dense(64, 64)]
    public double[,] W3 = new double[64, 64];
}

/// <summary>Linear pair 200-200-200: φ = W2·W1.</summary>
[ConservationModel]
public partial class PhiPair200
{
    [Dense(200, 200)]
    public double[,] W1 = new double[200, 200];

    [Dense(200, 200)]
    public double[,] W2 = new double[200, 200];
}

/// <summary>Small ReLU + bias 3-4-2 (unrolled).</summary>
[ConservationModel]
public partial class PhiSmallRelu
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 2, Bias = nameof(B2))]
    public double[,] W2 = new double[2, 4];
    public double[] B2 = new double[2];
}

/// <summary>ReLU + bias 8-8-8 (unrolled).</summary>
[ConservationModel]
public partial class PhiRelu8
{
    [Dense(8, 8, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[8, 8];
    public double[] B1 = new double[8];

    [Dense(8, 8, Bias = nameof(B2))]
    public double[,] W2 = new double[8, 8];
    public double[] B2 = new double[8];
}

/// <summary>Linear 8-8-8 (unrolled): φ = W2·W1.</summary>
[ConservationModel]
public partial class PhiLinear8
{
    [Dense(8, 8)]
    public double[,] W1 = new double[8, 8];

    [Dense(8, 8)]
    public double[,] W2 = new double[8, 8];
}

/// <summary>ReLU + bias 16-16-16-4: just over the unrolling cap, so the loop kernel runs it on short rows (17 wide).</summary>
[ConservationModel]
public partial class PhiRelu16
{
    [Dense(16, 16, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[16, 16];
    public double[] B1 = new double[16];

    [Dense(16, 16, Activation = Activation.ReLU, Bias = nameof(B2))]
    public double[,] W2 = new double[16, 16];
    public double[] B2 = new double[16];

    [Dense(16, 4, Bias = nameof(B3))]
    public double[,] W3 = new double[4, 16];
    public double[] B3 = new double[4];
}

/// <summary>Linear 10-12-10: φ fits the unrolling cap but its unrolled JVP and VJP would not, so all go to the loop kernel.</summary>
[ConservationModel]
public partial class PhiLinear10
{
    [Dense(10, 12)]
    public double[,] W1 = new double[12, 10];

    [Dense(12, 10)]
    public double[,] W2 = new double[10, 12];
}
