namespace ConservationCodegen.Engine.Model;

/// <summary>
/// A 1-D or 2-D convolution: kernels K[out, in, kh, kw] (1-D: kh = 1, stored [out, in, k]), row-major, optional bias
/// per output channel. Stride and padding change which positions combine, never φ or the laws (the channel paths and
/// their taps are the same); they matter to the forward pass only.
/// </summary>
public sealed record ConvolutionSpec : BlockSpec
{
    /// <param name="dimensions">1 or 2.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelHeight">Kernel height (1 for a 1-D convolution).</param>
    /// <param name="kernelWidth">Kernel width (the kernel size of a 1-D convolution).</param>
    /// <param name="stride">Stride (≥ 1).</param>
    /// <param name="padding">Zero padding on each side (≥ 0).</param>
    public ConvolutionSpec(int dimensions, int inChannels, int outChannels, int kernelHeight, int kernelWidth, int stride = 1, int padding = 0)
    {
        Dimensions = dimensions;
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        Stride = stride;
        Padding = padding;
    }

    /// <summary>1 or 2.</summary>
    public int Dimensions { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height (1 for a 1-D convolution).</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel width (the kernel size of a 1-D convolution).</summary>
    public int KernelWidth { get; }

    /// <summary>Stride along each spatial axis.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side of each spatial axis.</summary>
    public int Padding { get; }

    /// <summary>Kernel taps per (output, input) channel pair: the parallel edges between two channels.</summary>
    public int Taps => KernelHeight * KernelWidth;

    /// <inheritdoc/>
    public override string KindName => Dimensions == 1 ? "conv1d" : "conv2d";

    /// <inheritdoc/>
    public override int Inputs => InChannels;

    /// <inheritdoc/>
    public override int Outputs => OutChannels;

    /// <inheritdoc/>
    public override long WeightCount => (long)OutChannels * InChannels * KernelHeight * KernelWidth;

    /// <inheritdoc/>
    public override string ShapeText => Dimensions == 1
        ? Inv(OutChannels) + "×" + Inv(InChannels) + "×" + Inv(KernelWidth)
        : Inv(OutChannels) + "×" + Inv(InChannels) + "×" + Inv(KernelHeight) + "×" + Inv(KernelWidth);

    /// <summary>Channels joined by one parallel edge per kernel position.</summary>
    public override LayerShape ShapeAfter(BlockSpec? before) => new(InChannels, OutChannels, System.Math.Max(1, Taps));

    /// <summary>True when the output has the input's spatial size (stride 1, 2·padding = kernel − 1 on each axis).</summary>
    public bool KeepsSpatialSize => Stride == 1 && 2 * Padding == KernelWidth - 1 && (Dimensions == 1 || 2 * Padding == KernelHeight - 1);

    /// <summary>
    /// Output length along an axis of input length <paramref name="length"/> and kernel extent <paramref name="kernel"/>:
    /// ⌊(length + 2·padding − kernel) / stride⌋ + 1, or 0 when the kernel is longer than the padded input or the stride
    /// is not positive (no output position).
    /// </summary>
    public int OutputLength(int length, int kernel)
    {
        long padded = (long)length + 2L * Padding;
        if (Stride < 1 || padded < kernel) return 0;
        return (int)((padded - kernel) / Stride + 1);
    }
}
