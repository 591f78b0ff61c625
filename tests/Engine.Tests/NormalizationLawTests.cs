using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;
using static ConservationCodegen.Engine.Tests.NormNetwork;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Normalisation layers (BatchNorm, LayerNorm, RMSNorm) against independent truth: orthogonality of every law to
/// central-difference gradients of a forward pass with batch statistics written in the test (<see cref="NormNetwork"/>),
/// the counts against an independent Lie rank of the projected gradient fields built from the reference path
/// polynomials, the exact change of the scale laws under a gradient step, and how much ε &gt; 0 breaks them.
/// </summary>
public sealed class NormalizationLawTests
{
    private const NormalizationKind BN = NormalizationKind.BatchNorm, LN = NormalizationKind.LayerNorm, RMS = NormalizationKind.RmsNorm;
    private const ActivationKind Relu = ActivationKind.ReLU, Tanh = ActivationKind.Tanh;

    private readonly ITestOutputHelper _output;

    public NormalizationLawTests(ITestOutputHelper output) => _output = output;

    private static readonly Dictionary<string, NormNetwork> Networks = new()
    {
        // Normalised first layer, affine (a diagonal layer with bias) and ReLU, then a dense layer.
        ["bn-affine"] = new(1, Dense(3, 4, true, BN), Diagonal(4, true, Relu), Dense(4, 2, true)),
        ["bn-upstream"] = new(1, Dense(2, 3, true, act: Relu), Dense(3, 4, true, BN), Diagonal(4, true, Relu), Dense(4, 2, false)),
        // The usual BatchNorm MLP: each later segment is the previous affine layer, its ReLU and the next normalised layer.
        ["bn-mlp"] = new(1, Dense(3, 4, true, BN), Diagonal(4, true, Relu), Dense(4, 3, true, BN), Diagonal(3, true, Relu), Dense(3, 2, true)),
        ["bn-linear-upstream"] = new(1, Dense(2, 3, false), Dense(3, 3, true, BN), Diagonal(3, true, Relu), Dense(3, 2, false)),
        ["bn-no-bias"] = new(1, Dense(2, 3, false, act: Relu), Dense(3, 3, false, BN, Relu), Dense(3, 2, true)),
        ["ln-affine"] = new(1, Dense(3, 4, true, LN), Diagonal(4, true, Relu), Dense(4, 2, true)),
        ["ln-upstream"] = new(1, Dense(2, 3, true, act: Relu), Dense(3, 3, true, LN), Diagonal(3, true, Relu), Dense(3, 2, true)),
        // Abs, not ReLU: without biases a sample whose units are all off would have z = 0, which LayerNorm cannot divide.
        ["ln-no-bias"] = new(1, Dense(2, 3, false, act: ActivationKind.Abs), Dense(3, 3, false, LN, Relu), Dense(3, 2, false)),
        ["conv-upstream-ln"] = new(5, Conv(1, 2, 2, true, act: Relu), Conv(2, 3, 2, true, LN, Relu), Dense(9, 2, true)),
        ["ln-linear-upstream"] = new(1, Dense(2, 3, false), Dense(3, 3, false, LN), Diagonal(3, false, Relu), Dense(3, 2, false)),
        ["rms"] = new(1, Dense(3, 4, true, RMS, Relu), Dense(4, 2, true)),
        ["rms-upstream"] = new(1, Dense(2, 3, true, act: Relu), Dense(3, 3, true, RMS), Diagonal(3, false, Relu), Dense(3, 2, false)),
        ["tanh-then-bn"] = new(1, Dense(2, 3, true, act: Tanh), Dense(3, 3, true, BN), Diagonal(3, true, Tanh), Dense(3, 1, true)),
        ["conv-bn"] = new(5, Conv(2, 3, 2, true, BN, Relu), Conv(3, 2, 2, true, act: Relu), Dense(6, 2, true)),
        ["conv-upstream-bn"] = new(5, Conv(1, 2, 2, true, act: Relu), Conv(2, 3, 2, false, BN, Relu), Dense(9, 2, true)),
        ["conv-ln"] = new(5, Conv(2, 3, 2, true, LN, Relu), Dense(12, 2, true)),
        ["conv-rms"] = new(4, Conv(1, 2, 2, true, act: Relu), Conv(2, 3, 2, true, RMS, Relu), Dense(6, 1, true)),
        // The affine after a normalised convolution: one γ_c and β_c per channel, shared by every position.
        ["conv-bn-affine"] = new(6, Conv(1, 2, 2, true, act: Relu), Conv(2, 3, 2, false, BN), Diagonal(3, true, Relu), Conv(3, 2, 2, true, act: Relu), Dense(6, 2, true)),
        ["conv-ln-affine"] = new(5, Conv(2, 3, 2, true, LN), Diagonal(3, true, Relu), Dense(12, 2, true)),
    };

