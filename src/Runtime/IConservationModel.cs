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
    /// The model's layers in order when it is a plain chain of dense layers (only [Dense] layers, no residual connections,
    /// no RePU or Power activations, no trainable Swish β): weight and bias offsets in θ, widths and activations. Empty
    /// otherwise, and
    /// for implementations that do not describe their layers (the default). The prediction and teleport helpers of
    /// <c>ConservationCodegen.Training</c> read it.
    /// </summary>
    IReadOnlyList<DenseLayerInfo> DenseLayers => Array.Empty<DenseLayerInfo>();
}
