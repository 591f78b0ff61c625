using ConservationCodegen;

namespace Optimizers;

/// <summary>The MNIST-sized network: 784 → 128 (ReLU) → 10 logits, biases on both layers (D = 101,770; 128 laws).</summary>
[ConservationModel]
public partial class MnistMlp
{
    [Dense(784, 128, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[128, 784];
    public double[] B1 = new double[128];

    [Dense(128, 10, Bias = nameof(B2))]
    public double[,] W2 = new double[10, 128];
    public double[] B2 = new double[10];
}
