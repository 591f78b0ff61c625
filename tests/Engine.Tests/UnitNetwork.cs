using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// A dense network with RePU, Power, Swish-β and ReLU-type activations, written independently of the engine (test side):
/// its own θ layout (per layer: weights row-major [outputs, inputs], then the bias, then β), its own forward pass in
/// double precision, an MSE loss and its gradient by central finite differences.
/// </summary>
internal sealed class UnitNetwork
{
    public UnitNetwork(int[] widths, string[] activations, bool bias)
    {
        Widths = widths;
        Activations = activations;
        Bias = bias;
        int offset = 0;
        for (int k = 0; k + 1 < widths.Length; k++)
        {
            WeightOffset.Add(offset);
            offset += widths[k] * widths[k + 1];
            BiasOffset.Add(bias ? offset : -1);
            if (bias) offset += widths[k + 1];
            bool beta = k < activations.Length && activations[k] == "swish-beta";
            BetaOffset.Add(beta ? offset : -1);
            if (beta) offset += widths[k + 1];
        }

        Parameters = offset;
    }

    public int[] Widths { get; }

    /// <summary>Per hidden layer: "repu:K", "power:K", "swish-beta", "relu", "abs" or "linear".</summary>
    public string[] Activations { get; }

    public bool Bias { get; }

    public List<int> WeightOffset { get; } = new();

    public List<int> BiasOffset { get; } = new();

    public List<int> BetaOffset { get; } = new();

    public int Parameters { get; }

    /// <summary>The same network as the engine's model description.</summary>
    public ModelDescription Model()
    {
        var layers = new List<BlockSpec>();
        for (int k = 0; k + 1 < Widths.Length; k++)
        {
            var kind = ActivationKind.Identity;
            int degree = 1;
            string? beta = null;
            if (k < Activations.Length)
            {
                var parts = Activations[k].Split(':');
                switch (parts[0])
                {
                    case "repu": kind = ActivationKind.RePU; degree = int.Parse(parts[1]); break;
                    case "power": kind = ActivationKind.Power; degree = int.Parse(parts[1]); break;
                    case "swish-beta": kind = ActivationKind.Swish; beta = ""; break;
                    case "relu": kind = ActivationKind.ReLU; break;
                    case "abs": kind = ActivationKind.Abs; break;
                }
            }

            layers.Add(new LayerSpec(Widths[k], Widths[k + 1], kind, Bias) { ActivationDegree = degree, BetaName = beta });
        }

        return new ModelDescription(layers);
    }

    public double W(double[] theta, int layer, int r, int c) => theta[WeightOffset[layer] + r * Widths[layer] + c];

    public double[] Forward(double[] theta, double[] x)
    {
        var a = x;
        for (int k = 0; k + 1 < Widths.Length; k++)
        {
            var z = new double[Widths[k + 1]];
            for (int r = 0; r < z.Length; r++)
            {
                double s = Bias ? theta[BiasOffset[k] + r] : 0;
                for (int c = 0; c < a.Length; c++) s += W(theta, k, r, c) * a[c];
                z[r] = k < Activations.Length ? Activate(Activations[k], s, BetaOffset[k] >= 0 ? theta[BetaOffset[k] + r] : 0) : s;
            }

            a = z;
        }

        return a;
    }

    private static double Activate(string name, double z, double beta)
    {
        var parts = name.Split(':');
        return parts[0] switch
        {
            "repu" => Math.Pow(Math.Max(0, z), int.Parse(parts[1])),
            "power" => Math.Pow(z, int.Parse(parts[1])),
            "swish-beta" => z / (1 + Math.Exp(-beta * z)),
            "relu" => Math.Max(0, z),
            "abs" => Math.Abs(z),
            _ => z,
        };
    }

    /// <summary>½ Σ_n ‖F(θ; x_n) − y_n‖².</summary>
    public double Loss(double[] theta, double[][] xs, double[][] ys)
    {
        double loss = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            var f = Forward(theta, xs[n]);
            for (int o = 0; o < f.Length; o++) loss += 0.5 * (f[o] - ys[n][o]) * (f[o] - ys[n][o]);
        }

        return loss;
    }

    /// <summary>∇Loss by central differences.</summary>
    public double[] LossGradient(double[] theta, double[][] xs, double[][] ys, double step = 1e-5)
    {
        var g = new double[theta.Length];
        var t = (double[])theta.Clone();
        for (int i = 0; i < theta.Length; i++)
        {
            t[i] = theta[i] + step;
            double up = Loss(t, xs, ys);
            t[i] = theta[i] - step;
            double down = Loss(t, xs, ys);
            t[i] = theta[i];
            g[i] = (up - down) / (2 * step);
        }

        return g;
    }

    /// <summary>The closed form of unit j's law at hidden level k: ‖W_k[j,:]‖² + b_k[j]² − deg·‖W_{k+1}[:,j]‖² − β_k[j]².</summary>
    public double Balance(double[] theta, int k, int j, int degree)
    {
        double h = 0;
        for (int c = 0; c < Widths[k]; c++) h += W(theta, k, j, c) * W(theta, k, j, c);
        if (Bias) h += theta[BiasOffset[k] + j] * theta[BiasOffset[k] + j];
        for (int r = 0; r < Widths[k + 2]; r++) h -= degree * W(theta, k + 1, r, j) * W(theta, k + 1, r, j);
        if (BetaOffset[k] >= 0) h -= theta[BetaOffset[k] + j] * theta[BetaOffset[k] + j];
        return h;
    }

    /// <summary>The degree k of a hidden level's activation (1 for ReLU-type, Swish-β and identity).</summary>
    public int Degree(int k) => Activations[k].Contains(':') ? int.Parse(Activations[k].Split(':')[1]) : 1;

    public static double[][] RandomRows(Random rng, int count, int width, double scale = 1) =>
        Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, width).Select(_ => (rng.NextDouble() * 2 - 1) * scale).ToArray()).ToArray();
}
