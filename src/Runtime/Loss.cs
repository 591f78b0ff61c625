namespace ConservationCodegen;

/// <summary>
/// Loss of the generated <c>ComputeLossAndGradient</c>, averaged over the batch. Targets are one row of the model's
/// output width per sample.
/// </summary>
public enum Loss
{
    /// <summary>Per sample ½‖y − t‖² (half the squared error summed over the outputs).</summary>
    MeanSquaredError = 0,

    /// <summary>
    /// Per sample −Σ_o t_o log softmax(y)_o, the outputs taken as logits; a target row is one-hot or a probability
    /// vector.
    /// </summary>
    SoftmaxCrossEntropy = 1,
}
