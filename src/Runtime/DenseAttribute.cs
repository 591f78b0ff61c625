using System;

namespace ConservationCodegen;

/// <summary>
/// Declares that a field or property holds the weights of one dense layer y = σ(W x + b), with
/// W ∈ ℝ^{outputs×inputs}. Layers are taken in declaration order. Supported storage: <c>double[,]</c> or
/// <c>float[,]</c> shaped <c>[outputs, inputs]</c>; flat <c>double[]</c>/<c>float[]</c> of length
/// outputs·inputs in row-major <c>[outputs, inputs]</c> order; jagged <c>double[][]</c>/<c>float[][]</c> of
/// outputs rows with inputs entries each; or MathNet.Numerics <c>Matrix&lt;double&gt;</c>/<c>Matrix&lt;float&gt;</c>
/// shaped <c>[outputs, inputs]</c>. A bias is <c>double[]</c>/<c>float[]</c> or <c>Vector&lt;double&gt;</c>/<c>Vector&lt;float&gt;</c>.
/// After a <see cref="Conv1dAttribute"/> or <see cref="Conv2dAttribute"/> layer of C channels, the inputs are the
/// channel-major flattening of its output (PyTorch's <c>flatten</c> order): a multiple of C.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DenseAttribute : LayerAttribute
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
}
