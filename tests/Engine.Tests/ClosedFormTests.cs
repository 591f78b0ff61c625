using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>Counts and law shapes against the closed forms of the literature (Marcotte, Gribonval and Peyré 2023; Zhao et al. 2023).</summary>
public sealed class ClosedFormTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 3, 1)]   // r > n + m
    [InlineData(2, 3, 2)]
    [InlineData(3, 2, 4)]
    [InlineData(2, 5, 1)]   // r > n + m
    [InlineData(1, 6, 2)]   // r > n + m
    [InlineData(4, 4, 4)]
    [InlineData(6, 3, 5)]
    public void TwoLayerLinearMatchesMgpCorollary44(int n, int r, int m)
    {
        var result = TestModels.Analyze(TestModels.Linear(n, r, m));
        int big = n + m;
        int expected = big >= r ? r * (r + 1) / 2 : big * r - big * (big - 1) / 2;

        result.Status.ShouldBe(AnalysisStatus.Completed);
        result.ParameterCount.ShouldBe((n + m) * r);
        result.IndependentLawCount.ShouldBe(expected);
        result.IndependentPolynomialLawCount.ShouldBe(expected);
        result.Complete.ShouldBeTrue();
        result.LieTraceRank.ShouldBe((n + m) * r - expected);
        // Every Gram entry Q[i,j] of UᵀU − VᵀV is found, in canonical order.
        var gram = result.Laws.Where(l => l.Kind == LawKind.GramEntry).ToList();
        gram.Count.ShouldBe(r * (r + 1) / 2);
        gram.Select(l => l.Name).ShouldBe(
            from i in Enumerable.Range(0, r) from j in Enumerable.Range(i, r - i) select $"Hidden1[{i},{j}]");
    }

    [Fact]
    public void ScalarTwoLayerHasTheSingleLawUSquaredMinusVSquared()
    {
        var result = TestModels.Analyze(TestModels.Linear(1, 1, 1));
        var law = result.Laws.ShouldHaveSingleItem();
        law.Formula.ShouldBe("|W1[0,:]|^2 - |W2[:,0]|^2");
        law.Terms.Select(t => (t.Coefficient, string.Join(",", t.Variables))).ShouldBe(new[] { (1L, "0,0"), (-1L, "1,1") });
    }

    [Fact]
    public void ZgwydExampleGramValue()
    {
        // ZGWYD (docs/mathematics.md, References): U = [1, 2] (1×2, the second layer), V = [3; 4] (2×1, the first layer): VVᵀ − UᵀU = [[8, 10], [10, 12]].
        var result = TestModels.Analyze(TestModels.Linear(1, 2, 1));
        double[] theta = { 3, 4, 1, 2 }; // W1 = V (2×1), W2 = U (1×2)
        var values = result.Laws.Where(l => l.Kind == LawKind.GramEntry).ToDictionary(l => l.Name, l => l.Evaluate(theta));
        values["Hidden1[0,0]"].ShouldBe(8);
        values["Hidden1[0,1]"].ShouldBe(10);
        values["Hidden1[1,1]"].ShouldBe(12);
    }

    [Theory]
    [InlineData(new[] { 3, 4, 5, 2 })]
    [InlineData(new[] { 2, 3, 3, 2 })]
    [InlineData(new[] { 4, 2, 3, 2, 4 })]
    [InlineData(new[] { 5, 3, 3, 5 })]
    public void DeepLinearKeepsOneGramLawPerHiddenLayerAndNothingElse(int[] widths)
    {
        var result = TestModels.Analyze(TestModels.Linear(widths));
        int gramEntries = widths.Skip(1).Take(widths.Length - 2).Sum(h => h * (h + 1) / 2);
        result.Laws.Count(l => l.Kind == LawKind.GramEntry).ShouldBe(gramEntries);
        result.Complete.ShouldBeTrue();
        result.IndependentLawCount.ShouldBe(result.IndependentPolynomialLawCount);
        result.BracketRounds!.Value.ShouldBeGreaterThanOrEqualTo(1); // rotations need brackets: W_φ is not a Lie algebra
    }

    [Theory]
    [InlineData(false, new[] { 3, 4, 2 })]
    [InlineData(true, new[] { 3, 4, 2 })]
    [InlineData(false, new[] { 2, 5, 3 })]
    [InlineData(true, new[] { 4, 3, 3, 2 })]
    [InlineData(true, new[] { 2, 3, 4, 3, 2 })]
    [InlineData(false, new[] { 3, 4, 4, 1 })]
    public void ReluNetworksConserveOneBalancePerHiddenNeuron(bool bias, int[] widths)
    {
        var result = TestModels.Analyze(TestModels.Relu(bias, widths));
        int hidden = widths.Skip(1).Take(widths.Length - 2).Sum();
        result.IndependentLawCount.ShouldBe(hidden);
        result.PolynomialLawCount.ShouldBe(hidden);
        result.Complete.ShouldBeTrue();
        result.Laws.ShouldAllBe(l => l.Kind == LawKind.NeuronBalance);
        if (bias) result.Laws[0].Formula.ShouldBe("|W1[0,:]|^2 + b1[0]^2 - |W2[:,0]|^2");
    }

    [Fact]
    public void TwoLayerReluWithoutBiasNeedsNoBrackets()
    {
        // MGP Ex. 3.6 (docs/mathematics.md, References): W_φ already satisfies the Frobenius condition.
        var result = TestModels.Analyze(TestModels.Relu(false, 3, 4, 2));
        result.DimW.ShouldBe(result.LieTraceRank);
        result.BracketRounds.ShouldBe(0);
    }

    [Fact]
    public void MixedActivationsGiveBalancesAtReluAndGramAtLinearLevels()
    {
        // 3 -relu-> 4 -linear-> 3 -> 2: level 1 gated, level 2 inside the linear run W3·W2.
        var model = ModelDescription.FromWidths(new[] { 3, 4, 3, 2 }, new[] { ActivationKind.ReLU, ActivationKind.Identity }, bias: true);
        var result = TestModels.Analyze(model);
        result.Laws.Where(l => l.Group == "Hidden1").ShouldAllBe(l => l.Kind == LawKind.NeuronBalance);
        result.Laws.Count(l => l.Group == "Hidden1").ShouldBe(4);
        result.Laws.Where(l => l.Group == "Hidden2").ShouldAllBe(l => l.Kind == LawKind.GramEntry);
        result.Laws.Count(l => l.Group == "Hidden2").ShouldBe(6);
        result.IndependentLawCount.ShouldBe(10);
        result.Complete.ShouldBeTrue();
    }

    [Theory]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Sigmoid)]
    [InlineData(ActivationKind.Gelu)]
    [InlineData(ActivationKind.Softplus)]
    public void NoLawAcrossANonHomogeneousActivation(ActivationKind cut)
    {
        // W2 σ(W1 x) has no law at all.
        var two = TestModels.Analyze(ModelDescription.FromWidths(new[] { 3, 4, 2 }, cut, bias: true));
        two.IndependentLawCount.ShouldBe(0);
        two.Laws.ShouldBeEmpty();
        two.Complete.ShouldBeTrue();

        // linear run, then σ, then linear run: laws on each side, none mixing both sides.
        var model = ModelDescription.FromWidths(new[] { 2, 3, 4, 3, 2 }, new[] { ActivationKind.Identity, cut, ActivationKind.Identity }, bias: false);
        var result = TestModels.Analyze(model);
        result.Segments.Count.ShouldBe(2);
        result.Laws.Select(l => l.Group).Distinct().ShouldBe(new[] { "Hidden1", "Hidden3" });
        int firstSegmentParameters = 2 * 3 + 3 * 4;
        foreach (var law in result.Laws)
        {
            var vars = law.Terms.SelectMany(t => t.Variables).ToList();
            (vars.All(v => v < firstSegmentParameters) || vars.All(v => v >= firstSegmentParameters)).ShouldBeTrue(law.Name);
        }

        result.IndependentLawCount.ShouldBe(6 + 6);
    }

    [Fact]
    public void ScalarDeepLinearHasSevenLawsButOnlySixPolynomialOnes()
    {
        // Widths 1,2,2,1: φ is one number, so D − 1 = 7 laws; the Gram entries give 6.
        foreach (int degree in new[] { 2, 4 })
        {
            var result = TestModels.Analyze(TestModels.Linear(1, 2, 2, 1), maxDegree: degree);
            result.IndependentLawCount.ShouldBe(7);
            result.IndependentPolynomialLawCount.ShouldBe(6);
            result.Complete.ShouldBeFalse();
            result.Notes.ShouldContain(n => n.Contains("at most 7 independent laws exist, and with high probability exactly 7") && n.Contains("but only 6"));
        }
    }

    [Fact]
    public void DegreeFourFindsNoNewLawWhereDegreeTwoIsComplete()
    {
        var two = TestModels.Analyze(TestModels.Linear(2, 2, 2), maxDegree: 2);
        var four = TestModels.Analyze(TestModels.Linear(2, 2, 2), maxDegree: 4);
        four.Laws.Select(l => l.Formula).ShouldBe(two.Laws.Select(l => l.Formula));
        four.Complete.ShouldBeTrue();
    }

    [Fact]
    public void LeakyReluAndAbsBehaveLikeRelu()
    {
        foreach (var act in new[] { ActivationKind.LeakyReLU, ActivationKind.Abs })
        {
            var result = TestModels.Analyze(ModelDescription.FromWidths(new[] { 3, 4, 3, 2 }, act, bias: true));
            result.IndependentLawCount.ShouldBe(7);
            result.Laws.ShouldAllBe(l => l.Kind == LawKind.NeuronBalance);
        }
    }
}
