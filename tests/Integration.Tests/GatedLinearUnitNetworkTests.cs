using System;
using System.Linq;
using ConservationCodegen.Internal;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The runtime's gated linear unit block against a forward pass written here with plain loops (W₃(act(W₁x) ⊙ W₂x) + b₃,
/// then a tanh layer), and its gradient against central finite differences of that pass's loss, for every gate the
/// engine analyses.
/// </summary>
public sealed class GatedLinearUnitNetworkTests
{
    private const int Inputs = 3, Hidden = 4, Middle = 3, Outputs = 2, Batch = 5;
    private const int Gate = 0, Up = Hidden * Inputs, Down = 2 * Hidden * Inputs, DownBias = Down + Middle * Hidden;
    private const int Last = DownBias + Middle, LastBias = Last + Outputs * Middle, D = LastBias + Outputs;

    private static LayeredNetwork Network(Activation gate) => new(D, new[]
    {
        NetworkBlock.GatedLinearUnit(Gate, Up, Inputs, Hidden, gate),
        NetworkBlock.Dense(Down, Hidden, Middle, bias: DownBias).WithActivation(Activation.Tanh),
        NetworkBlock.Dense(Last, Middle, Outputs, bias: LastBias),
    });

    private static double Act(Activation kind, double z) => kind switch
    {
        Activation.Swish => z / (1 + Math.Exp(-z)),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Tanh => Math.Tanh(z),
        Activation.Softplus => Math.Log(1 + Math.Exp(z)),
        Activation.Gelu => DenseNetwork.Scalar(Activation.Gelu, 0, z), // GELU's own formula is tested with the dense layers
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static double[] Reference(Activation gate, double[] theta, double[] x)
    {
        var h = new double[Hidden];
        for (int j = 0; j < Hidden; j++)
        {
            double u = 0, v = 0;
            for (int i = 0; i < Inputs; i++)
            {
                u += theta[Gate + j * Inputs + i] * x[i];
                v += theta[Up + j * Inputs + i] * x[i];
            }

            h[j] = Act(gate, u) * v;
        }

        var m = new double[Middle];
        for (int o = 0; o < Middle; o++)
        {
            double z = theta[DownBias + o];
            for (int j = 0; j < Hidden; j++) z += theta[Down + o * Hidden + j] * h[j];
            m[o] = Math.Tanh(z);
        }

        var y = new double[Outputs];
        for (int o = 0; o < Outputs; o++)
        {
            y[o] = theta[LastBias + o];
            for (int j = 0; j < Middle; j++) y[o] += theta[Last + o * Middle + j] * m[j];
        }

        return y;
    }

    private static double ReferenceLoss(Activation gate, double[] theta, double[] x, double[] t)
    {
        double total = 0;
        for (int b = 0; b < Batch; b++)
        {
            var y = Reference(gate, theta, x.Skip(b * Inputs).Take(Inputs).ToArray());
            for (int o = 0; o < Outputs; o++) total += 0.5 * Math.Pow(y[o] - t[b * Outputs + o], 2);
        }

        return total / Batch;
    }

    [Theory]
    [InlineData(Activation.Swish)]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Softplus)]
    public void ForwardAndGradientMatchTheReferenceAndCentralDifferences(Activation gate)
    {
        var theta = TestVectors.Uniform(D, 31, 1);
        var x = TestVectors.Uniform(Batch * Inputs, 32, 1);
        var t = TestVectors.Uniform(Batch * Outputs, 33, 1);
        var net = Network(gate);

        var y = new double[Batch * Outputs];
        net.Forward(theta, x, Batch, y);
        for (int b = 0; b < Batch; b++)
        {
            var expected = Reference(gate, theta, x.Skip(b * Inputs).Take(Inputs).ToArray());
            for (int o = 0; o < Outputs; o++) y[b * Outputs + o].ShouldBe(expected[o], 1e-12);
        }

        var gradient = new double[D];
        double loss = net.LossAndGradient(theta, x, t, Batch, Loss.MeanSquaredError, gradient);
        loss.ShouldBe(ReferenceLoss(gate, theta, x, t), 1e-12);
        const double h = 1e-6;
        for (int i = 0; i < D; i++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (ReferenceLoss(gate, plus, x, t) - ReferenceLoss(gate, minus, x, t)) / (2 * h);
            gradient[i].ShouldBe(fd, 1e-7, $"θ[{i}]");
        }

        // The gate weights get a gradient of their own.
        gradient.Take(Up).Sum(Math.Abs).ShouldBeGreaterThan(1e-3);

        // Single precision: the same pass, rounded.
        var gradientF = new float[D];
        double lossF = net.LossAndGradient(theta.Select(v => (float)v).ToArray(), x.Select(v => (float)v).ToArray(), t.Select(v => (float)v).ToArray(), Batch, Loss.MeanSquaredError, gradientF);
        lossF.ShouldBe(loss, 1e-5);
        for (int i = 0; i < D; i++) ((double)gradientF[i]).ShouldBe(gradient[i], 1e-5);
    }

    [Fact]
    public void BadGateBlocksAreRefused()
    {
        Should.Throw<ArgumentException>(() => new LayeredNetwork(D - 1, new[] { NetworkBlock.GatedLinearUnit(Gate, D - 5, Inputs, Hidden, Activation.Swish) }))
            .Message.ShouldContain("outside θ");
        Should.Throw<ArgumentException>(() => new LayeredNetwork(D, new[] { NetworkBlock.GatedLinearUnit(Gate, Up, Inputs, Hidden, Activation.RePU) }))
            .Message.ShouldContain("gate activation");
        Should.Throw<ArgumentException>(() => new LayeredNetwork(D, new[] { NetworkBlock.GatedLinearUnit(Gate, Up, Inputs, Hidden, Activation.Swish).WithActivation(Activation.ReLU) }))
            .Message.ShouldContain("no bias and no activation");
    }
}
