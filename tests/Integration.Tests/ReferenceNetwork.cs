using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Internal;
using MathNet.Numerics;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// A model written from the definitions, independently of the runtime: explicit loops over output positions, kernel
/// taps, stride and padding for convolutions (cross-correlation, as PyTorch), and each activation's formula. It lays θ
/// out block by block (weights, bias, β) and builds the matching <see cref="LayeredNetwork"/> for comparison.
/// </summary>
public sealed class ReferenceNetwork
{
    /// <summary>One block: kind "dense", "conv1d", "conv2d" or "diagonal" with its sizes and options.</summary>
    public sealed record Block(string Kind, int In, int Out, int Height = 1, int Width = 1, int KernelHeight = 1, int KernelWidth = 1,
        int Stride = 1, int Padding = 0, bool Bias = false, Activation Act = Activation.Identity, double Slope = 0.01, int Degree = 1,
        bool Beta = false, int Residual = -1)
    {
        public int PaddingHeight => Kind == "conv2d" ? Padding : 0;

        public int OutHeight => Kind == "conv2d" ? (Height + 2 * Padding - KernelHeight) / Stride + 1 : 1;

        public int OutWidth => Kind is "conv1d" or "conv2d" ? (Width + 2 * Padding - KernelWidth) / Stride + 1 : 1;

        public int InputSize => In * Height * Width;

        public int OutputSize => Out * OutHeight * OutWidth;

        public int WeightCount => Kind switch
        {
            "diagonal" => Out,
            "dense" => In * Out,
            _ => Out * In * KernelHeight * KernelWidth,
        };
    }

    private readonly Block[] _blocks;
    private readonly int[] _weights, _bias, _beta;

    public ReferenceNetwork(params Block[] blocks)
    {
        _blocks = blocks;
        _weights = new int[blocks.Length];
        _bias = new int[blocks.Length];
        _beta = new int[blocks.Length];
        int offset = 0;
        for (int k = 0; k < blocks.Length; k++)
        {
            _weights[k] = offset;
            offset += blocks[k].WeightCount;
            _bias[k] = blocks[k].Bias ? offset : -1;
            offset += blocks[k].Bias ? blocks[k].Out : 0;
            _beta[k] = blocks[k].Beta ? offset : -1;
            offset += blocks[k].Beta ? blocks[k].Out : 0;
        }

        ParameterCount = offset;
    }

    public int ParameterCount { get; }

    public int InputWidth => _blocks[0].InputSize;

    public int OutputWidth => _blocks[^1].OutputSize;

    public int BetaOffset(int k) => _beta[k];

    /// <summary>The runtime network with the same blocks and offsets.</summary>
    public LayeredNetwork Network() => new(ParameterCount, _blocks.Select((b, k) =>
    {
        var block = b.Kind switch
        {
            "dense" => NetworkBlock.Dense(_weights[k], b.In * b.Height * b.Width, b.Out, _bias[k]),
            "diagonal" => NetworkBlock.Diagonal(_weights[k], b.Out, _bias[k]),
            "conv1d" => NetworkBlock.Conv1d(_weights[k], b.In, b.Out, b.Width, b.KernelWidth, b.Stride, b.Padding, _bias[k]),
            _ => NetworkBlock.Conv2d(_weights[k], b.In, b.Out, b.Height, b.Width, b.KernelHeight, b.KernelWidth, b.Stride, b.Padding, _bias[k]),
        };
        block = block.WithActivation(b.Act, b.Slope, b.Degree, _beta[k]);
        return b.Residual >= 0 ? block.WithResidualFrom(b.Residual) : block;
    }).ToArray());

