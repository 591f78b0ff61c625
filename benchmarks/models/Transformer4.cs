using ConservationCodegen;

// A 4-block transformer of width 128: each block is x + attention(x) (4 heads of 32, query, key and value biases) and
// a residual MLP 128 → 512 (GELU) → 128. The key biases never train (CCG0108); the forward pass is not generated (CCG0106).
#pragma warning disable CCG0101, CCG0106, CCG0108
[ConservationModel]
public partial class Transformer4
{
    [SelfAttention(128, 4, 32, Key = nameof(WK1), Value = nameof(WV1), Output = nameof(WO1), QueryBias = nameof(BQ1), KeyBias = nameof(BK1), ValueBias = nameof(BV1), ResidualFrom = nameof(WQ1))]
    public double[,] WQ1 = new double[128, 128];
    public double[] BQ1 = new double[128];
    public double[,] WK1 = new double[128, 128];
    public double[] BK1 = new double[128];
    public double[,] WV1 = new double[128, 128];
    public double[] BV1 = new double[128];
    public double[,] WO1 = new double[128, 128];
    [Dense(128, 512, Activation = Activation.Gelu, Bias = nameof(B1a))] public double[,] W1a = new double[512, 128];
    public double[] B1a = new double[512];
    [Dense(512, 128, Bias = nameof(B1b), ResidualFrom = nameof(W1a))] public double[,] W1b = new double[128, 512];
    public double[] B1b = new double[128];
    [SelfAttention(128, 4, 32, Key = nameof(WK2), Value = nameof(WV2), Output = nameof(WO2), QueryBias = nameof(BQ2), KeyBias = nameof(BK2), ValueBias = nameof(BV2), ResidualFrom = nameof(WQ2))]
    public double[,] WQ2 = new double[128, 128];
    public double[] BQ2 = new double[128];
    public double[,] WK2 = new double[128, 128];
    public double[] BK2 = new double[128];
    public double[,] WV2 = new double[128, 128];
    public double[] BV2 = new double[128];
    public double[,] WO2 = new double[128, 128];
    [Dense(128, 512, Activation = Activation.Gelu, Bias = nameof(B2a))] public double[,] W2a = new double[512, 128];
    public double[] B2a = new double[512];
    [Dense(512, 128, Bias = nameof(B2b), ResidualFrom = nameof(W2a))] public double[,] W2b = new double[128, 512];
    public double[] B2b = new double[128];
    [SelfAttention(128, 4, 32, Key = nameof(WK3), Value = nameof(WV3), Output = nameof(WO3), QueryBias = nameof(BQ3), KeyBias = nameof(BK3), ValueBias = nameof(BV3), ResidualFrom = nameof(WQ3))]
    public double[,] WQ3 = new double[128, 128];
    public double[] BQ3 = new double[128];
    public double[,] WK3 = new double[128, 128];
    public double[] BK3 = new double[128];
    public double[,] WV3 = new double[128, 128];
    public double[] BV3 = new double[128];
    public double[,] WO3 = new double[128, 128];
    [Dense(128, 512, Activation = Activation.Gelu, Bias = nameof(B3a))] public double[,] W3a = new double[512, 128];
    public double[] B3a = new double[512];
    [Dense(512, 128, Bias = nameof(B3b), ResidualFrom = nameof(W3a))] public double[,] W3b = new double[128, 512];
    public double[] B3b = new double[128];
    [SelfAttention(128, 4, 32, Key = nameof(WK4), Value = nameof(WV4), Output = nameof(WO4), QueryBias = nameof(BQ4), KeyBias = nameof(BK4), ValueBias = nameof(BV4), ResidualFrom = nameof(WQ4))]
    public double[,] WQ4 = new double[128, 128];
    public double[] BQ4 = new double[128];
    public double[,] WK4 = new double[128, 128];
    public double[] BK4 = new double[128];
    public double[,] WV4 = new double[128, 128];
    public double[] BV4 = new double[128];
    public double[,] WO4 = new double[128, 128];
    [Dense(128, 512, Activation = Activation.Gelu, Bias = nameof(B4a))] public double[,] W4a = new double[512, 128];
    public double[] B4a = new double[512];
    [Dense(512, 128, Bias = nameof(B4b), ResidualFrom = nameof(W4a))] public double[,] W4b = new double[128, 512];
    public double[] B4b = new double[128];
}
