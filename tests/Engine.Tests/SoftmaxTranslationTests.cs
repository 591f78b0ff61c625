using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Softmax cross-entropy (<see cref="OutputLoss.SoftmaxCrossEntropy"/>): the translation laws against finite-difference
/// gradients of a cross-entropy forward pass written here, the counts against an independent symbolic count on centred
/// output cotangents and against the engine's direct computation on centred gates, the counts at scale, and the errors.
/// </summary>
public sealed class SoftmaxTranslationTests
{
    private static ModelDescription Ce(params LayerSpec[] layers) => new(layers) { Loss = OutputLoss.SoftmaxCrossEntropy };

    private static ModelDescription Ce(int[] widths, ActivationKind activation, bool bias) =>
        new(ModelDescription.FromWidths(widths, activation, bias).Layers) { Loss = OutputLoss.SoftmaxCrossEntropy };

    public static IEnumerable<object[]> SmallModels() => new[]
    {
        new object[] { new[] { 3, 4, 3 }, ActivationKind.ReLU, true },
        new object[] { new[] { 3, 4, 3 }, ActivationKind.ReLU, false },
        new object[] { new[] { 3, 3, 2 }, ActivationKind.Identity, false },
        new object[] { new[] { 2, 3, 3 }, ActivationKind.Identity, true },
        new object[] { new[] { 2, 3, 3, 3 }, ActivationKind.Identity, false },
        new object[] { new[] { 2, 3, 2, 3 }, ActivationKind.ReLU, true },
        new object[] { new[] { 3, 3, 4 }, ActivationKind.Tanh, true },
        new object[] { new[] { 2, 2 }, ActivationKind.Identity, true },
        new object[] { new[] { 4, 2, 2 }, ActivationKind.Identity, false },
    };

    [Theory]
    [MemberData(nameof(SmallModels))]
    public void CountEqualsTheSymbolicCountOnCentredCotangentsAndTheDirectComputation(int[] widths, ActivationKind activation, bool bias)
    {
        var model = Ce(widths, activation, bias);
        var reduced = ConservationAnalysis.Analyze(model);
        var direct = ConservationAnalysis.Analyze(model, new AnalysisOptions { CountTranslationByReduction = false, UseTheorems = false });
        string at = model.ToString();
        reduced.Status.ShouldBe(AnalysisStatus.Completed, at + " " + reduced.Message);
        direct.Status.ShouldBe(AnalysisStatus.Completed, at + " " + direct.Message);

        int d = model.ParameterCount;
        var symbolic = SymbolicLieRank.CentredRanks(model, maxLength: 8, seed: 11);
        int symbolicCount = d - symbolic[^1];
        reduced.IndependentLawCount.ShouldBe(symbolicCount, at);
        direct.IndependentLawCount.ShouldBe(symbolicCount, at);
        direct.IndependentPolynomialLawCount.ShouldBe(reduced.IndependentPolynomialLawCount, at);
        reduced.Complete.ShouldBe(direct.Complete, at);
        if (direct.Complete) direct.Certificate.ShouldBe("computed", at);

        // The independent count for every loss (uncentred cotangents) is smaller by exactly the translation laws.
        int everyLoss = d - SymbolicLieRank.Ranks(ReferencePathPolynomials.Phi(model), d, maxLength: 8, seed: 11)[^1];
        symbolicCount.ShouldBe(everyLoss + widths[^2] + (bias ? 1 : 0), at);

        // Every loss of the outputs has fewer laws: exactly the translation laws fewer when the count closes.
        var every = ConservationAnalysis.Analyze(new ModelDescription(model.Layers));
        int translations = widths[^2] + (bias ? 1 : 0);
        reduced.Laws.Count(l => l.Kind == LawKind.Translation).ShouldBe(translations, at);
        reduced.Laws.Count.ShouldBe(every.Laws.Count + translations, at);
        if (reduced.Complete && every.Complete) reduced.IndependentLawCount.ShouldBe(every.IndependentLawCount + translations, at);
    }

