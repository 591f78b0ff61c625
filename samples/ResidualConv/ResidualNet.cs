using ConservationCodegen;

namespace ResidualConv;

/// <summary>
/// A small ResNet-style model on 1×8×8 images: a 3×3 convolution to 8 channels, one residual block of two 3×3
/// convolutions (the skip adds the block's input to the second convolution's output, before its ReLU), and a dense
/// classifier that reads the 8×8×8 feature map flattened channel-major.
/// </summary>
[ConservationModel(InputShape = new[] { 1, 8, 8 })]
public partial class ResidualNet
{
    /// <summary>Stem: 1 → 8 channels.</summary>
    [Conv2d(1, 8, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,,,] K1 = new double[8, 1, 3, 3];
    public double[] B1 = new double[8];

    /// <summary>First convolution of the residual block.</summary>
    [Conv2d(8, 8, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B2))]
    public double[,,,] K2 = new double[8, 8, 3, 3];
    public double[] B2 = new double[8];

    /// <summary>Second convolution: its output plus the block's input (the input of K2), then the ReLU.</summary>
    [Conv2d(8, 8, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B3), ResidualFrom = nameof(K2))]
    public double[,,,] K3 = new double[8, 8, 3, 3];
    public double[] B3 = new double[8];

    /// <summary>Classifier: 8 channels × 64 positions → 4 classes.</summary>
    [Dense(8 * 8 * 8, 4, Bias = nameof(B4))]
    public double[,] W4 = new double[4, 8 * 8 * 8];
    public double[] B4 = new double[4];
}
