using System;

namespace ConservationCodegen;

/// <summary>
/// Marks a <c>partial</c> class (or record) whose layer members (<see cref="DenseAttribute"/>, <see cref="Conv1dAttribute"/>,
/// <see cref="Conv2dAttribute"/>, <see cref="DiagonalAttribute"/>) form a layered model.
/// At build time the generator derives the model's factorising map φ, finds its polynomial conservation laws
/// and emits <c>ComputeConservedQuantities()</c>, φ, Jacobian and drift-prediction members, the exact law change of
/// any update (<c>ComputeLawChange</c>, <c>ComputeLawBilinear</c>), the forward pass and loss gradient
/// (<c>Forward</c>, <c>ComputeLossAndGradient</c>) and the θ layout (<c>{Member}Offset</c>, <c>{Member}Length</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ConservationModelAttribute : Attribute
{
    /// <summary>Largest polynomial degree searched for laws, 1…4 (default 2).</summary>
    public int MaxDegree { get; set; } = 2;

    /// <summary>
    /// Channels and spatial sizes of one input sample, for models that start with a convolution:
    /// <c>new[] { channels, length }</c> (1-D) or <c>new[] { channels, height, width }</c> (2-D). The generated forward pass
    /// needs it, and with it a <see cref="DenseAttribute"/> layer after the convolutions is checked exactly; the laws and
    /// counts never need it. Null (the default) for models of dense and diagonal layers.
    /// </summary>
    public int[]? InputShape { get; set; }

    /// <summary>
    /// The optimizer the model is trained with (default <see cref="OptimizerKind.GradientDescent"/>). With
    /// <see cref="OptimizerKind.Momentum"/> the generator also counts the conservation laws of the momentum flow and says
    /// how many survive momentum in an information diagnostic (CCG0107). The generated code is the same either way: the
    /// momentum charges (<c>ComputeMomentumCharges</c>) are emitted for every model.
    /// </summary>
    public OptimizerKind Optimizer { get; set; }

    /// <summary>
    /// The loss the model is trained with, which decides which laws hold (default <see cref="ConservationCodegen.Loss.MeanSquaredError"/>:
    /// the laws that hold for every loss of the outputs). With <see cref="ConservationCodegen.Loss.SoftmaxCrossEntropy"/> the
    /// laws gain the last layer's translation laws — its column sums Σ_o W[o, j] and bias sum Σ_o b[o], exact under SGD and
    /// heavy ball at any step (× (1 − ηλ) per step with weight decay) — and the count includes them. The last layer must then
    /// be a <see cref="DenseAttribute"/> layer with at least two outputs and no residual connection into it. The generated
    /// <c>ComputeLossAndGradient</c> still takes its own loss argument: trained with another loss than declared, the
    /// translation laws do not hold.
    /// </summary>
    public Loss Loss { get; set; }

    /// <summary>
    /// A symmetry of the training data in the input (default <see cref="ConservationCodegen.InputSymmetry.None"/>). With
    /// <see cref="ConservationCodegen.InputSymmetry.Rotation"/> the generator also emits <c>ComputeInputAngularMomentum</c>,
    /// <c>InputAngularMomentumCount</c> and <c>InputAngularMomentumNames</c>: the skew part of W₁ᵀV₁ for the first
    /// layer's weights W₁, a constraint of gradient flow on rotation-invariant data (not a conservation law: the law count
    /// does not change), which the training monitor checks every step.
    /// </summary>
    public InputSymmetry InputSymmetry { get; set; }
}
