using ConservationCodegen;

namespace Transformer;

// A small transformer that labels each token of a sequence: 12 tokens of 32 features, a LayerNorm embedding with GELU, two
// blocks of x + attention(x) then x + down(SwiGLU(x)), a final LayerNorm with its affine and GELU, and a dense head to 5
// classes per token trained with softmax cross-entropy. Every block boundary is a cut (a LayerNorm output, or x + g(x)
// from a cut), so the laws are the LayerNorms' scale and translation laws, the heads' Grams, the units' balances and the
// head's translation laws, certified at any width (docs/layers.md, "Attention").
[ConservationModel(InputShape = new[] { 12, 32 }, Loss = Loss.SoftmaxCrossEntropy)]
public partial class TinyTransformer
{
    [Dense(32, 32, Bias = nameof(E0), Normalization = Normalization.LayerNorm, Activation = Activation.Gelu)]
    public double[,] Embed = new double[32, 32];
    public double[] E0 = new double[32];

    [SelfAttention(32, 4, 8, Key = nameof(WK1), Value = nameof(WV1), Output = nameof(WO1), QueryBias = nameof(BQ1), ValueBias = nameof(BV1), ResidualFrom = nameof(WQ1))]
    public double[,] WQ1 = new double[32, 32];
    public double[] BQ1 = new double[32];
    public double[,] WK1 = new double[32, 32];
    public double[,] WV1 = new double[32, 32];
    public double[] BV1 = new double[32];
    public double[,] WO1 = new double[32, 32];

    [GatedLinearUnit(32, 64, Up = nameof(U1))]
    public double[,] G1 = new double[64, 32];
    public double[,] U1 = new double[64, 32];

    [Dense(64, 32, Bias = nameof(B1), ResidualFrom = nameof(G1))]
    public double[,] D1 = new double[32, 64];
    public double[] B1 = new double[32];

    [SelfAttention(32, 4, 8, Key = nameof(WK2), Value = nameof(WV2), Output = nameof(WO2), ResidualFrom = nameof(WQ2))]
    public double[,] WQ2 = new double[32, 32];
    public double[,] WK2 = new double[32, 32];
    public double[,] WV2 = new double[32, 32];
    public double[,] WO2 = new double[32, 32];

    [GatedLinearUnit(32, 64, Up = nameof(U2))]
    public double[,] G2 = new double[64, 32];
    public double[,] U2 = new double[64, 32];

    [Dense(64, 32, Bias = nameof(B2), ResidualFrom = nameof(G2))]
    public double[,] D2 = new double[32, 64];
    public double[] B2 = new double[32];

    [Dense(32, 32, Normalization = Normalization.LayerNorm, NormScale = nameof(Gamma), NormShift = nameof(Beta), Activation = Activation.Gelu)]
    public double[,] Final = new double[32, 32];
    public double[] Gamma = new double[32];
    public double[] Beta = new double[32];

    [Dense(32, 5, Bias = nameof(BH))]
    public double[,] WH = new double[5, 32];
    public double[] BH = new double[5];
}
