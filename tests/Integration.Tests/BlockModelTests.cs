using System;
using System.Linq;
using ConservationCodegen.Training;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The generated members of models with convolutions, diagonal layers, skips, RePU and trainable-β Swish units, end to
/// end: every law is orthogonal to the generated loss gradient (B(θ, ∇L) = 0 for a quadratic law), laws equal their
/// definitions written here, the forward pass of a convolution equals a convolution written here, and SGD under the
/// monitor keeps every law up to its exact predicted change.
/// </summary>
public sealed class BlockModelTests
{
    private sealed record Case(IConservationModel Model, int InputWidth, int OutputWidth, Gradient Gradient);

    private delegate double Gradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int batch, Span<double> gradient);

    private static Case Of(string name) => name switch
    {
        nameof(Conv1dNet) => new(new Conv1dNet(), Conv1dNet.InputWidth, Conv1dNet.OutputWidth, (t, x, y, b, g) => Conv1dNet.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g)),
        nameof(Conv2dNet) => new(new Conv2dNet(), Conv2dNet.InputWidth, Conv2dNet.OutputWidth, (t, x, y, b, g) => Conv2dNet.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g)),
        nameof(Hadamard) => new(new Hadamard(), Hadamard.InputWidth, Hadamard.OutputWidth, (t, x, y, b, g) => Hadamard.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g)),
        nameof(ResidualMlp) => new(new ResidualMlp(), ResidualMlp.InputWidth, ResidualMlp.OutputWidth, (t, x, y, b, g) => ResidualMlp.ComputeLossAndGradient(t, x, y, b, Loss.SoftmaxCrossEntropy, g)),
        nameof(RepuNet) => new(new RepuNet(), RepuNet.InputWidth, RepuNet.OutputWidth, (t, x, y, b, g) => RepuNet.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g)),
        _ => new(new SwishBetaNet(), SwishBetaNet.InputWidth, SwishBetaNet.OutputWidth, (t, x, y, b, g) => SwishBetaNet.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g)),
    };

    public static TheoryData<string> Models() => new(nameof(Conv1dNet), nameof(Conv2dNet), nameof(Hadamard), nameof(ResidualMlp), nameof(RepuNet), nameof(SwishBetaNet));

    private static double[] Random(int n, Random rng, double scale = 1) => Enumerable.Range(0, n).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray();

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_law_is_orthogonal_to_the_generated_loss_gradient(string name)
    {
        var c = Of(name);
        var rng = new Random(7);
        int d = c.Model.ParameterCount, batch = 5;
        var theta = Random(d, rng, 0.8);
        var inputs = Random(batch * c.InputWidth, rng);
        var targets = name == nameof(ResidualMlp) ? OneHot(batch, c.OutputWidth, rng) : Random(batch * c.OutputWidth, rng);
        var gradient = new double[d];
        c.Gradient(theta, inputs, targets, batch, gradient);
        gradient.Max(Math.Abs).ShouldBeGreaterThan(1e-3, "a vanishing gradient would make the check empty");
        c.Model.LawCount.ShouldBeGreaterThan(0);

        var along = new double[c.Model.LawCount];
        c.Model.ComputeLawBilinear(theta, gradient, along);
        double scale = Math.Sqrt(theta.Sum(v => v * v) * gradient.Sum(v => v * v));
        for (int i = 0; i < along.Length; i++)
            Math.Abs(along[i]).ShouldBeLessThan(1e-12 * scale + 1e-15, $"{c.Model.LawNames[i]} = {c.Model.LawFormulas[i]}");

        // The check can fail: a gradient changed in one parameter of every layer is not orthogonal to some law.
        var wrong = (double[])gradient.Clone();
        for (int i = 0; i < d; i += 7) wrong[i] += 0.5;
        c.Model.ComputeLawBilinear(theta, wrong, along);
        along.Max(Math.Abs).ShouldBeGreaterThan(1e-3);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Sgd_under_the_monitor_keeps_every_law_up_to_its_predicted_change(string name)
    {
        var c = Of(name);
        var rng = new Random(11);
        int d = c.Model.ParameterCount, batch = 8;
        var theta = Random(d, rng, 0.5);
        var inputs = Random(batch * c.InputWidth, rng);
        var targets = name == nameof(ResidualMlp) ? OneHot(batch, c.OutputWidth, rng) : Random(batch * c.OutputWidth, rng);
        var gradient = new double[d];
        var monitor = new ConservationMonitor(c.Model, new Sgd(0.05));
        double first = c.Gradient(theta, inputs, targets, batch, gradient), last = first;
        for (int step = 0; step < 40; step++)
        {
            last = c.Gradient(theta, inputs, targets, batch, gradient);
            monitor.Step(theta, gradient);
        }

        monitor.ViolationCount.ShouldBe(0, monitor.Summary());
        last.ShouldBeLessThan(first);
    }

    [Fact]
    public void Counts_and_certificates_of_the_block_models()
    {
        // conv → ReLU → conv → ReLU → dense: one law per hidden channel (3 + 4), by the path-incidence theorem.
        Conv1dNet.PolynomialLawCount.ShouldBe(7);
        Conv1dNet.IndependentLawCount.ShouldBe(7);
        Conv1dNet.CountCertificate.ShouldBe("theorem:path-incidence");
        Conv1dNet.LawsAreComplete.ShouldBeTrue();
        // Two balances, the 3 Gram entries over K2's two channels, three balances.
        Conv2dNet.PolynomialLawCount.ShouldBe(8);
        // u_i² − v_i² and v_i² − |W3[:,i]|²: balances only, next to diagonal layers.
        Hadamard.PolynomialLawCount.ShouldBe(8);
        Hadamard.LawsAreComplete.ShouldBeTrue();
        // Four balances inside the residual block, four residual-stream balances.
        ResidualMlp.PolynomialLawCount.ShouldBe(8);
        ResidualMlp.LawNames.Count(n => n.StartsWith("Stream", StringComparison.Ordinal)).ShouldBe(4);
        RepuNet.PolynomialLawCount.ShouldBe(4);
        SwishBetaNet.PolynomialLawCount.ShouldBe(4);
    }

    [Fact]
    public void Laws_equal_their_definitions()
    {
        var rng = new Random(3);
        var hadamard = new Hadamard { U = Random(4, rng), V = Random(4, rng) };
        for (int r = 0; r < 2; r++) for (int c = 0; c < 4; c++) hadamard.W3[r, c] = rng.NextDouble() - 0.5;
        var q = Laws(hadamard);
        for (int i = 0; i < 4; i++)
        {
            q[i].ShouldBe(hadamard.U[i] * hadamard.U[i] - hadamard.V[i] * hadamard.V[i], 1e-14);
            q[4 + i].ShouldBe(hadamard.V[i] * hadamard.V[i] - (hadamard.W3[0, i] * hadamard.W3[0, i] + hadamard.W3[1, i] * hadamard.W3[1, i]), 1e-14);
        }

        var repu = new RepuNet();
        Fill(repu.W1, rng);
        repu.B1 = Random(4, rng);
        Fill(repu.W2, rng);
        q = Laws(repu);
        for (int i = 0; i < 4; i++)
            q[i].ShouldBe(Row(repu.W1, i) + repu.B1[i] * repu.B1[i] - 3 * Column(repu.W2, i), 1e-13);

        var swish = new SwishBetaNet();
        for (int r = 0; r < 4; r++) for (int c = 0; c < 3; c++) swish.W1[r, c] = (float)(rng.NextDouble() - 0.5);
        for (int r = 0; r < 2; r++) for (int c = 0; c < 4; c++) swish.W2[r, c] = (float)(rng.NextDouble() - 0.5);
        for (int i = 0; i < 4; i++) { swish.B1[i] = (float)rng.NextDouble(); swish.Beta1[i] = (float)(1 + rng.NextDouble()); }
        q = Laws(swish);
        for (int i = 0; i < 4; i++)
        {
            double expected = 0;
            for (int c = 0; c < 3; c++) expected += (double)swish.W1[i, c] * swish.W1[i, c];
            expected += (double)swish.B1[i] * swish.B1[i] - (double)swish.Beta1[i] * swish.Beta1[i];
            for (int r = 0; r < 2; r++) expected -= (double)swish.W2[r, i] * swish.W2[r, i];
            q[i].ShouldBe(expected, 1e-12);
        }

        // Conv1dNet: ‖K1[c]‖² + B1[c]² − ‖K2[:, c, :]‖², then ‖K2[c]‖² − ‖W3[:, 3c : 3c + 3]‖².
        var conv = new Conv1dNet();
        Fill(conv.K1, rng);
        Fill(conv.K2, rng);
        Fill(conv.W3, rng);
        conv.B1 = Random(3, rng);
        q = Laws(conv);
        for (int c = 0; c < 3; c++)
        {
            double expected = conv.B1[c] * conv.B1[c];
            for (int i = 0; i < 2; i++) for (int p = 0; p < 3; p++) expected += conv.K1[c, i, p] * conv.K1[c, i, p];
            for (int o = 0; o < 4; o++) for (int p = 0; p < 3; p++) expected -= conv.K2[o, c, p] * conv.K2[o, c, p];
            q[c].ShouldBe(expected, 1e-13);
        }

        for (int c = 0; c < 4; c++)
        {
            double expected = 0;
            for (int i = 0; i < 3; i++) for (int p = 0; p < 3; p++) expected += conv.K2[c, i, p] * conv.K2[c, i, p];
            for (int o = 0; o < 2; o++) for (int s = 0; s < 3; s++) expected -= conv.W3[o, 3 * c + s] * conv.W3[o, 3 * c + s];
            q[3 + c].ShouldBe(expected, 1e-13);
        }
    }

    [Fact]
    public void The_forward_pass_of_a_strided_padded_convolution_equals_a_convolution_written_here()
    {
        var rng = new Random(5);
        var net = new Conv1dNet();
        Fill(net.K1, rng);
        Fill(net.K2, rng);
        Fill(net.W3, rng);
        net.B1 = Random(3, rng);
        net.B3 = Random(2, rng);
        var theta = new double[Conv1dNet.ParameterCount];
        net.CopyParametersTo(theta);
        var x = Random(2 * 7, rng);
        var outputs = new double[2];
        Conv1dNet.Forward(theta, x, 1, outputs);

        // Layer 1: padding 1, stride 1, 7 → 7 positions; layer 2: no padding, stride 2, 7 → 3.
        var h1 = new double[3, 7];
        for (int o = 0; o < 3; o++)
            for (int s = 0; s < 7; s++)
            {
                double z = net.B1[o];
                for (int i = 0; i < 2; i++)
                    for (int p = 0; p < 3; p++)
                    {
                        int at = s + p - 1;
                        if (at >= 0 && at < 7) z += net.K1[o, i, p] * x[i * 7 + at];
                    }

                h1[o, s] = Math.Max(0, z);
            }

        var h2 = new double[4 * 3];
        for (int o = 0; o < 4; o++)
            for (int s = 0; s < 3; s++)
            {
                double z = 0;
                for (int i = 0; i < 3; i++) for (int p = 0; p < 3; p++) z += net.K2[o, i, p] * h1[i, 2 * s + p];
                h2[o * 3 + s] = Math.Max(0, z);
            }

        for (int r = 0; r < 2; r++)
        {
            double y = net.B3[r];
            for (int c = 0; c < 12; c++) y += net.W3[r, c] * h2[c];
            outputs[r].ShouldBe(y, 1e-12);
        }
    }

    private static double[] Laws(IConservationModel model)
    {
        var theta = new double[model.ParameterCount];
        switch (model)
        {
            case Hadamard m: m.CopyParametersTo(theta); break;
            case RepuNet m: m.CopyParametersTo(theta); break;
            case SwishBetaNet m: m.CopyParametersTo(theta); break;
            case Conv1dNet m: m.CopyParametersTo(theta); break;
            default: throw new ArgumentException(model.GetType().Name);
        }

        var q = new double[model.LawCount];
        model.ComputeLaws(theta, q);
        return q;
    }

    private static double Row(double[,] w, int i) => Enumerable.Range(0, w.GetLength(1)).Sum(c => w[i, c] * w[i, c]);

    private static double Column(double[,] w, int i) => Enumerable.Range(0, w.GetLength(0)).Sum(r => w[r, i] * w[r, i]);

    private static void Fill(Array a, Random rng)
    {
        var flat = new double[a.Length];
        for (int i = 0; i < flat.Length; i++) flat[i] = rng.NextDouble() - 0.5;
        Buffer.BlockCopy(flat, 0, a, 0, flat.Length * sizeof(double));
    }

    private static double[] OneHot(int batch, int width, Random rng)
    {
        var t = new double[batch * width];
        for (int b = 0; b < batch; b++) t[b * width + rng.Next(width)] = 1;
        return t;
    }
}
