using System;
using System.Collections.Generic;
using System.Linq;

namespace ConservationCodegen.Integration.Tests;

/// <summary>One dense layer as the tests see it; θ layout: weights row-major [outputs, inputs], then bias.</summary>
public sealed record TestLayer(int Inputs, int Outputs, Activation Activation = Activation.Identity, bool Bias = false);

/// <summary>
/// Independent references written from the definitions: a plain forward/backward pass with MSE loss, and φ by
/// enumerating every full path of a segment and summing the paths that share the neurons φ distinguishes.
/// </summary>
public static class Reference
{
    public const double LeakySlope = 0.1;

    private static bool Homogeneous(Activation a) => a is Activation.Identity or Activation.ReLU or Activation.LeakyReLU or Activation.Abs;

    private static int[] Offsets(TestLayer[] layers)
    {
        var o = new int[layers.Length + 1];
        for (int k = 0; k < layers.Length; k++) o[k + 1] = o[k] + layers[k].Inputs * layers[k].Outputs + (layers[k].Bias ? layers[k].Outputs : 0);
        return o;
    }

    private static double Act(Activation a, double z) => a switch
    {
        Activation.ReLU => Math.Max(0, z),
        Activation.LeakyReLU => z > 0 ? z : LeakySlope * z,
        Activation.Abs => Math.Abs(z),
        Activation.Tanh => Math.Tanh(z),
        Activation.Identity => z,
        _ => throw new NotSupportedException(a.ToString()),
    };

    private static double ActDerivative(Activation a, double z) => a switch
    {
        Activation.ReLU => z > 0 ? 1 : 0,
        Activation.LeakyReLU => z > 0 ? 1 : LeakySlope,
        Activation.Abs => Math.Sign(z),
        Activation.Tanh => 1 - Math.Tanh(z) * Math.Tanh(z),
        Activation.Identity => 1,
        _ => throw new NotSupportedException(a.ToString()),
    };

    /// <summary>
    /// The hidden-layer Gram entry (docs/certificates.md §2) after layer k (0-based):
    /// (W_k W_kᵀ + b_k b_kᵀ − W_{k+1}ᵀ W_{k+1})[i, j], straight from the definition.
    /// </summary>
    public static double Gram(TestLayer[] layers, double[] theta, int k, int i, int j)
    {
        var o = Offsets(layers);
        var inLayer = layers[k];
        var outLayer = layers[k + 1];
        double q = 0;
        for (int c = 0; c < inLayer.Inputs; c++) q += theta[o[k] + i * inLayer.Inputs + c] * theta[o[k] + j * inLayer.Inputs + c];
        int bias = o[k] + inLayer.Inputs * inLayer.Outputs;
        if (inLayer.Bias) q += theta[bias + i] * theta[bias + j];
        for (int l = 0; l < outLayer.Outputs; l++) q -= theta[o[k + 1] + l * outLayer.Inputs + i] * theta[o[k + 1] + l * outLayer.Inputs + j];
        return q;
    }

