using ConservationCodegen;

namespace QuickStart;

/// <summary>y = W2 ReLU(W1 x + B1) + B2.</summary>
[ConservationModel(MaxDegree = 2)]
public partial class TwoLayerRelu
{
    [Dense(inputs: 3, outputs: 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(inputs: 4, outputs: 2, Bias = nameof(B2))]
    public double[,] W2 = new double[2, 4];
    public double[] B2 = new double[2];
}
