using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Phi;
using Shouldly;
using Xunit;
using static ConservationCodegen.Engine.Tests.LayerShapeOracles;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Convolutions: laws against the closed forms (one balance per hidden channel behind a homogeneous activation, the Gram
/// family over channels at an identity level), against the gradient of an MSE loss of a real convolution with stride
/// and padding, and counts against the independent path-polynomial Lie rank.
/// </summary>
public sealed class ConvolutionLawTests
{
    private static ConvolutionSpec Conv1(int cin, int cout, int k, int stride = 1, int padding = 0, ActivationKind act = ActivationKind.Identity, bool bias = false) =>
        new(1, cin, cout, 1, k, stride, padding) { Activation = act, HasBias = bias };

    private static ConvolutionSpec Conv2(int cin, int cout, int kh, int kw, int stride = 1, int padding = 0, ActivationKind act = ActivationKind.Identity, bool bias = false) =>
        new(2, cin, cout, kh, kw, stride, padding) { Activation = act, HasBias = bias };

    private static LayerSpec Dense(int inputs, int outputs, ActivationKind act = ActivationKind.Identity, bool bias = false) => new(inputs, outputs, act, bias);

    private static AnalysisResult Analyze(ModelDescription model, bool theorems = true) =>
        ConservationAnalysis.Analyze(model, new AnalysisOptions { UseTheorems = theorems, WorkBudget = long.MaxValue });

    public static ModelDescription Conv1dRelu(bool bias) =>
        new(new BlockSpec[] { Conv1(2, 3, 3, stride: 2, padding: 1, act: ActivationKind.ReLU, bias: bias), Conv1(3, 2, 2, bias: bias) }, new[] { 2, 9 });

    public static ModelDescription Conv2dRelu(bool bias) =>
        new(new BlockSpec[] { Conv2(2, 3, 3, 3, padding: 1, act: ActivationKind.ReLU, bias: bias), Conv2(3, 2, 2, 2, stride: 2, bias: bias) }, new[] { 2, 6, 6 });

    // 1×5×5 → conv 3×3 (no padding) → 3 channels of 3×3 = 27 features → dense: 3 units with 9 taps.
    public static ModelDescription DenseAfterConv(bool bias) =>
        new(new BlockSpec[] { Conv2(1, 3, 3, 3, act: ActivationKind.ReLU, bias: bias), Dense(27, 4, ActivationKind.LeakyReLU, bias), Dense(4, 2) }, new[] { 1, 5, 5 });

    public static ModelDescription IdentityBetweenConvs(bool bias) =>
        new(new BlockSpec[] { Conv1(2, 3, 3, padding: 1, bias: bias), Conv1(3, 2, 2, stride: 2, bias: bias) }, new[] { 2, 7 });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConvReluConvKeepsOneBalancePerHiddenChannel(bool bias)
    {
        foreach (var model in new[] { Conv1dRelu(bias), Conv2dRelu(bias) })
        {
            var r = Analyze(model);
            r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
            r.ShouldBeExactly(Enumerable.Range(0, 3).Select(c => Gram(model, 0, c, c)));
            // Marcotte et al. 2025, Thm 3.6: exactly one law per hidden channel.
            r.IndependentLawCount.ShouldBe(3);
            r.Complete.ShouldBeTrue();
            r.Certificate.ShouldBe("theorem:path-incidence");
            LawsAreOrthogonalToTheLossGradient(r, seed: 5);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ADenseLayerAfterAConvolutionReadsItsChannelsAsUnitsWithTaps(bool bias)
    {
        var model = DenseAfterConv(bias);
        model.Shapes[1].ShouldBe(new LayerShape(3, 4, 9));
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        var expected = Enumerable.Range(0, 3).Select(c => Gram(model, 0, c, c)).Concat(Enumerable.Range(0, 4).Select(j => Gram(model, 1, j, j)));
        r.ShouldBeExactly(expected);
        r.IndependentLawCount.ShouldBe(7);
        r.Certificate.ShouldBe("theorem:path-incidence");
        r.Laws[0].Formula.ShouldBe(bias ? "|W1[0,:,:,:]|^2 + b1[0]^2 - |W2[:,0:9]|^2" : "|W1[0,:,:,:]|^2 - |W2[:,0:9]|^2");
        LawsAreOrthogonalToTheLossGradient(r, seed: 6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnIdentityLevelBetweenConvolutionsKeepsTheGramFamilyOverChannels(bool bias)
    {
        var model = IdentityBetweenConvs(bias);
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        var expected = new List<Quadratic>();
        for (int c = 0; c < 3; c++)
            for (int c2 = c; c2 < 3; c2++) expected.Add(Gram(model, 0, c, c2));
        r.ShouldBeExactly(expected);
        r.Laws.First(l => l.Row != l.Column).Formula.ShouldBe(bias
            ? "<W1[0,:,:], W1[1,:,:]> + b1[0]*b1[1] - <W2[:,0,:], W2[:,1,:]>"
            : "<W1[0,:,:], W1[1,:,:]> - <W2[:,0,:], W2[:,1,:]>");
        r.RotationSymmetries.Single().Dimension.ShouldBe(3);
        LawsAreOrthogonalToTheLossGradient(r, seed: 7);
    }

    // A dense pair on the contracted sizes m = inputs·taps₁ = 6, r = 3, n = outputs·taps₂ = 4: N = 10 ≥ r, so r(r+1)/2.
    [Fact]
    public void TwoLinearConvolutionsAreCountedAsADensePairOfContractedSizes()
    {
        var model = IdentityBetweenConvs(bias: false);
        var r = Analyze(model);
        r.Certificate.ShouldBe("theorem:two-layer-linear");
        r.IndependentLawCount.ShouldBe(6);
        Analyze(model, theorems: false).IndependentLawCount.ShouldBe(6);
        IndependentCount(model).ShouldBe(6);

        // N = 1·1 + 2 = 3 < r = 4: N·r − N(N−1)/2 = 9.
        var narrow = new ModelDescription(new BlockSpec[] { Conv1(1, 4, 1), Conv1(4, 1, 2) });
        var n = Analyze(narrow);
        n.Certificate.ShouldBe("theorem:two-layer-linear");
        n.IndependentLawCount.ShouldBe(9);
        Analyze(narrow, theorems: false).IndependentLawCount.ShouldBe(9);
        IndependentCount(narrow).ShouldBe(9);
        // A convolution and the dense layer after it: n = outputs·positions = 2·3, m = 1·2, r = 2.
        var dense = new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2), Dense(6, 2) }, new[] { 1, 4 });
        var d = Analyze(dense);
        d.Certificate.ShouldBe("theorem:two-layer-linear");
        d.IndependentLawCount.ShouldBe(3);
        Analyze(dense, theorems: false).IndependentLawCount.ShouldBe(3);
        IndependentCount(dense).ShouldBe(3);
        LawsAreOrthogonalToTheLossGradient(d, seed: 10);
    }

    public static IEnumerable<object[]> SmallModels()
    {
        // Thm 3.6 of Marcotte et al. 2025 on small instances: one law per hidden channel.
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2, act: ActivationKind.ReLU), Conv1(2, 1, 2) }), 2 };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv1(2, 2, 2, act: ActivationKind.ReLU, bias: true), Conv1(2, 1, 2, bias: true) }), 2 };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv2(1, 2, 1, 2, act: ActivationKind.Abs), Conv2(2, 2, 2, 1) }), 2 };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2, act: ActivationKind.ReLU), Conv1(2, 2, 2, act: ActivationKind.ReLU), Conv1(2, 1, 1) }), 4 };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2, act: ActivationKind.ReLU, bias: true), Dense(6, 2, bias: true) }, new[] { 1, 4 }), 2 };
        // A diagonal layer after a convolution scales each channel at every position (one weight and bias per channel):
        // a balance per channel on both sides of it.
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2, act: ActivationKind.ReLU), new DiagonalSpec(2) { HasBias = true, Activation = ActivationKind.ReLU }, Conv1(2, 1, 2) }), 4 };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2, bias: true), new DiagonalSpec(2) { HasBias = true, Activation = ActivationKind.ReLU }, Dense(6, 2, bias: true) }, new[] { 1, 4 }), -1 };
        // No theorem: a linear run of three layers, and a run with biases (computed certificate).
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2), Conv1(2, 2, 1), Conv1(2, 1, 2) }), -1 };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2, bias: true), Conv1(2, 1, 2, bias: true) }), -1 };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2, bias: true), Conv1(2, 2, 2, act: ActivationKind.ReLU), Conv1(2, 1, 1) }), -1 };
    }

    [Theory]
    [MemberData(nameof(SmallModels))]
    public void CountsAgreeWithTheIndependentLieRankOfThePathPolynomials(ModelDescription model, int known)
    {
        var structural = Analyze(model);
        var computed = Analyze(model, theorems: false);
        structural.Status.ShouldBe(AnalysisStatus.Completed, structural.Message);
        computed.Status.ShouldBe(AnalysisStatus.Completed, computed.Message);
        int independent = IndependentCount(model);
        if (known >= 0) independent.ShouldBe(known);
        structural.IndependentLawCount.ShouldBe(independent, model.ToString());
        computed.IndependentLawCount.ShouldBe(independent, model.ToString());
        computed.Certificate.ShouldBe("computed");
        structural.Complete.ShouldBe(computed.Complete);
        structural.Laws.Select(l => l.Formula).ShouldBe(computed.Laws.Select(l => l.Formula));
    }

    [Theory]
    [MemberData(nameof(SmallModels))]
    public void EnginePhiIsThePathPolynomialLifting(ModelDescription model, int known)
    {
        _ = known;
        var theta = TestModels.RandomTheta(model.ParameterCount, new System.Random(9));
        var engine = PhiMap.Evaluate(model, theta).OrderBy(x => x).ToArray();
        var reference = ReferencePathPolynomials.Phi(model).Select(p => p.EvaluateReal(theta)).OrderBy(x => x).ToArray();
        PhiMap.Length(model).ShouldBe(reference.Length);
        engine.Length.ShouldBe(reference.Length);
        for (int i = 0; i < engine.Length; i++) engine[i].ShouldBe(reference[i], 1e-12);
        var expansion = PhiExpansion.TryExpand(model, 100_000)!;
        var expanded = expansion.Components.Select(c => c.Sum(m => m.Aggregate(1.0, (a, v) => a * theta[v]))).OrderBy(x => x).ToArray();
        for (int i = 0; i < engine.Length; i++) expanded[i].ShouldBe(reference[i], 1e-12);
    }

    [Fact]
    public void LawsOfConvolutionsWithoutATheoremAreOrthogonalToTheLossGradient()
    {
        var model = new ModelDescription(new BlockSpec[]
        {
            Conv1(2, 3, 3, padding: 1, bias: true), Conv1(3, 3, 2, stride: 2, act: ActivationKind.ReLU, bias: true), Conv1(3, 2, 2),
        }, new[] { 2, 8 });
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        LawsAreOrthogonalToTheLossGradient(r, seed: 8);
    }

    // The numeric check has teeth: near misses fail it (an off-diagonal entry behind the ReLU, a balance that forgets
    // the outgoing taps but one).
    [Fact]
    public void NearMissesAreNotOrthogonalToTheLossGradient()
    {
        var model = Conv1dRelu(bias: true);
        var net = new ReferenceNetwork(model);
        var rng = new System.Random(4);
        var theta = TestModels.RandomTheta(model.ParameterCount, rng);
        int outputs = net.Forward(theta, new double[net.InputSize]).Length;
        var (x, y) = Data(net, outputs, 4, rng);
        var g = net.LossGradient(theta, x, y);
        Cosine(Gradient(Gram(model, 0, 0, 1), theta), g).ShouldBeGreaterThan(1e-3);
        var forgetful = Gram(model, 0, 0, 0);
        foreach (int v in OutColumn(model, 1, 0).Where((_, j) => j % 2 == 1)) forgetful.Add(v, v, 1);
        Cosine(Gradient(forgetful, theta), g).ShouldBeGreaterThan(1e-3);
        Cosine(Gradient(Gram(model, 0, 0, 0), theta), g).ShouldBeLessThan(1e-6);
    }
}
