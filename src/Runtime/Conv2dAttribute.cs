using System;

namespace ConservationCodegen;

/// <summary>
/// Declares that a field or property holds the kernels of a 2-D convolution y = σ(K ∗ x + b) (cross-correlation, as
/// PyTorch's <c>Conv2d</c>). Storage: <c>double[,,,]</c> or <c>float[,,,]</c> shaped
/// <c>[outChannels, inChannels, kernelHeight, kernelWidth]</c>, or flat <c>double[]</c>/<c>float[]</c> in that row-major
/// order. Inputs and outputs are channel-major <c>[channels, height, width]</c>. Convolutions come first in a model; a
/// <see cref="DenseAttribute"/> layer after them reads the flattened channels. The laws never need the image size; the
/// forward pass takes it from <see cref="ConservationModelAttribute.InputShape"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class Conv2dAttribute : LayerAttribute
{
    /// <summary>Creates a 2-D convolution description.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels (kernels).</param>
    /// <param name="kernelHeight">Kernel rows.</param>
    /// <param name="kernelWidth">Kernel columns.</param>
    public Conv2dAttribute(int inChannels, int outChannels, int kernelHeight, int kernelWidth)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel rows.</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel columns.</summary>
    public int KernelWidth { get; }

    /// <summary>Step between output positions along both axes (default 1).</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added on every side of the input (default 0).</summary>
    public int Padding { get; set; }
}
