namespace ConservationCodegen.Engine.Model;

/// <summary>
/// A normalisation applied to a block's pre-activation z = W x + b, before its activation (docs/layers.md,
/// "Normalisation layers"). The statistics are those of the training step: the batch for BatchNorm, each sample for
/// LayerNorm and RMSNorm. A trainable affine γ ⊙ n + β after it is a separate <see cref="DiagonalSpec"/> with a bias in
/// the engine's model.
/// </summary>
public enum NormalizationKind
{
    /// <summary>No normalisation.</summary>
    None,

    /// <summary>
    /// Each output unit (neuron, or channel of a convolution over all its positions) centred and scaled by its mean and
    /// standard deviation over the batch: invariant under (w_c, b_c) ↦ (s·w_c, s·b_c + t), s &gt; 0, per unit c.
    /// </summary>
    BatchNorm,

    /// <summary>
    /// The output units of one sample (for a convolution: the channels at each position) centred and scaled together:
    /// invariant under z ↦ s·z + t·𝟙 with t any function of the input, hence under (W, b) ↦ s·(W, b) and
    /// W ↦ W + 𝟙aᵀ, b ↦ b + c·𝟙.
    /// </summary>
    LayerNorm,

    /// <summary>The output units of one sample divided by their root mean square: invariant under (W, b) ↦ s·(W, b) only.</summary>
    RmsNorm,
}
