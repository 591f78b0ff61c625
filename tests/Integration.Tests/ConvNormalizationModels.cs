using System.Linq;

namespace ConservationCodegen.Integration.Tests;

// Normalised convolutions generated at build time like a user's: BatchNorm on a 1-D convolution (its bias dead: CCG0108,
// raised on purpose) before a ReLU convolution and a dense head; a channel LayerNorm on a 2-D convolution behind a
// ReLU convolution; RMSNorm on a 1-D convolution; and a wider 2-D model whose laws go through the loop kernels. Then
// the affine γ ⊙ n + β after a normalised convolution, small and above the unrolling cap.

#pragma warning disable CCG0108
[ConservationModel(InputShape = new[] { 2, 7 })]
public partial class ConvBatchNormNet
{
    [Conv1d(2, 3, 3, Padding = 1, Bias = nameof(B1), Normalization = Normalization.BatchNorm, Activation = Activation.ReLU)]
    public double[,,] K1 = new double[3, 2, 3];
    public double[] B1 = new double[3];

    [Conv1d(3, 4, 3, Stride = 2, Activation = Activation.ReLU)]
    public double[,,] K2 = new double[4, 3, 3];

    [Dense(12, 2, Bias = nameof(B3))]
    public double[,] W3 = new double[2, 12];
    public double[] B3 = new double[2];
}
#pragma warning restore CCG0108

[ConservationModel(InputShape = new[] { 1, 5, 5 })]
public partial class ConvLayerNormNet
{
    [Conv2d(1, 2, 3, 3, Padding = 1, Bias = nameof(B1), Activation = Activation.ReLU)]
    public double[,,,] K1 = new double[2, 1, 3, 3];
    public double[] B1 = new double[2];

    // 5 × 5 → 4 × 4; LayerNorm over the 3 channels at each of the 16 positions.
    [Conv2d(2, 3, 2, 2, Bias = nameof(B2), Normalization = Normalization.LayerNorm, Activation = Activation.Tanh)]
    public double[,,,] K2 = new double[3, 2, 2, 2];
    public double[] B2 = new double[3];

    [Dense(48, 2)]
    public double[,] W3 = new double[2, 48];
}

[ConservationModel(InputShape = new[] { 2, 6 })]
public partial class ConvRmsNormNet
{
    [Conv1d(2, 3, 2, Bias = nameof(B1), Normalization = Normalization.RmsNorm, Activation = Activation.ReLU)]
    public double[,,] K1 = new double[3, 2, 2];
    public double[] B1 = new double[3];

    [Dense(15, 2)]
    public double[,] W2 = new double[2, 15];
}

// Above the unrolling cap: the LayerNorm scale, column sums and BatchNorm scales go through the loop kernels, and the
// law texts are written at run time.
[ConservationModel(InputShape = new[] { 3, 6, 6 })]
public partial class WideConvLayerNormNet
{
    [Conv2d(3, 16, 3, 3, Padding = 1, Bias = nameof(B1), Normalization = Normalization.LayerNorm, Activation = Activation.Gelu)]
    public double[] K1 = new double[16 * 3 * 3 * 3];
    public double[] B1 = new double[16];

    // 6 × 6 → 2 × 2 (stride 2).
    [Conv2d(16, 8, 3, 3, Stride = 2, Normalization = Normalization.BatchNorm, Activation = Activation.ReLU)]
    public double[] K2 = new double[8 * 16 * 3 * 3];

    [Dense(32, 3, Bias = nameof(B3))]
    public double[,] W3 = new double[3, 32];
    public double[] B3 = new double[3];
}

// The affine γ ⊙ n + β after a normalised convolution: one γ_c and β_c per channel, shared by every position. BatchNorm
// on a 1-D convolution, its affine and ReLU, then a ReLU convolution and a dense head; a channel LayerNorm on a 2-D
// convolution with its affine and ReLU read by a dense head (3 channels × 16 positions).
[ConservationModel(InputShape = new[] { 2, 7 })]
public partial class ConvBatchNormAffineNet
{
    [Conv1d(2, 3, 3, Padding = 1, Normalization = Normalization.BatchNorm, NormScale = nameof(Gamma1), NormShift = nameof(Beta1), Activation = Activation.ReLU)]
    public double[,,] K1 = new double[3, 2, 3];
    public double[] Gamma1 = { 1, 1, 1 };
    public double[] Beta1 = new double[3];

    [Conv1d(3, 4, 3, Stride = 2, Activation = Activation.ReLU)]
    public double[,,] K2 = new double[4, 3, 3];

    [Dense(12, 2, Bias = nameof(B3))]
    public double[,] W3 = new double[2, 12];
    public double[] B3 = new double[2];
}

[ConservationModel(InputShape = new[] { 1, 5, 5 })]
public partial class ConvLayerNormAffineNet
{
    // 5 × 5 → 4 × 4; LayerNorm over the 3 channels at each of the 16 positions, then γ_c·n + β_c and ReLU.
    [Conv2d(1, 3, 2, 2, Bias = nameof(B1), Normalization = Normalization.LayerNorm, NormScale = nameof(Gamma1), NormShift = nameof(Beta1), Activation = Activation.ReLU)]
    public double[,,,] K1 = new double[3, 1, 2, 2];
    public double[] B1 = new double[3];
    public double[] Gamma1 = { 1, 1, 1 };
    public double[] Beta1 = new double[3];

    [Dense(48, 2)]
    public double[,] W2 = new double[2, 48];
}

// Above the unrolling cap: the affine's balances γ_c² + β_c² − ‖K2[:,c,:,:]‖² go through the loop kernels (one γ, one β
// and 8·9 kernel entries per channel), their texts written at run time.
[ConservationModel(InputShape = new[] { 3, 6, 6 })]
public partial class WideConvBatchNormAffineNet
{
    [Conv2d(3, 16, 3, 3, Padding = 1, Normalization = Normalization.BatchNorm, NormScale = nameof(Gamma1), NormShift = nameof(Beta1), Activation = Activation.ReLU)]
    public double[] K1 = new double[16 * 3 * 3 * 3];
    public double[] Gamma1 = Enumerable.Repeat(1.0, 16).ToArray();
    public double[] Beta1 = new double[16];

    // 6 × 6 → 2 × 2 (stride 2).
    [Conv2d(16, 8, 3, 3, Stride = 2, Activation = Activation.ReLU)]
    public double[] K2 = new double[8 * 16 * 3 * 3];

    [Dense(32, 3, Bias = nameof(B3))]
    public double[,] W3 = new double[3, 32];
    public double[] B3 = new double[3];
}

// A model that ends with the affine: its outputs are the convolution's channels × positions, γ_c·n + β_c.
[ConservationModel(InputShape = new[] { 1, 4 })]
public partial class ConvBatchNormAffineOutputNet
{
    [Conv1d(1, 2, 2, Normalization = Normalization.BatchNorm, NormScale = nameof(Gamma1), NormShift = nameof(Beta1))]
    public double[,,] K1 = new double[2, 1, 2];
    public double[] Gamma1 = { 1, 1 };
    public double[] Beta1 = new double[2];
}
