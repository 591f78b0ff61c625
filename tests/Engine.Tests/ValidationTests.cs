using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

public sealed class ValidationTests
{
    private static AnalysisResult Analyze(params LayerSpec[] layers) => ConservationAnalysis.Analyze(new ModelDescription(layers));

    [Fact]
    public void EmptyModel()
    {
        var r = Analyze();
        r.Status.ShouldBe(AnalysisStatus.Invalid);
        r.Errors.ShouldHaveSingleItem().Kind.ShouldBe(ModelErrorKind.EmptyModel);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    [InlineData(-2, 3)]
    public void NonPositiveWidth(int inputs, int outputs)
    {
        var r = Analyze(new LayerSpec(inputs, outputs, ActivationKind.ReLU, false), new LayerSpec(outputs, 2, ActivationKind.Identity, false));
        r.Status.ShouldBe(AnalysisStatus.Invalid);
        r.Errors.ShouldContain(e => e.Kind == ModelErrorKind.NonPositiveWidth && e.LayerIndex == 0);
    }

    [Theory]
    [InlineData(65536, ActivationKind.Identity, true)]   // 2,147,516,416 Gram entries: wrapped to 32,768 in int before
    [InlineData(65535, ActivationKind.Identity, true)]   // 2,147,450,880: overflowed further on
    [InlineData(46341, ActivationKind.Identity, true)]   // just over 2³⁰
    [InlineData(46340, ActivationKind.Identity, false)]  // 1,073,720,970: listed lazily
    [InlineData(65536, ActivationKind.ReLU, false)]      // one balance per neuron
    [InlineData(65536, ActivationKind.Tanh, false)]      // a cut: no law at all
    public void Hidden_layers_with_more_laws_than_can_be_listed_are_refused(int width, ActivationKind activation, bool refused)
    {
        var errors = ModelDescription.FromWidths(new[] { 1, width, 1 }, activation, bias: false).Validate();
        errors.Any(e => e.Kind == ModelErrorKind.TooManyLaws).ShouldBe(refused);
        if (!refused) return;
        long laws = (long)width * (width + 1) / 2;
        errors.Single().Message.ShouldContain(laws.ToString(System.Globalization.CultureInfo.InvariantCulture) + " Gram entries and balances");
    }

    [Fact]
    public void MismatchedConsecutiveWidths()
    {
        var r = Analyze(new LayerSpec(3, 4, ActivationKind.ReLU, false), new LayerSpec(5, 2, ActivationKind.Identity, false));
        var e = r.Errors.ShouldHaveSingleItem();
        e.Kind.ShouldBe(ModelErrorKind.WidthMismatch);
        e.LayerIndex.ShouldBe(1);
        e.Message.ShouldBe("Layer 1 has 4 outputs but layer 2 has 5 inputs; they must agree.");
    }

    [Fact]
    public void AbsurdSizes()
    {
        Analyze(new LayerSpec(2_000_000, 2, ActivationKind.Identity, false)).Errors.ShouldContain(e => e.Kind == ModelErrorKind.AbsurdSize);
        Analyze(new LayerSpec(100_000, 1_000, ActivationKind.Identity, false)).Errors.ShouldContain(e => e.Kind == ModelErrorKind.AbsurdSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void MaxDegreeOutOfRange(int degree)
    {
        var r = ConservationAnalysis.Analyze(TestModels.Linear(2, 2, 2), new AnalysisOptions { MaxDegree = degree });
        r.Status.ShouldBe(AnalysisStatus.Invalid);
        r.Errors.ShouldContain(e => e.Kind == ModelErrorKind.InvalidOption);
    }

    [Fact]
    public void OverLargeModelIsReportedAsTooLargeNotAHang()
    {
        // A deep linear run has no counting theorem: its exact count is refused from its estimate, before any work.
        var r = ConservationAnalysis.Analyze(TestModels.Linear(64, 64, 64, 10), new AnalysisOptions { WorkBudget = 5_000_000 });
        r.Status.ShouldBe(AnalysisStatus.TooLarge);
        r.Message.ShouldContain("does not fit the budget");
        r.Message.ShouldContain("8832 parameters");
        r.Message.ShouldContain("no theorem covers it");
        r.WorkUsed.ShouldBeLessThanOrEqualTo(5_000_000);
        r.Certificate.ShouldBe("none");
        r.Notes.ShouldContain(n => n.Contains("not certified") && n.Contains("8832 parameters"));
    }

    [Fact]
    public void LargeModelKeepsItsLawsWhenOnlyTheCountExceedsTheBudget()
    {
        // D = 9,216: the Gram families (verified per orbit) fit the default budget, the O(D³) count does not.
        var r = ConservationAnalysis.Analyze(TestModels.Linear(64, 64, 64, 16));
        r.Status.ShouldBe(AnalysisStatus.TooLarge);
        r.Laws.Count.ShouldBe(2 * 64 * 65 / 2);
        r.IndependentLawCount.ShouldBeNull();
        r.IndependentPolynomialLawCount.ShouldBeNull();
        r.Complete.ShouldBeFalse();
    }

    [Fact]
    public void BudgetStopsTheWorkThroughTheMeter()
    {
        // 1,6,6,6,1 with biases: the exact count is admitted by its estimate, then needs more than the budget (it does
        // not close, so it is repeated and the search runs). The meter stops it; the verified laws stay.
        var model = ModelDescription.FromWidths(new[] { 1, 6, 6, 6, 1 }, ActivationKind.Identity, bias: true);
        var unbounded = ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = long.MaxValue });
        unbounded.WorkUsed.ShouldBeGreaterThan(20_000_000);
        var r = ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = 5_000_000 });
        r.Status.ShouldBe(AnalysisStatus.TooLarge);
        r.Message.ShouldContain("work budget ran out in the stage 'Lie rank'");
        r.WorkUsed.ShouldBeGreaterThan(5_000_000);              // stopped by a charge, not refused up front …
        r.WorkUsed.ShouldBeLessThan(5_000_000 + 1_000_000);     // … and by the first charge past the budget
        r.Laws.Select(l => l.Name).ShouldBe(unbounded.Laws.Where(l => l.Kind != Laws.LawKind.General).Select(l => l.Name));
        // The bracket iteration was stopped: what it reached is kept, as an upper bound only.
        r.CountIsExact.ShouldBeFalse();
        r.IndependentLawCount!.Value.ShouldBeGreaterThanOrEqualTo(unbounded.IndependentLawCount!.Value);
    }

    [Fact]
    public void WallClockSafetyNetStopsAnAnalysisTheMeterWouldAllow()
    {
        var model = ModelDescription.FromWidths(new[] { 1, 6, 6, 6, 1 }, ActivationKind.Identity, bias: true);
        var r = ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = long.MaxValue, WallClockLimit = System.TimeSpan.Zero });
        r.Status.ShouldBe(AnalysisStatus.TooLarge);
        r.Message.ShouldContain("wall-clock limit");
    }

    [Fact]
    public void CancellationDuringALongCountReturnsPromptly()
    {
        // 300,60,10 linear with biases, unbudgeted: the exact count runs for seconds (law gradients, then the fields on
        // D ≈ 18,700 columns). Cancelled mid-way, it must stop at once (measured well under 100 ms of work; the bound
        // here is generous for loaded CI machines).
        var model = ModelDescription.FromWidths(new[] { 300, 60, 10 }, ActivationKind.Identity, bias: true);
        var options = new AnalysisOptions { WorkBudget = long.MaxValue, MaxCountBytes = long.MaxValue };
        using var cts = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cancelledAt = System.TimeSpan.Zero;
        using var timer = new Timer(_ => { cancelledAt = clock.Elapsed; cts.Cancel(); }, null, 400, Timeout.Infinite);
        Should.Throw<System.OperationCanceledException>(() => ConservationAnalysis.Analyze(model, options, cts.Token));
        (clock.Elapsed - cancelledAt).TotalMilliseconds.ShouldBeLessThan(1500);
    }

    [Fact]
    public void CancellationIsHonoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Should.Throw<System.OperationCanceledException>(() => ConservationAnalysis.Analyze(TestModels.Relu(true, 8, 8, 8, 2), null, cts.Token));
    }
}
