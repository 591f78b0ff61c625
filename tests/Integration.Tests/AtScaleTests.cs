using System;
using System.Linq;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The generated code at the sizes users have: a 784-128-10 ReLU network trained for a few steps on random data, with
/// gradients from a backpropagation written here (independent of the generator), and a wide linear pair.
/// </summary>
public sealed class AtScaleTests
{
    private const int Inputs = 784, Hidden = 128, Outputs = 10, Batch = 16;

    [Fact]
    public void MnistMlpIsCertifiedAndEveryLawMovesByExactlyThePredictedDrift()
    {
        MnistMlp.ParameterCount.ShouldBe(101_770);
        MnistMlp.PolynomialLawCount.ShouldBe(128);
        MnistMlp.IndependentLawCount.ShouldBe(128);
        MnistMlp.LawsAreComplete.ShouldBeTrue();
        MnistMlp.LawNames[5].ShouldBe("Hidden1[5]");
        MnistMlp.LawFormulas[5].ShouldBe("|W1[5,:]|^2 + B1[5]^2 - |W2[:,5]|^2");

        var rng = new Random(784);
        var model = new MnistMlp();
        for (int j = 0; j < Hidden; j++)
        {
            for (int i = 0; i < Inputs; i++) model.W1[j, i] = (rng.NextDouble() - 0.5) * 0.1;
            model.B1[j] = (rng.NextDouble() - 0.5) * 0.1;
            for (int o = 0; o < Outputs; o++) model.W2[o, j] = (rng.NextDouble() - 0.5) * 0.3;
        }

        var x = Enumerable.Range(0, Batch * Inputs).Select(_ => rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, Batch * Outputs).Select(_ => rng.NextDouble()).ToArray();
        var theta = new double[MnistMlp.ParameterCount];
        model.CopyParametersTo(theta);
        var laws = new double[MnistMlp.PolynomialLawCount];
        var next = new double[laws.Length];
        var predicted = new double[laws.Length];
        const double eta = 0.05;
        for (int step = 0; step < 5; step++)
        {
            MnistMlp.ComputeConservedQuantities(theta, laws);
            AssertBalances(theta, laws);
            var g = Gradient(theta, x, y);
            MnistMlp.PredictStepDrift(g, eta, predicted);
            for (int k = 0; k < theta.Length; k++) theta[k] -= eta * g[k];
            MnistMlp.ComputeConservedQuantities(theta, next);
            // The drift η²(‖g_in‖² + g_b² − ‖g_out‖²) is far above rounding here, so the comparison has teeth.
            predicted.Max(Math.Abs).ShouldBeGreaterThan(1e-8);
            for (int j = 0; j < laws.Length; j++)
            {
                double observed = next[j] - laws[j];
                Math.Abs(observed - predicted[j]).ShouldBeLessThan(1e-13 * (1 + Math.Abs(laws[j])), $"step {step}, law {MnistMlp.LawNames[j]}");
            }
        }
    }

