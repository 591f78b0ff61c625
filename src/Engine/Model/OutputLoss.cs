namespace ConservationCodegen.Engine.Model;

/// <summary>
/// Which losses of the model's outputs the laws must hold for (<see cref="ModelDescription.Loss"/>). The generator maps
/// <c>[ConservationModel(Loss = …)]</c> onto it; the engine never sees the runtime's <c>Loss</c> enum.
/// </summary>
public enum OutputLoss
{
    /// <summary>Every loss of the outputs (the default): the laws are those of every f∘φ.</summary>
    Any = 0,

    /// <summary>
    /// Softmax followed by cross-entropy, or any loss of the outputs that does not change when the same constant is added to
    /// every output of a sample. The last layer's column sums 𝟙ᵀW_L[:, j] and bias sum 𝟙ᵀb_L are then laws too (linear,
    /// exact under SGD and heavy ball at any step), and the count includes them. Requires the last block to be a dense
    /// layer with at least two outputs, no residual connection into it and no trainable β.
    /// </summary>
    SoftmaxCrossEntropy = 1,
}
