namespace ConservationCodegen;

/// <summary>
/// One dense layer of a model, as <see cref="IConservationModel.DenseLayers"/> describes it: where its weights and bias
/// live in the flat parameter vector θ and what follows it. The layer computes σ(W x + b) with W row-major
/// [<see cref="Outputs"/>, <see cref="Inputs"/>] at <see cref="WeightOffset"/>.
/// </summary>
/// <param name="WeightOffset">Offset of W in θ (row-major [outputs, inputs]).</param>
/// <param name="Inputs">Inputs of the layer (columns of W).</param>
/// <param name="Outputs">Outputs of the layer (rows of W, the units it feeds to the next layer).</param>
/// <param name="BiasOffset">Offset of b in θ, or −1 when the layer has no bias.</param>
/// <param name="Activation">Activation after the layer; <see cref="ConservationCodegen.Activation.Identity"/> on the last layer.</param>
/// <param name="NegativeSlope">Slope of <see cref="ConservationCodegen.Activation.LeakyReLU"/> for z &lt; 0 (unused by other activations).</param>
public sealed record DenseLayerInfo(int WeightOffset, int Inputs, int Outputs, int BiasOffset, Activation Activation, double NegativeSlope)
{
    /// <summary>Whether the layer has a bias.</summary>
    public bool HasBias => BiasOffset >= 0;

    /// <summary>Number of weights, <see cref="Outputs"/> × <see cref="Inputs"/>.</summary>
    public int WeightCount => Outputs * Inputs;
}
