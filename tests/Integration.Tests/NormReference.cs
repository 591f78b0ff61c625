using System;
using System.Collections.Generic;
using System.Linq;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// A dense network with normalisation written from the definitions (shares no code with the runtime): per layer
/// z = W x + b, then BatchNorm (each unit over the batch), LayerNorm or RMSNorm (each sample over the units) with
/// biased variances and ε inside the square root, then γ ⊙ n + β when the layer has an affine, then the activation
/// (none on the last layer). θ is laid out layer after layer as W [out, in], b, γ, β — the generated layout, written
/// here independently. Loss: the mean over the batch of ½‖y − t‖² or of softmax cross-entropy.
/// </summary>
internal sealed class NormReference
{
    public sealed record Layer(int Inputs, int Outputs, bool Bias, Normalization Norm, bool Scale, bool Shift, Func<double, double> Activation, double Epsilon = 0);

    private readonly Layer[] _layers;

    public NormReference(params Layer[] layers) => _layers = layers;

    public static Func<double, double> ReLU => z => Math.Max(0, z);

    public static Func<double, double> Tanh => Math.Tanh;

    public static Func<double, double> Identity => z => z;

    public int Parameters => _layers.Sum(l => l.Outputs * l.Inputs + (l.Bias ? l.Outputs : 0) + (l.Scale ? l.Outputs : 0) + (l.Shift ? l.Outputs : 0));

    public double[][] Forward(double[] theta, double[][] xs)
    {
        var h = xs.Select(x => (double[])x.Clone()).ToArray();
        int at = 0;
        for (int k = 0; k < _layers.Length; k++)
        {
            var l = _layers[k];
            int w = at, b = w + l.Outputs * l.Inputs, g = b + (l.Bias ? l.Outputs : 0), s = g + (l.Scale ? l.Outputs : 0);
            at = s + (l.Shift ? l.Outputs : 0);
            var z = h.Select(x => Enumerable.Range(0, l.Outputs).Select(o =>
                Enumerable.Range(0, l.Inputs).Sum(i => theta[w + o * l.Inputs + i] * x[i]) + (l.Bias ? theta[b + o] : 0)).ToArray()).ToArray();
            z = l.Norm switch
            {
                Normalization.BatchNorm => BatchNorm(z, l.Epsilon),
                Normalization.LayerNorm => z.Select(row => Standardise(row, l.Epsilon)).ToArray(),
                Normalization.RmsNorm => z.Select(row => row.Select(v => v / Math.Sqrt(row.Sum(u => u * u) / row.Length + l.Epsilon)).ToArray()).ToArray(),
                _ => z,
            };
            if (l.Scale) z = z.Select(row => row.Select((v, o) => theta[g + o] * v + (l.Shift ? theta[s + o] : 0)).ToArray()).ToArray();
            h = k == _layers.Length - 1 ? z : z.Select(row => row.Select(l.Activation).ToArray()).ToArray();
        }

        return h;
    }

    public double Loss(double[] theta, double[][] xs, double[][] targets, Loss loss)
    {
        var y = Forward(theta, xs);
        double total = 0;
        for (int n = 0; n < y.Length; n++)
        {
            if (loss == ConservationCodegen.Loss.MeanSquaredError) total += 0.5 * y[n].Select((v, j) => (v - targets[n][j]) * (v - targets[n][j])).Sum();
            else
            {
                double max = y[n].Max(), log = max + Math.Log(y[n].Sum(v => Math.Exp(v - max)));
                total -= y[n].Select((v, j) => targets[n][j] * (v - log)).Sum();
            }
        }

        return total / y.Length;
    }

    private static double[] Standardise(double[] row, double epsilon)
    {
        double mean = row.Average(), variance = row.Sum(v => (v - mean) * (v - mean)) / row.Length;
        return row.Select(v => (v - mean) / Math.Sqrt(variance + epsilon)).ToArray();
    }

    private static double[][] BatchNorm(double[][] z, double epsilon)
    {
        var result = z.Select(row => new double[row.Length]).ToArray();
        for (int c = 0; c < z[0].Length; c++)
        {
            var column = Standardise(z.Select(row => row[c]).ToArray(), epsilon);
            for (int n = 0; n < z.Length; n++) result[n][c] = column[n];
        }

        return result;
    }

    /// <summary>Samples as rows of a flat array.</summary>
    public static double[][] Rows(double[] flat, int width) => Enumerable.Range(0, flat.Length / width).Select(n => flat.Skip(n * width).Take(width).ToArray()).ToArray();

    /// <summary>The flat array of rows.</summary>
    public static double[] Flat(IEnumerable<double[]> rows) => rows.SelectMany(r => r).ToArray();
}