    [Fact]
    public void MnistMlpPhiJvpAndVjpMatchTheDefinitionAndAllocateNothing()
    {
        // φ of 784-128-10 with biases: per output x, per hidden y, W2[x,y]·(W1[y,·], b1[y]); then b2[x].
        const int perHidden = Inputs + 1, perOutput = Hidden * perHidden + 1;
        MnistMlp.PhiLength.ShouldBe(Outputs * perOutput);
        var rng = new Random(128);
        var theta = Enumerable.Range(0, MnistMlp.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var v = Enumerable.Range(0, MnistMlp.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var w = Enumerable.Range(0, MnistMlp.PhiLength).Select(_ => rng.NextDouble() - 0.5).ToArray();
        int b1 = Hidden * Inputs, w2 = b1 + Hidden, b2 = w2 + Outputs * Hidden;
        var phi = new double[MnistMlp.PhiLength];
        MnistMlp.ComputePhi(theta, phi);
        for (int x = 0; x < Outputs; x++)
        {
            for (int y = 0; y < Hidden; y++)
            {
                double a = theta[w2 + x * Hidden + y];
                for (int z = 0; z < Inputs; z++) phi[x * perOutput + y * perHidden + z].ShouldBe(a * theta[y * Inputs + z]);
                phi[x * perOutput + y * perHidden + Inputs].ShouldBe(a * theta[b1 + y]);
            }

            phi[x * perOutput + Hidden * perHidden].ShouldBe(theta[b2 + x]);
        }

        // JVP against the central difference along v (φ is quadratic here, so it is exact up to rounding), VJP by
        // the adjoint identity ⟨w, Jv⟩ = ⟨Jᵀw, v⟩.
        const double h = 1e-4;
        var plus = new double[phi.Length];
        var minus = new double[phi.Length];
        MnistMlp.ComputePhi(theta.Select((t, j) => t + h * v[j]).ToArray(), plus);
        MnistMlp.ComputePhi(theta.Select((t, j) => t - h * v[j]).ToArray(), minus);
        var jv = new double[phi.Length];
        MnistMlp.JacobianTimes(theta, v, jv);
        double left = 0;
        for (int i = 0; i < phi.Length; i++)
        {
            double difference = (plus[i] - minus[i]) / (2 * h);
            Math.Abs(jv[i] - difference).ShouldBeLessThan(1e-9, $"component {i}");
            left += w[i] * difference;
        }

        var wj = new double[MnistMlp.ParameterCount];
        MnistMlp.JacobianTransposeTimes(theta, w, wj);
        double right = 0;
        for (int j = 0; j < wj.Length; j++) right += wj[j] * v[j];
        Math.Abs(right - left).ShouldBeLessThan(1e-9 * (1 + Math.Abs(left)));

        long before = GC.GetAllocatedBytesForCurrentThread();
        MnistMlp.ComputePhi(theta, phi);
        MnistMlp.JacobianTimes(theta, v, jv);
        MnistMlp.JacobianTransposeTimes(theta, w, wj);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public void WideLinearPairHasEveryGramEntryCertifiedNamedAndConserved()
    {
        // r = 96 hidden, N = 40 + 30 = 70 < r: the 4,656 Gram entries hold N·r − N(N−1)/2 = 4,305 independent laws.
        WideLinearPair.PolynomialLawCount.ShouldBe(96 * 97 / 2);
        WideLinearPair.IndependentLawCount.ShouldBe(70 * 96 - 70 * 69 / 2);
        WideLinearPair.LawsAreComplete.ShouldBeTrue();
        WideLinearPair.LawNames[1].ShouldBe("Hidden1[0,1]");
        WideLinearPair.LawFormulas[1].ShouldBe("<W1[0,:], W1[1,:]> - <W2[:,0], W2[:,1]>");
        WideLinearPair.LawNames[^1].ShouldBe("Hidden1[95,95]");

        var rng = new Random(96);
        var theta = Enumerable.Range(0, WideLinearPair.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var laws = new double[WideLinearPair.PolynomialLawCount];
        WideLinearPair.ComputeConservedQuantities(theta, laws);
        int w2 = 96 * 40;
        foreach (var (i, j) in new[] { (0, 0), (3, 17), (95, 95), (40, 41) })
        {
            double q = 0;
            for (int c = 0; c < 40; c++) q += theta[i * 40 + c] * theta[j * 40 + c];
            for (int r = 0; r < 30; r++) q -= theta[w2 + r * 96 + i] * theta[w2 + r * 96 + j];
            int k = i * 96 - i * (i - 1) / 2 + (j - i);
            WideLinearPair.LawNames[k].ShouldBe($"Hidden1[{i},{j}]");
            Math.Abs(laws[k] - q).ShouldBeLessThan(1e-12);
        }

        // One gradient step of L = ½‖W2 W1 X − Y‖² (gradient written here) moves each law by exactly η² gᵀAg.
        var x = Enumerable.Range(0, 40 * 8).Select(_ => rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 30 * 8).Select(_ => rng.NextDouble()).ToArray();
        var g = LinearPairGradient(theta, x, y, 8);
        var predicted = new double[laws.Length];
        const double eta = 0.01;
        WideLinearPair.PredictStepDrift(g, eta, predicted);
        var stepped = theta.Select((t, k) => t - eta * g[k]).ToArray();
        var after = new double[laws.Length];
        WideLinearPair.ComputeConservedQuantities(stepped, after);
        predicted.Max(Math.Abs).ShouldBeGreaterThan(1e-8);
        for (int k = 0; k < laws.Length; k++) Math.Abs(after[k] - laws[k] - predicted[k]).ShouldBeLessThan(1e-13 * (1 + Math.Abs(laws[k])));
    }

    private static double[] LinearPairGradient(double[] theta, double[] x, double[] y, int batch)
    {
        const int n0 = 40, n1 = 96, n2 = 30;
        int w2 = n1 * n0;
        var g = new double[theta.Length];
        var h = new double[n1];
        var r = new double[n2];
        for (int s = 0; s < batch; s++)
        {
            for (int j = 0; j < n1; j++)
            {
                h[j] = 0;
                for (int i = 0; i < n0; i++) h[j] += theta[j * n0 + i] * x[s * n0 + i];
            }

            for (int o = 0; o < n2; o++)
            {
                double z = 0;
                for (int j = 0; j < n1; j++) z += theta[w2 + o * n1 + j] * h[j];
                r[o] = z - y[s * n2 + o];
                for (int j = 0; j < n1; j++) g[w2 + o * n1 + j] += r[o] * h[j];
            }

            for (int j = 0; j < n1; j++)
            {
                double back = 0;
                for (int o = 0; o < n2; o++) back += theta[w2 + o * n1 + j] * r[o];
                for (int i = 0; i < n0; i++) g[j * n0 + i] += back * x[s * n0 + i];
            }
        }

        return g;
    }

    // ‖W1[j,:]‖² + b1[j]² − ‖W2[:,j]‖², computed here from θ directly.
    private static void AssertBalances(double[] theta, double[] laws)
    {
        int b1 = Hidden * Inputs, w2 = b1 + Hidden;
        for (int j = 0; j < Hidden; j++)
        {
            double q = theta[b1 + j] * theta[b1 + j];
            for (int i = 0; i < Inputs; i++) q += theta[j * Inputs + i] * theta[j * Inputs + i];
            for (int o = 0; o < Outputs; o++) q -= theta[w2 + o * Hidden + j] * theta[w2 + o * Hidden + j];
            Math.Abs(laws[j] - q).ShouldBeLessThan(1e-12 * (1 + Math.Abs(q)));
        }
    }

    // Mean squared error ½‖W2 relu(W1 x + b1) + b2 − y‖² over the batch, and its gradient by backpropagation.
    private static double[] Gradient(double[] theta, double[] x, double[] y)
    {
        int b1 = Hidden * Inputs, w2 = b1 + Hidden, b2 = w2 + Outputs * Hidden;
        var g = new double[theta.Length];
        var h = new double[Hidden];
        var delta = new double[Outputs];
        for (int s = 0; s < Batch; s++)
        {
            for (int j = 0; j < Hidden; j++)
            {
                double z = theta[b1 + j];
                for (int i = 0; i < Inputs; i++) z += theta[j * Inputs + i] * x[s * Inputs + i];
                h[j] = Math.Max(0, z);
            }

            for (int o = 0; o < Outputs; o++)
            {
                double z = theta[b2 + o];
                for (int j = 0; j < Hidden; j++) z += theta[w2 + o * Hidden + j] * h[j];
                delta[o] = (z - y[s * Outputs + o]) / Batch;
                g[b2 + o] += delta[o];
                for (int j = 0; j < Hidden; j++) g[w2 + o * Hidden + j] += delta[o] * h[j];
            }

            for (int j = 0; j < Hidden; j++)
            {
                if (h[j] <= 0) continue;
                double back = 0;
                for (int o = 0; o < Outputs; o++) back += theta[w2 + o * Hidden + j] * delta[o];
                g[b1 + j] += back;
                for (int i = 0; i < Inputs; i++) g[j * Inputs + i] += back * x[s * Inputs + i];
            }
        }

        return g;
    }
}
