using System;
using System.Collections.Generic;

namespace ConservationCodegen;

/// <summary>
/// What every generated <c>[ConservationModel]</c> class offers to code that must hold any model, such as the
/// <c>ConservationCodegen.Training</c> optimizers and monitor. The generated class implements it explicitly by
/// forwarding to its static members (<c>ComputeConservedQuantities</c>, <c>ComputeLawChange</c>,
/// <c>ComputeLawBilinear</c>, …), which remain the fastest way to call them directly.
/// </summary>
public interface IConservationModel
{
    /// <summary>Length D of the flat parameter vector θ (the generated <c>ParameterCount</c>).</summary>
    int ParameterCount { get; }

    /// <summary>Number of emitted laws (the generated <c>PolynomialLawCount</c>).</summary>
    int LawCount { get; }

    /// <summary>Name of each law, e.g. <c>Hidden1[0,2]</c>.</summary>
    IReadOnlyList<string> LawNames { get; }

    /// <summary>Plain-text formula of each law.</summary>
    IReadOnlyList<string> LawFormulas { get; }

    /// <summary>
    /// Total degree of each law. Every law of degree 2 is a homogeneous quadratic h(θ) = θᵀAθ, so that
    /// <see cref="ComputeLawBilinear"/> gives B(x, y) = xᵀAy and B(θ, θ) = h(θ).
    /// </summary>
    IReadOnlyList<int> LawDegrees { get; }

    /// <summary>Copies the parameters into <paramref name="theta"/> (flat layout, length <see cref="ParameterCount"/>).</summary>
    void CopyParametersTo(Span<double> theta);

    /// <summary>Sets the parameters from <paramref name="theta"/> (flat layout).</summary>
    void SetParameters(ReadOnlySpan<double> theta);

    /// <summary>Evaluates every law at <paramref name="theta"/> into <paramref name="destination"/> (length <see cref="LawCount"/>).</summary>
    void ComputeLaws(ReadOnlySpan<double> theta, Span<double> destination);

    /// <summary>The exact change h(θ + Δ) − h(θ) of every law, from the expansion of h (any degree, any update Δ).</summary>
    void ComputeLawChange(ReadOnlySpan<double> theta, ReadOnlySpan<double> delta, Span<double> destination);

    /// <summary>The polarisation B(x, y) = xᵀAy of every quadratic law; NaN for laws of another degree.</summary>
    void ComputeLawBilinear(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination);

    /// <summary>
    /// The magnitude of every law at <paramref name="theta"/>: the sum of the absolute values of its terms, the scale
    /// of the rounding error of evaluating it (its value may be near 0 while its terms are large).
    /// </summary>
    void ComputeLawMagnitudes(ReadOnlySpan<double> theta, Span<double> destination);
    /// <summary>
    /// Number of momentum charges the model has (the generated <c>MomentumChargeCount</c>): width·(width − 1)/2 for
    /// every hidden level inside a linear run. 0 by default, for implementations that have none.
    /// </summary>
    int MomentumChargeCount => 0;

    /// <summary>
    /// Name of each momentum charge, e.g. <c>Hidden1[0,2]</c> (the name of the Gram law of the same pair of units).
    /// Empty by default.
    /// </summary>
    IReadOnlyList<string> MomentumChargeNames => Array.Empty<string>();

    /// <summary>The hidden levels that carry momentum charges and where their parameters sit in θ. Empty by default.</summary>
    IReadOnlyList<MomentumChargeLevel> MomentumChargeLevels => Array.Empty<MomentumChargeLevel>();

