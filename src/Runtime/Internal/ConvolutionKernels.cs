using System;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// A convolution block of <see cref="LayeredNetwork"/> as matrix products over unfolded inputs (im2col): for a group
/// of samples, the receptive fields form a matrix F [field, group·positions] with one row per (in-channel, kernel row,
/// kernel column), so the outputs are K F (K: [out, field]), the kernel gradient is dZ Fᵀ and the input gradient is
/// the fold of Kᵀ dZ. Samples are stored channel-major ([channels, height, width]), one after the other.
/// </summary>
/// <remarks>
/// Groups are sized so F stays within <see cref="FieldBudget"/> doubles (2 MB), which bounds the scratch for any batch.
/// The products K F, Kᵀ dZ and dZ Fᵀ (the kernel gradient) go through the register-blocked <see cref="PanelProduct"/>.
/// </remarks>
internal static class ConvolutionKernels
{
    // Doubles of the unfolded matrix per group (2 MB).
    private const int FieldBudget = 1 << 18;

    // Below this many values a plain loop adds a row faster than a vectorised call.
    private const int ShortRow = 32;

    /// <summary>Samples per group for a batch of <paramref name="batchSize"/>.</summary>
    public static int GroupSize(in NetworkBlock k, int batchSize) =>
        (int)Math.Clamp(FieldBudget / Math.Max(1L, (long)k.FieldSize * k.Positions), 1, batchSize);

    /// <summary>Scratch doubles for one call: the unfolded group and the outputs of the group, channel by channel.</summary>
    public static long ScratchLength(in NetworkBlock k, int batchSize)
    {
        long columns = (long)GroupSize(k, batchSize) * k.Positions;
        return columns * (k.FieldSize + k.OutChannels);
    }

    /// <summary>z = K ∗ x + b for the whole batch (sample-major in and out).</summary>
    public static void Forward(in NetworkBlock k, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, int batchSize, Span<double> z, Span<double> scratch)
    {
        int group = GroupSize(k, batchSize), p = k.Positions, field = k.FieldSize, outs = k.OutChannels;
        var kernels = theta.Slice(k.Weights, outs * field);
        for (int first = 0; first < batchSize; first += group)
        {
            int count = Math.Min(group, batchSize - first), n = count * p;
            var f = scratch.Slice(0, field * n);
            var zt = scratch.Slice(field * n, outs * n);
            Unfold(k, x, first, count, f);
            PanelProduct.Multiply(kernels, outs, field, transposed: false, f, n, zt);
            for (int o = 0; o < outs; o++)
            {
                double bias = k.Bias >= 0 ? theta[k.Bias + o] : 0;
                for (int s = 0; s < count; s++)
                {
                    var target = z.Slice((first + s) * k.OutputSize + o * p, p);
                    var source = zt.Slice(o * n + s * p, p);
                    if (bias != 0) TensorPrimitives.Add(source, bias, target);
                    else source.CopyTo(target);
                }
            }
        }
    }

    /// <summary>
    /// Adds the kernel and bias gradients of upstream <paramref name="dz"/> into <paramref name="gradient"/>, and, when
    /// <paramref name="dx"/> is not empty, adds the input gradient into it.
    /// </summary>
    public static void Backward(
        in NetworkBlock k, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> dz, int batchSize,
        Span<double> gradient, Span<double> dx, Span<double> scratch)
    {
        int group = GroupSize(k, batchSize), p = k.Positions, field = k.FieldSize, outs = k.OutChannels;
        var kernels = theta.Slice(k.Weights, outs * field);
        var kernelGradient = gradient.Slice(k.Weights, outs * field);
        for (int first = 0; first < batchSize; first += group)
        {
            int count = Math.Min(group, batchSize - first), n = count * p;
            var f = scratch.Slice(0, field * n);
            var dzt = scratch.Slice(field * n, outs * n);
            for (int o = 0; o < outs; o++)
                for (int s = 0; s < count; s++)
                    dz.Slice((first + s) * k.OutputSize + o * p, p).CopyTo(dzt.Slice(o * n + s * p, p));

            if (k.Bias >= 0)
                for (int o = 0; o < outs; o++) gradient[k.Bias + o] += TensorPrimitives.Sum(dzt.Slice(o * n, n));

            // dK[o, r] += ⟨dZ[o, ·], F[r, ·]⟩.
            Unfold(k, x, first, count, f);
            PanelProduct.AddProductTransposed(dzt, outs, f, field, n, kernelGradient);

            if (dx.IsEmpty) continue;
            // dF = Kᵀ dZ overwrites F, then folds back onto the input positions it was read from.
            PanelProduct.Multiply(kernels, field, outs, transposed: true, dzt, n, f);
            Fold(k, f, first, count, dx);
        }
    }

