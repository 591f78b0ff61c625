using System;
using System.Linq;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// A network of normalised convolutions and dense layers written from the definitions (shares no code with the
/// runtime): a sample is channel-major [channels, height, width] (a 1-D convolution has height 1 and pads only along
/// the width), a convolution is the cross-correlation z[o, y, x] = Σ_{i,u,v} K[o, i, u, v]·x[i, s·y + u − p, s·x + v − p]
/// + b[o] with zeros outside the input, a dense layer reads the flat sample. Then BatchNorm (each channel over every
/// sample and position), LayerNorm or RMSNorm (the channels at each position of each sample), with biased variances
/// and ε inside the square root, then the affine γ_c·n + β_c when the layer has one (one γ and β per channel, the same
/// at every position), then the activation (none on the last layer). θ is laid out layer after layer as
/// K [out, in, kh, kw] (or W [out, in]), then b, γ, β. Loss: the mean over the batch of ½‖y − t‖².
/// </summary>
internal sealed class ConvNormReference
{
    /// <summary>One layer; a dense layer has Height = Width = Kernel sizes = 1 and In = its inputs.</summary>
    public sealed record Layer(
        int In, int Out, int Height, int Width, int KernelHeight, int KernelWidth, int Stride, int Padding, bool TwoD,
        bool Bias, Normalization Norm, Func<double, double> Activation, double Epsilon = 0, bool Scale = false, bool Shift = false)
    {
        public int OutHeight => TwoD ? (Height + 2 * Padding - KernelHeight) / Stride + 1 : 1;

        public int OutWidth => (Width + 2 * Padding - KernelWidth) / Stride + 1;

        public int Parameters => Out * In * KernelHeight * KernelWidth + (Bias ? Out : 0) + (Scale ? Out : 0) + (Shift ? Out : 0);
    }

    public static Layer Conv1d(int inC, int outC, int length, int kernel, int stride = 1, int padding = 0, bool bias = false, Normalization norm = Normalization.None, Func<double, double>? act = null, bool scale = false, bool shift = false) =>
        new(inC, outC, 1, length, 1, kernel, stride, padding, false, bias, norm, act ?? Identity, Scale: scale, Shift: shift);

    public static Layer Conv2d(int inC, int outC, int height, int width, int kh, int kw, int stride = 1, int padding = 0, bool bias = false, Normalization norm = Normalization.None, Func<double, double>? act = null, bool scale = false, bool shift = false) =>
        new(inC, outC, height, width, kh, kw, stride, padding, true, bias, norm, act ?? Identity, Scale: scale, Shift: shift);

    public static Layer Dense(int inputs, int outputs, bool bias = false, Normalization norm = Normalization.None, Func<double, double>? act = null) =>
        new(inputs, outputs, 1, 1, 1, 1, 1, 0, false, bias, norm, act ?? Identity);

    public static Func<double, double> ReLU => z => Math.Max(0, z);

    public static Func<double, double> Tanh => Math.Tanh;

    public static Func<double, double> Gelu => z => 0.5 * z * (1 + MathNet.Numerics.SpecialFunctions.Erf(z / Math.Sqrt(2)));

    public static Func<double, double> Identity => z => z;

    private readonly Layer[] _layers;

    public ConvNormReference(params Layer[] layers) => _layers = layers;

    public int Parameters => _layers.Sum(l => l.Parameters);

    /// <summary>Outputs of every sample (rows of <paramref name="xs"/>, each a flat channel-major sample).</summary>
    public double[][] Forward(double[] theta, double[][] xs)
    {
        var h = xs.Select(x => (double[])x.Clone()).ToArray();
        int at = 0;
        for (int k = 0; k < _layers.Length; k++)
        {
            var l = _layers[k];
            int w = at, b = w + l.Out * l.In * l.KernelHeight * l.KernelWidth, g = b + (l.Bias ? l.Out : 0), s = g + (l.Scale ? l.Out : 0);
            at = s + (l.Shift ? l.Out : 0);
            int oh = l.OutHeight, ow = l.OutWidth, positions = oh * ow;
            // z[n][o][p], p = y·ow + x.
            var z = h.Select(x =>
            {
                var zs = new double[l.Out][];
                for (int o = 0; o < l.Out; o++)
                {
                    zs[o] = new double[positions];
                    for (int y = 0; y < oh; y++)
                        for (int xo = 0; xo < ow; xo++)
                        {
                            double sum = l.Bias ? theta[b + o] : 0;
                            for (int i = 0; i < l.In; i++)
                                for (int u = 0; u < l.KernelHeight; u++)
                                    for (int v = 0; v < l.KernelWidth; v++)
                                    {
                                        int iy = y * l.Stride + u - (l.TwoD ? l.Padding : 0), ix = xo * l.Stride + v - l.Padding;
                                        if (iy < 0 || iy >= l.Height || ix < 0 || ix >= l.Width) continue;
                                        sum += theta[w + ((o * l.In + i) * l.KernelHeight + u) * l.KernelWidth + v] * x[(i * l.Height + iy) * l.Width + ix];
                                    }

                            zs[o][y * ow + xo] = sum;
                        }
                }

                return zs;
            }).ToArray();
            Normalise(z, l);
            if (l.Scale)
                foreach (var zs in z)
                    for (int c = 0; c < l.Out; c++)
                        for (int p = 0; p < positions; p++) zs[c][p] = theta[g + c] * zs[c][p] + (l.Shift ? theta[s + c] : 0);
            bool last = k == _layers.Length - 1;
            h = z.Select(zs => zs.SelectMany(channel => channel).Select(v => last ? v : l.Activation(v)).ToArray()).ToArray();
        }

        return h;
    }

    public double Loss(double[] theta, double[][] xs, double[][] targets)
    {
        var y = Forward(theta, xs);
        return y.Select((row, n) => 0.5 * row.Select((v, j) => (v - targets[n][j]) * (v - targets[n][j])).Sum()).Sum() / y.Length;
    }

    // In place over z[sample][channel][position].
    private static void Normalise(double[][][] z, Layer l)
    {
        int samples = z.Length, channels = l.Out, positions = z[0][0].Length;
        if (l.Norm == Normalization.BatchNorm)
        {
            for (int c = 0; c < channels; c++)
            {
                var values = Enumerable.Range(0, samples).SelectMany(n => z[n][c]).ToArray();
                double mean = values.Average(), sigma = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length + l.Epsilon);
                for (int n = 0; n < samples; n++)
                    for (int p = 0; p < positions; p++) z[n][c][p] = (z[n][c][p] - mean) / sigma;
            }
        }
        else if (l.Norm != Normalization.None)
        {
            for (int n = 0; n < samples; n++)
                for (int p = 0; p < positions; p++)
                {
                    var column = Enumerable.Range(0, channels).Select(c => z[n][c][p]).ToArray();
                    double mean = l.Norm == Normalization.LayerNorm ? column.Average() : 0;
                    double sigma = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / channels + l.Epsilon);
                    for (int c = 0; c < channels; c++) z[n][c][p] = (z[n][c][p] - mean) / sigma;
                }
        }
    }
}
