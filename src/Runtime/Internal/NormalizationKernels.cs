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

    /// <summary>Replaces z by the normalised values n and writes each group's σ into <paramref name="sigma"/>.</summary>
    /// <exception cref="InvalidOperationException">A group has σ = 0 (ε = 0 and a constant group: BatchNorm on a single row).</exception>
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

                double s = Sigma(variance / rows, epsilon, block, blockIndex, c, rows);
                sigma[c] = s;
                for (int r = 0; r < rows; r++) z[r * units + c] = (z[r * units + c] - mean) / s;
            }

            return;
        }

        for (int r = 0; r < rows; r++)
        {
            var row = z.Slice(r * units, units);
            if (block.Normalization == Normalization.LayerNorm) TensorPrimitives.Add(row, -TensorPrimitives.Sum(row) / units, row);
            double s = Sigma(TensorPrimitives.SumOfSquares(row) / units, epsilon, block, blockIndex, r, rows);
            sigma[r] = s;
            TensorPrimitives.Divide(row, s, row);
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
                for (int r = 0; r < rows; r++) d[r * units + c] = (d[r * units + c] - mean - n[r * units + c] * projection) / sigma[c];
            }

            return;
        }

        bool centred = block.Normalization == Normalization.LayerNorm;
        for (int r = 0; r < rows; r++)
        {
            var row = d.Slice(r * units, units);
            var values = n.Slice(r * units, units);
            double projection = TensorPrimitives.Dot(row, values) / units;
            if (centred) TensorPrimitives.Add(row, -TensorPrimitives.Sum(row) / units, row);
            TensorPrimitives.MultiplyAdd(values, -projection, row, row);
            TensorPrimitives.Divide(row, sigma[r], row);
        }
    }

    private static double Sigma(double variance, double epsilon, in NetworkBlock block, int blockIndex, int group, int rows)
    {
        double s = Math.Sqrt(variance + epsilon);
        if (s > 0 || double.IsNaN(s)) return s; // a NaN input propagates, as through any other block
        string what = block.Normalization == Normalization.BatchNorm
            ? $"unit {Inv(group)} is constant over the {Inv(rows)} rows of the batch (BatchNorm needs at least 2 different rows: a batch of one sample?)"
            : $"row {Inv(group)} is constant over its {Inv(block.OutChannels)} units";
        throw new InvalidOperationException(
            $"Block {Inv(blockIndex)} normalises by a zero standard deviation: {what}. Use more varied batches, or set NormEpsilon > 0 on the layer (the scale laws then drift slightly).");
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
