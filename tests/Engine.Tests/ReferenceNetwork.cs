using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// The model's forward pass written from its definition (test side only, no path-lifting): real 1-D and 2-D
/// convolutions with stride and zero padding, dense layers (after a convolution they read the channel-major flattening),
/// diagonal layers, activations, and skip connections that add an earlier block's input to a block's output before its
/// activation. An MSE loss over random data and its gradient by central finite differences give the independent truth
/// the laws are checked against: a law's gradient is orthogonal to the loss gradient at every θ.
/// </summary>
internal sealed class ReferenceNetwork
{
    private readonly ModelDescription _model;
    private readonly int[] _inputShape;

    public ReferenceNetwork(ModelDescription model)
    {
        _model = model;
        _inputShape = model.InputShape?.ToArray() ?? new[] { model.Layers[0].Inputs };
    }

    public int InputSize => _inputShape.Aggregate(1, (a, b) => a * b);

    /// <summary>The output for one input sample (flat, channel-major).</summary>
    public double[] Forward(double[] theta, double[] input)
    {
        var shape = _inputShape;
        var x = input;
        var blockInputs = new List<(double[] Values, int[] Shape)>();
        int offset = 0;
        for (int k = 0; k < _model.Layers.Count; k++)
        {
            blockInputs.Add((x, shape));
            var block = _model.Layers[k];
            double[] y;
            int[] outShape;
            switch (block)
            {
                case ConvolutionSpec c:
                    (y, outShape) = Convolve(c, theta, offset, x, shape);
                    break;
                case DiagonalSpec d:
                    // After a convolution: channel i, at each of its positions, scaled by u_i and shifted by b_i.
                    int positions = x.Length / d.Width;
                    y = new double[x.Length];
                    for (int i = 0; i < d.Width; i++)
                        for (int p = 0; p < positions; p++)
                            y[i * positions + p] = theta[offset + i] * x[i * positions + p] + (d.HasBias ? theta[offset + d.Width + i] : 0);
                    outShape = shape;
                    break;
                default:
                    y = new double[block.Outputs];
                    for (int r = 0; r < block.Outputs; r++)
                    {
                        double s = block.HasBias ? theta[offset + block.Inputs * block.Outputs + r] : 0;
                        for (int c = 0; c < block.Inputs; c++) s += theta[offset + r * block.Inputs + c] * x[c];
                        y[r] = s;
                    }

                    outShape = new[] { block.Outputs };
                    break;
            }

            if (block.ResidualFrom >= 0)
            {
                var skip = blockInputs[block.ResidualFrom].Values;
                for (int i = 0; i < y.Length; i++) y[i] += skip[i];
            }

            if (k < _model.Layers.Count - 1) y = y.Select(v => Activate(block.Activation, v)).ToArray();
            offset += (int)block.ParameterCount;
            x = y;
            shape = outShape;
        }

        return x;
    }

    private static (double[], int[]) Convolve(ConvolutionSpec c, double[] theta, int offset, double[] x, int[] shape)
    {
        int height = shape.Length == 3 ? shape[1] : 1, width = shape[^1];
        int kh = c.KernelHeight, kw = c.KernelWidth, s = c.Stride, pad = c.Padding;
        int padH = c.Dimensions == 2 ? pad : 0;
        int outH = c.Dimensions == 2 ? (height + 2 * pad - kh) / s + 1 : 1, outW = (width + 2 * pad - kw) / s + 1;
        var y = new double[c.OutChannels * outH * outW];
        int bias = offset + (int)c.WeightCount;
        for (int o = 0; o < c.OutChannels; o++)
            for (int oy = 0; oy < outH; oy++)
                for (int ox = 0; ox < outW; ox++)
                {
                    double sum = c.HasBias ? theta[bias + o] : 0;
                    for (int i = 0; i < c.InChannels; i++)
                        for (int a = 0; a < kh; a++)
                            for (int b = 0; b < kw; b++)
                            {
                                int iy = (c.Dimensions == 2 ? oy * s : 0) + a - padH, ix = ox * s + b - pad;
                                if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue; // zero padding
                                sum += theta[offset + ((o * c.InChannels + i) * kh + a) * kw + b] * x[(i * height + iy) * width + ix];
                            }

                    y[(o * outH + oy) * outW + ox] = sum;
                }

        return (y, c.Dimensions == 2 ? new[] { c.OutChannels, outH, outW } : new[] { c.OutChannels, outW });
    }

    private static double Activate(ActivationKind kind, double v) => kind switch
    {
        ActivationKind.Identity => v,
        ActivationKind.ReLU => Math.Max(0, v),
        ActivationKind.LeakyReLU => v > 0 ? v : 0.1 * v,
        ActivationKind.Abs => Math.Abs(v),
        ActivationKind.Tanh => Math.Tanh(v),
        ActivationKind.Sigmoid => 1 / (1 + Math.Exp(-v)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>½ Σ ‖f(x) − y‖² over the samples.</summary>
    public double Loss(double[] theta, double[][] inputs, double[][] targets)
    {
        double loss = 0;
        for (int n = 0; n < inputs.Length; n++)
        {
            var f = Forward(theta, inputs[n]);
            for (int i = 0; i < f.Length; i++) loss += 0.5 * (f[i] - targets[n][i]) * (f[i] - targets[n][i]);
        }

        return loss;
    }

    /// <summary>∇ of the loss by central differences.</summary>
    public double[] LossGradient(double[] theta, double[][] inputs, double[][] targets, double h = 1e-6)
    {
        var g = new double[theta.Length];
        var t = (double[])theta.Clone();
        for (int i = 0; i < theta.Length; i++)
        {
            t[i] = theta[i] + h;
            double plus = Loss(t, inputs, targets);
            t[i] = theta[i] - h;
            double minus = Loss(t, inputs, targets);
            t[i] = theta[i];
            g[i] = (plus - minus) / (2 * h);
        }

        return g;
    }
}