    /// <summary>
    /// Writes the momentum charges j = ⟨Xθ_{k−1}, v_k⟩ of every rotation X of the model's linear runs (length
    /// <see cref="MomentumChargeCount"/>): under heavy ball (any step, minibatch, coupled weight decay, dampening)
    /// j_{k+1} = β j_k exactly, and j ≡ 0 from a zero buffer. The default writes nothing (no charges) after checking
    /// the lengths against <see cref="ParameterCount"/>.
    /// </summary>
    /// <param name="thetaPrevious">θ_{k−1}, the parameters before the step that produced <paramref name="velocity"/>.</param>
    /// <param name="velocity">v_k, the momentum buffer after that step.</param>
    /// <param name="destination">At least <see cref="MomentumChargeCount"/> entries.</param>
    void ComputeMomentumCharges(ReadOnlySpan<double> thetaPrevious, ReadOnlySpan<double> velocity, Span<double> destination)
    {
        if (thetaPrevious.Length != ParameterCount) throw new ArgumentException($"thetaPrevious must have {ParameterCount} entries.", nameof(thetaPrevious));
        if (velocity.Length != ParameterCount) throw new ArgumentException($"velocity must have {ParameterCount} entries.", nameof(velocity));
    }

    /// <summary>
    /// Number of input angular-momentum entries (the generated <c>InputAngularMomentumCount</c>): n₀(n₀ − 1)/2 for a model
    /// declared with <c>[ConservationModel(InputSymmetry = InputSymmetry.Rotation)]</c> and n₀ inputs, 0 otherwise and by
    /// default.
    /// </summary>
    int InputAngularMomentumCount => 0;

    /// <summary>Name of each input angular-momentum entry, e.g. <c>InputRotation[0,2]</c>. Empty by default.</summary>
    IReadOnlyList<string> InputAngularMomentumNames => Array.Empty<string>();

    /// <summary>
    /// Where the first layer's weights W₁ ([n₁, n₀], row-major) sit in θ, as a level whose units are the n₀ inputs:
    /// <c>Inputs</c> = 0, <c>Bias</c> = −1, <c>OutWeights</c> = the offset of W₁, <c>Outputs</c> = n₁, <c>Width</c> = n₀ (what a
    /// monitor needs to check the constraint cheaply). In the convention of <see cref="MomentumChargeLevel"/> its charges
    /// are those of <see cref="ComputeInputAngularMomentum"/> with θ and v exchanged, i.e. their negatives. Null when no
    /// input symmetry is declared (the default).
    /// </summary>
    MomentumChargeLevel? InputAngularMomentumLevel => null;

    /// <summary>
    /// Writes the input angular momentum J[i, j] = (W₁ᵀV₁ − V₁ᵀW₁)[i, j], i &lt; j, row by row (length
    /// <see cref="InputAngularMomentumCount"/>), where W₁ is the first layer's weights in <paramref name="theta"/> and V₁
    /// the same block of <paramref name="velocity"/>. On data invariant under every rotation of the input it is 0 under
    /// gradient flow (velocity θ̇) and gradient descent (velocity the step or the gradient), and under heavy ball
    /// j_k = J(θ_{k−1}, v_k) obeys j_{k+1} = β j_k exactly (β(1 − ηλ) with decoupled weight decay). The default writes
    /// nothing after checking the lengths against <see cref="ParameterCount"/>.
    /// </summary>
    /// <param name="theta">θ (for heavy ball θ_{k−1}, the parameters before the step that produced <paramref name="velocity"/>).</param>
    /// <param name="velocity">θ̇, a gradient step, or the momentum buffer v_k.</param>
    /// <param name="destination">At least <see cref="InputAngularMomentumCount"/> entries.</param>
    void ComputeInputAngularMomentum(ReadOnlySpan<double> theta, ReadOnlySpan<double> velocity, Span<double> destination)
    {
        if (theta.Length != ParameterCount) throw new ArgumentException($"theta must have {ParameterCount} entries.", nameof(theta));
        if (velocity.Length != ParameterCount) throw new ArgumentException($"velocity must have {ParameterCount} entries.", nameof(velocity));
    }

    /// <summary>
    /// The model's layers in order when it is a plain chain of dense layers (only [Dense] layers, no residual connections,
    /// no RePU or Power activations, no trainable Swish β): weight and bias offsets in θ, widths and activations. Empty
    /// otherwise, and
    /// for implementations that do not describe their layers (the default). The prediction and teleport helpers of
    /// <c>ConservationCodegen.Training</c> read it.
    /// </summary>
    IReadOnlyList<DenseLayerInfo> DenseLayers => Array.Empty<DenseLayerInfo>();
}