    public static IEnumerable<object[]> Names() => Networks.Keys.Select(k => new object[] { k });

    // Laws each normalised block must have: (scale, shift) members.
    private static (int Scale, int Shift) Expected(BlockSpec block, LayerShape shape) => block.Normalization switch
    {
        NormalizationKind.BatchNorm => (block.Outputs, block.HasBias ? block.Outputs : 0),
        NormalizationKind.LayerNorm => (1, shape.RowLength + (block.HasBias ? 1 : 0)),
        NormalizationKind.RmsNorm => (1, 0),
        _ => (0, 0),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryLawIsOrthogonalToFiniteDifferenceGradients(string name)
    {
        var net = Networks[name];
        var model = net.Model();
        var result = TestModels.Analyze(model);
        result.Status.ShouldBe(AnalysisStatus.Completed, result.Message);
        for (int k = 0; k < model.Layers.Count; k++)
        {
            var (scale, shift) = Expected(model.Layers[k], model.Shapes[k]);
            result.Laws.Count(l => l.Layer == k && l.Kind == LawKind.NormalizationScale).ShouldBe(scale);
            result.Laws.Count(l => l.Layer == k && l.Kind == LawKind.NormalizationShift).ShouldBe(shift);
        }

        var rng = new Random(11);
        double worst = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            var theta = TestModels.RandomTheta(net.Parameters, rng);
            var xs = UnitNetwork.RandomRows(rng, 6, net.InputWidth, 1);
            var ys = UnitNetwork.RandomRows(rng, 6, net.OutputWidth, 1);
            var g = net.LossGradient(theta, xs, ys, epsilon: 0);
            double gNorm = Norm(g);
            gNorm.ShouldBeGreaterThan(1e-2);
            foreach (var law in result.Laws)
            {
                var dh = law.Gradient(theta);
                double cosine = Math.Abs(Dot(dh, g)) / (Norm(dh) * gNorm);
                worst = Math.Max(worst, cosine);
                cosine.ShouldBeLessThan(1e-6, law.ToString());
            }
        }

        _output.WriteLine($"{name}: {result.Laws.Count} laws, largest |cos(∇h, ∇L)| = {worst:e1}");
    }

    [Fact]
    public void OrthogonalityTestCanFail()
    {
        // The balance the normalised units would have without the normalisation is not a law of the normalised model,
        // and the test's gradients show it.
        var net = Networks["bn-affine"];
        var rng = new Random(4);
        var theta = TestModels.RandomTheta(net.Parameters, rng);
        var g = net.LossGradient(theta, UnitNetwork.RandomRows(rng, 6, 3, 1), UnitNetwork.RandomRows(rng, 6, 2, 1), 0);
        // h = ‖W1[c,:]‖² + b1[c]² − γ[c]²: ∇h = 2(W1[c,:], b1[c], −γ[c]), at a unit whose ReLU is not off for the whole batch.
        int c = Enumerable.Range(0, 4).OrderByDescending(u => Math.Abs(g[net.Offset(1) + u])).First();
        var dh = new double[net.Parameters];
        for (int j = 0; j < 3; j++) dh[c * 3 + j] = 2 * theta[c * 3 + j];
        dh[net.BiasOffset(0) + c] = 2 * theta[net.BiasOffset(0) + c];
        dh[net.Offset(1) + c] = -2 * theta[net.Offset(1) + c];
        (Math.Abs(Dot(dh, g)) / (Norm(dh) * Norm(g))).ShouldBeGreaterThan(1e-3);
    }

