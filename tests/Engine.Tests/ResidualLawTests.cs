using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;
using static ConservationCodegen.Engine.Tests.LayerShapeOracles;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Residual connections x + g(x): the laws of the branch g stay (Marcotte et al. 2025, Prop 3.2), the balances a model
/// without the skip would have at the skip's two ends are not conserved, and their sum — the balance of the residual
/// stream, which rescales unit c at both ends together — is. Checked against a real forward pass whose skips add before
/// the activation, and the count against the path-incidence theorem on the graph with skips.
/// </summary>
public sealed class ResidualLawTests
{
    private static LayerSpec Dense(int inputs, int outputs, ActivationKind act = ActivationKind.Identity, bool bias = false, int from = -1) =>
        new(inputs, outputs, act, bias) { ResidualFrom = from };

    private static ConvolutionSpec Conv1(int cin, int cout, ActivationKind act, int from = -1) =>
        new(1, cin, cout, 1, 3, 1, 1) { Activation = act, HasBias = true, ResidualFrom = from };

    private static AnalysisResult Analyze(ModelDescription model) =>
        ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = long.MaxValue });

    // Block g = layers 1–2 (dense ReLU dense), its output added to its input, then ReLU.
    private static ModelDescription DenseResidual(bool skip) => new(new BlockSpec[]
    {
        Dense(3, 4, ActivationKind.ReLU, bias: true), Dense(4, 4, ActivationKind.ReLU, bias: true),
        Dense(4, 4, ActivationKind.ReLU, bias: true, from: skip ? 1 : -1), Dense(4, 2),
    });

    private static ModelDescription ConvResidual(bool skip) => new(new BlockSpec[]
    {
        Conv1(2, 3, ActivationKind.ReLU), Conv1(3, 3, ActivationKind.ReLU), Conv1(3, 3, ActivationKind.ReLU, from: skip ? 1 : -1), Dense(15, 2),
    }, new[] { 2, 5 });

    public static IEnumerable<object[]> Models() => new[] { new object[] { true }, new object[] { false } };

    [Theory]
    [MemberData(nameof(Models))]
    public void AResidualBlockHasExactlyTheLawsOfItsBranch(bool convolutional)
    {
        var model = convolutional ? ConvResidual(skip: true) : DenseResidual(skip: true);
        var plain = convolutional ? ConvResidual(skip: false) : DenseResidual(skip: false);
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.Segments.Count.ShouldBe(1); // layer 1 | the branch g (layers 2–3) | layer 4, joined by the skip into one region

        // The laws of g (its hidden level, the output of layer 2) and the stream balances of the skip's two ends.
        int branch = model.Shapes[1].Outputs, stream = model.Shapes[0].Outputs;
        r.ShouldBeExactly(Enumerable.Range(0, branch).Select(c => Gram(model, 1, c, c)).Concat(Enumerable.Range(0, stream).Select(c => Sum(Gram(model, 0, c, c), Gram(model, 2, c, c)))));
        r.IndependentLawCount.ShouldBe(branch + stream);
        r.Complete.ShouldBeTrue();
        r.Certificate.ShouldBe("theorem:path-incidence");
        r.Laws.Single(l => l.Name == "Stream1[0]").Formula.ShouldStartWith("(|W1[0,");
        LawsAreOrthogonalToTheLossGradient(r, seed: 12);

        // Without the skip the same layers have balances at both skip ends too; with it, those are not conserved.
        var p = Analyze(plain);
        p.IndependentLawCount.ShouldBe(branch + model.Shapes[0].Outputs + model.Shapes[2].Outputs);
        var net = new ReferenceNetwork(model);
        var rng = new System.Random(13);
        var theta = TestModels.RandomTheta(model.ParameterCount, rng);
        int outputs = net.Forward(theta, new double[net.InputSize]).Length;
        var (x, y) = Data(net, outputs, 16, rng);
        var g = net.LossGradient(theta, x, y);
        for (int c = 0; c < stream; c++)
        {
            foreach (int end in new[] { 0, 2 })
                Cosine(Gradient(Gram(model, end, c, c), theta), g).ShouldBeGreaterThan(1e-4, $"balance {c} at the output of layer {end + 1}");
            Cosine(Gradient(Sum(Gram(model, 0, c, c), Gram(model, 2, c, c)), theta), g).ShouldBeLessThan(1e-6);
        }

        // The same laws and count as the branch analysed as a model of its own.
        var alone = new ModelDescription(new[] { model.Layers[1] with { ResidualFrom = -1 }, model.Layers[2] with { ResidualFrom = -1, Activation = ActivationKind.Identity } });
        var a = Analyze(alone);
        a.IndependentLawCount.ShouldBe(branch);
        a.Laws.Select(l => l.Formula).ShouldBe(r.Laws.Where(l => l.Group == "Hidden2").Select(l => l.Formula)); // the blocks keep their names
    }

    private static Quadratic Sum(Quadratic a, Quadratic b)
    {
        var q = new Quadratic();
        foreach (var part in new[] { a, b })
            foreach (var (key, v) in part)
            {
                var ab = key.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                q.Add(ab[0], ab[1], v);
            }

        return q;
    }

    [Fact]
    public void TheLawsOfAResidualMlpAreTheBalancesOfEveryBranchAndNothingCrossesASkip()
    {
        var layers = new List<BlockSpec> { Dense(3, 4, ActivationKind.ReLU, bias: true) };
        for (int b = 0; b < 3; b++)
        {
            layers.Add(Dense(4, 4, ActivationKind.ReLU, bias: true));
            layers.Add(Dense(4, 4, ActivationKind.ReLU, bias: true, from: layers.Count - 1));
        }

        layers.Add(Dense(4, 2));
        var model = new ModelDescription(layers);
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        // Branch levels 1, 3, 5; one stream through the skip ends 0, 2, 4, 6 per unit.
        var streams = Enumerable.Range(0, 4).Select(c => Sum(Sum(Gram(model, 0, c, c), Gram(model, 2, c, c)), Sum(Gram(model, 4, c, c), Gram(model, 6, c, c))));
        r.ShouldBeExactly(new[] { 1, 3, 5 }.SelectMany(k => Enumerable.Range(0, 4).Select(c => Gram(model, k, c, c))).Concat(streams));
        r.IndependentLawCount.ShouldBe(16);
        r.Certificate.ShouldBe("theorem:path-incidence");
        LawsAreOrthogonalToTheLossGradient(r, seed: 14);
    }

    public static IEnumerable<object[]> SmallResidualModels()
    {
        yield return new object[] { new ModelDescription(new BlockSpec[]
        {
            Dense(2, 2, ActivationKind.ReLU), Dense(2, 2, ActivationKind.ReLU), Dense(2, 2, ActivationKind.ReLU, from: 1), Dense(2, 1),
        }) };
        yield return new object[] { new ModelDescription(new BlockSpec[]
        {
            Dense(2, 2, ActivationKind.ReLU, bias: true), Dense(2, 2, ActivationKind.Abs), Dense(2, 2, ActivationKind.ReLU, bias: true, from: 1), Dense(2, 1, bias: true),
        }) };
        // The stream starts at the model input: it cannot be rescaled, so it has no law.
        yield return new object[] { new ModelDescription(new BlockSpec[] { Dense(2, 3, ActivationKind.ReLU), Dense(3, 2, ActivationKind.ReLU, from: 0), Dense(2, 1) }) };
        yield return new object[] { new ModelDescription(new BlockSpec[]
        {
            new ConvolutionSpec(1, 1, 2, 1, 2, 1, 0) { Activation = ActivationKind.ReLU },
            new ConvolutionSpec(1, 2, 2, 1, 1) { Activation = ActivationKind.ReLU }, new ConvolutionSpec(1, 2, 2, 1, 1) { Activation = ActivationKind.ReLU, ResidualFrom = 1 },
            new ConvolutionSpec(1, 2, 1, 1, 2),
        }, new[] { 1, 4 }) };
    }

    // The path-incidence count on the graph with skips against the Lie rank of the path polynomials through the skips,
    // written from the definition; and, cutting at the skips instead, the independent count is lower by the streams.
    [Theory]
    [MemberData(nameof(SmallResidualModels))]
    public void CountsOnTheGraphWithSkipsAgreeWithTheIndependentLieRank(ModelDescription model)
    {
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.Certificate.ShouldBe("theorem:path-incidence");
        r.Complete.ShouldBeTrue();
        IndependentCount(model, throughSkips: true).ShouldBe(r.IndependentLawCount!.Value, model.ToString());
        if (r.Laws.Count > 0) LawsAreOrthogonalToTheLossGradient(r, seed: 15);
    }

    // A skip that joins a linear level: no theorem covers the region, so the exact computation on the gated fields of
    // the graph with skips counts it, and agrees with the independent Lie rank through the skips.
    [Fact]
    public void ARegionTheTheoremDoesNotCoverIsCountedByComputation()
    {
        var model = new ModelDescription(new BlockSpec[]
        {
            Dense(2, 2), Dense(2, 2, ActivationKind.ReLU, bias: true), Dense(2, 2, ActivationKind.ReLU, from: 1), Dense(2, 1),
        });
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.Segments.Single().Certificate.ShouldNotStartWith("theorem:");
        r.CountIsExact.ShouldBeTrue();
        r.IndependentLawCount.ShouldBe(IndependentCount(model, throughSkips: true));
        r.Laws.Count.ShouldBeGreaterThan(0);
        LawsAreOrthogonalToTheLossGradient(r, seed: 16);
    }

    [Theory]
    [MemberData(nameof(SmallResidualModels))]
    public void TheComputedCountOnTheGraphWithSkipsEqualsTheTheorem(ModelDescription model)
    {
        var computed = ConservationAnalysis.Analyze(model, new AnalysisOptions { UseTheorems = false, WorkBudget = long.MaxValue });
        var structural = Analyze(model);
        computed.Certificate.ShouldBe("computed", string.Join(" ", computed.Notes));
        computed.IndependentLawCount.ShouldBe(structural.IndependentLawCount);
        computed.Complete.ShouldBeTrue();
    }

    // A skip across a tanh: scaling unit c at both ends is still a symmetry (the branch's first layer absorbs it), so a
    // stream balance pairs the two components; the engine does not analyse such streams, and says the components are
    // not counted rather than count them apart.
    [Fact]
    public void ASkipAcrossACutLeavesItsComponentsUncounted()
    {
        var model = new ModelDescription(new BlockSpec[]
        {
            Dense(2, 2, ActivationKind.ReLU, bias: true), Dense(2, 2, ActivationKind.Tanh, bias: true), Dense(2, 2, ActivationKind.ReLU, bias: true, from: 1), Dense(2, 1),
        });
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.IndependentLawCount.ShouldBeNull();
        r.Complete.ShouldBeFalse();
        r.Certificate.ShouldBe("none");
        r.Notes.Count(n => n.Contains("is not counted")).ShouldBe(2);

        var net = new ReferenceNetwork(model);
        var rng = new System.Random(17);
        var theta = TestModels.RandomTheta(model.ParameterCount, rng);
        var (x, y) = Data(net, 1, 16, rng);
        var g = net.LossGradient(theta, x, y);
        for (int c = 0; c < 2; c++)
        {
            Cosine(Gradient(Sum(Gram(model, 0, c, c), Gram(model, 2, c, c)), theta), g).ShouldBeLessThan(1e-6);
            Cosine(Gradient(Gram(model, 0, c, c), theta), g).ShouldBeGreaterThan(1e-4);
        }
    }

    // The emitted φ follows the skips, so every listed law (stream balances included) is orthogonal to its Jacobian.
    [Theory]
    [MemberData(nameof(SmallResidualModels))]
    public void PhiFollowsTheSkipsAndTheLawsAreOrthogonalToIt(ModelDescription model)
    {
        var theta = TestModels.RandomTheta(model.ParameterCount, new System.Random(21));
        var engine = Phi.PhiMap.Evaluate(model, theta).OrderBy(v => v).ToArray();
        var reference = ReferencePathPolynomials.Phi(model, throughSkips: true).Where(p => !p.IsConstant).Select(p => p.EvaluateReal(theta)).OrderBy(v => v).ToArray();
        Phi.PhiMap.Length(model).ShouldBe(reference.Length);
        engine.Length.ShouldBe(reference.Length);
        for (int i = 0; i < engine.Length; i++) engine[i].ShouldBe(reference[i], 1e-12);
        var expanded = Phi.PhiExpansion.TryExpand(model, 100_000)!.Components
            .Select(c => c.Sum(m => m.Aggregate(1.0, (a, v) => a * theta[v]))).OrderBy(v => v).ToArray();
        for (int i = 0; i < engine.Length; i++) expanded[i].ShouldBe(reference[i], 1e-12);

        var r = Analyze(model);
        const double h = 1e-6;
        var rows = new double[model.ParameterCount][];
        for (int j = 0; j < model.ParameterCount; j++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += h;
            minus[j] -= h;
            var a = Phi.PhiMap.Evaluate(model, plus);
            var b = Phi.PhiMap.Evaluate(model, minus);
            rows[j] = a.Zip(b, (x, y) => (x - y) / (2 * h)).ToArray();
        }

        foreach (var law in r.Laws)
        {
            var g = law.Gradient(theta);
            for (int i = 0; i < rows[0].Length; i++)
            {
                double dot = 0, scale = 0;
                for (int j = 0; j < g.Length; j++)
                {
                    dot += g[j] * rows[j][i];
                    scale += System.Math.Abs(g[j] * rows[j][i]);
                }

                System.Math.Abs(dot).ShouldBeLessThan(1e-7 * (scale + 1), law.Name);
            }
        }
    }
}
