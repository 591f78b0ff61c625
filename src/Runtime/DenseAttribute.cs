using System;

namespace ConservationCodegen;

/// <summary>
/// Declares that a field or property holds the weights of one dense layer y = σ(W x + b), with
/// W ∈ ℝ^{outputs×inputs}. Layers are taken in declaration order. Supported storage: <c>double[,]</c> or
/// <c>float[,]</c> shaped <c>[outputs, inputs]</c>; flat <c>double[]</c>/<c>float[]</c> of length
/// outputs·inputs in row-major <c>[outputs, inputs]</c> order; jagged <c>double[][]</c>/<c>float[][]</c> of
/// outputs rows with inputs entries each; or MathNet.Numerics <c>Matrix&lt;double&gt;</c>/<c>Matrix&lt;float&gt;</c>
/// shaped <c>[outputs, inputs]</c>. A bias is <c>double[]</c>/<c>float[]</c> or <c>Vector&lt;double&gt;</c>/<c>Vector&lt;float&gt;</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Creates a dense layer description.</summary>
    /// <param name="inputs">Input width (columns of W).</param>
    /// <param name="outputs">Output width (rows of W).</param>
    public DenseAttribute(int inputs, int outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>Input width.</summary>
    public int Inputs { get; }

    /// <summary>Output width.</summary>
    public int Outputs { get; }

    /// <summary>Activation after this layer (ignored on the last layer). Default <see cref="ConservationCodegen.Activation.Identity"/>.</summary>
    public Activation Activation { get; set; } = Activation.Identity;

    /// <summary>Name of the member holding the bias vector (length <see cref="Outputs"/>: <c>double[]</c>, <c>float[]</c> or a MathNet.Numerics <c>Vector&lt;T&gt;</c>), e.g. <c>nameof(B1)</c>; null for no bias.</summary>
    public string? Bias { get; set; }

    /// <summary>
    /// Slope α of <see cref="ConservationCodegen.Activation.LeakyReLU"/> for z &lt; 0, σ(z) = max(αz, z) with 0 ≤ α &lt; 1
    /// (default 0.01, as PyTorch). Used by the generated forward pass only: the laws hold for every such slope.
    /// </summary>
    public double NegativeSlope { get; set; } = 0.01;
}
