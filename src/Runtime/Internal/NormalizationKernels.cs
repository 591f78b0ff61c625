using System;
using System.Buffers;
using System.Globalization;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// The normalisation of a block's pre-activations for <see cref="LayeredNetwork"/>, over samples stored channel-major,
/// [<c>OutChannels</c>, positions] (one position for a dense block, whose rows are the tokens of every sample):
/// BatchNorm standardises each channel over the rows and every position, LayerNorm the channels at each position of
/// each row (a convolution's channel LayerNorm, as ConvNeXt's), RMSNorm divides the channels at each position by their
/// root mean square. The forward pass normalises in place and keeps each group's σ; the backward pass turns ∂loss/∂n
/// into ∂loss/∂z in place from n and σ.
/// </summary>
internal static class NormalizationKernels
{
    /// <summary>
    /// The σ values a block keeps: one per channel (BatchNorm) or per position of every row (LayerNorm, RMSNorm), none
    /// without a normalisation.
    /// </summary>
    public static int StatisticsLength(in NetworkBlock block, int rows) => block.Normalization switch
    {
        Normalization.None => 0,
        Normalization.BatchNorm => block.OutChannels,
        _ => rows * block.Positions,
    };

    /// <summary>
    /// Replaces z by the normalised values n and writes each group's σ into <paramref name="sigma"/>. A constant group (σ = 0
    /// with ε = 0, e.g. a row behind ReLU units that are all off) gets n = 0 and passes no gradient.
    /// </summary>
    /// <exception cref="InvalidOperationException">BatchNorm with ε = 0 over a single value per channel (one row, one position).</exception>
    public static void Forward(in NetworkBlock block, Span<double> z, int rows, Span<double> sigma, int blockIndex)
    {
        int units = block.OutChannels, positions = block.Positions;
        double epsilon = block.NormEpsilon;
        if (block.Normalization == Normalization.BatchNorm && positions == 1)
        {
            DenseBatchNormForward(block, units, epsilon, z, rows, sigma, blockIndex);
            return;
        }

        if (block.Normalization == Normalization.BatchNorm)
        {
            // Channel c of row r is the run z[(r·units + c)·positions …].
            int count = rows * positions;
            for (int c = 0; c < units; c++)
            {
                double mean = 0, variance = 0;
                for (int r = 0; r < rows; r++)
                    for (int p = 0, at = (r * units + c) * positions; p < positions; p++) mean += z[at + p];
                mean /= count;
                for (int r = 0; r < rows; r++)
                    for (int p = 0, at = (r * units + c) * positions; p < positions; p++)
                    {
                        double d = z[at + p] - mean;
                        variance += d * d;
                    }

                double s = Sigma(variance / count, epsilon, block, blockIndex, count);
                sigma[c] = s;
                for (int r = 0; r < rows; r++)
                    for (int p = 0, at = (r * units + c) * positions; p < positions; p++) z[at + p] = s > 0 ? (z[at + p] - mean) / s : 0;
            }

            return;
        }

        bool centred = block.Normalization == Normalization.LayerNorm;
        if (positions > 1)
        {
            ChannelsForward(centred, units, positions, epsilon, z, rows, sigma);
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            var row = z.Slice(r * units, units);
            if (centred) TensorPrimitives.Add(row, -TensorPrimitives.Sum(row) / units, row);
            double s = Math.Sqrt(TensorPrimitives.SumOfSquares(row) / units + epsilon);
            sigma[r] = s;
            if (s > 0) TensorPrimitives.Divide(row, s, row);
            else row.Clear();
        }
    }

