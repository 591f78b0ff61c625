using System;
using System.Globalization;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// The normalisation of a dense block's pre-activations for <see cref="LayeredNetwork"/>, over rows of
/// <c>OutChannels</c> values (one row per token of every sample): BatchNorm standardises each unit over the rows,
/// LayerNorm each row, RMSNorm divides each row by its root mean square. The forward pass normalises in place and keeps
/// each group's σ; the backward pass turns ∂loss/∂n into ∂loss/∂z in place from n and σ.
/// </summary>
internal static class NormalizationKernels
{
    /// <summary>The σ values a block keeps: one per unit (BatchNorm) or per row (LayerNorm, RMSNorm), none without a normalisation.</summary>
    public static int StatisticsLength(in NetworkBlock block, int rows) => block.Normalization switch
    {
        Normalization.None => 0,
        Normalization.BatchNorm => block.OutChannels,
        _ => rows,
    };

    /// <summary>
    /// Replaces z by the normalised values n and writes each group's σ into <paramref name="sigma"/>. A constant group (σ = 0
    /// with ε = 0, e.g. a row behind ReLU units that are all off) gets n = 0 and passes no gradient.
    /// </summary>
    /// <exception cref="InvalidOperationException">BatchNorm with ε = 0 over a single row.</exception>
    public static void Forward(in NetworkBlock block, Span<double> z, int rows, Span<double> sigma, int blockIndex)
    {
        int units = block.OutChannels;
        double epsilon = block.NormEpsilon;
        if (block.Normalization == Normalization.BatchNorm)
        {
            for (int c = 0; c < units; c++)
            {
                double mean = 0, variance = 0;
                for (int r = 0; r < rows; r++) mean += z[r * units + c];
                mean /= rows;
                for (int r = 0; r < rows; r++)
                {
                    double d = z[r * units + c] - mean;
                    variance += d * d;
                }

                double s = Sigma(variance / rows, epsilon, block, blockIndex, rows);
                sigma[c] = s;
                for (int r = 0; r < rows; r++) z[r * units + c] = s > 0 ? (z[r * units + c] - mean) / s : 0;
            }

            return;
        }

        for (int r = 0; r < rows; r++)
        {
            var row = z.Slice(r * units, units);
            if (block.Normalization == Normalization.LayerNorm) TensorPrimitives.Add(row, -TensorPrimitives.Sum(row) / units, row);
            double s = Sigma(TensorPrimitives.SumOfSquares(row) / units, epsilon, block, blockIndex, rows);
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
        int units = block.OutChannels;
        if (block.Normalization == Normalization.BatchNorm)
        {
            for (int c = 0; c < units; c++)
            {
                double mean = 0, projection = 0;
                for (int r = 0; r < rows; r++)
                {
                    mean += d[r * units + c];
                    projection += d[r * units + c] * n[r * units + c];
                }

                mean /= rows;
                projection /= rows;
                for (int r = 0; r < rows; r++) d[r * units + c] = sigma[c] > 0 ? (d[r * units + c] - mean - n[r * units + c] * projection) / sigma[c] : 0;
            }

            return;
        }

        bool centred = block.Normalization == Normalization.LayerNorm;
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

    // σ of a group; 0 for a constant group (n = 0 there, and no gradient flows through it, as through ReLU at 0). A
    // batch of a single row is the one case that is always constant for BatchNorm: an error, not a silent zero.
    private static double Sigma(double variance, double epsilon, in NetworkBlock block, int blockIndex, int rows)
    {
        if (block.Normalization == Normalization.BatchNorm && rows == 1 && epsilon == 0)
            throw new InvalidOperationException(
                (block.LayerName is null ? $"Block {Inv(blockIndex)}" : $"Layer '{block.LayerName}'")
                + " is BatchNorm over a batch of one sample (one row), whose normalised values are always 0/0. The forward pass"
                + " uses the statistics of the batch it is given (there are no running averages): train and evaluate with"
                + " batches of at least 2 samples. (NormEpsilon > 0 would only turn 0/0 into 0: the layer would then output its"
                + " shift β whatever the input.)");
        return Math.Sqrt(variance + epsilon);
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
