using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>The Lie bracket iteration runs until its rank is stable; a count the budget stops is only an upper bound.</summary>
public sealed class LieIterationTests
{
    [Fact]
    public void SixRoundModelIsCountedExactlyAndComplete()
    {
        // 1,5,5,1 linear with biases needs brackets of length 7 (6 rounds): a 5-round cap reported 31 laws.
        var model = ModelDescription.FromWidths(new[] { 1, 5, 5, 1 }, ActivationKind.Identity, bias: true);
        var r = ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = long.MaxValue });

        var ranks = SymbolicLieRank.Ranks(new[] { 1, 5, 5, 1 }, bias: true, maxLength: 10, seed: 5);
        int independent = model.ParameterCount - ranks[^1];
        independent.ShouldBe(30); // the brute-force count, from nothing the engine uses
        ranks.Count.ShouldBeGreaterThanOrEqualTo(7);
        ranks[6].ShouldBeGreaterThan(ranks[5]); // the rank still grows with brackets of length 7 (6 rounds)

        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.IndependentLawCount.ShouldBe(independent);
        r.LieTraceRank.ShouldBe(ranks[^1]);
        r.CountIsExact.ShouldBeTrue();
        r.Complete.ShouldBeTrue();
        r.Certificate.ShouldBe("computed");
        r.BracketRounds!.Value.ShouldBeGreaterThanOrEqualTo(6);
        r.Notes.ShouldNotContain(n => n.Contains("exist but only"));
    }

    [Theory]
    [InlineData(new[] { 1, 2, 2, 1 }, false)]
    [InlineData(new[] { 1, 3, 3, 1 }, true)]
    [InlineData(new[] { 2, 3, 3, 1 }, true)]
    [InlineData(new[] { 1, 2, 2, 2, 1 }, false)]
    public void StableCountsMatchTheBruteForceCount(int[] widths, bool bias)
    {
        var model = ModelDescription.FromWidths(widths, ActivationKind.Identity, bias);
        var r = ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = long.MaxValue });
        var ranks = SymbolicLieRank.Ranks(widths, bias, maxLength: 10, seed: 3);
        r.CountIsExact.ShouldBeTrue();
        r.IndependentLawCount.ShouldBe(model.ParameterCount - ranks[^1]);
    }

    [Fact]
    public void BudgetStoppedIterationIsAnUpperBoundNeverTheCount()
    {
        var model = ModelDescription.FromWidths(new[] { 1, 5, 5, 1 }, ActivationKind.Identity, bias: true);
        var exact = ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = long.MaxValue });
        // Enough for the law gradients and W_φ, not for the long brackets.
        var r = ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = exact.WorkUsed / 20 });
        r.Status.ShouldBe(AnalysisStatus.TooLarge);
        r.CountIsExact.ShouldBeFalse();
        r.Complete.ShouldBeFalse();
        r.IndependentLawCount.ShouldNotBeNull();
        r.IndependentLawCount!.Value.ShouldBeGreaterThan(exact.IndependentLawCount!.Value); // stopped before the rank was stable
        r.Notes.ShouldContain(n => n.Contains("at most " + r.IndependentLawCount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " independent laws exist"));
        r.Notes.ShouldNotContain(n => n.Contains("exist but only"));
        r.Segments.Single().CountIsExact.ShouldBeFalse();
    }
}