    /// <summary>Mean squared error over the data and its gradient with respect to θ (backpropagation).</summary>
    public static double LossAndGradient(TestLayer[] layers, ReadOnlySpan<double> theta, double[][] xs, double[][] ys, Span<double> gradient)
    {
        var offsets = Offsets(layers);
        gradient.Clear();
        double loss = 0;
        for (int s = 0; s < xs.Length; s++)
        {
            var activations = new List<double[]> { xs[s] };
            var pre = new List<double[]>();
            for (int k = 0; k < layers.Length; k++)
            {
                var l = layers[k];
                var z = new double[l.Outputs];
                for (int r = 0; r < l.Outputs; r++)
                {
                    double sum = l.Bias ? theta[offsets[k] + l.Inputs * l.Outputs + r] : 0;
                    for (int c = 0; c < l.Inputs; c++) sum += theta[offsets[k] + r * l.Inputs + c] * activations[k][c];
                    z[r] = sum;
                }

                pre.Add(z);
                var act = k == layers.Length - 1 ? Activation.Identity : l.Activation;
                activations.Add(z.Select(v => Act(act, v)).ToArray());
            }

            var delta = activations[^1].Zip(ys[s], (o, y) => o - y).ToArray();
            loss += delta.Sum(d => d * d) / xs.Length;
            for (int i = 0; i < delta.Length; i++) delta[i] *= 2.0 / xs.Length;
            for (int k = layers.Length - 1; k >= 0; k--)
            {
                var l = layers[k];
                var act = k == layers.Length - 1 ? Activation.Identity : l.Activation;
                for (int r = 0; r < l.Outputs; r++) delta[r] *= ActDerivative(act, pre[k][r]);
                var previous = new double[l.Inputs];
                for (int r = 0; r < l.Outputs; r++)
                {
                    for (int c = 0; c < l.Inputs; c++)
                    {
                        gradient[offsets[k] + r * l.Inputs + c] += delta[r] * activations[k][c];
                        previous[c] += theta[offsets[k] + r * l.Inputs + c] * delta[r];
                    }

                    if (l.Bias) gradient[offsets[k] + l.Inputs * l.Outputs + r] += delta[r];
                }

                delta = previous;
            }
        }

        return loss;
    }

    /// <summary>φ from its definition, components in the documented order.</summary>
    public static double[] Phi(TestLayer[] layers, double[] theta)
    {
        var offsets = Offsets(layers);
        var result = new List<double>();
        int first = 0;
        for (int k = 0; k < layers.Length; k++)
        {
            if (k < layers.Length - 1 && Homogeneous(layers[k].Activation)) continue;
            result.AddRange(Segment(layers, offsets, theta, first, k));
            first = k + 1;
        }

        return result.ToArray();
    }

    // Key of a path: output neuron, then backwards the boundary neuron before each linear run, or the code
    // "bias of this run" (= width, so it sorts last) where the path starts at a bias inside the run.
    private static IEnumerable<double> Segment(TestLayer[] layers, int[] offsets, double[] theta, int first, int last)
    {
        bool Gate(int k) => k < last && layers[k].Activation != Activation.Identity;
        var sums = new SortedDictionary<int[], double>(Comparer<int[]>.Create(Lexicographic));

        void Walk(int k, int neuron, double product, List<int> boundaries)
        {
            // neuron is an input of layer k (or k > last: a segment output).
            if (k > last)
            {
                var key = new List<int> { neuron };
                for (int i = boundaries.Count - 1; i >= 0; i--) key.Add(boundaries[i]);
                sums[key.ToArray()] = sums.GetValueOrDefault(key.ToArray()) + product;
                return;
            }

            var l = layers[k];
            for (int r = 0; r < l.Outputs; r++)
            {
                double p = product * theta[offsets[k] + r * l.Inputs + neuron];
                if (Gate(k)) Walk(k + 1, r, p, new List<int>(boundaries) { r });
                else Walk(k + 1, r, p, boundaries);
            }
        }

        for (int i = 0; i < layers[first].Inputs; i++) Walk(first, i, 1, new List<int> { i });
        for (int k = first; k <= last; k++)
        {
            if (!layers[k].Bias) continue;
            // The run containing layer k starts after the previous gate; its input width is the bias code.
            int runStart = k;
            while (runStart > first && !Gate(runStart - 1)) runStart--;
            int code = layers[runStart].Inputs;
            for (int r = 0; r < layers[k].Outputs; r++)
            {
                double b = theta[offsets[k] + layers[k].Inputs * layers[k].Outputs + r];
                var boundaries = new List<int> { code };
                if (Gate(k)) Walk(k + 1, r, b, new List<int>(boundaries) { r });
                else Walk(k + 1, r, b, boundaries);
            }
        }

        return sums.Values;
    }

    private static int Lexicographic(int[] x, int[] y)
    {
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return x[i].CompareTo(y[i]);
        return x.Length.CompareTo(y.Length);
    }
}
