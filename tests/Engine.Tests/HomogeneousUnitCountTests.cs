using System.Linq;
using System.Threading;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.HomogeneousUnits;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Counts of segments with RePU and Power levels against an independent exact computation (every activation pattern,
/// <see cref="PolynomialUnitLieRank"/>), the honest report for Swish-β, and the Noether verifier's ability to refuse.
/// </summary>
public sealed class HomogeneousUnitCountTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 1 }, new[] { "power:2" }, false)]
    [InlineData(new[] { 2, 3, 2 }, new[] { "power:3" }, true)]
    [InlineData(new[] { 2, 3, 2 }, new[] { "repu:2" }, true)]
    [InlineData(new[] { 1, 2, 2, 1 }, new[] { "repu:2", "relu" }, true)]
    [InlineData(new[] { 2, 2, 2, 1 }, new[] { "power:2", "linear" }, true)]
    [InlineData(new[] { 1, 2, 2, 1 }, new[] { "power:2", "repu:3" }, false)]
    public void ComputedCountsMatchAnIndependentExactComputation(int[] widths, string[] activations, bool bias)
    {
        var net = new UnitNetwork(widths, activations, bias);
        var result = TestModels.Analyze(net.Model());
        result.Status.ShouldBe(AnalysisStatus.Completed);
        result.Certificate.ShouldBe("computed");
        result.CountIsExact.ShouldBeTrue();
        result.Complete.ShouldBeTrue();

        var (rank, d) = PolynomialUnitLieRank.Rank(net, maxLength: 6, seed: 7);
        d.ShouldBe(result.ParameterCount);
        result.IndependentLawCount.ShouldBe(d - rank);
        result.IndependentLawCount.ShouldBe(result.IndependentPolynomialLawCount);
    }

    // Random small segments mixing RePU, Power, ReLU and identity levels: every count the engine certifies equals the
    // exhaustive computation's, and most are certified.
    [Fact]
    public void RandomSegmentsAgreeWithTheExhaustiveComputation()
    {
        var rng = new System.Random(21);
        string[] kinds = { "repu:2", "repu:3", "power:2", "relu", "linear" };
        int certified = 0, trials = 16;
        for (int trial = 0; trial < trials; trial++)
        {
            int hidden = rng.Next(1, 3);
            var widths = Enumerable.Range(0, hidden + 2).Select(_ => rng.Next(1, 4)).ToArray();
            var activations = Enumerable.Range(0, hidden).Select(_ => kinds[rng.Next(kinds.Length)]).ToArray();
            activations[rng.Next(hidden)] = kinds[rng.Next(3)]; // at least one RePU or Power level
            var net = new UnitNetwork(widths, activations, rng.Next(2) == 1);
            var result = TestModels.Analyze(net.Model());
            var label = string.Join(",", widths) + " " + string.Join(",", activations) + (net.Bias ? " bias" : "");
            result.Status.ShouldBe(AnalysisStatus.Completed, label);
            if (result.Certificate != "computed") continue;
            certified++;
            var (rank, d) = PolynomialUnitLieRank.Rank(net, maxLength: 6, seed: trial);
            result.IndependentLawCount.ShouldBe(d - rank, label);
        }

        certified.ShouldBeGreaterThanOrEqualTo(trials / 2);
    }

    // A scalar output that is one coefficient times x²: W_φ is one field, so there are D − 1 laws, more than the
    // balances and Gram entries. Without gates a stable rank is exact with high probability, as for the dense chain.
    [Fact]
    public void WithoutGatesAStableOpenCountIsExactButNotCertified()
    {
        var net = new UnitNetwork(new[] { 1, 2, 2, 1 }, new[] { "power:2", "linear" }, false);
        var result = TestModels.Analyze(net.Model());
        var (rank, d) = PolynomialUnitLieRank.Rank(net, maxLength: 6, seed: 3);
        result.IndependentLawCount.ShouldBe(d - rank);
        result.IndependentLawCount.ShouldBe(7);
        result.IndependentPolynomialLawCount.ShouldBe(5);
        result.CountIsExact.ShouldBeTrue();
        result.Certificate.ShouldBe("none");
        result.Complete.ShouldBeFalse();
        result.Notes.ShouldContain(n => n.Contains("with high probability exactly 7"));
    }

    // Up to MaxEnumeratedGates gated units every field combines all activation patterns, so a count that single random
    // patterns left open (at most 5 here) closes at the exhaustive computation's value; beyond, fields sample patterns.
    [Fact]
    public void FieldsCombineEveryPatternOfFewGatedUnits()
    {
        var net = new UnitNetwork(new[] { 1, 2, 2, 1 }, new[] { "repu:2", "repu:2" }, false);
        var result = TestModels.Analyze(net.Model());
        var (rank, d) = PolynomialUnitLieRank.Rank(net, maxLength: 6, seed: 3);
        result.Certificate.ShouldBe("computed");
        result.IndependentLawCount.ShouldBe(d - rank);
        result.IndependentLawCount.ShouldBe(4);

        bool Samples(params int[] widths) =>
            ((HomogeneousUnitSegment)ModelComponents.Of(new UnitNetwork(widths, new[] { "repu:2", "relu" }, true).Model())[0]).SamplesPatterns;
        Samples(1, 4, 4, 1).ShouldBeFalse();
        Samples(1, 4, 5, 1).ShouldBeTrue();
        ((HomogeneousUnitSegment)ModelComponents.Of(new UnitNetwork(new[] { 2, 20, 1 }, new[] { "power:2" }, true).Model())[0]).SamplesPatterns.ShouldBeFalse();
    }

    [Fact]
    public void SwishBetaCountIsNotCertifiedAndSaysSo()
    {
        var result = TestModels.Analyze(new UnitNetwork(new[] { 2, 3, 2 }, new[] { "swish-beta" }, true).Model());
        result.Status.ShouldBe(AnalysisStatus.Completed);
        result.Laws.Count.ShouldBe(3);
        result.IndependentLawCount.ShouldBeNull();
        result.IndependentPolynomialLawCount.ShouldBe(3);
        result.Complete.ShouldBeFalse();
        result.Certificate.ShouldBe("none");
        result.Notes.ShouldContain(n => n.Contains("not certified: layer 1 has a Swish with a trainable β, which is not polynomial") && n.Contains("at least 3 independent laws"));
    }

    [Fact]
    public void DenseModelsAreStillTheDenseChainsComponents()
    {
        var dense = ModelDescription.FromWidths(new[] { 2, 3, 2 }, ActivationKind.ReLU, true);
        ModelComponents.Of(dense).ShouldAllBe(c => c is DenseChain.DenseSegment);
        var mixed = new UnitNetwork(new[] { 2, 3, 3, 2 }, new[] { "repu:2", "linear" }, true).Model();
        ModelComponents.Of(mixed).ShouldHaveSingleItem().ShouldBeOfType<HomogeneousUnitSegment>();
        var silu = ModelDescription.FromWidths(new[] { 2, 3, 2 }, ActivationKind.Swish, true);
        ModelComponents.Of(silu).Count.ShouldBe(2); // a fixed-β Swish still cuts the model
    }

    private static (HomogeneousUnitSegment Segment, ILawVerifierProbe Verify) Segment(UnitNetwork net)
    {
        var model = net.Model();
        var segment = (HomogeneousUnitSegment)ModelComponents.Of(model)[0];
        var verifier = segment.CreateVerifier(new WorkMeter(long.MaxValue, CancellationToken.None));
        return (segment, verifier.Verify);
    }

    private delegate bool ILawVerifierProbe(Polynomials.IntegerPolynomial h);

    private static GramFamily WithLayout(GramFamily family, GramLayout layout) =>
        new(family.Kind, family.Layer, layout, new GramNames("W", "b", "V"), 0, 0);

    [Fact]
    public void TheVerifierRejectsTheWrongDegree()
    {
        var (segment, verify) = Segment(new UnitNetwork(new[] { 2, 3, 2 }, new[] { "repu:3" }, true));
        var family = (GramFamily)segment.LawFamilies[0];
        family.Layout.Degree.ShouldBe(3);
        for (int m = 0; m < family.Count; m++) verify(family.LocalPolynomial(m)).ShouldBeTrue();
        foreach (int wrong in new[] { 1, 2, 4 })
            verify(WithLayout(family, family.Layout with { Degree = wrong }).LocalPolynomial(1)).ShouldBeFalse();
        // Off-diagonal entries have no symmetry behind a RePU: no GL mixing of its units.
        verify(family.Layout.Entry(0, 1, 0)).ShouldBeFalse();
    }

    [Fact]
    public void TheVerifierRejectsASwishBalanceWithoutBeta()
    {
        var (segment, verify) = Segment(new UnitNetwork(new[] { 2, 3, 2 }, new[] { "swish-beta" }, true));
        var family = (GramFamily)segment.LawFamilies[0];
        verify(family.LocalPolynomial(2)).ShouldBeTrue();
        verify(WithLayout(family, family.Layout with { Beta = -1 }).LocalPolynomial(2)).ShouldBeFalse();
        verify(WithLayout(family, family.Layout with { Degree = 2 }).LocalPolynomial(2)).ShouldBeFalse();
    }

    [Fact]
    public void TheVerifierAcceptsGramEntriesOnlyAtLinearLevels()
    {
        var (segment, verify) = Segment(new UnitNetwork(new[] { 2, 3, 3, 2 }, new[] { "power:2", "linear" }, true));
        var linear = (GramFamily)segment.LawFamilies[1];
        linear.Kind.ShouldBe(LawKind.GramEntry);
        for (int m = 0; m < linear.Count; m++) verify(linear.LocalPolynomial(m)).ShouldBeTrue();
        var power = (GramFamily)segment.LawFamilies[0];
        verify(power.Layout.Entry(0, 2, 0)).ShouldBeFalse();
        // A power-level balance with the linear level's constant is refused, and so is a sum over two levels.
        verify(WithLayout(power, power.Layout with { Degree = 1 }).LocalPolynomial(0)).ShouldBeFalse();
        var sum = power.LocalPolynomial(0);
        foreach (var term in linear.LocalPolynomial(0).Terms) sum.Add(term.Key, term.Value);
        verify(sum).ShouldBeFalse();
    }

    // The hypotheses are checked on the model: a skip connection that reads a level or adds into it removes its symmetry.
    [Fact]
    public void ASkipConnectionAtTheLevelFailsTheHypotheses()
    {
        var layers = new BlockSpec[]
        {
            new LayerSpec(2, 3, ActivationKind.RePU, true) { ActivationDegree = 2 },
            new LayerSpec(3, 3, ActivationKind.RePU, true) { ActivationDegree = 2, ResidualFrom = 1 },
            new LayerSpec(3, 2, ActivationKind.Identity, true),
        };
        var model = new ModelDescription(layers);
        var map = new ParameterMap(model, new Segment(0, 0, 2, model)); // one segment on purpose, across the skip
        LevelSymmetry.Establish(map, 1, out var reads).ShouldBeNull();
        reads.ShouldContain("reads layer 1's outputs");
        LevelSymmetry.Establish(map, 2, out var adds).ShouldBeNull();
        adds.ShouldContain("adds into layer 2's pre-activation");

        var plain = new ModelDescription(layers.Select(l => l with { ResidualFrom = -1 }).ToArray());
        var plainMap = new ParameterMap(plain, new Segment(0, 0, 2, plain));
        LevelSymmetry.Establish(plainMap, 1, out _).ShouldNotBeNull().Degree.ShouldBe(2);
    }
}
