using System;
using System.Linq;
using ConservationCodegen.Internal;
using Shouldly;
using Xunit;
using B = ConservationCodegen.Integration.Tests.ReferenceNetwork.Block;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The runtime's <see cref="LayeredNetwork"/> against hand-computed convolutions, against <see cref="ReferenceNetwork"/>
/// (explicit loops over positions, stride and padding) and against central finite differences of that reference's loss.
/// </summary>
public sealed class LayeredNetworkTests
{
    private static double[] Random(int n, int seed, double scale = 1) => TestVectors.Uniform(n, seed, scale);

    // Models covering every block kind, stride, padding, residual connection and activation option.
    public static TheoryData<string> Models() => new(Architectures.Keys.ToArray());

    private static readonly System.Collections.Generic.Dictionary<string, ReferenceNetwork> Architectures = new()
    {
        ["conv1d strides 2, padding, then dense"] = new(
            new B("conv1d", 2, 4, Width: 5, KernelWidth: 3, Stride: 2, Padding: 1, Bias: true, Act: Activation.ReLU),
            new B("conv1d", 4, 2, Width: 3, KernelWidth: 2, Stride: 2, Padding: 1, Act: Activation.LeakyReLU, Slope: 0.1),
            new B("dense", 4, 3, Bias: true)),
        ["conv2d stride 2, padding, Swish β, then dense"] = new(
            new B("conv2d", 2, 3, Height: 5, Width: 4, KernelHeight: 3, KernelWidth: 2, Stride: 2, Padding: 1, Bias: true, Act: Activation.Tanh),
            new B("conv2d", 3, 2, Height: 3, Width: 3, KernelHeight: 2, KernelWidth: 2, Padding: 1, Act: Activation.Swish, Beta: true),
            new B("dense", 32, 2, Bias: true)),
        ["residual conv blocks"] = new(
            new B("conv2d", 2, 5, Height: 4, Width: 4, KernelHeight: 3, KernelWidth: 3, Padding: 1, Bias: true, Act: Activation.ReLU),
            new B("conv2d", 5, 5, Height: 4, Width: 4, KernelHeight: 3, KernelWidth: 3, Padding: 1, Bias: true, Act: Activation.ReLU),
            new B("conv2d", 5, 5, Height: 4, Width: 4, KernelHeight: 3, KernelWidth: 3, Padding: 1, Bias: true, Act: Activation.ReLU, Residual: 1),
            new B("dense", 80, 2)),
        ["RePU, diagonal Power, Swish β, residuals"] = new(
            new B("dense", 4, 5, Bias: true, Act: Activation.RePU, Degree: 3),
            new B("diagonal", 5, 5, Bias: true, Act: Activation.Power, Degree: 2),
            new B("dense", 5, 5, Act: Activation.Swish, Beta: true, Residual: 1),
            new B("dense", 5, 5, Bias: true, Act: Activation.Sigmoid, Residual: 3),
            new B("dense", 5, 3, Bias: true)),
        ["skip from the input, odd Power, fixed Swish"] = new(
            new B("dense", 3, 4, Bias: true, Act: Activation.Power, Degree: 3),
            new B("dense", 4, 3, Act: Activation.Gelu, Residual: 0),
            new B("diagonal", 3, 3, Act: Activation.Swish),
            new B("dense", 3, 3, Bias: true, Residual: 2)),
    };

    [Fact]
    public void Conv1dMatchesHandComputedValues()
    {
        // x = [1, 2, 3, 4], K = [1, 0, −1], padding 1: the padded row 0 1 2 3 4 0 gives −2 −2 −2 3 (+ bias 0.5).
        double[] theta = { 1, 0, -1, 0.5 }, x = { 1, 2, 3, 4 };
        var outputs = new double[4];
        new LayeredNetwork(4, new[] { NetworkBlock.Conv1d(0, 1, 1, 4, 3, padding: 1, bias: 3) }).Forward(theta, x, 1, outputs);
        outputs.ShouldBe(new[] { -1.5, -1.5, -1.5, 3.5 });

        // Stride 2 keeps positions 0 and 2 of the padded row: −2, −2.
        var strided = new double[2];
        new LayeredNetwork(3, new[] { NetworkBlock.Conv1d(0, 1, 1, 4, 3, stride: 2, padding: 1) }).Forward(theta, x, 1, strided);
        strided.ShouldBe(new[] { -2.0, -2.0 });
    }

