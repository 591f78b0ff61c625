using System;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>The batch losses of <see cref="Loss"/> and their gradient with respect to the outputs, shared by the network kernels.</summary>
internal static class BatchLoss
{
    /// <summary>Mean loss over the batch; writes dLoss/dy (already divided by the batch size) into <paramref name="upstream"/>.</summary>
    public static double Gradient(ReadOnlySpan<double> y, ReadOnlySpan<double> targets, int batchSize, int width, Loss loss, Span<double> upstream)
    {
        double total = 0, inverse = 1.0 / batchSize;
        for (int b = 0; b < batchSize; b++)
        {
            var yb = y.Slice(b * width, width);
            var tb = targets.Slice(b * width, width);
            var gb = upstream.Slice(b * width, width);
            if (loss == Loss.MeanSquaredError)
            {
                TensorPrimitives.Subtract(yb, tb, gb);
                total += 0.5 * TensorPrimitives.Dot(gb, gb);
                TensorPrimitives.Multiply(gb, inverse, gb);
            }
            else
            {
                // e^{y − max} once per output: its sum gives log Σe^y, and divided by the sum it is softmax(y).
                double max = TensorPrimitives.Max(yb);
                double sum = 0;
                for (int o = 0; o < width; o++) sum += gb[o] = Math.Exp(yb[o] - max);
                double logSum = max + Math.Log(sum);
                double mass = TensorPrimitives.Sum(tb);
                total += logSum * mass - TensorPrimitives.Dot(tb, yb);
                for (int o = 0; o < width; o++) gb[o] = (gb[o] / sum * mass - tb[o]) * inverse;
            }
        }

        return total * inverse;
    }
}