    /// <summary>
    /// Turns ∂loss/∂n (in <paramref name="d"/>) into ∂loss/∂z: per group, (d − mean(d) − n·mean(d ⊙ n))/σ (RMSNorm without
    /// the mean(d) term), the derivative of n = (z − mean)/√(var + ε) with ε included.
    /// </summary>
    public static void Backward(in NetworkBlock block, ReadOnlySpan<double> n, Span<double> d, int rows, ReadOnlySpan<double> sigma)
    {
        int units = block.OutChannels, positions = block.Positions;
        if (block.Normalization == Normalization.BatchNorm && positions == 1)
        {
            DenseBatchNormBackward(units, n, d, rows, sigma);
            return;
        }

        if (block.Normalization == Normalization.BatchNorm)
        {
            int count = rows * positions;
            for (int c = 0; c < units; c++)
            {
                double mean = 0, projection = 0;
                for (int r = 0; r < rows; r++)
                    for (int p = 0, at = (r * units + c) * positions; p < positions; p++)
                    {
                        mean += d[at + p];
                        projection += d[at + p] * n[at + p];
                    }

                mean /= count;
                projection /= count;
                for (int r = 0; r < rows; r++)
                    for (int p = 0, at = (r * units + c) * positions; p < positions; p++)
                        d[at + p] = sigma[c] > 0 ? (d[at + p] - mean - n[at + p] * projection) / sigma[c] : 0;
            }

            return;
        }

        bool centred = block.Normalization == Normalization.LayerNorm;
        if (positions > 1)
        {
            ChannelsBackward(centred, units, positions, n, d, rows, sigma);
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            var row = d.Slice(r * units, units);
            if (sigma[r] == 0)
            {
                row.Clear();
                continue;
            }

            var values = n.Slice(r * units, units);
            double projection = TensorPrimitives.Dot(row, values) / units;
            if (centred) TensorPrimitives.Add(row, -TensorPrimitives.Sum(row) / units, row);
            TensorPrimitives.MultiplyAdd(values, -projection, row, row);
            TensorPrimitives.Divide(row, sigma[r], row);
        }
    }

    // BatchNorm of a dense block, row by row over contiguous rows (vector operations over the units; the same
    // arithmetic, in the same order per unit, as the per-channel loops): σ first holds the means.
    private static void DenseBatchNormForward(in NetworkBlock block, int units, double epsilon, Span<double> z, int rows, Span<double> sigma, int blockIndex)
    {
        var mean = sigma.Slice(0, units);
        z.Slice(0, units).CopyTo(mean);
        for (int r = 1; r < rows; r++) TensorPrimitives.Add(mean, z.Slice(r * units, units), mean);
        TensorPrimitives.Divide(mean, rows, mean);
        for (int r = 0; r < rows; r++) TensorPrimitives.Subtract(z.Slice(r * units, units), mean, z.Slice(r * units, units));
        var s = sigma.Slice(0, units);
        TensorPrimitives.Multiply(z.Slice(0, units), z.Slice(0, units), s);
        for (int r = 1; r < rows; r++) TensorPrimitives.MultiplyAdd(z.Slice(r * units, units), z.Slice(r * units, units), s, s);
        bool constant = false;
        for (int c = 0; c < units; c++)
        {
            s[c] = Sigma(s[c] / rows, epsilon, block, blockIndex, rows);
            constant |= s[c] == 0;
        }

        for (int r = 0; r < rows; r++) TensorPrimitives.Divide(z.Slice(r * units, units), s, z.Slice(r * units, units));
        if (!constant) return;
        for (int c = 0; c < units; c++)
            if (s[c] == 0)
                for (int r = 0; r < rows; r++) z[r * units + c] = 0;
    }

