using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Training;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// Every optimizer's predicted law change against the change that happened, over 100 minibatch steps on three models,
/// with the observed change measured here by differencing laws written from their definitions (Reference.Gram), not by
/// the generated code. Also: the updates follow PyTorch's formulas, written out here step by step.
/// </summary>
public sealed class OptimizerTests
{
    private const int Steps = 100, Batch = 8, Samples = 64;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { nameof(ReluBias), nameof(FloatLeaky), nameof(DeepLinearChain) })
            foreach (var optimizer in new[] { "sgd", "sgd-wd", "sgd-wd-decoupled", "heavy-ball", "heavy-ball-wd-dampening", "nesterov", "adam", "adamw" })
                data.Add(model, optimizer);
        return data;
    }

    private static Optimizer CreateOptimizer(string name) => name switch
    {
        "sgd" => new Sgd(0.05),
        "sgd-wd" => new Sgd(0.05, weightDecay: 0.01),
        "sgd-wd-decoupled" => new Sgd(0.05, weightDecay: 0.01, WeightDecayMode.Decoupled),
        "heavy-ball" => new HeavyBall(0.02, momentum: 0.9),
        "heavy-ball-wd-dampening" => new HeavyBall(0.02, momentum: 0.8, dampening: 0.3, weightDecay: 0.02),
        "nesterov" => new HeavyBall(0.02, momentum: 0.9, nesterov: true),
        "adam" => new Adam(0.003),
        _ => new AdamW(0.003, weightDecay: 0.05),
    };

    // The models' layers as the independent reference sees them.
    private static (IConservationModel Model, TestLayer[] Layers) CreateModel(string name) => name switch
    {
        nameof(ReluBias) => (new ReluBias(), new[] { new TestLayer(6, 10, Activation.ReLU, true), new TestLayer(10, 8, Activation.ReLU, true), new TestLayer(8, 3, Bias: true) }),
        nameof(FloatLeaky) => (new FloatLeaky(), new[] { new TestLayer(5, 16, Activation.LeakyReLU, true), new TestLayer(16, 16, Activation.LeakyReLU, true), new TestLayer(16, 3) }),
        _ => (new DeepLinearChain(), new[] { new TestLayer(4, 6), new TestLayer(6, 5), new TestLayer(5, 3) }),
    };

    private delegate double Gradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int batch, Span<double> gradient);

    private static Gradient GradientOf(string name) => name switch
    {
        nameof(ReluBias) => (t, x, y, b, g) => ReluBias.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g),
        nameof(FloatLeaky) => (t, x, y, b, g) => FloatLeaky.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g),
        _ => (t, x, y, b, g) => DeepLinearChain.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g),
    };

    // Every law of these models, from its definition: Gram entries (linear levels) or balances (homogeneous units),
    // in the generated order (hidden levels in order; a level's upper triangle row by row, or its diagonal).
    private static double[] LawsFromDefinition(TestLayer[] layers, double[] theta)
    {
        var laws = new List<double>();
        for (int k = 0; k + 1 < layers.Length; k++)
        {
            int width = layers[k].Outputs;
            bool linear = layers[k].Activation == Activation.Identity;
            for (int i = 0; i < width; i++)
                for (int j = i; j < (linear ? width : i + 1); j++)
                    laws.Add(Reference.Gram(layers, theta, k, i, j));
        }

        return laws.ToArray();
    }

    private static double[] Random(int n, Random rng, double scale) => TestVectors.Uniform(n, rng, scale);

    [Theory]
    [MemberData(nameof(Cases))]
    public void PredictedChangeEqualsTheObservedChangeOverOneHundredSteps(string modelName, string optimizerName)
    {
        var (model, layers) = CreateModel(modelName);
        var gradientOf = GradientOf(modelName);
        var optimizer = CreateOptimizer(optimizerName);
        var rng = new Random(modelName.Length * 31 + optimizerName.Length);
        int inputs = layers[0].Inputs, outputs = layers[^1].Outputs;
        var x = Random(Samples * inputs, rng, 1);
        var y = Random(Samples * outputs, rng, 1);
        var theta = Random(model.ParameterCount, rng, 0.5);
        var gradient = new double[theta.Length];
        var predicted = new double[model.LawCount];
        double worst = 0, largestChange = 0;
        LawsFromDefinition(layers, theta).Length.ShouldBe(model.LawCount);
        for (int step = 0; step < Steps; step++)
        {
            int start = step * Batch % Samples;
            gradientOf(theta, x.AsSpan(start * inputs, Batch * inputs), y.AsSpan(start * outputs, Batch * outputs), Batch, gradient);
            optimizer.PredictLawChange(model, theta, gradient, predicted);
            var before = LawsFromDefinition(layers, theta);
            optimizer.Step(theta, gradient);
            var after = LawsFromDefinition(layers, theta);
            double scale = theta.Sum(v => v * v) + before.Sum(Math.Abs);
            for (int k = 0; k < before.Length; k++)
            {
                double observed = after[k] - before[k];
                largestChange = Math.Max(largestChange, Math.Abs(observed));
                // Differencing costs ~ε·scale; the prediction must match to that.
                worst = Math.Max(worst, Math.Abs(observed - predicted[k]) / scale);
            }
        }

        worst.ShouldBeLessThan(1e-13, $"{optimizer.Name} on {modelName}");
        largestChange.ShouldBeGreaterThan(1e-6); // the laws did move: the agreement is not trivial
        optimizer.StepCount.ShouldBe(Steps);
    }

    [Fact]
    public void TheMonitorAgreesOnCorrectGradientsAndFlagsAMissingBiasTermAtTheFirstStep()
    {
        foreach (bool wrong in new[] { false, true })
        {
            var model = new ReluBias();
            var monitor = new ConservationMonitor(model, new Sgd(0.05));
            var rng = new Random(5);
            var x = Random(Samples * 6, rng, 1);
            var y = Random(Samples * 3, rng, 1);
            var theta = Random(ReluBias.ParameterCount, rng, 0.5);
            var gradient = new double[theta.Length];
            for (int step = 0; step < 20; step++)
            {
                int start = step * Batch % Samples;
                ReluBias.ComputeLossAndGradient(theta, x.AsSpan(start * 6, Batch * 6), y.AsSpan(start * 3, Batch * 3), Batch, Loss.MeanSquaredError, gradient);
                if (wrong) gradient.AsSpan(ReluBias.B1Offset, ReluBias.B1Length).Clear(); // a backward pass that forgot the bias
                monitor.Step(theta, gradient);
            }

            if (!wrong)
            {
                monitor.ViolationCount.ShouldBe(0);
                monitor.Statistics.Max(s => s.WorstMismatch).ShouldBeLessThan(1);
                monitor.Summary().ShouldContain("no violation");
            }
            else
            {
                monitor.ViolationCount.ShouldBeGreaterThan(0);
                monitor.Violations[0].Step.ShouldBe(0);
                monitor.Violations[0].LawName.ShouldStartWith("Hidden1[");
                monitor.Violations[0].Message.ShouldContain("not a gradient step of the model");
                monitor.Summary().ShouldContain("violation(s), the first at step 0");
            }
        }
    }

    [Fact]
    public void MonitorCanThrowAtTheFirstViolation()
    {
        var model = new ReluBias();
        var monitor = new ConservationMonitor(model, new Sgd(0.1), new MonitorOptions { ThrowOnViolation = true });
        var theta = Random(ReluBias.ParameterCount, new Random(8), 0.5);
        var notAGradient = Random(ReluBias.ParameterCount, new Random(9), 1);
        Should.Throw<LawViolationException>(() => monitor.Step(theta, notAGradient)).Violation.Step.ShouldBe(0);
    }

    [Fact]
    public void HeavyBallFollowsPyTorchsFormulas()
    {
        const double eta = 0.1, mu = 0.9, tau = 0.25, lambda = 0.01;
        foreach (bool nesterov in new[] { false, true })
        {
            double dampening = nesterov ? 0 : tau;
            var optimizer = new HeavyBall(eta, mu, dampening, nesterov, lambda);
            var rng = new Random(3);
            var theta = Random(7, rng, 1);
            var expected = (double[])theta.Clone();
            double[]? buffer = null;
            for (int step = 0; step < 5; step++)
            {
                var g = Random(7, rng, 1);
                // torch.optim.SGD: d_p = g + λp; buf = d_p (first) or μ·buf + (1 − τ)·d_p; d_p = d_p + μ·buf (Nesterov) or buf; p −= η·d_p
                var dp = g.Select((v, i) => v + lambda * expected[i]).ToArray();
                buffer = buffer is null ? dp.ToArray() : buffer.Select((b, i) => mu * b + (1 - dampening) * dp[i]).ToArray();
                var direction = nesterov ? dp.Select((v, i) => v + mu * buffer[i]).ToArray() : buffer;
                for (int i = 0; i < 7; i++) expected[i] -= eta * direction[i];
                optimizer.Step(theta, g);
                for (int i = 0; i < 7; i++) theta[i].ShouldBe(expected[i], 1e-14);
            }
        }
    }

    [Fact]
    public void AdamAndAdamWFollowPyTorchsFormulas()
    {
        const double eta = 0.01, b1 = 0.9, b2 = 0.99, eps = 1e-8, lambda = 0.1;
        foreach (bool decoupled in new[] { false, true })
        {
            Optimizer optimizer = decoupled ? new AdamW(eta, b1, b2, eps, lambda) : new Adam(eta, b1, b2, eps, lambda);
            var rng = new Random(4);
            var theta = Random(6, rng, 1);
            var expected = (double[])theta.Clone();
            var m = new double[6];
            var v = new double[6];
            for (int t = 1; t <= 5; t++)
            {
                var g = Random(6, rng, 1);
                for (int i = 0; i < 6; i++)
                {
                    // torch.optim.Adam(W): (AdamW) p ← p(1 − ηλ); (Adam) g ← g + λp; moments; p ← p − η·m̂/(√v̂ + ε)
                    double d = decoupled ? g[i] : g[i] + lambda * expected[i];
                    if (decoupled) expected[i] *= 1 - eta * lambda;
                    m[i] = b1 * m[i] + (1 - b1) * d;
                    v[i] = b2 * v[i] + (1 - b2) * d * d;
                    double mHat = m[i] / (1 - Math.Pow(b1, t)), vHat = v[i] / (1 - Math.Pow(b2, t));
                    expected[i] -= eta * mHat / (Math.Sqrt(vHat) + eps);
                }

                optimizer.Step(theta, g);
                for (int i = 0; i < 6; i++) theta[i].ShouldBe(expected[i], 1e-14);
            }
        }
    }

    [Fact]
    public void OptimizersRefuseBadSettingsAndSayWhatTheyKeep()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new Sgd(0));
        Should.Throw<ArgumentOutOfRangeException>(() => new HeavyBall(0.1, momentum: 1));
        Should.Throw<ArgumentException>(() => new HeavyBall(0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        Should.Throw<ArgumentOutOfRangeException>(() => new Adam(0.1, beta2: 1));
        new Sgd(0.1).Prediction.ShouldBe(LawPrediction.FromGradient);
        new HeavyBall(0.1).Prediction.ShouldBe(LawPrediction.FromGradient);
        new HeavyBall(0.1, nesterov: true).Prediction.ShouldBe(LawPrediction.FromUpdate);
        new Adam().LawNote.ShouldContain("keeps no conservation law");

        // The heavy-ball recurrence starts from the zero buffer: a prediction asked for mid-run is refused.
        var model = new ReluBias();
        var momentum = new HeavyBall(0.1);
        var theta = new double[ReluBias.ParameterCount];
        momentum.Step(theta, theta);
        Should.Throw<InvalidOperationException>(() => momentum.PredictLawChange(model, theta, theta, new double[ReluBias.PolynomialLawCount]));
    }
}