    /// <summary>One sample through the model.</summary>
    public double[] Forward(double[] theta, double[] sample)
    {
        var inputs = new List<double[]>();
        var x = sample;
        for (int k = 0; k < _blocks.Length; k++)
        {
            var b = _blocks[k];
            inputs.Add(x);
            var z = b.Kind switch
            {
                "dense" => Dense(b, theta, _weights[k], x),
                "diagonal" => Enumerable.Range(0, b.Out).Select(i => theta[_weights[k] + i] * x[i]).ToArray(),
                _ => Convolution(b, theta, _weights[k], x),
            };
            int positions = b.OutHeight * b.OutWidth;
            for (int i = 0; i < z.Length; i++)
            {
                int unit = i / positions;
                if (_bias[k] >= 0) z[i] += theta[_bias[k] + unit];
                if (b.Residual >= 0) z[i] += inputs[b.Residual][i];
            }

            if (k < _blocks.Length - 1)
                for (int i = 0; i < z.Length; i++) z[i] = Sigma(b, _beta[k] >= 0 ? theta[_beta[k] + i / positions] : 1, z[i]);
            x = z;
        }

        return x;
    }

    /// <summary>Mean loss over the batch, as documented on <see cref="Loss"/>.</summary>
    public double Loss(double[] theta, double[] inputs, double[] targets, int batch, Loss loss)
    {
        double total = 0;
        int n = InputWidth, m = OutputWidth;
        for (int s = 0; s < batch; s++)
        {
            var y = Forward(theta, inputs.Skip(s * n).Take(n).ToArray());
            var t = targets.Skip(s * m).Take(m).ToArray();
            if (loss == ConservationCodegen.Loss.MeanSquaredError) total += 0.5 * y.Zip(t, (p, q) => (p - q) * (p - q)).Sum();
            else
            {
                double max = y.Max();
                double logSum = max + Math.Log(y.Sum(v => Math.Exp(v - max)));
                total -= t.Zip(y, (p, q) => p * (q - logSum)).Sum();
            }
        }

        return total / batch;
    }

    private static double[] Dense(Block b, double[] theta, int w, double[] x)
    {
        int n = x.Length;
        var z = new double[b.Out];
        for (int o = 0; o < b.Out; o++)
            for (int i = 0; i < n; i++) z[o] += theta[w + o * n + i] * x[i];
        return z;
    }

    // z[o, oy, ox] = Σ_{c, ky, kx} K[o, c, ky, kx]·x[c, oy·stride − pad + ky, ox·stride − pad + kx], zero outside the input.
    private static double[] Convolution(Block b, double[] theta, int w, double[] x)
    {
        int oh = b.OutHeight, ow = b.OutWidth;
        var z = new double[b.Out * oh * ow];
        for (int o = 0; o < b.Out; o++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    double sum = 0;
                    for (int c = 0; c < b.In; c++)
                        for (int ky = 0; ky < b.KernelHeight; ky++)
                            for (int kx = 0; kx < b.KernelWidth; kx++)
                            {
                                int iy = oy * b.Stride - b.PaddingHeight + ky, ix = ox * b.Stride - b.Padding + kx;
                                if (iy < 0 || iy >= b.Height || ix < 0 || ix >= b.Width) continue;
                                sum += theta[w + ((o * b.In + c) * b.KernelHeight + ky) * b.KernelWidth + kx] * x[(c * b.Height + iy) * b.Width + ix];
                            }

                    z[(o * oh + oy) * ow + ox] = sum;
                }

        return z;
    }

    private static double Sigma(Block b, double beta, double z) => b.Act switch
    {
        Activation.Identity => z,
        Activation.ReLU => Math.Max(0, z),
        Activation.LeakyReLU => z >= 0 ? z : b.Slope * z,
        Activation.Abs => Math.Abs(z),
        Activation.Tanh => Math.Tanh(z),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Gelu => z * 0.5 * (1 + SpecialFunctions.Erf(z / Math.Sqrt(2))),
        Activation.Softplus => Math.Log(1 + Math.Exp(z)),
        Activation.RePU => Math.Pow(Math.Max(0, z), b.Degree),
        Activation.Power => b.Degree % 2 == 0 ? Math.Pow(Math.Abs(z), b.Degree) : Math.Sign(z) * Math.Pow(Math.Abs(z), b.Degree),
        Activation.Swish => z / (1 + Math.Exp(-beta * z)),
        _ => throw new NotSupportedException(),
    };
}
