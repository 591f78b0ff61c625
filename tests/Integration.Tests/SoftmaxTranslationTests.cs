using System;
using System.Linq;
using ConservationCodegen.Training;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

// Softmax cross-entropy models: a small one (laws unrolled) and a wide one (laws through the loop kernels).

[ConservationModel(Loss = Loss.SoftmaxCrossEntropy)]
public partial class SmallClassifier
{
    [Dense(4, 5, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[5, 4];
    public double[] B1 = new double[5];

    [Dense(5, 3, Bias = nameof(B2))]
    public double[,] W2 = new double[3, 5];
    public double[] B2 = new double[3];
}

[ConservationModel(Loss = Loss.SoftmaxCrossEntropy)]
public partial class WideClassifier
{
    [Dense(20, 48, Activation = Activation.Tanh, Bias = nameof(B1))]
    public double[,] W1 = new double[48, 20];
    public double[] B1 = new double[48];

    [Dense(48, 32, Activation = Activation.ReLU, Bias = nameof(B2))]
    public double[,] W2 = new double[32, 48];
    public double[] B2 = new double[32];

    [Dense(32, 10, Bias = nameof(B3))]
    public double[,] W3 = new double[10, 32];
    public double[] B3 = new double[10];
}

/// <summary>
/// Training through the generated <c>ComputeLossAndGradient(Loss.SoftmaxCrossEntropy)</c> keeps the translation laws (the
/// last layer's column and bias sums, computed here from the weights, not by the generated code) to rounding under SGD
/// and heavy ball, shrinks them by exactly (1 − ηλ) per step with weight decay, and squared-error training moves them.
/// </summary>
public sealed class SoftmaxTranslationTests
{
    private delegate void Gradient(double[] theta, ReadOnlySpan<double> x, ReadOnlySpan<double> targets, int batch, Loss loss, double[] gradient);

    private sealed record Case(IConservationModel Model, int Inputs, int Outputs, int LastInputs, int LastWeights, int LastBias, Gradient Of);

    private static Case Small() => new(new SmallClassifier(), 4, 3, 5, SmallClassifier.W2Offset, SmallClassifier.B2Offset,
        (t, x, y, b, l, g) => SmallClassifier.ComputeLossAndGradient(t, x, y, b, l, g));

    private static Case Wide() => new(new WideClassifier(), 20, 10, 32, WideClassifier.W3Offset, WideClassifier.B3Offset,
        (t, x, y, b, l, g) => WideClassifier.ComputeLossAndGradient(t, x, y, b, l, g));

    // The column sums of the last layer's weights, then its bias sum, straight from θ.
    private static double[] Translations(Case c, double[] theta)
    {
        var laws = new double[c.LastInputs + 1];
        for (int o = 0; o < c.Outputs; o++)
        {
            for (int j = 0; j < c.LastInputs; j++) laws[j] += theta[c.LastWeights + o * c.LastInputs + j];
            laws[c.LastInputs] += theta[c.LastBias + o];
        }

        return laws;
    }

    [Fact]
    public void TheGeneratedLawsAndCountIncludeTheTranslationLaws()
    {
        SmallClassifier.LawNames.Skip(5).ShouldBe(new[] { "Translation[0]", "Translation[1]", "Translation[2]", "Translation[3]", "Translation[4]", "Translation.Bias" });
        SmallClassifier.LawFormulas[5].ShouldBe("sum(W2[:,0])");
        // 5 balances + 5 column sums + 1 bias sum; the model with 2 outputs has the 5 balances, certified by path incidence.
        SmallClassifier.IndependentLawCount.ShouldBe(11);
        SmallClassifier.LawsAreComplete.ShouldBeTrue();
        WideClassifier.IndependentLawCount.ShouldBe(32 + 32 + 1);
        WideClassifier.LawNames[^1].ShouldBe("Translation.Bias");
        WideClassifier.LawFormulas[^2].ShouldBe("sum(W3[:,31])");

        foreach (var c in new[] { Small(), Wide() })
        {
            var rng = new Random(3);
            var theta = Enumerable.Range(0, c.Model.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var delta = Enumerable.Range(0, c.Model.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var laws = new double[c.Model.LawCount];
            var change = new double[c.Model.LawCount];
            var magnitudes = new double[c.Model.LawCount];
            c.Model.ComputeLaws(theta, laws);
            c.Model.ComputeLawChange(theta, delta, change);
            c.Model.ComputeLawMagnitudes(theta, magnitudes);
            int first = c.Model.LawCount - (c.LastInputs + 1);
            var expected = Translations(c, theta);
            var expectedChange = Translations(c, delta);
            var abs = Translations(c, theta.Select(Math.Abs).ToArray());
            for (int j = 0; j < expected.Length; j++)
            {
                laws[first + j].ShouldBe(expected[j], 1e-12);
                change[first + j].ShouldBe(expectedChange[j], 1e-12);
                magnitudes[first + j].ShouldBe(abs[j], 1e-12);
                c.Model.LawDegrees[first + j].ShouldBe(1);
            }
        }
    }

    [Theory]
    [InlineData("small", "sgd")]
    [InlineData("small", "sgd-wd")]
    [InlineData("small", "heavy-ball")]
    [InlineData("small", "heavy-ball-wd")]
    [InlineData("wide", "sgd")]
    [InlineData("wide", "sgd-wd")]
    [InlineData("wide", "heavy-ball")]
    [InlineData("wide", "heavy-ball-wd")]
    public void CrossEntropyTrainingKeepsTheTranslationLawsAndSquaredErrorMovesThem(string modelName, string optimizerName)
    {
        var c = modelName == "small" ? Small() : Wide();
        const int samples = 48, batch = 8, steps = 60;
        const double eta = 0.05, lambda = 0.01;
        Optimizer Create() => optimizerName switch
        {
            "sgd" => new Sgd(eta),
            "sgd-wd" => new Sgd(eta, weightDecay: lambda),
            "heavy-ball" => new HeavyBall(eta, momentum: 0.9),
            _ => new HeavyBall(eta, momentum: 0.9, weightDecay: lambda),
        };

        var rng = new Random(modelName.Length * 7 + optimizerName.Length);
        var x = Enumerable.Range(0, samples * c.Inputs).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var targets = new double[samples * c.Outputs];
        for (int s = 0; s < samples; s++) targets[s * c.Outputs + rng.Next(c.Outputs)] = 1;
        var start = Enumerable.Range(0, c.Model.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();

        foreach (var loss in new[] { Loss.SoftmaxCrossEntropy, Loss.MeanSquaredError })
        {
            var theta = (double[])start.Clone();
            var gradient = new double[theta.Length];
            var optimizer = Create();
            var predicted = new double[c.Model.LawCount];
            var laws = new double[c.Model.LawCount];
            var initial = Translations(c, theta);
            double worst = 0, moved = 0, worstPrediction = 0;
            bool decays = optimizerName.EndsWith("-wd", StringComparison.Ordinal);
            // Heavy ball with coupled decay: m_{k+1} = μm_k + λh_k, h_{k+1} = h_k − ηm_{k+1} (from a zero buffer); SGD: h ← (1 − ηλ)h.
            var m = new double[initial.Length];
            var expected = (double[])initial.Clone();
            int first = c.Model.LawCount - initial.Length;
            for (int step = 0; step < steps; step++)
            {
                int at = step * batch % samples;
                c.Of(theta, x.AsSpan(at * c.Inputs, batch * c.Inputs), targets.AsSpan(at * c.Outputs, batch * c.Outputs), batch, loss, gradient);
                c.Model.ComputeLaws(theta, laws);
                optimizer.PredictLawChange(c.Model, theta, gradient, predicted);
                var before = Translations(c, theta);
                optimizer.Step(theta, gradient);
                var after = Translations(c, theta);
                for (int j = 0; j < expected.Length; j++)
                {
                    if (optimizer is HeavyBall)
                    {
                        m[j] = 0.9 * m[j] + (decays ? lambda * expected[j] : 0);
                        expected[j] -= eta * m[j];
                    }
                    else if (decays) expected[j] *= 1 - eta * lambda;

                    worst = Math.Max(worst, Math.Abs(after[j] - expected[j]));
                    moved = Math.Max(moved, Math.Abs(after[j] - initial[j]));
                    worstPrediction = Math.Max(worstPrediction, Math.Abs(after[j] - before[j] - predicted[first + j]));
                }
            }

            if (loss == Loss.SoftmaxCrossEntropy)
            {
                worst.ShouldBeLessThan(1e-12, $"{optimizerName} on {modelName}");
                worstPrediction.ShouldBeLessThan(1e-12, $"{optimizerName} on {modelName}: the optimizer's predicted change");
                if (decays) moved.ShouldBeGreaterThan(1e-3); // weight decay does move them, by the predicted factor
            }
            else
            {
                worst.ShouldBeGreaterThan(1e-3, $"squared error with {optimizerName} on {modelName} (negative control)");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheMonitorSeesNoViolationUnderCrossEntropyAndFlagsSquaredErrorTraining(bool heavyBall)
    {
        foreach (var loss in new[] { Loss.SoftmaxCrossEntropy, Loss.MeanSquaredError })
        {
            var model = new SmallClassifier();
            var monitor = new ConservationMonitor(model, heavyBall ? new HeavyBall(0.05, momentum: 0.9) : new Sgd(0.1));
            var rng = new Random(9);
            var x = Enumerable.Range(0, 32 * 4).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var targets = new double[32 * 3];
            for (int s = 0; s < 32; s++) targets[s * 3 + rng.Next(3)] = 1;
            var theta = Enumerable.Range(0, SmallClassifier.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var gradient = new double[theta.Length];
            for (int step = 0; step < 20; step++)
            {
                int at = step * 8 % 32;
                SmallClassifier.ComputeLossAndGradient(theta, x.AsSpan(at * 4, 32), targets.AsSpan(at * 3, 24), 8, loss, gradient);
                monitor.Step(theta, gradient);
            }

            if (loss == Loss.SoftmaxCrossEntropy) monitor.ViolationCount.ShouldBe(0, monitor.Summary());
            else
            {
                monitor.ViolationCount.ShouldBeGreaterThan(0);
                // Only the translation laws move under squared error (the balances hold for every loss), and the message
                // says what usually causes it: a gradient of another loss than the declared one.
                monitor.Violations.ShouldAllBe(v => v.LawName.StartsWith("Translation", StringComparison.Ordinal));
                monitor.Violations[0].Message.ShouldContain("translation laws hold only for softmax cross-entropy: check that the gradient is of Loss.SoftmaxCrossEntropy");
            }
        }
    }

    [Fact]
    public void OnlyATranslationLawsViolationBlamesTheLoss()
    {
        new LawViolation(3, 0, "Hidden1[0]", 1, 0, 1e-12).Message.ShouldNotContain("softmax");
        new LawViolation(3, 5, "Translation.Bias", 1, 0, 1e-12).Message.ShouldContain("Loss.SoftmaxCrossEntropy");
    }
}
