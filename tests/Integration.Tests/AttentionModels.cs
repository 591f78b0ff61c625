namespace ConservationCodegen.Integration.Tests;

// Self-attention blocks generated at build time like a user's: one block alone with every bias (laws unrolled), one
// between cuts in a small model (both with their tokens per sample, so their forward pass is generated), and a
// width-128 block whose laws go through the loop kernel (no input shape: no forward pass, CCG0106).

// The key bias never trains (CCG0108) and the heads' pairs carry so(2) (CCG0101): both raised here on purpose.
#pragma warning disable CCG0108, CCG0101, CCG0106
[ConservationModel(InputShape = new[] { 4, 3 })]
public partial class TinyAttention
{
    [SelfAttention(3, 2, 2, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO), QueryBias = nameof(BQ), KeyBias = nameof(BK), ValueBias = nameof(BV))]
    public double[,] WQ = new double[4, 3];
    public double[] BQ = new double[4];
    public double[,] WK = new double[4, 3];
    public double[] BK = new double[4];
    public double[,] WV = new double[4, 3];
    public double[] BV = new double[4];
    public double[,] WO = new double[3, 4];
}

[ConservationModel(InputShape = new[] { 5, 3 })]
public partial class AttentionBetweenCuts
{
    [Dense(3, 4, Activation = Activation.Tanh, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    // x + attention(x), then ReLU: the sum cannot be rescaled (x comes through a tanh), so no law crosses it.
    [SelfAttention(4, 2, 2, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO), ValueBias = nameof(BV), ResidualFrom = nameof(WQ), Activation = Activation.ReLU)]
    public float[,] WQ = new float[4, 4];
    public float[,] WK = new float[4, 4];
    public float[,] WV = new float[4, 4];
    public float[] BV = new float[4];
    public float[,] WO = new float[4, 4];

    [Dense(4, 3, Activation = Activation.ReLU)]
    public double[,] W3 = new double[3, 4];

    [Dense(3, 2)]
    public double[,] W4 = new double[2, 3];
}

[ConservationModel]
public partial class WideAttention
{
    [SelfAttention(128, 4, 32, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO), QueryBias = nameof(BQ), ValueBias = nameof(BV))]
    public double[] WQ = new double[128 * 128];
    public double[] BQ = new double[128];
    public double[] WK = new double[128 * 128];
    public double[] WV = new double[128 * 128];
    public double[] BV = new double[128];
    public double[] WO = new double[128 * 128];
}

// Two transformer blocks without normalisation: x + attention(x), then x + down(SwiGLU(x)), twice, over 5 tokens of 8
// features. Every boundary is a cut (x + g(x) from a cut), so the count is the heads' and the units' counts added.
[ConservationModel(InputShape = new[] { 5, 8 })]
public partial class TwoBlockTransformer
{
    [SelfAttention(8, 2, 4, Key = nameof(WK1), Value = nameof(WV1), Output = nameof(WO1), QueryBias = nameof(BQ1), ValueBias = nameof(BV1), ResidualFrom = nameof(WQ1))]
    public double[,] WQ1 = new double[8, 8];
    public double[] BQ1 = new double[8];
    public double[,] WK1 = new double[8, 8];
    public double[,] WV1 = new double[8, 8];
    public double[] BV1 = new double[8];
    public double[,] WO1 = new double[8, 8];

    [GatedLinearUnit(8, 16, Up = nameof(U1))]
    public double[,] G1 = new double[16, 8];
    public double[,] U1 = new double[16, 8];

    [Dense(16, 8, Bias = nameof(B1), ResidualFrom = nameof(G1))]
    public double[,] D1 = new double[8, 16];
    public double[] B1 = new double[8];

    [SelfAttention(8, 2, 4, Key = nameof(WK2), Value = nameof(WV2), Output = nameof(WO2), ResidualFrom = nameof(WQ2))]
    public double[,] WQ2 = new double[8, 8];
    public double[,] WK2 = new double[8, 8];
    public double[,] WV2 = new double[8, 8];
    public double[,] WO2 = new double[8, 8];

    [GatedLinearUnit(8, 16, Up = nameof(U2))]
    public double[,] G2 = new double[16, 8];
    public double[,] U2 = new double[16, 8];

    [Dense(16, 8, Bias = nameof(B2), ResidualFrom = nameof(G2))]
    public double[,] D2 = new double[8, 16];
    public double[] B2 = new double[8];
}

// x + attention(x) read by a linear head with fewer outputs than features: the head and W_O meet through the linear sum.
[ConservationModel(InputShape = new[] { 4, 3 })]
public partial class AttentionWithHead
{
    [SelfAttention(3, 1, 2, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO), QueryBias = nameof(BQ), ResidualFrom = nameof(WQ))]
    public double[,] WQ = new double[2, 3];
    public double[] BQ = new double[2];
    public double[,] WK = new double[2, 3];
    public double[,] WV = new double[2, 3];
    public double[,] WO = new double[3, 2];

    [Dense(3, 2)]
    public double[,] Head = new double[2, 3];
}
#pragma warning restore CCG0108, CCG0101, CCG0106
