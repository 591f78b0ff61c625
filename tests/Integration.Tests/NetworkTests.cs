using System;
using System.Linq;
using MathNet.Numerics;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The generated forward pass and loss gradient against a forward pass written here from the definitions (GELU through
/// MathNet's erf) and central finite differences of the loss, for every activation and both losses.
/// </summary>
public sealed class NetworkTests
{
    private static double[] Random(int n, int seed, double scale = 1) => TestVectors.Uniform(n, seed, scale);

    // (inputs, outputs, activation, slope, bias) per layer of EveryActivation, read from its declaration.
    private static readonly (int In, int Out, Activation Act, double Slope, bool Bias)[] EveryActivationLayers =
    {
        (4, 5, Activation.LeakyReLU, 0.2, true), (5, 5, Activation.Gelu, 0, true), (5, 4, Activation.Tanh, 0, false),
        (4, 3, Activation.Softplus, 0, true), (3, 3, Activation.Sigmoid, 0, false), (3, 3, Activation.Abs, 0, true),
        (3, 2, Activation.ReLU, 0, true), (2, 3, Activation.Identity, 0, false),
    };

    private static double Sigma(Activation a, double slope, double z) => a switch
    {
        Activation.Identity => z,
        Activation.ReLU => Math.Max(0, z),
        Activation.LeakyReLU => z >= 0 ? z : slope * z,
        Activation.Abs => Math.Abs(z),
        Activation.Tanh => Math.Tanh(z),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Gelu => z * 0.5 * (1 + SpecialFunctions.Erf(z / Math.Sqrt(2))),
        Activation.Softplus => Math.Log(1 + Math.Exp(z)),
        _ => throw new NotSupportedException(),
    };

    private static double[] ReferenceForward(double[] theta, double[] x)
    {
        int offset = 0;
        var a = x;
        for (int k = 0; k < EveryActivationLayers.Length; k++)
        {
            var (n, m, act, slope, bias) = EveryActivationLayers[k];
            var z = new double[m];
            for (int r = 0; r < m; r++)
            {
                for (int c = 0; c < n; c++) z[r] += theta[offset + r * n + c] * a[c];
                if (bias) z[r] += theta[offset + n * m + r];
            }

            offset += n * m + (bias ? m : 0);
            a = z.Select(v => Sigma(act, slope, v)).ToArray();
        }

        offset.ShouldBe(EveryActivation.ParameterCount);
        return a;
    }

    [Fact]
    public void ForwardMatchesTheDefinitionOfEveryActivation()
    {
        const int batch = 7;
        var theta = Random(EveryActivation.ParameterCount, 1, 1.2);
        var inputs = Random(batch * EveryActivation.InputWidth, 2, 2);
        var outputs = new double[batch * EveryActivation.OutputWidth];
        EveryActivation.Forward(theta, inputs, batch, outputs);
        for (int b = 0; b < batch; b++)
        {
            var expected = ReferenceForward(theta, inputs.Skip(b * 4).Take(4).ToArray());
            for (int o = 0; o < 3; o++) outputs[b * 3 + o].ShouldBe(expected[o], 1e-13 * (1 + Math.Abs(expected[o])));
        }
    }

    [Theory]
    [InlineData(Loss.MeanSquaredError)]
    [InlineData(Loss.SoftmaxCrossEntropy)]
    public void GradientMatchesCentralFiniteDifferences(Loss loss)
    {
        const int batch = 5;
        var theta = Random(EveryActivation.ParameterCount, 3, 1.2);
        var inputs = Random(batch * EveryActivation.InputWidth, 4, 2);
        var targets = Targets(loss, batch, EveryActivation.OutputWidth, 5);
        var gradient = new double[EveryActivation.ParameterCount];
        double value = EveryActivation.ComputeLossAndGradient(theta, inputs, targets, batch, loss, gradient);
        value.ShouldBe(ReferenceLoss(loss, theta, inputs, targets, batch), 1e-12);

        var scratch = new double[EveryActivation.ParameterCount];
        for (int i = 0; i < theta.Length; i++)
        {
            const double h = 1e-6;
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (EveryActivation.ComputeLossAndGradient(plus, inputs, targets, batch, loss, scratch)
                - EveryActivation.ComputeLossAndGradient(minus, inputs, targets, batch, loss, scratch)) / (2 * h);
            gradient[i].ShouldBe(fd, 1e-7 * (1 + Math.Abs(fd)), $"parameter {i}");
        }
    }

    private static double[] Targets(Loss loss, int batch, int width, int seed)
    {
        var t = Random(batch * width, seed);
        if (loss == Loss.MeanSquaredError) return t;
        // Probability rows (not one-hot), to cover the general case.
        for (int b = 0; b < batch; b++)
        {
            var row = t.AsSpan(b * width, width);
            double sum = 0;
            for (int o = 0; o < width; o++) sum += row[o] = Math.Abs(row[o]) + 0.1;
            for (int o = 0; o < width; o++) row[o] /= sum;
        }

        return t;
    }

    private static double ReferenceLoss(Loss loss, double[] theta, double[] inputs, double[] targets, int batch)
    {
        double total = 0;
        for (int b = 0; b < batch; b++)
        {
            var y = ReferenceForward(theta, inputs.Skip(b * 4).Take(4).ToArray());
            var t = targets.Skip(b * 3).Take(3).ToArray();
            if (loss == Loss.MeanSquaredError) total += 0.5 * y.Zip(t, (p, q) => (p - q) * (p - q)).Sum();
            else
            {
                double logSum = Math.Log(y.Sum(Math.Exp));
                total -= t.Zip(y, (p, q) => p * (q - logSum)).Sum();
            }
        }

        return total / batch;
    }

    [Fact]
    public void MeanSquaredErrorGradientIsHalfTheIndependentBackpropagation()
    {
        // Reference.LossAndGradient is the mean over samples of ‖y − t‖² (no ½), written independently of the runtime.
        var layers = new[] { new TestLayer(6, 10, Activation.ReLU, true), new TestLayer(10, 8, Activation.ReLU, true), new TestLayer(8, 3, Bias: true) };
        const int batch = 9;
        var theta = Random(ReluBias.ParameterCount, 6);
        var inputs = Random(batch * 6, 7);
        var targets = Random(batch * 3, 8);
        var gradient = new double[ReluBias.ParameterCount];
        double loss = ReluBias.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.MeanSquaredError, gradient);
        var expected = new double[gradient.Length];
        double reference = Reference.LossAndGradient(layers, theta,
            Enumerable.Range(0, batch).Select(b => inputs.Skip(b * 6).Take(6).ToArray()).ToArray(),
            Enumerable.Range(0, batch).Select(b => targets.Skip(b * 3).Take(3).ToArray()).ToArray(), expected);
        loss.ShouldBe(reference / 2, 1e-12);
        for (int i = 0; i < gradient.Length; i++) gradient[i].ShouldBe(expected[i] / 2, 1e-12);
    }

    [Fact]
    public void FloatOverloadsRoundTheDoubleResults()
    {
        const int batch = 4;
        var theta = Random(FloatLeaky.ParameterCount, 9, 0.5).Select(v => (float)v).ToArray();
        var inputs = Random(batch * 5, 10).Select(v => (float)v).ToArray();
        var targets = Random(batch * 3, 11).Select(v => (float)v).ToArray();
        var gradient = new float[FloatLeaky.ParameterCount];
        double loss = FloatLeaky.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.MeanSquaredError, gradient);
        var wideGradient = new double[gradient.Length];
        double wideLoss = FloatLeaky.ComputeLossAndGradient(theta.Select(v => (double)v).ToArray(), inputs.Select(v => (double)v).ToArray(),
            targets.Select(v => (double)v).ToArray(), batch, Loss.MeanSquaredError, wideGradient);
        loss.ShouldBe(wideLoss);
        gradient.ShouldBe(wideGradient.Select(v => (float)v).ToArray());

        var outputs = new float[batch * 3];
        FloatLeaky.Forward(theta, inputs, batch, outputs);
        outputs.ShouldAllBe(v => float.IsFinite(v));
    }

    [Fact]
    public void LayoutConstantsNameEveryMembersSliceOfTheta()
    {
        var model = new EveryActivation();
        model.W3[2, 1] = 7;
        model.B6[2] = 9;
        var theta = new double[EveryActivation.ParameterCount];
        model.CopyParametersTo(theta);
        theta[EveryActivation.W3Offset + 2 * 5 + 1].ShouldBe(7);
        theta[EveryActivation.B6Offset + 2].ShouldBe(9);
        EveryActivation.W1Offset.ShouldBe(0);
        EveryActivation.W1Length.ShouldBe(20);
        EveryActivation.B1Offset.ShouldBe(20);
        EveryActivation.W2Offset.ShouldBe(25);
        (EveryActivation.W8Offset + EveryActivation.W8Length).ShouldBe(EveryActivation.ParameterCount);
        theta.Count(v => v != 0).ShouldBe(2);
    }

    [Fact]
    public void WrongShapesAndBatchesFailWithMessagesThatNameThem()
    {
        var model = new FloatLeaky { W1 = new float[5, 16] };
        var error = Should.Throw<ArgumentException>(() => model.CopyParametersTo(new double[FloatLeaky.ParameterCount]));
        error.Message.ShouldContain("W1 must have shape [16, 5]; it has [5, 16]");
        model = new FloatLeaky { W2 = new float[255] };
        Should.Throw<ArgumentException>(() => model.SetParameters(new double[FloatLeaky.ParameterCount])).Message.ShouldContain("W2 must have shape [256]; it has [255]");

        var theta = new double[ReluBias.ParameterCount];
        Should.Throw<ArgumentOutOfRangeException>(() => ReluBias.Forward(theta, new double[6], 0, new double[3]));
        Should.Throw<ArgumentException>(() => ReluBias.Forward(theta, new double[6], 2, new double[6])).Message.ShouldContain("12 inputs");
        Should.Throw<ArgumentException>(() => ReluBias.ComputeLossAndGradient(theta, new double[6], new double[2], 1, Loss.MeanSquaredError, theta))
            .Message.ShouldContain("targets");
    }
}
