using ConservationCodegen;

// The small ResNet-style model of the scale target: Conv2d(3→16, 3×3, padding 1) ReLU, two residual blocks of two
// Conv2d(16→16, 3×3, padding 1) with ReLU, then Dense(16·8·8 → 10), on 3×8×8 inputs.
[ConservationModel(InputShape = new[] { 3, 8, 8 })]
public partial class ResNet
{
    [Conv2d(3, 16, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B1))] public double[,,,] K1 = new double[16, 3, 3, 3];
    public double[] B1 = new double[16];
    [Conv2d(16, 16, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B2))] public double[,,,] K2 = new double[16, 16, 3, 3];
    public double[] B2 = new double[16];
    [Conv2d(16, 16, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B3), ResidualFrom = nameof(K2))] public double[,,,] K3 = new double[16, 16, 3, 3];
    public double[] B3 = new double[16];
    [Conv2d(16, 16, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B4))] public double[,,,] K4 = new double[16, 16, 3, 3];
    public double[] B4 = new double[16];
    [Conv2d(16, 16, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B5), ResidualFrom = nameof(K4))] public double[,,,] K5 = new double[16, 16, 3, 3];
    public double[] B5 = new double[16];
    [Dense(1024, 10, Bias = nameof(B6))] public double[,] W6 = new double[10, 1024];
    public double[] B6 = new double[10];
}
