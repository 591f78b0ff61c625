using System;

namespace ConservationCodegen;

/// <summary>
/// Declares that a field or property holds the kernels of a 1-D convolution y = σ(K ∗ x + b) (cross-correlation, as
/// PyTorch's <c>Conv1d</c>). Storage: <c>double[,,]</c> or <c>float[,,]</c> shaped <c>[outChannels, inChannels, kernelSize]</c>,
/// or flat <c>double[]</c>/<c>float[]</c> in that row-major order. Inputs and outputs are channel-major
/// <c>[channels, length]</c>. Convolutions come first in a model; a <see cref="DenseAttribute"/> layer after them reads the
/// flattened channels. The laws never need the input length; the forward pass takes it from
/// <see cref="ConservationModelAttribute.InputShape"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class Conv1dAttribute : LayerAttribute
{
    /// <summary>Creates a 1-D convolution description.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels (kernels).</param>
    /// <param name="kernelSize">Taps per kernel.</param>
    public Conv1dAttribute(int inChannels, int outChannels, int kernelSize)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Taps per kernel.</summary>
    public int KernelSize { get; }

    /// <summary>Step between output positions (default 1).</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added at each end of the input (default 0).</summary>
    public int Padding { get; set; }
}
