using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// A forward pass with normalisation written from the definitions (test side only, shares no code with the engine):
/// dense layers, 1-D convolutions (stride 1, no padding, channel-major [channels, positions]) and diagonal layers, each
/// with an optional bias, an optional normalisation of its pre-activation with the statistics of the batch given —
/// BatchNorm per output unit (a convolution: per channel over the batch and its positions), LayerNorm and RMSNorm per
/// sample over the output units (a convolution: over the channels at each position) — then its activation (identity,
/// ReLU, abs or tanh; the last layer's is ignored). Biased variances and ε inside the square root, as in PyTorch. The loss
/// is ½ Σ (output − target)² over the batch; its gradient is taken by central differences.
/// </summary>
internal sealed class NormNetwork
{
    public sealed record Layer(string Kind, int Inputs, int Outputs, int Kernel, bool Bias, NormalizationKind Norm, ActivationKind Activation);

    private readonly List<Layer> _layers;

    public NormNetwork(int inputLength, params Layer[] layers)
    {
        InputLength = inputLength;
        _layers = layers.ToList();
    }

    public static Layer Dense(int inputs, int outputs, bool bias, NormalizationKind norm = NormalizationKind.None, ActivationKind act = ActivationKind.Identity) =>
        new("dense", inputs, outputs, 1, bias, norm, act);

    public static Layer Conv(int inputs, int outputs, int kernel, bool bias, NormalizationKind norm = NormalizationKind.None, ActivationKind act = ActivationKind.Identity) =>
        new("conv", inputs, outputs, kernel, bias, norm, act);

    public static Layer Diagonal(int width, bool bias, ActivationKind act = ActivationKind.Identity) =>
        new("diagonal", width, width, 1, bias, NormalizationKind.None, act);

    /// <summary>Positions of one sample's input (1 for dense models).</summary>
    public int InputLength { get; }

    /// <summary>Floats per input sample: channels × positions.</summary>
    public int InputWidth => _layers[0].Inputs * InputLength;

    /// <summary>The same model as the engine's blocks.</summary>
    public ModelDescription Model() => new(_layers.Select(l => (BlockSpec)(l.Kind switch
    {
        "conv" => new ConvolutionSpec(1, l.Inputs, l.Outputs, 1, l.Kernel) { Activation = l.Activation, HasBias = l.Bias, Normalization = l.Norm },
        "diagonal" => new DiagonalSpec(l.Inputs) { Activation = l.Activation, HasBias = l.Bias },
        _ => new LayerSpec(l.Inputs, l.Outputs, l.Activation, l.Bias) { Normalization = l.Norm },
    })).ToList());

    public int Parameters => _layers.Sum(Count);

    private static int Count(Layer l) => WeightCount(l) + (l.Bias ? l.Outputs : 0);

    private static int WeightCount(Layer l) => l.Kind switch { "conv" => l.Outputs * l.Inputs * l.Kernel, "diagonal" => l.Outputs, _ => l.Outputs * l.Inputs };

    /// <summary>Offset of layer k's weights in θ.</summary>
    public int Offset(int k) => _layers.Take(k).Sum(Count);

    /// <summary>Offset of layer k's bias in θ.</summary>
    public int BiasOffset(int k) => Offset(k) + WeightCount(_layers[k]);

    /// <summary>The variance (over the batch, or the batch and positions) of output unit c of layer k before normalisation, for the BatchNorm ε test.</summary>
    public double PreNormVariance(double[] theta, double[][] xs, int k, int c)
    {
        var z = Forward(theta, xs, 0, stopBeforeNorm: k);
        var values = z.SelectMany(s => s.Skip(c * s.Length / _layers[k].Outputs).Take(s.Length / _layers[k].Outputs)).ToArray();
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / values.Length;
    }

