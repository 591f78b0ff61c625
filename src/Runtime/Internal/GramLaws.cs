using System;
using System.ComponentModel;

namespace ConservationCodegen.Internal;

/// <summary>
/// Loop evaluation of one hidden layer's Gram-type laws, for models with too many laws to unroll:
/// Q = W_in W_inᵀ + b bᵀ − W_outᵀ W_out, written as its upper triangle row by row (Gram entries) or its diagonal
/// (per-neuron balances). Generated code calls it with the shapes as constants; user code should call the
/// generated members instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GramLaws
{
    /// <summary>Writes <paramref name="scale"/>·Q entries of the hidden layer into <paramref name="destination"/>.</summary>
    /// <param name="theta">Flat parameters (or a gradient, for the drift η²·Q(g)).</param>
    /// <param name="inWeights">Offset of W_in ([width, inputs], row-major).</param>
    /// <param name="inputs">Columns of W_in.</param>
    /// <param name="bias">Offset of b (length width), or −1 without a bias.</param>
    /// <param name="outWeights">Offset of W_out ([outputs, width], row-major).</param>
    /// <param name="outputs">Rows of W_out.</param>
    /// <param name="width">Neurons of the hidden layer.</param>
    /// <param name="diagonalOnly">Balances only (Q[i,i]) instead of the whole upper triangle.</param>
    /// <param name="scale">Factor applied to every entry (1 for the laws, η² for the drift).</param>
    /// <param name="destination">Width entries (diagonal) or width·(width+1)/2 entries (triangle).</param>
    public static void Evaluate(
        ReadOnlySpan<double> theta, int inWeights, int inputs, int bias, int outWeights, int outputs, int width,
        bool diagonalOnly, double scale, Span<double> destination)
    {
        int k = 0;
        for (int i = 0; i < width; i++)
        {
            var rowI = theta.Slice(inWeights + i * inputs, inputs);
            int last = diagonalOnly ? i : width - 1;
            for (int j = i; j <= last; j++)
            {
                var rowJ = theta.Slice(inWeights + j * inputs, inputs);
                double q = 0;
                for (int c = 0; c < inputs; c++) q += rowI[c] * rowJ[c];
                if (bias >= 0) q += theta[bias + i] * theta[bias + j];
                for (int l = 0; l < outputs; l++) q -= theta[outWeights + l * width + i] * theta[outWeights + l * width + j];
                destination[k++] = scale * q;
            }
        }
    }
    /// <summary>
    /// Writes the polarisation B(x, y) = xᵀAy of each law Q = θᵀAθ of the hidden layer (A symmetric), so that
    /// B(θ, θ) = Q(θ): ½(Σ_c x_ic y_jc + y_ic x_jc) + ½(x_bi y_bj + y_bi x_bj) − ½Σ_l (x_li y_lj + y_li x_lj).
    /// </summary>
    /// <remarks>Shapes as in <see cref="Evaluate"/>.</remarks>
    public static void EvaluateBilinear(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, int inWeights, int inputs, int bias, int outWeights, int outputs, int width,
        bool diagonalOnly, Span<double> destination)
    {
        int k = 0;
        for (int i = 0; i < width; i++)
        {
            int last = diagonalOnly ? i : width - 1;
            for (int j = i; j <= last; j++)
            {
                double q = 0;
                for (int c = 0; c < inputs; c++)
                    q += x[inWeights + i * inputs + c] * y[inWeights + j * inputs + c] + y[inWeights + i * inputs + c] * x[inWeights + j * inputs + c];
                if (bias >= 0) q += x[bias + i] * y[bias + j] + y[bias + i] * x[bias + j];
                for (int l = 0; l < outputs; l++)
                    q -= x[outWeights + l * width + i] * y[outWeights + l * width + j] + y[outWeights + l * width + i] * x[outWeights + l * width + j];
                destination[k++] = 0.5 * q;
            }
        }
    }

    /// <summary>
    /// Writes the exact change Q(θ + Δ) − Q(θ) = 2B(θ, Δ) + B(Δ, Δ) of each law of the hidden layer, from the expansion
    /// of Q (never by differencing two evaluations, which loses the small change to rounding).
    /// </summary>
    /// <remarks>Shapes as in <see cref="Evaluate"/>.</remarks>
    public static void EvaluateChange(
        ReadOnlySpan<double> theta, ReadOnlySpan<double> delta, int inWeights, int inputs, int bias, int outWeights, int outputs, int width,
        bool diagonalOnly, Span<double> destination)
    {
        int k = 0;
        for (int i = 0; i < width; i++)
        {
            int last = diagonalOnly ? i : width - 1;
            for (int j = i; j <= last; j++)
            {
                double q = 0;
                for (int c = 0; c < inputs; c++)
                {
                    int a = inWeights + i * inputs + c, b = inWeights + j * inputs + c;
                    q += theta[a] * delta[b] + delta[a] * (theta[b] + delta[b]);
                }

                if (bias >= 0) q += theta[bias + i] * delta[bias + j] + delta[bias + i] * (theta[bias + j] + delta[bias + j]);
                for (int l = 0; l < outputs; l++)
                {
                    int a = outWeights + l * width + i, b = outWeights + l * width + j;
                    q -= theta[a] * delta[b] + delta[a] * (theta[b] + delta[b]);
                }

                destination[k++] = q;
            }
        }
    }
}