    private static void DenseBatchNormBackward(int units, ReadOnlySpan<double> n, Span<double> d, int rows, ReadOnlySpan<double> sigma)
    {
        var buffer = ArrayPool<double>.Shared.Rent(2 * units);
        try
        {
            var mean = buffer.AsSpan(0, units);
            var projection = buffer.AsSpan(units, units);
            d.Slice(0, units).CopyTo(mean);
            TensorPrimitives.Multiply(d.Slice(0, units), n.Slice(0, units), projection);
            for (int r = 1; r < rows; r++)
            {
                TensorPrimitives.Add(mean, d.Slice(r * units, units), mean);
                TensorPrimitives.MultiplyAdd(d.Slice(r * units, units), n.Slice(r * units, units), projection, projection);
            }

            TensorPrimitives.Divide(mean, rows, mean);
            TensorPrimitives.Divide(projection, -rows, projection); // −mean(d ⊙ n)
            bool constant = false;
            for (int r = 0; r < rows; r++)
            {
                var row = d.Slice(r * units, units);
                TensorPrimitives.Subtract(row, mean, row);
                TensorPrimitives.MultiplyAdd(n.Slice(r * units, units), projection, row, row);
                TensorPrimitives.Divide(row, sigma.Slice(0, units), row);
            }

            for (int c = 0; c < units; c++) constant |= sigma[c] == 0;
            if (!constant) return;
            for (int c = 0; c < units; c++)
                if (sigma[c] == 0)
                    for (int r = 0; r < rows; r++) d[r * units + c] = 0;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    // LayerNorm (centred) or RMSNorm over the channels at each position of each row of a convolution's output
    // [rows, units, positions]; σ of position p of row r at sigma[r·positions + p]. The channels of one position are
    // strided by the positions: scalar loops, cheap beside the convolution itself.
    private static void ChannelsForward(bool centred, int units, int positions, double epsilon, Span<double> z, int rows, Span<double> sigma)
    {
        for (int r = 0; r < rows; r++)
        {
            var sample = z.Slice(r * units * positions, units * positions);
            for (int p = 0; p < positions; p++)
            {
                double mean = 0, square = 0;
                if (centred)
                {
                    for (int c = 0; c < units; c++) mean += sample[c * positions + p];
                    mean /= units;
                }

                for (int c = 0; c < units; c++)
                {
                    double v = sample[c * positions + p] - mean;
                    square += v * v;
                }

                double s = Math.Sqrt(square / units + epsilon);
                sigma[r * positions + p] = s;
                for (int c = 0; c < units; c++) sample[c * positions + p] = s > 0 ? (sample[c * positions + p] - mean) / s : 0;
            }
        }
    }

    private static void ChannelsBackward(bool centred, int units, int positions, ReadOnlySpan<double> n, Span<double> d, int rows, ReadOnlySpan<double> sigma)
    {
        for (int r = 0; r < rows; r++)
        {
            int start = r * units * positions;
            for (int p = 0; p < positions; p++)
            {
                double s = sigma[r * positions + p], mean = 0, projection = 0;
                for (int c = 0; c < units; c++)
                {
                    int at = start + c * positions + p;
                    if (centred) mean += d[at];
                    projection += d[at] * n[at];
                }

                mean /= units;
                projection /= units;
                for (int c = 0; c < units; c++)
                {
                    int at = start + c * positions + p;
                    d[at] = s > 0 ? (d[at] - mean - n[at] * projection) / s : 0;
                }
            }
        }
    }

    // σ of a BatchNorm channel; 0 for a constant channel (n = 0 there, and no gradient flows through it, as through ReLU
    // at 0). A single value per channel (one row, one position) is the one case that is always constant: an error, not
    // a silent zero.
    private static double Sigma(double variance, double epsilon, in NetworkBlock block, int blockIndex, int count)
    {
        if (count == 1 && epsilon == 0)
            throw new InvalidOperationException(
                (block.LayerName is null ? $"Block {Inv(blockIndex)}" : $"Layer '{block.LayerName}'")
                + $" is BatchNorm over a batch of one sample with one value per {(block.Kind == NetworkBlockKind.Convolution ? "channel (one output position)" : "unit (one row)")},"
                + " whose normalised values are always 0/0. The forward pass uses the statistics of the batch it is given (there are"
                + " no running averages): train and evaluate with batches of at least 2 samples. (NormEpsilon > 0 would only turn"
                + " 0/0 into 0: the layer would then output its shift β whatever the input.)");
        return Math.Sqrt(variance + epsilon);
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