    /// <summary>
    /// F[(c, ky, kx), (s, oy, ox)] = x[first + s, c, oy·stride − padH + ky, ox·stride − padW + kx], or 0 in the padding.
    /// </summary>
    private static void Unfold(in NetworkBlock k, ReadOnlySpan<double> x, int first, int count, Span<double> f)
    {
        int h = k.InputHeight, w = k.InputWidth, oh = k.OutputHeight, ow = k.OutputWidth, p = oh * ow, n = count * p, stride = k.Stride;
        for (int c = 0; c < k.InChannels; c++)
            for (int ky = 0; ky < k.KernelHeight; ky++)
                for (int kx = 0; kx < k.KernelWidth; kx++)
                {
                    var row = f.Slice(((c * k.KernelHeight + ky) * k.KernelWidth + kx) * n, n);
                    var (lo, hi) = ValidColumns(k, kx);
                    for (int s = 0; s < count; s++)
                    {
                        var channel = x.Slice((first + s) * k.InputSize + c * h * w, h * w);
                        for (int oy = 0; oy < oh; oy++)
                        {
                            var target = row.Slice(s * p + oy * ow, ow);
                            int iy = oy * stride - k.PaddingHeight + ky;
                            if (iy < 0 || iy >= h || lo >= hi)
                            {
                                target.Clear();
                                continue;
                            }

                            var source = channel.Slice(iy * w, w);
                            target.Slice(0, lo).Clear();
                            target.Slice(hi).Clear();
                            int ix = lo * stride - k.PaddingWidth + kx;
                            if (stride == 1) source.Slice(ix, hi - lo).CopyTo(target.Slice(lo, hi - lo));
                            else
                                for (int ox = lo; ox < hi; ox++, ix += stride) target[ox] = source[ix];
                        }
                    }
                }
    }

    /// <summary>The adjoint of <see cref="Unfold"/>: adds each entry of F onto the input value it was read from.</summary>
    private static void Fold(in NetworkBlock k, ReadOnlySpan<double> f, int first, int count, Span<double> dx)
    {
        int h = k.InputHeight, w = k.InputWidth, oh = k.OutputHeight, ow = k.OutputWidth, p = oh * ow, n = count * p, stride = k.Stride;
        for (int c = 0; c < k.InChannels; c++)
            for (int ky = 0; ky < k.KernelHeight; ky++)
                for (int kx = 0; kx < k.KernelWidth; kx++)
                {
                    var row = f.Slice(((c * k.KernelHeight + ky) * k.KernelWidth + kx) * n, n);
                    var (lo, hi) = ValidColumns(k, kx);
                    if (lo >= hi) continue;
                    for (int s = 0; s < count; s++)
                    {
                        var channel = dx.Slice((first + s) * k.InputSize + c * h * w, h * w);
                        for (int oy = 0; oy < oh; oy++)
                        {
                            int iy = oy * stride - k.PaddingHeight + ky;
                            if (iy < 0 || iy >= h) continue;
                            var source = row.Slice(s * p + oy * ow, ow);
                            var target = channel.Slice(iy * w, w);
                            int ix = lo * stride - k.PaddingWidth + kx;
                            if (stride == 1 && hi - lo >= ShortRow) TensorPrimitives.Add(target.Slice(ix, hi - lo), source.Slice(lo, hi - lo), target.Slice(ix, hi - lo));
                            else
                                for (int ox = lo; ox < hi; ox++, ix += stride) target[ix] += source[ox];
                        }
                    }
                }
    }

    // Output columns [lo, hi) whose input column ox·stride − padW + kx lies inside the row.
    private static (int Lo, int Hi) ValidColumns(in NetworkBlock k, int kx)
    {
        int offset = kx - k.PaddingWidth, stride = k.Stride;
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int last = k.InputWidth - 1 - offset; // ox·stride ≤ last
        int hi = last < 0 ? 0 : Math.Min(k.OutputWidth, last / stride + 1);
        return (lo, Math.Max(lo, hi));
    }
}
