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
/// Diagonal layers: at a level next to a diagonal layer only the balances hold (the symmetry group shrinks to diagonal
/// scalings): u_i² − v_i² for a Hadamard product u ⊙ v, one per coordinate; checked against the closed forms, a real
/// forward pass, and the independent Lie rank.
/// </summary>
public sealed class DiagonalLawTests
{
    private static DiagonalSpec Diag(int width, ActivationKind act = ActivationKind.Identity, bool bias = false) => new(width) { Activation = act, HasBias = bias };

    private static LayerSpec Dense(int inputs, int outputs, ActivationKind act = ActivationKind.Identity, bool bias = false) => new(inputs, outputs, act, bias);

    private static AnalysisResult Analyze(ModelDescription model, bool theorems = true) =>
        ConservationAnalysis.Analyze(model, new AnalysisOptions { UseTheorems = theorems, WorkBudget = long.MaxValue });

    [Fact]
    public void HadamardProductKeepsOneBalancePerCoordinate()
    {
        var model = new ModelDescription(new BlockSpec[] { Diag(4), Diag(4) });
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        // u_i² − v_i² with u = θ[0..4), v = θ[4..8).
        r.ShouldBeExactly(Enumerable.Range(0, 4).Select(i =>
        {
            var q = new Quadratic();
            q.Add(i, i, 1);
            q.Add(4 + i, 4 + i, -1);
            return q;
        }));
        r.Laws[0].Formula.ShouldBe("W1[0]^2 - W2[0]^2");
        r.IndependentLawCount.ShouldBe(4);
        r.Certificate.ShouldBe("theorem:path-incidence");
        r.RotationSymmetries.ShouldBeEmpty();
        IndependentCount(model).ShouldBe(4);
        LawsAreOrthogonalToTheLossGradient(r, seed: 3);
    }

    [Fact]
    public void DiagonalLinearNetworkKeepsTheBalancesOfEveryLevel()
    {
        var model = new ModelDescription(new BlockSpec[] { Diag(3), Diag(3), Diag(3, bias: true) });
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.ShouldBeExactly(Enumerable.Range(0, 3).Select(i => Gram(model, 0, i, i)).Concat(Enumerable.Range(0, 3).Select(i => Gram(model, 1, i, i))));
        r.IndependentLawCount.ShouldBe(6);
        r.Certificate.ShouldBe("theorem:path-incidence");
        Analyze(model, theorems: false).IndependentLawCount.ShouldBe(6);
        IndependentCount(model).ShouldBe(6);
        LawsAreOrthogonalToTheLossGradient(r, seed: 4);
    }

    public static IEnumerable<object[]> Models()
    {
        // One full layer per linear run, the bias last in it: the path-incidence theorem.
        yield return new object[] { new ModelDescription(new BlockSpec[] { Dense(3, 2, bias: true), Diag(2, bias: false) }), true };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Diag(3), Dense(3, 2, bias: true) }), true };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Dense(2, 3, ActivationKind.ReLU, bias: true), Diag(3), Dense(3, 2) }), true };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Dense(2, 3, ActivationKind.ReLU), Diag(3, ActivationKind.ReLU, bias: true), Dense(3, 2, bias: true) }), true };
        // Two full layers in one run, or a bias before a full layer: computed.
        yield return new object[] { new ModelDescription(new BlockSpec[] { Dense(2, 3), Diag(3), Dense(3, 2) }), false };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Diag(2, bias: true), Dense(2, 2) }), false };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Diag(2, bias: true), Diag(2, bias: true) }), false };
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void CountsAndLawsAgreeWithTheIndependentReferences(ModelDescription model, bool theorem)
    {
        var structural = Analyze(model);
        var computed = Analyze(model, theorems: false);
        structural.Status.ShouldBe(AnalysisStatus.Completed, structural.Message);
        structural.Certificate.StartsWith("theorem:", System.StringComparison.Ordinal).ShouldBe(theorem, structural.Certificate);
        int independent = IndependentCount(model);
        structural.IndependentLawCount.ShouldBe(independent, model.ToString());
        computed.IndependentLawCount.ShouldBe(independent, model.ToString());
        computed.Certificate.ShouldBe("computed");
        structural.Laws.Select(l => l.Formula).ShouldBe(computed.Laws.Select(l => l.Formula));

        // Every hidden level next to a diagonal layer has exactly its balances among the laws.
        var shapes = model.Shapes;
        for (int k = 0; k + 1 < model.Layers.Count; k++)
        {
            if (!(shapes[k].Diagonal || shapes[k + 1].Diagonal)) continue;
            var level = structural.Laws.Where(l => l.Layer == k).ToList();
            level.Count.ShouldBe(shapes[k].Outputs);
            level.All(l => l.Row == l.Column).ShouldBeTrue();
        }

        if (structural.Laws.Count > 0) LawsAreOrthogonalToTheLossGradient(structural, seed: 6);
        var theta = TestModels.RandomTheta(model.ParameterCount, new System.Random(2));
        var engine = PhiMap.Evaluate(model, theta).OrderBy(x => x).ToArray();
        var reference = ReferencePathPolynomials.Phi(model).Select(p => p.EvaluateReal(theta)).OrderBy(x => x).ToArray();
        PhiMap.Length(model).ShouldBe(reference.Length);
        for (int i = 0; i < engine.Length; i++) engine[i].ShouldBe(reference[i], 1e-12);
    }
}
