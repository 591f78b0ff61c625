namespace ConservationCodegen;

/// <summary>
/// A normalisation of a layer's pre-activation z = W x + b, applied before its activation (<c>Normalization</c> on
/// [Dense], [Conv1d] and [Conv2d]), with the layer's optional affine γ ⊙ n + β (<c>NormScale</c>, <c>NormShift</c>).
/// It cuts the model after the layer, whose balances it replaces by the laws of its symmetries (docs/layers.md,
/// "Normalisation layers"). Generated with batch statistics in the forward pass and ε = <c>NormEpsilon</c> (default 0).
/// After a convolution the affine has one γ and β per channel, shared by every position.
/// </summary>
public enum Normalization
{
    /// <summary>No normalisation (the default).</summary>
    None = 0,
    /// <summary>
    /// Each output unit standardised over the batch (a convolution: each channel over the batch and its positions): laws
    /// ‖W[c,:]‖² per unit; a bias before it is dead (zero gradient).
    /// </summary>
    BatchNorm = 1,
    /// <summary>
    /// The output units of each sample standardised together (a convolution: the channels at each position): laws
    /// ‖W‖² + ‖b‖², the column sums of W and the sum of b. Needs at least 2 output units.
    /// </summary>
    LayerNorm = 2,
    /// <summary>The output units of each sample divided by their root mean square: law ‖W‖² + ‖b‖².</summary>
    RmsNorm = 3,
}
