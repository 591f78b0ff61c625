using System;
using System.ComponentModel;
using System.Globalization;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// Loop evaluation of the last layer's translation laws under softmax cross-entropy, for models whose laws are not
/// unrolled: the column sums Σ_o W[o, j] of W ([outputs, inputs], row-major), then the bias sum Σ_o b[o] when the layer
/// has a bias. Parameters with zero gradient (an attention block's key bias) are the one-row case: each is its own law.
/// The laws are linear, so the same sums of a gradient or an update are their change. Generated code calls
/// it with the shapes as constants; user code should call the generated members instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TranslationLaws
{
    /// <summary>Writes the column sums of W (and the bias sum) of <paramref name="theta"/> into <paramref name="destination"/>.</summary>
    /// <param name="theta">Flat parameters (or a gradient, an update, or |θ| for the laws' magnitudes).</param>
    /// <param name="weights">Offset of W ([outputs, inputs], row-major).</param>
    /// <param name="outputs">Rows of W.</param>
    /// <param name="inputs">Columns of W: the number of column sums.</param>
    /// <param name="bias">Offset of b (length outputs), or −1 without a bias.</param>
    /// <param name="destination">inputs values, plus one for the bias sum when there is a bias.</param>
    public static void Evaluate(ReadOnlySpan<double> theta, int weights, int outputs, int inputs, int bias, Span<double> destination)
    {
        var sums = destination.Slice(0, inputs);
        theta.Slice(weights, inputs).CopyTo(sums);
        // Row by row: one contiguous vector add per output, so W is read once in storage order.
        for (int o = 1; o < outputs; o++) TensorPrimitives.Add(sums, theta.Slice(weights + o * inputs, inputs), sums);
        if (bias >= 0) destination[inputs] = TensorPrimitives.Sum(theta.Slice(bias, outputs));
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="start"/> with one text per column sum, then the bias sum's.</summary>
    /// <param name="destination">Texts of all laws of the model.</param>
    /// <param name="start">Index of the first translation law.</param>
    /// <param name="inputs">Columns of W.</param>
    /// <param name="format">Composite format of column j's text: {0} = j.</param>
    /// <param name="biasText">Text of the bias sum, or null without a bias.</param>
    public static void Texts(string[] destination, int start, int inputs, string format, string? biasText)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        for (int j = 0; j < inputs; j++) destination[start + j] = string.Format(CultureInfo.InvariantCulture, format, j);
        if (biasText is not null) destination[start + inputs] = biasText;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> from <paramref name="start"/> with one text per column sum of a convolution's
    /// kernels K [outputs, inChannels, kernelHeight, kernelWidth], column j = (i·kernelHeight + y)·kernelWidth + x, then
    /// the bias sum's.
    /// </summary>
    /// <param name="destination">Texts of all laws of the model.</param>
    /// <param name="start">Index of the first column-sum law.</param>
    /// <param name="inChannels">Input channels of the kernels.</param>
    /// <param name="kernelHeight">Kernel rows (1 for a 1-D convolution).</param>
    /// <param name="kernelWidth">Kernel columns (taps of a 1-D convolution).</param>
    /// <param name="format">
    /// Composite format of column j's text: {0} = j, {1} = input channel i, {2} = tap p = y·kernelWidth + x, {3} = kernel
    /// row y, {4} = kernel column x.
    /// </param>
    /// <param name="biasText">Text of the bias sum, or null without a bias.</param>
    public static void KernelTexts(string[] destination, int start, int inChannels, int kernelHeight, int kernelWidth, string format, string? biasText)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        int taps = kernelHeight * kernelWidth, j = 0;
        for (int i = 0; i < inChannels; i++)
            for (int p = 0; p < taps; p++, j++)
                destination[start + j] = string.Format(CultureInfo.InvariantCulture, format, j, i, p, p / kernelWidth, p % kernelWidth);
        if (biasText is not null) destination[start + j] = biasText;
    }
}
