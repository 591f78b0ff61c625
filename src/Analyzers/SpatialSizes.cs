using System.Collections.Generic;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// Positions per channel through the leading convolutions for a declared input shape, computed as the engine's
/// ModelDescription.SpatialSizeAfter does (output length ⌊(n + 2·padding − kernel)/stride⌋ + 1 per axis), except that
/// an input shorter than the kernel leaves no position at all.
/// </summary>
internal static class SpatialSizes
{
    /// <summary>1 for a 1-D convolution, 2 for a 2-D one, 0 otherwise.</summary>
    public static int Dimensions(LayerInfo layer) => layer.Kind switch
    {
        LayerKind.Conv1d => 1,
        LayerKind.Conv2d => 2,
        _ => 0,
    };

    /// <summary>True for a convolution whose kernel, stride and padding are in range (CCG0007 otherwise).</summary>
    public static bool HasValidGeometry(LayerInfo layer)
    {
        var a = layer.Arguments;
        return a.IsConvolution && a.KernelHeight > 0 && a.KernelWidth > 0 && (long)a.KernelHeight * a.KernelWidth <= DiagnosticDescriptors.MaxKernelTaps
            && a.Stride >= 1 && a.Padding >= 0;
    }

    /// <summary>True when a convolution keeps the spatial size whatever it is: stride 1 and 2·padding = kernel − 1 on each axis.</summary>
    public static bool KeepsSize(LayerInfo layer)
    {
        var a = layer.Arguments;
        return a.Stride == 1 && 2 * a.Padding == a.KernelWidth - 1 && (layer.Kind == LayerKind.Conv1d || 2 * a.Padding == a.KernelHeight - 1);
    }

    /// <summary>Output length along one axis; 0 when the kernel is longer than the padded input.</summary>
    public static long OutputLength(long length, int kernel, int stride, int padding)
    {
        long padded = length + 2L * padding;
        return padded < kernel ? 0 : (padded - kernel) / stride + 1;
    }

    /// <summary>Positions per channel of the input (the product of the sizes after the channels).</summary>
    public static long OfInput(int[] shape)
    {
        long size = 1;
        for (int a = 1; a < shape.Length; a++) size *= shape[a];
        return size;
    }

    /// <summary>
    /// Positions per channel after layer <paramref name="k"/> when layers 0…k are valid convolutions of the shape's
    /// dimension; null otherwise (unknown, or not a spatial output); 0 when no position is left.
    /// </summary>
    public static long? After(IReadOnlyList<LayerInfo> layers, int[]? shape, int k)
    {
        if (shape is null || shape.Length < 2) return null;
        long height = shape.Length == 3 ? shape[1] : 1, width = shape[shape.Length - 1];
        for (int i = 0; i <= k; i++)
        {
            var layer = layers[i];
            if (Dimensions(layer) != shape.Length - 1 || !HasValidGeometry(layer)) return null;
            var a = layer.Arguments;
            if (layer.Kind == LayerKind.Conv2d) height = OutputLength(height, a.KernelHeight, a.Stride, a.Padding);
            width = OutputLength(width, a.KernelWidth, a.Stride, a.Padding);
            if (height <= 0 || width <= 0) return 0;
        }

        return height * width;
    }

    /// <summary>Positions per channel at the input of layer <paramref name="j"/> (see <see cref="After"/>).</summary>
    public static long? Before(IReadOnlyList<LayerInfo> layers, int[]? shape, int j) =>
        j == 0 ? (shape is { Length: >= 2 } ? OfInput(shape) : null) : After(layers, shape, j - 1);
}
