using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// Loop evaluation of one hidden layer's Gram-type laws, for models with too many laws to unroll:
/// Q = W_in W_inᵀ + b bᵀ − W_outᵀ W_out, written as its upper triangle row by row (Gram entries) or its diagonal
/// (per-neuron balances). The overloads with out-taps, a degree k and a β offset cover convolutions, k-homogeneous
/// activations and trainable Swish β: Q = W_in W_inᵀ + b bᵀ − k Σ_p W_out,pᵀ W_out,p − diag(β²). Generated code calls it
/// with the shapes as constants; user code should call the generated members instead.
/// </summary>
/// <remarks>
/// Balances stream θ once with <see cref="TensorPrimitives"/> (a sum of squares per incoming row, the outgoing column
/// norms accumulated row by row of W_out). The triangle is a blocked SYRK (<see cref="GramTriangle"/>). Scratch comes
/// from <see cref="ArrayPool{T}.Shared"/> or the stack, so a warmed-up call allocates nothing.
/// </remarks>
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
        bool diagonalOnly, double scale, Span<double> destination) =>
        Evaluate(theta, inWeights, inputs, bias, outWeights, outputs, width, 1, 1, -1, diagonalOnly, scale, destination);

    /// <summary>
    /// Writes <paramref name="scale"/>·Q entries of a hidden level with taps, a degree and a trainable β:
    /// Q = W_in W_inᵀ + b bᵀ − k·Σ_p W_out[·,·,p]ᵀ W_out[·,·,p] − diag(β²), so Q[i,i] = ‖W_in[i,:]‖² + b_i² − k‖W_out[:,i,:]‖² − β_i².
    /// </summary>
    /// <param name="theta">Flat parameters (or a gradient, for the drift η²·Q(g)).</param>
    /// <param name="inWeights">Offset of W_in: width rows of <paramref name="inputs"/> entries (a convolution's row holds in-channels × taps).</param>
    /// <param name="inputs">Entries per row of W_in.</param>
    /// <param name="bias">Offset of b (length width), or −1 without a bias.</param>
    /// <param name="outWeights">Offset of W_out: <paramref name="outputs"/> rows of width units × <paramref name="outTaps"/> taps; unit i's taps in row l start at outWeights + (l·width + i)·outTaps.</param>
    /// <param name="outputs">Rows of W_out.</param>
    /// <param name="width">Units of the level.</param>
    /// <param name="outTaps">Consecutive entries of W_out per (row, unit): the next kernel's taps, or the positions per channel a dense layer after a convolution reads; 1 for dense.</param>
    /// <param name="degree">k of a k-homogeneous activation (RePU, Power); 1 otherwise.</param>
    /// <param name="beta">Offset of a trainable Swish β (one per unit), or −1.</param>
    /// <param name="diagonalOnly">Balances only (Q[i,i]) instead of the whole upper triangle.</param>
    /// <param name="scale">Factor applied to every entry (1 for the laws, η² for the drift).</param>
    /// <param name="destination">Width entries (diagonal) or width·(width+1)/2 entries (triangle).</param>
    public static void Evaluate(
        ReadOnlySpan<double> theta, int inWeights, int inputs, int bias, int outWeights, int outputs, int width,
        int outTaps, int degree, int beta, bool diagonalOnly, double scale, Span<double> destination)
    {
        var s = Shape(theta, inWeights, inputs, bias, outWeights, outputs, width, outTaps, degree, beta, diagonalOnly, destination);
        if (diagonalOnly)
        {
            // ‖W_in[i,:]‖² + b_i² − k Σ_l ‖W_out[l,i,:]‖² − β_i²; the outgoing sums are taken row by row of W_out.
            var d = destination.Slice(0, width);
            SumOfProducts(theta, theta, s, d);
            for (int i = 0; i < width; i++)
            {
                double b = s.BiasOf(theta, i);
                double q = TensorPrimitives.SumOfSquares(s.InRow(theta, i)) + b * b - OutPart(s, d[i]);
                if (s.Beta >= 0) q -= s.BetaOf(theta, i) * s.BetaOf(theta, i);
                d[i] = scale * q;
            }

            return;
        }

        Triangle(theta, theta, twoSided: false, addHalfOfX: false, s, scale, destination);
        if (s.Beta >= 0)
            for (int i = 0; i < width; i++) destination[DiagonalIndex(i, width)] -= scale * s.BetaOf(theta, i) * s.BetaOf(theta, i);
    }

    /// <summary>
    /// Writes the polarisation B(x, y) = xᵀAy of each law Q = θᵀAθ of the hidden layer (A symmetric), so that
    /// B(θ, θ) = Q(θ): ½(Σ_c x_ic y_jc + y_ic x_jc) + ½(x_bi y_bj + y_bi x_bj) − ½Σ_l (x_li y_lj + y_li x_lj).
    /// </summary>
    /// <remarks>Shapes as in <see cref="Evaluate(ReadOnlySpan{double}, int, int, int, int, int, int, bool, double, Span{double})"/>.</remarks>
    public static void EvaluateBilinear(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, int inWeights, int inputs, int bias, int outWeights, int outputs, int width,
        bool diagonalOnly, Span<double> destination) =>
        EvaluateBilinear(x, y, inWeights, inputs, bias, outWeights, outputs, width, 1, 1, -1, diagonalOnly, destination);

    /// <summary>
    /// The polarisation B(x, y) of each law of a hidden level with taps, a degree and a trainable β (see
    /// <see cref="Evaluate(ReadOnlySpan{double}, int, int, int, int, int, int, int, int, int, bool, double, Span{double})"/>):
    /// the outgoing products are weighted by −k and summed over the taps, and Q[i,i] gets −x_βi y_βi.
    /// </summary>
    public static void EvaluateBilinear(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, int inWeights, int inputs, int bias, int outWeights, int outputs, int width,
        int outTaps, int degree, int beta, bool diagonalOnly, Span<double> destination)
    {
        var s = Shape(x, inWeights, inputs, bias, outWeights, outputs, width, outTaps, degree, beta, diagonalOnly, destination);
        if (y.Length != x.Length) throw new ArgumentException("x and y must have the same length.", nameof(y));
        if (diagonalOnly)
        {
            var d = destination.Slice(0, width);
            SumOfProducts(x, y, s, d);
            for (int i = 0; i < width; i++)
            {
                double q = TensorPrimitives.Dot(s.InRow(x, i), s.InRow(y, i)) + s.BiasOf(x, i) * s.BiasOf(y, i) - OutPart(s, d[i]);
                if (s.Beta >= 0) q -= s.BetaOf(x, i) * s.BetaOf(y, i);
                d[i] = q;
            }

            return;
        }

        Triangle(x, y, twoSided: true, addHalfOfX: false, s, 0.5, destination);
        if (s.Beta >= 0)
            for (int i = 0; i < width; i++) destination[DiagonalIndex(i, width)] -= s.BetaOf(x, i) * s.BetaOf(y, i);
    }

    /// <summary>
    /// Writes the exact change Q(θ + Δ) − Q(θ) = 2B(θ, Δ) + B(Δ, Δ) of each law of the hidden layer, from the expansion
    /// of Q (never by differencing two evaluations, which loses the small change to rounding).
    /// </summary>
    /// <remarks>Shapes as in <see cref="Evaluate(ReadOnlySpan{double}, int, int, int, int, int, int, bool, double, Span{double})"/>.</remarks>
    public static void EvaluateChange(
        ReadOnlySpan<double> theta, ReadOnlySpan<double> delta, int inWeights, int inputs, int bias, int outWeights, int outputs, int width,
        bool diagonalOnly, Span<double> destination) =>
        EvaluateChange(theta, delta, inWeights, inputs, bias, outWeights, outputs, width, 1, 1, -1, diagonalOnly, destination);

    /// <summary>
    /// The exact change Q(θ + Δ) − Q(θ) of each law of a hidden level with taps, a degree and a trainable β (see
    /// <see cref="Evaluate(ReadOnlySpan{double}, int, int, int, int, int, int, int, int, int, bool, double, Span{double})"/>),
    /// from the expansion of Q.
    /// </summary>
    public static void EvaluateChange(
        ReadOnlySpan<double> theta, ReadOnlySpan<double> delta, int inWeights, int inputs, int bias, int outWeights, int outputs, int width,
        int outTaps, int degree, int beta, bool diagonalOnly, Span<double> destination)
    {
        var s = Shape(theta, inWeights, inputs, bias, outWeights, outputs, width, outTaps, degree, beta, diagonalOnly, destination);
        if (delta.Length != theta.Length) throw new ArgumentException("theta and delta must have the same length.", nameof(delta));
        if (diagonalOnly)
        {
            // Per entry Δ_c(2θ_c + Δ_c); the outgoing part goes row by row of W_out through one row-long buffer.
            var d = destination.Slice(0, width);
            int rowLength = width * s.OutTaps;
            double[]? rented = rowLength > StackLimit ? ArrayPool<double>.Shared.Rent(rowLength) : null;
            Span<double> sum = rented is null ? stackalloc double[StackLimit] : rented;
            sum = sum.Slice(0, rowLength);
            d.Clear();
            for (int l = 0; l < outputs; l++)
            {
                var t = s.OutEntries(theta, l);
                var e = s.OutEntries(delta, l);
                TensorPrimitives.MultiplyAdd(t, 2d, e, sum);
                if (s.OutTaps == 1) TensorPrimitives.MultiplyAdd(e, sum, d, d);
                else
                    for (int i = 0; i < width; i++) d[i] += TensorPrimitives.Dot(e.Slice(i * s.OutTaps, s.OutTaps), sum.Slice(i * s.OutTaps, s.OutTaps));
            }

            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
            for (int i = 0; i < width; i++)
            {
                var e = s.InRow(delta, i);
                double b = s.BiasOf(theta, i), db = s.BiasOf(delta, i);
                double q = 2d * TensorPrimitives.Dot(s.InRow(theta, i), e) + TensorPrimitives.SumOfSquares(e) + db * (2d * b + db) - OutPart(s, d[i]);
                if (s.Beta >= 0)
                {
                    double beta0 = s.BetaOf(theta, i), dbeta = s.BetaOf(delta, i);
                    q -= dbeta * (2d * beta0 + dbeta);
                }

                d[i] = q;
            }

            return;
        }

        // Q(θ + Δ) − Q(θ) = 2B(Δ, θ + ½Δ): the two-sided product of Δ and θ + ½Δ.
        Triangle(delta, theta, twoSided: true, addHalfOfX: true, s, 1d, destination);
        if (s.Beta >= 0)
            for (int i = 0; i < width; i++)
            {
                double beta0 = s.BetaOf(theta, i), dbeta = s.BetaOf(delta, i);
                destination[DiagonalIndex(i, width)] -= dbeta * (2d * beta0 + dbeta);
            }
    }

    // Index of Q[i, i] in the upper triangle written row by row.
    private static int DiagonalIndex(int i, int width) => i * width - i * (i - 1) / 2;

    // k times the outgoing sum (the sum itself when k = 1, so plain layers keep their exact arithmetic).
    private static double OutPart(in GramShape s, double sum) => s.Degree == 1 ? sum : s.Degree * sum;

    private const int StackLimit = 256;

    private static GramShape Shape(
        ReadOnlySpan<double> v, int inWeights, int inputs, int bias, int outWeights, int outputs, int width, int outTaps, int degree, int beta,
        bool diagonalOnly, Span<double> destination)
    {
        var s = new GramShape(v.Length, inWeights, inputs, bias, outWeights, outputs, width, outTaps, degree, beta);
        if (destination.Length < s.LawCount(diagonalOnly)) throw new ArgumentException("The destination is too short.", nameof(destination));
        return s;
    }

    // d[i] = Σ_l Σ_p u[l,i,p]·v[l,i,p] over the rows of W_out (contiguous), without gathering columns.
    private static void SumOfProducts(ReadOnlySpan<double> u, ReadOnlySpan<double> v, in GramShape s, Span<double> d)
    {
        if (s.Outputs == 0)
        {
            d.Clear();
            return;
        }

        if (s.OutTaps > 1)
        {
            // Unit i's taps are consecutive in each row: one dot product per (row, unit).
            int taps = s.OutTaps;
            d.Clear();
            for (int l = 0; l < s.Outputs; l++)
            {
                var a = s.OutEntries(u, l);
                var b = s.OutEntries(v, l);
                for (int i = 0; i < s.Width; i++) d[i] += TensorPrimitives.Dot(a.Slice(i * taps, taps), b.Slice(i * taps, taps));
            }

            return;
        }

        TensorPrimitives.Multiply(s.OutRow(u, 0), s.OutRow(v, 0), d);
        for (int l = 1; l < s.Outputs; l++) TensorPrimitives.MultiplyAdd(s.OutRow(u, l), s.OutRow(v, l), d, d);
    }

    // Up to this many multiply-adds (entries × stacked rows) the blocked kernel's gather and padding cost more than the
    // products themselves (a 4-4-4 layer: 0.45 µs against 0.08 µs); docs/benchmarks.md, "Law kernels".
    internal const int SmallTriangleWork = 256;

    // The same sums entry by entry, straight from θ: no scratch, no gather. Two-sided: x_p v_q + v_p x_q, v = y + h·x.
    private static void SmallTriangle(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool twoSided, bool addHalfOfX, in GramShape s, double scale, Span<double> destination)
    {
        int w = s.Width, n = s.Inputs, m = s.Outputs, inWeights = s.InWeights, outWeights = s.OutWeights, bias = s.Bias, k = 0;
        int taps = s.OutTaps;
        double degree = s.Degree; // × 1 is exact: plain layers keep their arithmetic
        double h = addHalfOfX ? 0.5 : 0d;
        for (int i = 0; i < w; i++)
        {
            for (int j = i; j < w; j++)
            {
                double sum = 0d;
                if (!twoSided)
                {
                    for (int c = 0; c < n; c++) sum += x[inWeights + i * n + c] * x[inWeights + j * n + c];
                    if (bias >= 0) sum += x[bias + i] * x[bias + j];
                    for (int l = 0; l < m; l++)
                        for (int p = 0; p < taps; p++) sum -= degree * (x[outWeights + (l * w + i) * taps + p] * x[outWeights + (l * w + j) * taps + p]);
                }
                else
                {
                    for (int c = 0; c < n; c++) sum += Polar(x, y, h, inWeights + i * n + c, inWeights + j * n + c);
                    if (bias >= 0) sum += Polar(x, y, h, bias + i, bias + j);
                    for (int l = 0; l < m; l++)
                        for (int p = 0; p < taps; p++) sum -= degree * Polar(x, y, h, outWeights + (l * w + i) * taps + p, outWeights + (l * w + j) * taps + p);
                }

                destination[k++] = scale * sum;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static double Polar(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double h, int p, int q) =>
        x[p] * (y[q] + h * x[q]) + (y[p] + h * x[p]) * x[q];

    // scale·Σ_r s_r a_rᵀ b_r, or scale·Σ_r s_r (a_rᵀ b_r + b_rᵀ a_r) when two-sided, with a from x and b from y (or y + ½x).
    private static void Triangle(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool twoSided, bool addHalfOfX, in GramShape s, double scale, Span<double> destination)
    {
        if ((long)s.LawCount(diagonalOnly: false) * s.Rows <= SmallTriangleWork)
        {
            SmallTriangle(x, y, twoSided, addHalfOfX, s, scale, destination);
            return;
        }

        int length = GramTriangle.OperandLength(s);
        var scratch = ArrayPool<double>.Shared.Rent(twoSided ? 2 * length : length);
        try
        {
            var a = scratch.AsSpan(0, length);
            GramTriangle.Gather(x, s, a);
            var b = a;
            if (twoSided)
            {
                b = scratch.AsSpan(length, length);
                GramTriangle.Gather(y, s, b);
                if (addHalfOfX) TensorPrimitives.MultiplyAdd(a, 0.5, b, b);
            }

            GramTriangle.Write(a, b, twoSided, s, scale, destination);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }
}
