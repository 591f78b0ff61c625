using System;

namespace ConservationCodegen;

/// <summary>
/// Declares that a field or property holds the gate weights W₁ of a gated linear unit h = act(W₁x) ⊙ (W₂x) — SwiGLU
/// with the default <see cref="GateActivation"/> — whose up weights W₂ are the member named by <see cref="Up"/>. Both
/// are ℝ^{hidden×inputs}, stored as a <see cref="DenseAttribute"/> layer's weights are (<c>double[,]</c>,
/// <c>float[,]</c>, flat row-major, jagged, or a MathNet.Numerics matrix) shaped <c>[hidden, inputs]</c>. A
/// <c>[Dense(hidden, outputs)]</c> layer W₃ (the down projection, which may have a bias and an activation) must follow
/// it: the block computes W₃h (+ b₃). In θ the unit holds W₁, then W₂. Laws: ‖W₂[j,:]‖² − ‖W₃[:,j]‖² per hidden unit j;
/// the gate weights keep none. The unit takes no <see cref="LayerAttribute.Bias"/>, activation after it,
/// trainable β or residual connection. See docs/layers.md, "Gated linear units".
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class GatedLinearUnitAttribute : LayerAttribute
{
    /// <summary>Creates a gated linear unit description.</summary>
    /// <param name="inputs">Input width (columns of W₁ and W₂).</param>
    /// <param name="hidden">Hidden units (rows of W₁ and W₂, inputs of the dense layer after it).</param>
    public GatedLinearUnitAttribute(int inputs, int hidden)
    {
        Inputs = inputs;
        Hidden = hidden;
    }

    /// <summary>Input width.</summary>
    public int Inputs { get; }

    /// <summary>Hidden units.</summary>
    public int Hidden { get; }

    /// <summary>
    /// The gate's activation act: <see cref="Activation.Swish"/> (SiLU, z·sigmoid(z): SwiGLU) by default;
    /// <see cref="Activation.Gelu"/> (GeGLU), <see cref="Activation.Sigmoid"/> (the original GLU),
    /// <see cref="Activation.Tanh"/> and <see cref="Activation.Softplus"/> are analysed too. Homogeneous gates (identity,
    /// ReLU, leaky ReLU, abs, RePU, Power) couple W₁ with W₃ and are not analysed by this version.
    /// </summary>
    public Activation GateActivation { get; set; } = Activation.Swish;

    /// <summary>
    /// Name of the member holding the up weights W₂ (required), e.g. <c>nameof(W2)</c>: the same shape and storage
    /// kinds as the gate weights, in θ right after them.
    /// </summary>
    public string? Up { get; set; }
}