    [Fact]
    public void TheReductionAgreesWithTheDirectComputationOnARandomSweep()
    {
        int compared = 0;
        foreach (var every in StructuralCountTests.Sweep(120, 17))
        {
            if (every.Layers[^1].Outputs < 2) continue;
            var model = new ModelDescription(every.Layers) { Loss = OutputLoss.SoftmaxCrossEntropy };
            var reduced = ConservationAnalysis.Analyze(model);
            var direct = ConservationAnalysis.Analyze(model, new AnalysisOptions { CountTranslationByReduction = false, UseTheorems = false });
            string at = model.ToString();
            reduced.Status.ShouldBe(AnalysisStatus.Completed, at);
            direct.Status.ShouldBe(AnalysisStatus.Completed, at);
            if (!(reduced.CountIsExact && direct.CountIsExact)) continue;
            reduced.IndependentLawCount.ShouldBe(direct.IndependentLawCount, at);
            if (reduced.Complete) direct.Complete.ShouldBeTrue(at);
            compared++;
        }

        compared.ShouldBeGreaterThan(60);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ADenseHeadAfterAConvolutionIsCountedTheSameWays(bool relu)
    {
        // Conv1d 2→3 (kernel 2) then Dense(3 channels × 2 positions, 3): the head's inputs are channels with taps.
        var model = new ModelDescription(new BlockSpec[]
        {
            new ConvolutionSpec(1, 2, 3, 1, 2) { Activation = relu ? ActivationKind.ReLU : ActivationKind.Identity, HasBias = relu },
            new LayerSpec(6, 3, ActivationKind.Identity, true),
        }) { Loss = OutputLoss.SoftmaxCrossEntropy };
        var reduced = ConservationAnalysis.Analyze(model);
        var direct = ConservationAnalysis.Analyze(model, new AnalysisOptions { CountTranslationByReduction = false, UseTheorems = false });
        int d = model.ParameterCount;
        int symbolic = d - SymbolicLieRank.CentredRanks(model, maxLength: 8, seed: 3)[^1];
        reduced.IndependentLawCount.ShouldBe(symbolic);
        direct.IndependentLawCount.ShouldBe(symbolic);
        reduced.Laws.Where(l => l.Kind == LawKind.Translation).Select(l => l.Formula).ShouldBe(
            Enumerable.Range(0, 6).Select(j => $"sum(W2[:,{j}])").Append("sum(b2)"));
        reduced.Complete.ShouldBeTrue();
    }

    [Fact]
    public void TranslationLawsAreOrthogonalToFiniteDifferenceGradientsOfCrossEntropy()
    {
        int[] widths = { 4, 5, 3, 4 };
        var model = Ce(widths, ActivationKind.Tanh, bias: true);
        var result = ConservationAnalysis.Analyze(model);
        var translations = result.Laws.Where(l => l.Kind == LawKind.Translation).ToList();
        translations.Count.ShouldBe(4);
        translations.Select(l => l.Name).ShouldBe(new[] { "Translation[0]", "Translation[1]", "Translation[2]", "Translation.Bias" });
        translations[1].Formula.ShouldBe("sum(W3[:,1])");
        translations[3].Formula.ShouldBe("sum(b3)");

        var rng = new Random(5);
        int d = model.ParameterCount, batch = 6;
        var theta = Enumerable.Range(0, d).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var x = Enumerable.Range(0, batch * widths[0]).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var targets = new double[batch * widths[^1]];
        for (int s = 0; s < batch; s++) targets[s * widths[^1] + rng.Next(widths[^1])] = 1;

        var ce = CentralDifference(t => CrossEntropy(widths, t, x, targets, batch), theta);
        var mse = CentralDifference(t => SquaredError(widths, t, x, targets, batch), theta);
        double ceNorm = Math.Sqrt(ce.Sum(v => v * v)), mseMoved = 0;
        foreach (var law in translations)
        {
            var g = law.Gradient(theta);
            double dot = g.Zip(ce, (a, b) => a * b).Sum();
            Math.Abs(dot).ShouldBeLessThan(1e-8 * ceNorm, law.Name);
            mseMoved = Math.Max(mseMoved, Math.Abs(g.Zip(mse, (a, b) => a * b).Sum()));
        }

        // Negative control: the squared error does not keep them.
        mseMoved.ShouldBeGreaterThan(1e-3);
    }

    [Fact]
    public void CountsAtScaleAreCertifiedInWellUnderASecond()
    {
        // ReLU 784-128-10 with biases: 128 balances, 128 column sums, one bias sum.
        var relu = Ce(new[] { 784, 128, 10 }, ActivationKind.ReLU, bias: true);
        ConservationAnalysis.Analyze(relu); // warm-up (JIT)
        var clock = Stopwatch.StartNew();
        var r = ConservationAnalysis.Analyze(relu);
        clock.Stop();
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.IndependentLawCount.ShouldBe(128 + 128 + 1);
        r.Complete.ShouldBeTrue();
        r.Certificate.ShouldBe("theorem:path-incidence");
        clock.Elapsed.TotalSeconds.ShouldBeLessThan(1.0);

        var deep = ConservationAnalysis.Analyze(Ce(new[] { 784, 256, 128, 10 }, ActivationKind.ReLU, bias: true));
        deep.IndependentLawCount.ShouldBe(256 + 128 + 128 + 1);
        deep.Complete.ShouldBeTrue();
        deep.Certificate.ShouldBe("theorem:path-incidence");

        // Linear 784-64-10 without bias: the reduced pair 784-64-9 has 64·65/2 Gram laws (Cor. 4.4, N = 793 ≥ 64), plus 64.
        var linear = ConservationAnalysis.Analyze(Ce(new[] { 784, 64, 10 }, ActivationKind.Identity, bias: false));
        linear.IndependentLawCount.ShouldBe(64 * 65 / 2 + 64);
        linear.Complete.ShouldBeTrue();
        linear.Certificate.ShouldBe("theorem:two-layer-linear");
    }

    [Fact]
    public void ATheoremNoteOnAReducedSegmentDoesNotDenyItsTranslationLaws()
    {
        // 4 → 6 (tanh) → 3: the last segment is one layer, which alone keeps no law, but under softmax cross-entropy it
        // keeps its 6 column sums. The note must say the theorem is about the segment with one output fewer and that the
        // translation laws come on top, not leave "it has no conservation law" standing next to 6 laws.
        var r = ConservationAnalysis.Analyze(Ce(new LayerSpec(4, 6, ActivationKind.Tanh, true), new LayerSpec(6, 3, ActivationKind.Identity, false)));
        r.IndependentLawCount.ShouldBe(6);
        var note = r.Notes.Single(n => n.StartsWith("Segment 2", StringComparison.Ordinal));
        note.ShouldContain("Segment 2 (layer 2), taken with one output fewer (softmax cross-entropy), is counted by the theorem path-incidence");
        note.ShouldEndWith("; its translation laws are added to that count.");
    }

    [Fact]
    public void ModelsOutsideTheHypothesesAreRefusedWithAClearError()
    {
        var one = ConservationAnalysis.Analyze(Ce(new LayerSpec(3, 4, ActivationKind.ReLU, true), new LayerSpec(4, 1, ActivationKind.Identity, true)));
        one.Status.ShouldBe(AnalysisStatus.Invalid);
        one.Message.ShouldContain("has 1 output; softmax needs at least two");

        var diagonal = ConservationAnalysis.Analyze(new ModelDescription(new BlockSpec[]
            { new LayerSpec(3, 4, ActivationKind.ReLU, false), new DiagonalSpec(4) }) { Loss = OutputLoss.SoftmaxCrossEntropy });
        diagonal.Status.ShouldBe(AnalysisStatus.Invalid);
        diagonal.Message.ShouldContain("the last block, layer 2, is a diagonal layer, not a dense one; add a dense layer with one output per class after it");

        // A transformer block last: "an attention block", and what to do.
        var attention = ConservationAnalysis.Analyze(new ModelDescription(new BlockSpec[]
            { new SelfAttentionSpec(4, 2, 2) { ResidualFrom = 0 } }) { Loss = OutputLoss.SoftmaxCrossEntropy });
        attention.Status.ShouldBe(AnalysisStatus.Invalid);
        attention.Message.ShouldContain("the last block, layer 1, is an attention block, not a dense layer; add a dense layer with one output per class after it");

        var skip = ConservationAnalysis.Analyze(Ce(new LayerSpec(3, 3, ActivationKind.ReLU, true), new LayerSpec(3, 3, ActivationKind.Identity, true) { ResidualFrom = 1 }));
        skip.Status.ShouldBe(AnalysisStatus.Invalid);
        skip.Message.ShouldContain("ends a residual connection, so its outputs are not W h + b alone; add a dense layer with one output per class after it");
        skip.Errors.Single().Kind.ShouldBe(ModelErrorKind.Unsupported);

        var momentum = MomentumAnalysis.Count(Ce(new[] { 3, 4, 3 }, ActivationKind.Identity, bias: false));
        momentum.Status.ShouldBe(AnalysisStatus.Invalid);
        (momentum.Message ?? "").ShouldContain("softmax cross-entropy");
    }

    [Fact]
    public void TheCommandLineCountsAndListsTheTranslationLaws()
    {
        var (code, output, _) = CliTests.Run("analyze", "--layers", "784,128,10", "--activation", "relu", "--bias", "--loss", "softmax-ce", "--json");
        code.ShouldBe(0);
        using (var doc = System.Text.Json.JsonDocument.Parse(output))
        {
            doc.RootElement.GetProperty("independentLawCount").GetInt32().ShouldBe(257);
            doc.RootElement.GetProperty("complete").GetBoolean().ShouldBeTrue();
            doc.RootElement.GetProperty("laws").EnumerateArray().Last().GetProperty("name").GetString().ShouldBe("Translation.Bias");
        }

        var (textCode, text, _) = CliTests.Run("analyze", "--layers", "3,4,3", "--activation", "relu", "--loss", "softmax-ce");
        textCode.ShouldBe(0);
        text.ShouldContain("Translation[0] = sum(W2[:,0])");
        text.ShouldContain("Translation: 4 translation laws");

        var (momentumCode, momentumOut, momentumErr) = CliTests.Run("analyze", "--layers", "3,4,3", "--loss", "softmax-ce", "--flow", "momentum");
        momentumCode.ShouldNotBe(0);
        (momentumOut + momentumErr).ShouldContain("softmax cross-entropy");

        var (oneCode, oneOut, oneErr) = CliTests.Run("analyze", "--layers", "3,4,1", "--loss", "softmax-ce");
        oneCode.ShouldNotBe(0);
        (oneOut + oneErr).ShouldContain("softmax needs at least two");

        CliTests.Run("analyze", "--layers", "3,2", "--loss", "hinge").Err.ShouldContain("--loss takes mse or softmax-ce.");
    }

    // Tanh MLP with biases (the last layer linear), θ in the engine's layout; mean over the batch.
    private static double[] Forward(int[] widths, double[] theta, double[] x, int sample)
    {
        var h = x.Skip(sample * widths[0]).Take(widths[0]).ToArray();
        int offset = 0;
        for (int k = 1; k < widths.Length; k++)
        {
            int nIn = widths[k - 1], nOut = widths[k];
            var z = new double[nOut];
            for (int r = 0; r < nOut; r++)
            {
                double sum = theta[offset + nIn * nOut + r];
                for (int c = 0; c < nIn; c++) sum += theta[offset + r * nIn + c] * h[c];
                z[r] = k < widths.Length - 1 ? Math.Tanh(sum) : sum;
            }

            offset += nIn * nOut + nOut;
            h = z;
        }

        return h;
    }

    private static double CrossEntropy(int[] widths, double[] theta, double[] x, double[] targets, int batch)
    {
        double loss = 0;
        int n = widths[^1];
        for (int s = 0; s < batch; s++)
        {
            var o = Forward(widths, theta, x, s);
            double max = o.Max(), logSum = max + Math.Log(o.Sum(v => Math.Exp(v - max)));
            for (int i = 0; i < n; i++) loss -= targets[s * n + i] * (o[i] - logSum);
        }

        return loss / batch;
    }

    private static double SquaredError(int[] widths, double[] theta, double[] x, double[] targets, int batch)
    {
        double loss = 0;
        int n = widths[^1];
        for (int s = 0; s < batch; s++)
        {
            var o = Forward(widths, theta, x, s);
            for (int i = 0; i < n; i++) loss += 0.5 * (o[i] - targets[s * n + i]) * (o[i] - targets[s * n + i]);
        }

        return loss / batch;
    }

    private static double[] CentralDifference(Func<double[], double> f, double[] theta)
    {
        const double h = 1e-5;
        var g = new double[theta.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            g[i] = (f(plus) - f(minus)) / (2 * h);
        }

        return g;
    }
}