    [Fact]
    public void Conv2dMatchesHandComputedValues()
    {
        // x = 1…9 as 3×3, K = [[1, 2], [3, 4]]: 1+4+12+20 = 37, 47, 67, 77.
        double[] theta = { 1, 2, 3, 4 }, x = Enumerable.Range(1, 9).Select(v => (double)v).ToArray();
        var outputs = new double[4];
        new LayeredNetwork(4, new[] { NetworkBlock.Conv2d(0, 1, 1, 3, 3, 2, 2) }).Forward(theta, x, 1, outputs);
        outputs.ShouldBe(new[] { 37.0, 47, 67, 77 });

        // Stride 2, padding 1: windows at rows/columns −1 and 1: 1·4 = 4; 2·3 + 3·4 = 18; 4·2 + 7·4 = 36; 5 + 12 + 24 + 36 = 77.
        new LayeredNetwork(4, new[] { NetworkBlock.Conv2d(0, 1, 1, 3, 3, 2, 2, stride: 2, padding: 1) }).Forward(theta, x, 1, outputs);
        outputs.ShouldBe(new[] { 4.0, 18, 36, 77 });
    }

    [Fact]
    public void TwoChannelConvolutionMatchesHandComputedValues()
    {
        // Two input channels [1, 2] and [3, 4], kernel size 1, two output channels: K[0] = (1, 10), K[1] = (−1, 2), biases 0.5, 0.
        double[] theta = { 1, 10, -1, 2, 0.5, 0 }, x = { 1, 2, 3, 4 };
        var outputs = new double[4];
        new LayeredNetwork(6, new[] { NetworkBlock.Conv1d(0, 2, 2, 2, 1, bias: 4) }).Forward(theta, x, 1, outputs);
        outputs.ShouldBe(new[] { 31.5, 42.5, 5, 6 }); // channel-major: [1 + 30, 2 + 40] + 0.5, [−1 + 6, −2 + 8]
    }

    [Fact]
    public void DiagonalAndResidualMatchHandComputedValues()
    {
        // u = (2, −1), b = (0.5, 0): u ⊙ x + b = (6.5, −4); the residual adds x = (3, 4) back: (9.5, 0).
        double[] theta = { 2, -1, 0.5, 0 }, x = { 3, 4 };
        var outputs = new double[2];
        new LayeredNetwork(4, new[] { NetworkBlock.Diagonal(0, 2, 2) }).Forward(theta, x, 1, outputs);
        outputs.ShouldBe(new[] { 6.5, -4 });
        new LayeredNetwork(4, new[] { NetworkBlock.Diagonal(0, 2, 2).WithResidualFrom(0) }).Forward(theta, x, 1, outputs);
        outputs.ShouldBe(new[] { 9.5, 0 });
    }

    [Fact]
    public void ChannelDiagonalScalesAndShiftsEveryPositionOfItsChannel()
    {
        // u = (2, −1), b = (0.5, 0) over 2 channels × 3 positions: channel c of each sample is u_c·x + b_c.
        double[] theta = { 2, -1, 0.5, 0 }, x = { 1, 2, 3, 4, 5, 6, 0, 0, 0, 1, 1, 1 };
        var network = new LayeredNetwork(4, new[] { NetworkBlock.ChannelDiagonal(0, 2, 3, bias: 2) });
        (network.InputWidth, network.OutputWidth).ShouldBe((6, 6));
        var outputs = new double[12];
        network.Forward(theta, x, 2, outputs);
        outputs.ShouldBe(new[] { 2.5, 4.5, 6.5, -4, -5, -6, 0.5, 0.5, 0.5, -1, -1, -1 });

        // ½‖y‖² of the first sample: ∂u_c = Σ_p x[c, p]·y[c, p], ∂b_c = Σ_p y[c, p].
        var gradient = new double[4];
        network.LossAndGradient(theta, x, new double[6], 1, Loss.MeanSquaredError, gradient).ShouldBe(0.5 * (2.5 * 2.5 + 4.5 * 4.5 + 6.5 * 6.5 + 16 + 25 + 36), 1e-12);
        gradient.ShouldBe(new[] { 1 * 2.5 + 2 * 4.5 + 3 * 6.5, 4 * -4.0 + 5 * -5.0 + 6 * -6.0, 2.5 + 4.5 + 6.5, -15 });

        // After a convolution it reads the convolution's channels × positions; other sizes are refused by name.
        var conv = NetworkBlock.Conv1d(0, 1, 2, 4, 2);
        _ = new LayeredNetwork(8, new[] { conv, NetworkBlock.ChannelDiagonal(4, 2, 3, bias: 6) });
        Should.Throw<ArgumentException>(() => new LayeredNetwork(8, new[] { conv, NetworkBlock.ChannelDiagonal(4, 2, 4, bias: 6) }))
            .Message.ShouldContain("Block 1 reads 8 values per sample but block 0 outputs 6");
    }

