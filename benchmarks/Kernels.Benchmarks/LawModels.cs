using ConservationCodegen;

// Models whose laws the law benchmarks time, declared here so they go through the real generator. Above the unrolling
// cap (LawEmitter.UnrolledLawFactorCap, 512 factors) whole hidden layers call the runtime loop kernel (GramLaws); below it the
// laws are straight-line code.

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>ReLU with bias, 784-128-10: 128 per-neuron balances (loop kernel).</summary>
[ConservationModel]
public partial class ReluBias784x128x10
{
    [Dense(784, 128, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[128, 784];
    public double[] B1 = new double[128];

    [Dense(128, 10)]
    public double[,] W2 = new double[10, 128];
}

/// <summary>ReLU 784-512-256-10: 512 + 256 balances (loop kernel).</summary>
[ConservationModel]
public partial class Relu784x512x256x10
{
    [Dense(784, 512, Activation = Activation.ReLU)]
    public double[,] W1 = new double[512, 784];

    [Dense(512, 256, Activation = Activation.ReLU)]
    public double[,] W2 = new double[256, 512];

    [Dense(256, 10)]
    public double[,] W3 = new double[10, 256];
}

/// <summary>Linear 32-32-32: 528 Gram entries (loop kernel).</summary>
[ConservationModel]
public partial class Linear32
{
    [Dense(32, 32)]
    public double[,] W1 = new double[32, 32];

    [Dense(32, 32)]
    public double[,] W2 = new double[32, 32];
}

/// <summary>Linear 64-64-64: 2,080 Gram entries (loop kernel).</summary>
[ConservationModel]
public partial class Linear64
{
    [Dense(64, 64)]
    public double[,] W1 = new double[64, 64];

    [Dense(64, 64)]
    public double[,] W2 = new double[64, 64];
}

/// <summary>Linear 128-128-128: 8,256 Gram entries (loop kernel).</summary>
[ConservationModel]
public partial class Linear128
{
    [Dense(128, 128)]
    public double[,] W1 = new double[128, 128];

    [Dense(128, 128)]
    public double[,] W2 = new double[128, 128];
}

/// <summary>Linear 512-512-512: 131,328 Gram entries (loop kernel).</summary>
[ConservationModel]
public partial class Linear512
{
    [Dense(512, 512)]
    public double[,] W1 = new double[512, 512];

    [Dense(512, 512)]
    public double[,] W2 = new double[512, 512];
}

/// <summary>Linear 3-4-2: 10 Gram entries (unrolled).</summary>
[ConservationModel]
public partial class Linear3x4x2
{
    [Dense(3, 4)]
    public double[,] W1 = new double[4, 3];

    [Dense(4, 2)]
    public double[,] W2 = new double[2, 4];
}

/// <summary>Linear 8-8-8: 36 Gram entries, 1,152 factors (loop kernel).</summary>
[ConservationModel]
public partial class Linear8
{
    [Dense(8, 8)]
    public double[,] W1 = new double[8, 8];

    [Dense(8, 8)]
    public double[,] W2 = new double[8, 8];
}

/// <summary>Linear 12-12-12: 78 Gram entries (loop kernel).</summary>
[ConservationModel]
public partial class Linear12
{
    [Dense(12, 12)]
    public double[,] W1 = new double[12, 12];

    [Dense(12, 12)]
    public double[,] W2 = new double[12, 12];
}

/// <summary>ReLU with bias, 16-32-8: 32 balances (loop kernel).</summary>
[ConservationModel]
public partial class ReluBias16x32x8
{
    [Dense(16, 32, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[32, 16];
    public double[] B1 = new double[32];

    [Dense(32, 8)]
    public double[,] W2 = new double[8, 32];
}

/// <summary>Linear 2-2-2: 3 Gram entries (unrolled).</summary>
[ConservationModel]
public partial class Linear2
{
    [Dense(2, 2)]
    public double[,] W1 = new double[2, 2];

    [Dense(2, 2)]
    public double[,] W2 = new double[2, 2];
}

/// <summary>Linear, nine layers of width 4 (144 parameters): 8 hidden layers of 10 Gram entries (loop kernel).</summary>
[ConservationModel]
public partial class Linear4Deep
{
    [Dense(4, 4)] public double[,] W1 = new double[4, 4];
    [Dense(4, 4)] public double[,] W2 = new double[4, 4];
    [Dense(4, 4)] public double[,] W3 = new double[4, 4];
    [Dense(4, 4)] public double[,] W4 = new double[4, 4];
    [Dense(4, 4)] public double[,] W5 = new double[4, 4];
    [Dense(4, 4)] public double[,] W6 = new double[4, 4];
    [Dense(4, 4)] public double[,] W7 = new double[4, 4];
    [Dense(4, 4)] public double[,] W8 = new double[4, 4];
    [Dense(4, 4)] public double[,] W9 = new double[4, 4];
}

/// <summary>ReLU with bias, 4-8-2: 8 balances (unrolled).</summary>
[ConservationModel]
public partial class ReluBias4x8x2
{
    [Dense(4, 8, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[8, 4];
    public double[] B1 = new double[8];

    [Dense(8, 2)]
    public double[,] W2 = new double[2, 8];
}
