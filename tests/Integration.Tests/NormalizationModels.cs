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

// ε inside the square root, as PyTorch's default would have it (larger here, to make the effect plain): the scale laws
// do not hold, so only the dead biases are listed (CCG0109 says so).
#pragma warning disable CCG0108, CCG0109
[ConservationModel]
public partial class EpsilonBatchNorm
{
    [Dense(3, 4, Bias = nameof(B1), Normalization = Normalization.BatchNorm, NormEpsilon = 1e-2, Activation = Activation.Tanh)]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 2)]
    public double[,] W2 = new double[2, 4];
}
#pragma warning restore CCG0108, CCG0109

// Two transformer blocks with LayerNorm over 5 tokens of 6 features: a LayerNorm embedding with GELU, then x + attention(x)
// and x + down(SwiGLU(x)), a LayerNorm projection with GELU between the blocks, the second block, and a final LayerNorm
// projection with its affine and GELU before a linear head. Every LayerNorm output is a cut, so the heads, the units and
// each normalised layer are counted on their own.
#pragma warning disable CCG0101
[ConservationModel(InputShape = new[] { 5, 6 })]
public partial class LayerNormTransformer
{
    [Dense(6, 8, Bias = nameof(E0), Normalization = Normalization.LayerNorm, Activation = Activation.Gelu)]
    public double[,] Embed = new double[8, 6];
    public double[] E0 = new double[8];

    [SelfAttention(8, 2, 4, Key = nameof(WK1), Value = nameof(WV1), Output = nameof(WO1), QueryBias = nameof(BQ1), ValueBias = nameof(BV1), ResidualFrom = nameof(WQ1))]
    public double[,] WQ1 = new double[8, 8];
    public double[] BQ1 = new double[8];
    public double[,] WK1 = new double[8, 8];
    public double[,] WV1 = new double[8, 8];
    public double[] BV1 = new double[8];
    public double[,] WO1 = new double[8, 8];

    [GatedLinearUnit(8, 12, Up = nameof(U1))]
    public double[,] G1 = new double[12, 8];
    public double[,] U1 = new double[12, 8];

    [Dense(12, 8, Bias = nameof(B1), ResidualFrom = nameof(G1))]
    public double[,] D1 = new double[8, 12];
    public double[] B1 = new double[8];

    [Dense(8, 8, Normalization = Normalization.LayerNorm, Activation = Activation.Gelu)]
    public double[,] Mix = new double[8, 8];

    [SelfAttention(8, 2, 4, Key = nameof(WK2), Value = nameof(WV2), Output = nameof(WO2), ResidualFrom = nameof(WQ2))]
    public double[,] WQ2 = new double[8, 8];
    public double[,] WK2 = new double[8, 8];
    public double[,] WV2 = new double[8, 8];
    public double[,] WO2 = new double[8, 8];

    [GatedLinearUnit(8, 12, Up = nameof(U2))]
    public double[,] G2 = new double[12, 8];
    public double[,] U2 = new double[12, 8];

    [Dense(12, 8, ResidualFrom = nameof(G2))]
    public double[,] D2 = new double[8, 12];

    [Dense(8, 8, Normalization = Normalization.LayerNorm, NormScale = nameof(Gamma), NormShift = nameof(Beta), Activation = Activation.Gelu)]
    public double[,] Final = new double[8, 8];
    public double[] Gamma = new double[8];
    public double[] Beta = new double[8];

    [Dense(8, 3)]
    public double[,] Head = new double[3, 8];
}
#pragma warning restore CCG0101

// LayerNorm with its affine, ReLU and a linear head: small enough for the rank check of the real network's gradients.
[ConservationModel]
public partial class LayerNormPair
{
    [Dense(3, 5, Bias = nameof(B1), Normalization = Normalization.LayerNorm, NormScale = nameof(G1), NormShift = nameof(S1), Activation = Activation.ReLU)]
    public double[,] W1 = new double[5, 3];
    public double[] B1 = new double[5];
    public double[] G1 = new double[5];
    public double[] S1 = new double[5];

    [Dense(5, 2)]
    public double[,] W2 = new double[2, 5];
}

// A LayerNorm layer right after a residual MLP x + down(GELU(up(x))) whose x is behind tanh: the sum is a cut, so the
// normalised layer is analysed alone (its scale, 4 column sums and bias sum), as the real network's gradients confirm.
// (Without the tanh the head would read LayerNorm's centred values directly, and its row sums would be laws too: the
// real network keeps 8, which is why the engine refuses that reading.)
[ConservationModel]
public partial class ResidualThenLayerNorm
{
    [Dense(3, 4, Bias = nameof(B1), Activation = Activation.Tanh)]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 5, Activation = Activation.Gelu)]
    public double[,] Up = new double[5, 4];

    [Dense(5, 4, ResidualFrom = nameof(Up))]
    public double[,] Down = new double[4, 5];

    [Dense(4, 3, Bias = nameof(B4), Normalization = Normalization.LayerNorm, Activation = Activation.Tanh)]
    public double[,] W4 = new double[3, 4];
    public double[] B4 = new double[3];

    [Dense(3, 2)]
    public double[,] Head = new double[2, 3];
}

// A linear head reading LayerNorm's values directly: generated, but the head's segment is not counted (its input is
// centred, so its row sums are laws too), and the count is not certified.
[ConservationModel]
public partial class LayerNormReadLinearly
{
    [Dense(3, 4, Bias = nameof(B1), Normalization = Normalization.LayerNorm)]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 2)]
    public double[,] Head = new double[2, 4];
}