    public double[][] Forward(double[] theta, double[][] xs, double epsilon, int stopBeforeNorm = -1)
    {
        var h = xs.Select(x => (double[])x.Clone()).ToArray();
        int length = InputLength;
        for (int k = 0; k < _layers.Count; k++)
        {
            var l = _layers[k];
            int w = Offset(k), b = BiasOffset(k);
            int outLength = l.Kind == "conv" ? length - l.Kernel + 1 : l.Kind == "diagonal" ? length : 1;
            var z = new double[h.Length][];
            for (int s = 0; s < h.Length; s++)
            {
                var x = h[s];
                var y = new double[l.Outputs * outLength];
                for (int o = 0; o < l.Outputs; o++)
                {
                    for (int p = 0; p < outLength; p++)
                    {
                        double v = l.Bias ? theta[b + o] : 0;
                        switch (l.Kind)
                        {
                            case "conv":
                                for (int i = 0; i < l.Inputs; i++)
                                    for (int t = 0; t < l.Kernel; t++)
                                        v += theta[w + (o * l.Inputs + i) * l.Kernel + t] * x[i * length + p + t];
                                break;
                            case "diagonal":
                                v += theta[w + o] * x[o * length + p];
                                break;
                            default:
                                for (int i = 0; i < x.Length; i++) v += theta[w + o * x.Length + i] * x[i];
                                break;
                        }

                        y[o * outLength + p] = v;
                    }
                }

                z[s] = y;
            }

            if (k == stopBeforeNorm) return z;
            Normalise(z, l.Outputs, outLength, l.Norm, epsilon);
            if (k < _layers.Count - 1)
                foreach (var y in z)
                    for (int i = 0; i < y.Length; i++)
                        y[i] = l.Activation switch { ActivationKind.ReLU => Math.Max(0, y[i]), ActivationKind.Abs => Math.Abs(y[i]), ActivationKind.Tanh => Math.Tanh(y[i]), _ => y[i] };
            h = z;
            length = outLength;
        }

        return h;
    }

    private static void Normalise(double[][] z, int units, int positions, NormalizationKind norm, double epsilon)
    {
        switch (norm)
        {
            case NormalizationKind.BatchNorm:
                for (int c = 0; c < units; c++)
                {
                    var idx = Enumerable.Range(0, positions).Select(p => c * positions + p).ToArray();
                    double mean = z.Sum(y => idx.Sum(i => y[i])) / (z.Length * positions);
                    double variance = z.Sum(y => idx.Sum(i => (y[i] - mean) * (y[i] - mean))) / (z.Length * positions);
                    foreach (var y in z)
                        foreach (int i in idx)
                            y[i] = (y[i] - mean) / Math.Sqrt(variance + epsilon);
                }

                break;
            case NormalizationKind.LayerNorm or NormalizationKind.RmsNorm:
                foreach (var y in z)
                {
                    for (int p = 0; p < positions; p++)
                    {
                        var idx = Enumerable.Range(0, units).Select(c => c * positions + p).ToArray();
                        double mean = norm == NormalizationKind.LayerNorm ? idx.Average(i => y[i]) : 0;
                        double square = idx.Average(i => (y[i] - mean) * (y[i] - mean));
                        foreach (int i in idx) y[i] = (y[i] - mean) / Math.Sqrt(square + epsilon);
                    }
                }

                break;
        }
    }

    public double Loss(double[] theta, double[][] xs, double[][] ys, double epsilon)
    {
        var out_ = Forward(theta, xs, epsilon);
        double loss = 0;
        for (int s = 0; s < xs.Length; s++)
            for (int i = 0; i < ys[s].Length; i++)
                loss += 0.5 * (out_[s][i] - ys[s][i]) * (out_[s][i] - ys[s][i]);
        return loss;
    }

    /// <summary>∇L by central differences with step 1e-5 (error ≈ 1e-10 relative for these smooth, O(1) losses).</summary>
    public double[] LossGradient(double[] theta, double[][] xs, double[][] ys, double epsilon)
    {
        const double h = 1e-5;
        var g = new double[theta.Length];
        var t = (double[])theta.Clone();
        for (int i = 0; i < theta.Length; i++)
        {
            t[i] = theta[i] + h;
            double plus = Loss(t, xs, ys, epsilon);
            t[i] = theta[i] - h;
            double minus = Loss(t, xs, ys, epsilon);
            t[i] = theta[i];
            g[i] = (plus - minus) / (2 * h);
        }

        return g;
    }

    /// <summary>Floats per output sample.</summary>
    public int OutputWidth
    {
        get
        {
            int length = InputLength;
            foreach (var l in _layers) length = l.Kind == "conv" ? length - l.Kernel + 1 : l.Kind == "diagonal" ? length : 1;
            return _layers[^1].Outputs * length;
        }
    }
}