    [Fact]
    public void NewActivationsMatchTheirFormulas()
    {
        // One unit z = 1·x per block, then the activation, then an identity read-out: σ(x) itself.
        double[] theta = { 1, 1, 0.7 };
        foreach (double x in new[] { -1.5, -0.25, 0.4, 2 })
        {
            var y = new double[1];
            double Run(NetworkBlock first) { new LayeredNetwork(3, new[] { first, NetworkBlock.Dense(1, 1, 1) }).Forward(theta, new[] { x }, 1, y); return y[0]; }
            Run(NetworkBlock.Dense(0, 1, 1).WithActivation(Activation.RePU, degree: 3)).ShouldBe(x > 0 ? x * x * x : 0, 1e-15);
            Run(NetworkBlock.Dense(0, 1, 1).WithActivation(Activation.Power, degree: 3)).ShouldBe(x * x * x, 1e-15);
            Run(NetworkBlock.Dense(0, 1, 1).WithActivation(Activation.Power, degree: 2)).ShouldBe(x * x, 1e-15);
            Run(NetworkBlock.Dense(0, 1, 1).WithActivation(Activation.Swish)).ShouldBe(x / (1 + Math.Exp(-x)), 1e-15);
            Run(NetworkBlock.Dense(0, 1, 1).WithActivation(Activation.Swish, beta: 2)).ShouldBe(x / (1 + Math.Exp(-0.7 * x)), 1e-15);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ForwardMatchesTheReference(string name)
    {
        var model = Architectures[name];
        const int batch = 5;
        var theta = Random(model.ParameterCount, 1);
        var inputs = Random(batch * model.InputWidth, 2, 1.5);
        var outputs = new double[batch * model.OutputWidth];
        var network = model.Network();
        network.InputWidth.ShouldBe(model.InputWidth);
        network.OutputWidth.ShouldBe(model.OutputWidth);
        network.Forward(theta, inputs, batch, outputs);
        for (int s = 0; s < batch; s++)
        {
            var expected = model.Forward(theta, inputs.Skip(s * model.InputWidth).Take(model.InputWidth).ToArray());
            for (int o = 0; o < expected.Length; o++)
                outputs[s * model.OutputWidth + o].ShouldBe(expected[o], 1e-12 * (1 + Math.Abs(expected[o])), $"sample {s}, output {o}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void GradientMatchesCentralFiniteDifferencesOfTheReference(string name)
    {
        var model = Architectures[name];
        var network = model.Network();
        const int batch = 5; // odd, so the unfolded columns leave vector tails
        foreach (var loss in new[] { Loss.MeanSquaredError, Loss.SoftmaxCrossEntropy })
        {
            var theta = Random(model.ParameterCount, 3, 0.8);
            var inputs = Random(batch * model.InputWidth, 4, 1.5);
            var targets = Targets(loss, batch, model.OutputWidth, 5);
            var gradient = new double[model.ParameterCount];
            double value = network.LossAndGradient(theta, inputs, targets, batch, loss, gradient);
            value.ShouldBe(model.Loss(theta, inputs, targets, batch, loss), 1e-11 * (1 + Math.Abs(value)));
            for (int i = 0; i < theta.Length; i++)
            {
                double fd = Difference(model, theta, i, inputs, targets, batch, loss);
                gradient[i].ShouldBe(fd, 2e-7 * (1 + Math.Abs(fd)), $"{loss}, parameter {i}");
            }
        }
    }

    [Fact]
    public void TrainableBetaGetsItsGradient()
    {
        // The β entries' gradients are not zero here, so the finite-difference test above checks a real derivative.
        var model = Architectures["RePU, diagonal Power, Swish β, residuals"];
        var theta = Random(model.ParameterCount, 3, 0.8);
        var inputs = Random(4 * model.InputWidth, 4, 1.5);
        var targets = Targets(Loss.MeanSquaredError, 4, model.OutputWidth, 5);
        var gradient = new double[model.ParameterCount];
        model.Network().LossAndGradient(theta, inputs, targets, 4, Loss.MeanSquaredError, gradient);
        int beta = model.BetaOffset(2);
        beta.ShouldBeGreaterThan(0);
        for (int u = 0; u < 5; u++)
        {
            gradient[beta + u].ShouldNotBe(0);
            gradient[beta + u].ShouldBe(Difference(model, theta, beta + u, inputs, targets, 4, Loss.MeanSquaredError), 1e-7);
        }
    }

    [Fact]
    public void BatchesSplitIntoGroupsAgreeWithTheReference()
    {
        // 8 channels × 9 taps × 1,024 positions per sample: the unfolded input holds 3 samples at a time, so 7 samples
        // run as groups of 3, 3 and 1.
        var model = new ReferenceNetwork(
            new B("conv2d", 8, 4, Height: 32, Width: 32, KernelHeight: 3, KernelWidth: 3, Padding: 1, Bias: true, Act: Activation.Tanh),
            new B("conv2d", 4, 2, Height: 32, Width: 32, KernelHeight: 2, KernelWidth: 2, Stride: 2),
            new B("dense", 512, 2, Bias: true));
        const int batch = 7;
        var network = model.Network();
        var theta = Random(model.ParameterCount, 6, 0.3);
        var inputs = Random(batch * model.InputWidth, 7);
        var targets = Random(batch * 2, 8);
        var outputs = new double[batch * 2];
        network.Forward(theta, inputs, batch, outputs);
        for (int s = 0; s < batch; s++)
        {
            var expected = model.Forward(theta, inputs.Skip(s * model.InputWidth).Take(model.InputWidth).ToArray());
            outputs[2 * s].ShouldBe(expected[0], 1e-11 * (1 + Math.Abs(expected[0])));
            outputs[2 * s + 1].ShouldBe(expected[1], 1e-11 * (1 + Math.Abs(expected[1])));
        }

        var gradient = new double[model.ParameterCount];
        network.LossAndGradient(theta, inputs, targets, batch, Loss.MeanSquaredError, gradient);
        // Kernel entries of both convolutions, their biases and the dense layer.
        foreach (int i in new[] { 0, 5, 71, 287, 288, 290, 292, 300, 419, 420, 600, model.ParameterCount - 1 })
        {
            double fd = Difference(model, theta, i, inputs, targets, batch, Loss.MeanSquaredError);
            gradient[i].ShouldBe(fd, 1e-7 * (1 + Math.Abs(fd)), $"parameter {i}");
        }
    }

    [Fact]
    public void FloatEntryPointsRoundTheDoubleResults()
    {
        var model = Architectures["conv2d stride 2, padding, Swish β, then dense"];
        var network = model.Network();
        const int batch = 3;
        var theta = Random(model.ParameterCount, 9, 0.5).Select(v => (float)v).ToArray();
        var inputs = Random(batch * model.InputWidth, 10).Select(v => (float)v).ToArray();
        var targets = Random(batch * model.OutputWidth, 11).Select(v => (float)v).ToArray();
        double[] Wide(float[] v) => v.Select(e => (double)e).ToArray();

        var gradient = new float[model.ParameterCount];
        var wideGradient = new double[model.ParameterCount];
        double loss = network.LossAndGradient(theta, inputs, targets, batch, Loss.MeanSquaredError, gradient);
        double wideLoss = network.LossAndGradient(Wide(theta), Wide(inputs), Wide(targets), batch, Loss.MeanSquaredError, wideGradient);
        loss.ShouldBe(wideLoss);
        gradient.ShouldBe(wideGradient.Select(v => (float)v).ToArray());

        var outputs = new float[batch * model.OutputWidth];
        var wideOutputs = new double[outputs.Length];
        network.Forward(theta, inputs, batch, outputs);
        network.Forward(Wide(theta), Wide(inputs), batch, wideOutputs);
        outputs.ShouldBe(wideOutputs.Select(v => (float)v).ToArray());
    }

    [Fact]
    public void InconsistentBlocksAreRefusedWithMessagesThatNameThem()
    {
        Should.Throw<ArgumentException>(() => new LayeredNetwork(100, new[] { NetworkBlock.Dense(0, 4, 3), NetworkBlock.Dense(12, 4, 2) }))
            .Message.ShouldContain("Block 1 reads 4 values per sample but block 0 outputs 3");
        Should.Throw<ArgumentException>(() => new LayeredNetwork(10, new[] { NetworkBlock.Dense(0, 4, 3) }))
            .Message.ShouldContain("outside θ of length 10");
        Should.Throw<ArgumentException>(() => new LayeredNetwork(100, new[] { NetworkBlock.Dense(0, 4, 3).WithResidualFrom(0) }))
            .Message.ShouldContain("the input of block 0, which its residual connection adds, has 4");
        Should.Throw<ArgumentException>(() => new LayeredNetwork(100, new[] { NetworkBlock.Dense(0, 4, 4).WithResidualFrom(1) }))
            .Message.ShouldContain("must name this block or an earlier one");
        Should.Throw<ArgumentException>(() => new LayeredNetwork(100, new[] { NetworkBlock.Dense(0, 4, 4).WithActivation(Activation.ReLU, beta: 20) }))
            .Message.ShouldContain("only a Swish activation");
        Should.Throw<ArgumentException>(() => new LayeredNetwork(100, new[] { NetworkBlock.Dense(0, 4, 4).WithActivation(Activation.RePU) }))
            .Message.ShouldContain("degree ≥ 2");
        Should.Throw<ArgumentException>(() => new LayeredNetwork(100, new[] { NetworkBlock.Conv2d(0, 1, 1, 2, 2, 3, 3) }))
            .Message.ShouldContain("no output position");
        Should.Throw<ArgumentException>(() => new LayeredNetwork(100, new[] { NetworkBlock.Dense(0, 4, 4).WithActivation((Activation)42) }))
            .Message.ShouldContain("unknown activation (42)");
        var network = new LayeredNetwork(12, new[] { NetworkBlock.Dense(0, 4, 3) });
        Should.Throw<ArgumentException>(() => network.Forward(new double[12], new double[7], 2, new double[6])).Message.ShouldContain("2 samples need 8 inputs");
        Should.Throw<ArgumentOutOfRangeException>(() => network.Forward(new double[12], new double[8], 0, new double[6]));
    }

    [Fact]
    public void AWarmedUpCallAllocatesNothing()
    {
        var model = Architectures["residual conv blocks"];
        var network = model.Network();
        var theta = Random(model.ParameterCount, 12);
        var inputs = Random(8 * model.InputWidth, 13);
        var targets = Random(8 * model.OutputWidth, 14);
        var outputs = new double[targets.Length];
        var gradient = new double[theta.Length];
        void Calls()
        {
            network.Forward(theta, inputs, 8, outputs);
            network.LossAndGradient(theta, inputs, targets, 8, Loss.MeanSquaredError, gradient);
        }

        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Calls();
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0L);
    }

    // Central difference of the reference loss along parameter i (its error is O(h²), far below the tolerance).
    private static double Difference(ReferenceNetwork model, double[] theta, int i, double[] inputs, double[] targets, int batch, Loss loss)
    {
        const double h = 1e-6;
        var plus = (double[])theta.Clone();
        var minus = (double[])theta.Clone();
        plus[i] += h;
        minus[i] -= h;
        return (model.Loss(plus, inputs, targets, batch, loss) - model.Loss(minus, inputs, targets, batch, loss)) / (2 * h);
    }

    private static double[] Targets(Loss loss, int batch, int width, int seed)
    {
        var t = Random(batch * width, seed);
        if (loss == Loss.MeanSquaredError) return t;
        for (int b = 0; b < batch; b++)
        {
            var row = t.AsSpan(b * width, width);
            double sum = 0;
            for (int o = 0; o < width; o++) sum += row[o] = Math.Abs(row[o]) + 0.1;
            for (int o = 0; o < width; o++) row[o] /= sum;
        }

        return t;
    }
}
