using System;

namespace ConservationCodegen;

/// <summary>
/// What every layer attribute (<see cref="DenseAttribute"/>, <see cref="Conv1dAttribute"/>, <see cref="Conv2dAttribute"/>,
/// <see cref="DiagonalAttribute"/>) can say besides its shape: the activation after it, its bias, and a residual
/// connection. Layers are taken in declaration order. What each kind stores, the θ layout and the laws of each block:
/// docs/layers.md.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
    /// <summary>Activation after this layer (ignored on the last layer). Default <see cref="ConservationCodegen.Activation.Identity"/>.</summary>
    public Activation Activation { get; set; } = Activation.Identity;

    /// <summary>
    /// Name of the member holding the bias, one entry per output unit (neuron or channel): <c>double[]</c>, <c>float[]</c>
    /// or a MathNet.Numerics <c>Vector&lt;T&gt;</c>, e.g. <c>nameof(B1)</c>; null for no bias.
    /// </summary>
    public string? Bias { get; set; }

    /// <summary>
    /// Slope α of <see cref="ConservationCodegen.Activation.LeakyReLU"/> for z &lt; 0, σ(z) = max(αz, z) with 0 ≤ α &lt; 1
    /// (default 0.01, as PyTorch). Used by the generated forward pass only: the laws hold for every such slope.
    /// </summary>
    public double NegativeSlope { get; set; } = 0.01;

    /// <summary>
    /// The degree k of <see cref="ConservationCodegen.Activation.RePU"/> (max(0, z)^k) and
    /// <see cref="ConservationCodegen.Activation.Power"/> (z^k), at least 2: they need it (the default 1 is an error,
    /// CCG0007); other activations take none.
    /// </summary>
    public int ActivationDegree { get; set; } = 1;

    /// <summary>
    /// Name of the member holding a trainable β per output unit for <see cref="ConservationCodegen.Activation.Swish"/>
    /// (z·sigmoid(βz)): <c>double[]</c>, <c>float[]</c> or a MathNet.Numerics <c>Vector&lt;T&gt;</c>, e.g.
    /// <c>nameof(Beta1)</c>; in θ after the layer's bias. Without it the Swish has β = 1 (SiLU), which has no rescaling
    /// symmetry and cuts the model.
    /// </summary>
    public string? TrainableBeta { get; set; }

    /// <summary>
    /// A residual connection: the name of an earlier layer member (or this one), e.g. <c>nameof(W1)</c>. Before this
    /// layer's activation, its output is added to the input of that layer (x + g(x)); their sizes must agree (channels and
    /// positions for convolutions). The laws inside the block are those of the block without the skip. The two ends of
    /// the skip (the level it reads and the level it adds to) keep no balance each, but one together: per unit, the sum of
    /// their balances (law group <c>Stream{k}</c>); none when the skip reads the model's input or adds to its output, or
    /// an end lies at an activation that cuts the model.
    /// </summary>
    public string? ResidualFrom { get; set; }

    /// <summary>
    /// A normalisation of this layer's pre-activation, before its activation (not on [Diagonal]): BatchNorm, LayerNorm or
    /// RMSNorm. It cuts the model after the layer: the layer keeps the laws of the normalisation's symmetries instead of
    /// balances with the next layer (docs/layers.md, "Normalisation layers"). Generated on [Dense] layers and
    /// convolutions, with or without the affine (<see cref="NormScale"/>, <see cref="NormShift"/>).
    /// </summary>
    public Normalization Normalization { get; set; } = Normalization.None;

    /// <summary>
    /// Name of the member holding the normalisation's trainable scale γ, one entry per output unit (a convolution's: per
    /// channel, shared by every position), e.g. <c>nameof(Gamma1)</c>; null for none. Only with a
    /// <see cref="Normalization"/>.
    /// </summary>
    public string? NormScale { get; set; }

    /// <summary>
    /// Name of the member holding the normalisation's trainable shift β, one entry per output unit, e.g.
    /// <c>nameof(Beta1)</c>; null for none. Only with a <see cref="Normalization"/> and a <see cref="NormScale"/>.
    /// </summary>
    public string? NormShift { get; set; }

    /// <summary>
    /// ε added to the variance inside the normalisation's square root by the generated forward pass (default 0). With 0
    /// the scale laws are exact, and a group with zero variance is an error at run time; PyTorch's default is 1e-5, with
    /// which the scale laws drift by a relative O(ε/σ²) per step and the monitor reports it. Only with a
    /// <see cref="Normalization"/>.
    /// </summary>
    public double NormEpsilon { get; set; }
}