    [Fact]
    public void FormulasNamesAndValuesAreTheClosedForms()
    {
        var bn = TestModels.Analyze(Networks["bn-affine"].Model());
        var theta = TestModels.RandomTheta(bn.ParameterCount, new Random(2));
        var scale = bn.Laws.Single(l => l.Name == "Norm1[2]");
        scale.Formula.ShouldBe("|W1[2,:]|^2");
        scale.Evaluate(theta).ShouldBe(theta[6] * theta[6] + theta[7] * theta[7] + theta[8] * theta[8], 1e-12);
        var dead = bn.Laws.Single(l => l.Name == "Shift1[3]");
        dead.Formula.ShouldBe("b1[3]");
        dead.Degree.ShouldBe(1);
        dead.Evaluate(theta).ShouldBe(theta[12 + 3]);
        // The affine layer's balance replaces the unit's: γ_c² + β_c² − ‖W3[:,c]‖².
        bn.Laws.Single(l => l.Name == "Hidden2[1]").Formula.ShouldBe("W2[1]^2 + b2[1]^2 - |W3[:,1]|^2");
        bn.ModelNotes.Count.ShouldBe(1);
        bn.ModelNotes[0].Kind.ShouldBe(ModelNoteKind.DeadParameter);
        bn.ModelNotes[0].Member.ShouldBe("b1");
        bn.ModelNotes[0].Message.ShouldContain("is dead");

        var ln = TestModels.Analyze(Networks["ln-affine"].Model());
        ln.Laws.Single(l => l.Name == "Norm1").Formula.ShouldBe("|W1|^2 + |b1|^2");
        ln.Laws.Single(l => l.Name == "Shift1[1]").Formula.ShouldBe("sum(W1[:,1])");
        ln.Laws.Single(l => l.Name == "Shift1[1]").Evaluate(theta).ShouldBe(theta[1] + theta[4] + theta[7] + theta[10], 1e-12);
        ln.Laws.Single(l => l.Name == "Shift1[bias]").Formula.ShouldBe("sum(b1)");
        ln.Laws.Single(l => l.Name == "Norm1").LatexFormula.ShouldBe("\\lVert W_{1}\\rVert^2 + \\lVert b_{1}\\rVert^2");
        ln.ModelNotes.ShouldBeEmpty();

        var conv = TestModels.Analyze(Networks["conv-ln"].Model());
        conv.Laws.Single(l => l.Name == "Shift1[3]").Formula.ShouldBe("sum(W1[:,1,1])");
        var convBn = TestModels.Analyze(Networks["conv-bn"].Model());
        convBn.Laws.Single(l => l.Name == "Norm1[0]").Formula.ShouldBe("|W1[0,:,:]|^2");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void CountsMatchAnIndependentLieRankOfTheProjectedFields(string name)
    {
        var model = Networks[name].Model();
        var result = TestModels.Analyze(model);
        result.Complete.ShouldBeTrue(string.Join(" ", result.Notes));
        result.IndependentLawCount.ShouldBe(result.Laws.Count);
        foreach (var segment in result.Segments)
        {
            var last = model.Layers[segment.LastLayer];
            if (last.Normalization == NormalizationKind.None) continue;
            var sub = new ModelDescription(model.Layers.Skip(segment.FirstLayer).Take(segment.LastLayer - segment.FirstLayer + 1).ToList());
            int d = sub.ParameterCount;
            d.ShouldBe(segment.ParameterCount);
            var ranks = SymbolicLieRank.RanksOfFields(ProjectedFields(sub), d, maxLength: 4, seed: 7);
            int independent = d - ranks[^1];
            _output.WriteLine($"{name}, layers {segment.FirstLayer + 1}–{segment.LastLayer + 1}: D = {d}, ranks by bracket length {string.Join(", ", ranks)}, laws {independent}, engine {segment.ParameterCount - segment.LieTraceRank} ({segment.Certificate})");
            (segment.ParameterCount - segment.LieTraceRank).ShouldBe(independent);
            segment.Complete.ShouldBeTrue();
            bool pathLifting = !model.Layers.Skip(segment.FirstLayer).Take(segment.LastLayer - segment.FirstLayer).Any(l => l.Activation == ActivationKind.Identity && l is not DiagonalSpec);
            segment.Certificate.ShouldBe(segment.FirstLayer == segment.LastLayer ? "theorem:normalized-layer"
                : pathLifting ? "theorem:normalized-path-incidence" : "computed");
        }
    }

    [Theory]
    [InlineData("bn-affine", 0, "normalized-layer")]
    [InlineData("ln-affine", 0, "normalized-layer")]
    [InlineData("rms", 0, "normalized-layer")]
    [InlineData("conv-ln", 0, "normalized-layer")]
    [InlineData("bn-upstream", 0, "normalized-path-incidence")]
    [InlineData("ln-upstream", 0, "normalized-path-incidence")]
    [InlineData("ln-no-bias", 0, "normalized-path-incidence")]
    [InlineData("conv-upstream-ln", 0, "normalized-path-incidence")]
    [InlineData("ln-linear-upstream", 0, "")]
    [InlineData("bn-linear-upstream", 0, "")]
    [InlineData("bn-mlp", 1, "normalized-path-incidence")]
    [InlineData("bn-no-bias", 0, "normalized-path-incidence")]
    [InlineData("rms-upstream", 0, "normalized-path-incidence")]
    [InlineData("conv-upstream-bn", 0, "normalized-path-incidence")]
    [InlineData("conv-rms", 0, "normalized-path-incidence")]
    [InlineData("conv-bn-affine", 0, "normalized-path-incidence")]
    [InlineData("conv-bn-affine", 1, "path-incidence")]
    [InlineData("conv-ln-affine", 1, "path-incidence")]
    public void TheTheoremsAgreeWithTheComputation(string name, int segment, string theorem)
    {
        var model = Networks[name].Model();
        var byTheorem = TestModels.Analyze(model);
        var computed = ConservationAnalysis.Analyze(model, new AnalysisOptions { UseTheorems = false });
        computed.Segments[segment].Certificate.ShouldBe("computed");
        byTheorem.Segments[segment].Certificate.ShouldBe(theorem.Length == 0 ? "computed" : "theorem:" + theorem); // "": no theorem covers a linear run
        computed.Segments[segment].LieTraceRank.ShouldBe(byTheorem.Segments[segment].LieTraceRank);
        computed.IndependentLawCount.ShouldBe(byTheorem.IndependentLawCount);
        computed.Complete.ShouldBeTrue();
    }

    [Fact]
    public void ABatchNormMlpOfRealisticSizeIsCertifiedByTheorems()
    {
        // 784 → 256 → 128 → 10 with BatchNorm and an affine after both hidden layers: three segments, counted by the
        // two theorems without any elimination.
        var model = new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(784, 256, ActivationKind.Identity, true) { Normalization = BN },
            new DiagonalSpec(256) { HasBias = true, Activation = Relu },
            new LayerSpec(256, 128, ActivationKind.Identity, true) { Normalization = BN },
            new DiagonalSpec(128) { HasBias = true, Activation = Relu },
            new LayerSpec(128, 10, ActivationKind.Identity, true),
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = TestModels.Analyze(model);
        watch.Stop();
        result.Status.ShouldBe(AnalysisStatus.Completed, result.Message);
        result.Certificate.ShouldBe("theorem:normalized-layer+theorem:normalized-path-incidence+theorem:path-incidence");
        // 256 + 256 (first block), 256 balances + 128 + 128 (second), 128 balances (third).
        result.IndependentLawCount.ShouldBe(256 + 256 + 256 + 128 + 128 + 128);
        result.Complete.ShouldBeTrue();
        result.Laws.Count.ShouldBe(result.IndependentLawCount!.Value);
        _output.WriteLine($"D = {result.ParameterCount}, {result.Laws.Count} laws, {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Theory]
    [InlineData("bn-upstream")]
    [InlineData("ln-upstream")]
    [InlineData("conv-upstream-bn")]
    public void AGradientStepChangesEachScaleLawByEtaSquaredTimesItsGradientAndNoShiftLaw(string name)
    {
        var net = Networks[name];
        var result = TestModels.Analyze(net.Model());
        var rng = new Random(21);
        var theta = TestModels.RandomTheta(net.Parameters, rng);
        var g = net.LossGradient(theta, UnitNetwork.RandomRows(rng, 8, net.InputWidth, 1), UnitNetwork.RandomRows(rng, 8, net.OutputWidth, 1), 0);
        const double eta = 0.05;
        var next = theta.Zip(g, (t, v) => t - eta * v).ToArray();
        foreach (var law in result.Laws.Where(l => l.Kind is LawKind.NormalizationScale or LawKind.NormalizationShift))
        {
            double change = law.Evaluate(next) - law.Evaluate(theta);
            // The law's own variables, read from its terms: ‖g‖² over them (every term of a scale law is a square).
            var variables = law.Terms.SelectMany(t => t.Variables).Distinct().ToList();
            double expected = law.Kind == LawKind.NormalizationScale ? eta * eta * variables.Sum(v => g[v] * g[v]) : 0;
            change.ShouldBe(expected, 1e-9, law.ToString());
            if (law.Kind == LawKind.NormalizationScale) expected.ShouldBeGreaterThan(1e-8);
        }
    }

    [Fact]
    public void EpsilonBreaksTheBatchNormScaleLawByItsPredictedAmount()
    {
        // With ε > 0, n = (z − mean)/√(var + ε) and scaling unit c's weights by s gives dn/ds = n·ε/(var + ε) at s = 1:
        // ⟨w_c, ∂L/∂w_c⟩ = ε/(var_c + ε)·γ_c ∂L/∂γ_c (scaling n_c is scaling γ_c). At ε = 0 both sides vanish.
        var net = Networks["bn-affine"];
        var rng = new Random(8);
        var theta = TestModels.RandomTheta(net.Parameters, rng);
        var xs = UnitNetwork.RandomRows(rng, 6, 3, 1);
        var ys = UnitNetwork.RandomRows(rng, 6, 2, 1);
        foreach (double epsilon in new[] { 1e-5, 1e-3, 1e-1 })
        {
            var g = net.LossGradient(theta, xs, ys, epsilon);
            for (int c = 0; c < 4; c++)
            {
                double scaleDerivative = Enumerable.Range(0, 3).Sum(j => theta[c * 3 + j] * g[c * 3 + j]);
                int gamma = net.Offset(1) + c;
                double variance = net.PreNormVariance(theta, xs, 0, c);
                double predicted = epsilon / (variance + epsilon) * theta[gamma] * g[gamma];
                scaleDerivative.ShouldBe(predicted, 1e-8 + 1e-6 * Math.Abs(predicted));
                double wNorm = Math.Sqrt(Enumerable.Range(0, 3).Sum(j => theta[c * 3 + j] * theta[c * 3 + j]));
                double rowNorm = Math.Sqrt(Enumerable.Range(0, 3).Sum(j => g[c * 3 + j] * g[c * 3 + j]));
                _output.WriteLine($"ε = {epsilon:e0}, unit {c}: var = {variance:0.###}, ⟨w_c, g_c⟩ = {scaleDerivative:e2} (predicted {predicted:e2}), relative to ‖w_c‖‖g_c‖: {Math.Abs(scaleDerivative) / (wNorm * rowNorm):e1}");
            }
        }
    }

    [Theory]
    [InlineData("bn-upstream")]
    [InlineData("ln-upstream")]
    [InlineData("conv-ln")]
    public void WithEpsilonTheShiftLawsStayExactWhileTheScaleLawsDrift(string name)
    {
        // ε only enters through the variance, which a translation of the pre-activations does not change.
        var net = Networks[name];
        var result = TestModels.Analyze(net.Model());
        var rng = new Random(13);
        var theta = TestModels.RandomTheta(net.Parameters, rng);
        var g = net.LossGradient(theta, UnitNetwork.RandomRows(rng, 6, net.InputWidth, 1), UnitNetwork.RandomRows(rng, 6, net.OutputWidth, 1), epsilon: 0.05);
        double largestScale = 0;
        foreach (var law in result.Laws.Where(l => l.Kind is LawKind.NormalizationScale or LawKind.NormalizationShift))
        {
            var dh = law.Gradient(theta);
            double cosine = Math.Abs(Dot(dh, g)) / (Norm(dh) * Norm(g));
            if (law.Kind == LawKind.NormalizationShift) cosine.ShouldBeLessThan(1e-8, law.ToString());
            else largestScale = Math.Max(largestScale, cosine);
        }

        largestScale.ShouldBeGreaterThan(1e-4); // the scale laws are broken by ε, visibly above the differences' error
    }

    [Fact]
    public void TheVerifierAcceptsExactlyTheSymmetryFormsOfTheNormalisation()
    {
        // Segment 1 of each model; local indices: W1 at 0 (2×3 → 6 weights), b1 at 6, W2 at 9 (3 inputs × units), b2 after it.
        static Polynomials.IntegerPolynomial Poly(params (int Variable, int Power, long Coefficient)[] terms)
        {
            var p = new Polynomials.IntegerPolynomial();
            foreach (var (v, power, c) in terms) p.Add(power == 2 ? Polynomials.Monomial.Of(v, v) : Polynomials.Monomial.Of(v), c);
            return p;
        }

        static Components.ILawVerifier Verifier(string name) =>
            Components.ModelComponents.Of(Networks[name].Model())[0].CreateVerifier(new WorkMeter(long.MaxValue, default));

        var bn = Verifier("bn-upstream"); // W2 is 4×3 at 9, b2 at 21
        bn.Verify(Poly((12, 2, 3), (13, 2, 3), (14, 2, 3))).ShouldBeTrue();       // 3‖W2[1,:]‖²
        bn.Verify(Poly((12, 2, 1), (13, 2, 1))).ShouldBeFalse();                  // one entry missing
        bn.Verify(Poly((12, 2, 1), (13, 2, 1), (14, 2, 2))).ShouldBeFalse();      // unequal coefficients
        bn.Verify(Poly((22, 1, -2))).ShouldBeTrue();                              // −2·b2[1], dead
        bn.Verify(Poly((6, 1, 1))).ShouldBeFalse();                               // b1[0] is not dead
        bn.Verify(Poly((9, 1, 1), (12, 1, 1), (15, 1, 1), (18, 1, 1))).ShouldBeFalse(); // a LayerNorm column sum

        var ln = Verifier("ln-upstream"); // W2 is 3×3 at 9, b2 at 18
        ln.Verify(Poly((10, 1, 1), (13, 1, 1), (16, 1, 1))).ShouldBeTrue();       // sum(W2[:,1])
        ln.Verify(Poly((13, 1, 1), (16, 1, 1))).ShouldBeFalse();                  // a unit missing
        ln.Verify(Poly((18, 1, 1), (19, 1, 1), (20, 1, 1))).ShouldBeTrue();       // sum(b2)
        var scale = Enumerable.Range(9, 12).Select(v => (v, 2, 1L)).ToArray();
        ln.Verify(Poly(scale)).ShouldBeTrue();                                     // ‖W2‖² + ‖b2‖²
        ln.Verify(Poly(scale.Take(9).ToArray())).ShouldBeFalse();                  // without the bias
        ln.Verify(Poly((12, 2, 1), (13, 2, 1), (14, 2, 1))).ShouldBeFalse();      // a BatchNorm row

        var rms = Verifier("rms-upstream");
        rms.Verify(Poly((18, 1, 1), (19, 1, 1), (20, 1, 1))).ShouldBeFalse();     // no translation under RMSNorm
        rms.Verify(Poly(scale)).ShouldBeTrue();
    }

    [Fact]
    public void TheMomentumCountSaysItSkipsANormalisedSegment()
    {
        var result = MomentumAnalysis.Count(Networks["bn-upstream"].Model());
        result.Notes.ShouldContain(n => n.Contains("Segment 1") && n.Contains("normalisation"));
        result.IndependentLawCount.ShouldBeNull();
    }

    [Fact]
    public void WithEpsilonTheScaleLawsAreDroppedAndOnlyTheTheoremsCount()
    {
        LayerSpec Normalised(NormalizationKind kind, double epsilon) => new(3, 4, ActivationKind.Identity, true) { Normalization = kind, NormEpsilon = epsilon };
        // Alone: BatchNorm keeps its dead biases, LayerNorm its column and bias sums, RMSNorm nothing.
        foreach (var (kind, exact, inexact) in new[] { (BN, 8, 4), (LN, 5, 4), (RMS, 1, 0) })
        {
            TestModels.Analyze(new ModelDescription(new BlockSpec[] { Normalised(kind, 0) })).IndependentLawCount.ShouldBe(exact);
            var r = TestModels.Analyze(new ModelDescription(new BlockSpec[] { Normalised(kind, 1e-5) }));
            r.IndependentLawCount.ShouldBe(inexact, kind.ToString());
            r.Laws.ShouldNotContain(l => l.Name.StartsWith("Norm", System.StringComparison.Ordinal));
        }

        // After a path-lifting: the balances and the shifts (the theorem's count without the scale laws).
        var path = TestModels.Analyze(new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(2, 3, ActivationKind.ReLU, true), new LayerSpec(3, 4, ActivationKind.Identity, true) { Normalization = BN, NormEpsilon = 1e-5 },
        }));
        path.IndependentLawCount.ShouldBe(3 + 4);
        path.Certificate.ShouldBe("theorem:normalized-path-incidence");

        // A linear run into the normalised block has no theorem, and the computed count assumes the scale symmetry.
        var run = TestModels.Analyze(new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(2, 3, ActivationKind.Identity, false), new LayerSpec(3, 3, ActivationKind.Identity, false) { Normalization = LN, NormEpsilon = 1e-5 },
        }));
        run.IndependentLawCount.ShouldBeNull();
        run.Notes.ShouldContain(n => n.Contains("NormEpsilon > 0"));
    }

    [Fact]
    public void ABlockReadingLayerNormsCentredValuesWithoutAnActivationIsNotCounted()
    {
        // LayerNorm's values sum to 0 over the units: a linear reader's row sums are laws no count of generic inputs sees,
        // so the reader's segment keeps its listed laws but no count; the LayerNorm layer's own count stands.
        var direct = TestModels.Analyze(new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(3, 4, ActivationKind.Identity, true) { Normalization = LN }, new LayerSpec(4, 2, ActivationKind.Identity, true),
        }));
        direct.Status.ShouldBe(AnalysisStatus.Completed);
        direct.IndependentLawCount.ShouldBeNull();
        direct.Complete.ShouldBeFalse();
        direct.Laws.Count.ShouldBe(1 + 3 + 1);
        direct.Notes.ShouldContain(n => n.Contains("Segment 2 (layer 2) is not counted: it reads the LayerNorm output of layer 1, whose values sum to 0 over the units"));
        var throughAffine = TestModels.Analyze(new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(3, 4, ActivationKind.Identity, true) { Normalization = LN }, new DiagonalSpec(4) { HasBias = true }, new LayerSpec(4, 2, ActivationKind.Identity, true),
        }));
        throughAffine.IndependentLawCount.ShouldBeNull();
        throughAffine.Notes.ShouldContain(n => n.Contains("it reads the LayerNorm output of layer 1 through its affine (layer 2) with no activation"));

        // An activation frees the reader: on the LayerNorm layer, or on its affine; BatchNorm and RMSNorm values are not centred per sample.
        TestModels.Analyze(new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(3, 4, ActivationKind.Gelu, true) { Normalization = LN }, new LayerSpec(4, 2, ActivationKind.Identity, true),
        })).IndependentLawCount.ShouldBe(5);
        TestModels.Analyze(new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(3, 4, ActivationKind.Identity, true) { Normalization = LN }, new DiagonalSpec(4) { HasBias = true, Activation = ActivationKind.ReLU }, new LayerSpec(4, 2, ActivationKind.Identity, true),
        })).IndependentLawCount.ShouldBe(5 + 4);
        TestModels.Analyze(new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(3, 4, ActivationKind.Identity, true) { Normalization = RMS }, new LayerSpec(4, 2, ActivationKind.Identity, true),
        })).IndependentLawCount.ShouldBe(1);
    }

    [Fact]
    public void InvalidAndUnsupportedCombinationsAreRefusedByName()
    {
        var single = new ModelDescription(new BlockSpec[] { new LayerSpec(3, 1, ActivationKind.Identity, true) { Normalization = LN } });
        var r1 = TestModels.Analyze(single);
        r1.Status.ShouldBe(AnalysisStatus.Invalid);
        r1.Message.ShouldContain("LayerNorm needs at least 2 outputs");

        var diagonal = new ModelDescription(new BlockSpec[] { new LayerSpec(3, 2, ActivationKind.ReLU, true), new DiagonalSpec(2) { Normalization = BN } });
        TestModels.Analyze(diagonal).Message.ShouldContain("a diagonal layer is not normalised");

        var skip = new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(2, 2, ActivationKind.ReLU, true), new LayerSpec(2, 2, ActivationKind.ReLU, true) { Normalization = BN, ResidualFrom = 1 }, new LayerSpec(2, 1, ActivationKind.Identity, false),
        });
        TestModels.Analyze(skip).Message.ShouldContain("does not take a residual connection");
        TestModels.Analyze(skip).Message.ShouldContain("remove its ResidualFrom, or its Normalization"); // what to do

        var repu = new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(2, 2, ActivationKind.RePU, true) { ActivationDegree = 2 }, new LayerSpec(2, 2, ActivationKind.Identity, true) { Normalization = BN },
        });
        TestModels.Analyze(repu).Message.ShouldContain("not after RePU, Power or trainable-β Swish units");
    }

    // The generators of the normalised losses' gradients from the reference path polynomials (no engine code): with
    // φ's components grouped by output unit, Jφᵀu for u = ⟨s, φ⟩r − ⟨r, φ⟩s over pairs of basis cotangents r, s that
    // vanish on the group's translation directions — BatchNorm: r, s ending at the same unit c, not the bias path b_c;
    // LayerNorm: r, s from the basis e_(o,q) − e_(0,q) of the vectors centred over the output units; RMSNorm: any.
    private static List<SymbolicLieRank.Poly[]> ProjectedFields(ModelDescription sub)
    {
        var phi = ReferencePathPolynomials.Phi(sub);
        int d = sub.ParameterCount, last = sub.Layers.Count - 1;
        var block = sub.Layers[last];
        int w0 = ReferencePathPolynomials.Offset(sub, last), weights = (int)ReferencePathPolynomials.Weights(sub, last), row = weights / block.Outputs;
        // Each component is linear in the last block's parameters; read its output unit and its class q (the component
        // with that parameter replaced by its column, or by "bias").
        var unit = new int[phi.Count];
        var classOf = new string[phi.Count];
        var translation = new bool[phi.Count];
        for (int i = 0; i < phi.Count; i++)
        {
            var keys = new List<string>();
            int o = -1;
            foreach (var (monomial, coefficient) in phi[i].Terms)
            {
                int at = monomial.ToList().FindIndex(ch => ch >= w0 && ch < w0 + weights + (block.HasBias ? block.Outputs : 0));
                int v = monomial[at];
                o = v < w0 + weights ? (v - w0) / row : v - w0 - weights;
                char marker = (char)(60000 + (v < w0 + weights ? (v - w0) % row : row));
                var rest = monomial.Remove(at, 1) + marker;
                keys.Add(new string(rest.OrderBy(ch => ch).ToArray()) + "*" + coefficient);
                translation[i] = monomial.Length == 1 && v >= w0 + weights;
            }

            unit[i] = o;
            keys.Sort(StringComparer.Ordinal);
            classOf[i] = string.Join(";", keys);
        }

        // Scalar polynomials ψ = ⟨r, φ⟩ for the basis cotangents r.
        var psi = new List<List<SymbolicLieRank.Poly>>();
        switch (block.Normalization)
        {
            case NormalizationKind.BatchNorm:
                for (int c = 0; c < block.Outputs; c++)
                    psi.Add(Enumerable.Range(0, phi.Count).Where(i => unit[i] == c && !translation[i]).Select(i => phi[i]).ToList());
                break;
            case NormalizationKind.LayerNorm:
                var centred = new List<SymbolicLieRank.Poly>();
                foreach (var group in Enumerable.Range(0, phi.Count).GroupBy(i => classOf[i]))
                {
                    var members = group.OrderBy(i => unit[i]).ToList();
                    members.Count.ShouldBe(block.Outputs);
                    foreach (int i in members.Skip(1))
                    {
                        var p = new SymbolicLieRank.Poly();
                        p.AddProduct(phi[i], SymbolicLieRank.Poly.Constant(1), 1);
                        p.AddProduct(phi[members[0]], SymbolicLieRank.Poly.Constant(1), -1);
                        centred.Add(p);
                    }
                }

                psi.Add(centred);
                break;
            default:
                psi.Add(phi.ToList());
                break;
        }

        var fields = new List<SymbolicLieRank.Poly[]>();
        foreach (var block_ in psi)
        {
            var gradients = block_.Select(p => Enumerable.Range(0, d).Select(p.Derivative).ToArray()).ToList();
            for (int a = 0; a < block_.Count; a++)
            {
                for (int b = a + 1; b < block_.Count; b++)
                {
                    var field = new SymbolicLieRank.Poly[d];
                    for (int v = 0; v < d; v++)
                    {
                        var f = new SymbolicLieRank.Poly();
                        f.AddProduct(block_[b], gradients[a][v], 1);
                        f.AddProduct(block_[a], gradients[b][v], -1);
                        field[v] = f;
                    }

                    fields.Add(field);
                }
            }
        }

        return fields;
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
