using System.Linq;
using System;
using System.Collections.Generic;
using System.Threading;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Momentum;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// The momentum flow's law count (<see cref="MomentumAnalysis"/>) against an independent symbolic count
/// (<see cref="SymbolicMomentumRank"/>: exact s-expansion, its own prime and elimination) and the oracles of
/// "Keep the Momentum" (Marcotte, Gribonval, Peyré 2024).
/// </summary>
public sealed class MomentumCountTests
{
    private static readonly AnalysisOptions Unbudgeted = new() { WorkBudget = long.MaxValue };

    public static TheoryData<ModelDescription> Models() => new()
    {
        TestModels.Linear(1, 2, 1),
        TestModels.Linear(1, 3, 1),
        TestModels.Linear(2, 2, 2),
        TestModels.Linear(2, 3, 1),
        TestModels.Linear(1, 2, 2, 1),
        ModelDescription.FromWidths(new[] { 1, 2, 1 }, ActivationKind.Identity, bias: true),
        TestModels.Relu(false, 1, 2, 1),
        TestModels.Relu(true, 2, 2, 1),
        TestModels.Relu(false, 2, 2, 2, 1),
        TestModels.Relu(true, 1, 2, 2, 1),
        // Two-layer gated segments (counted one hidden unit at a time, UnitDecomposition), with and without biases.
        TestModels.Relu(true, 3, 3, 2),
        TestModels.Relu(false, 2, 3, 2),
        ModelDescription.FromWidths(new[] { 2, 3, 2 }, ActivationKind.Abs, bias: true),
        // Gated convolutions: two layers (one channel at a time) and three with a dense layer reading 2 channels × 2 positions.
        new ModelDescription(new BlockSpec[] { new ConvolutionSpec(1, 1, 3, 1, 2) { Activation = ActivationKind.ReLU, HasBias = true }, new ConvolutionSpec(1, 3, 2, 1, 2) { HasBias = true } }),
        new ModelDescription(new BlockSpec[] { new ConvolutionSpec(1, 1, 2, 1, 2) { Activation = ActivationKind.ReLU, HasBias = true }, new ConvolutionSpec(1, 2, 2, 1, 2) { Activation = ActivationKind.ReLU }, new LayerSpec(4, 1, ActivationKind.Identity, true) }),
        // Deeper gated segments (certified from one chain of one unit per hidden level, UnitDecomposition.TryThinChain).
        TestModels.Relu(true, 2, 3, 2, 1),
        ModelDescription.FromWidths(new[] { 1, 2, 3, 2 }, new[] { ActivationKind.LeakyReLU, ActivationKind.Abs }, bias: false),
        // Cut at every tanh: three one-layer segments, whose gradient fields are constant (degree 0).
        ModelDescription.FromWidths(new[] { 1, 2, 2, 1 }, ActivationKind.Tanh, bias: true),
        // Taps: a 1-D convolution of 2 channels and kernel 2 (ReLU), then one of 2 → 1 channel and kernel 2 (linear run
        // with a dense layer after it reading 1 channel × 2 positions).
        new ModelDescription(new BlockSpec[] { new ConvolutionSpec(1, 1, 2, 1, 2) { Activation = ActivationKind.ReLU }, new ConvolutionSpec(1, 2, 2, 1, 2), new LayerSpec(4, 1, ActivationKind.Identity, false) }),
        // Residual regions: a skip over a ReLU layer, and one over a linear run (whose level carries a rotation).
        new ModelDescription(new BlockSpec[] { new LayerSpec(2, 2, ActivationKind.ReLU, false), new LayerSpec(2, 2, ActivationKind.ReLU, false) { ResidualFrom = 1 }, new LayerSpec(2, 1, ActivationKind.Identity, false) }),
        new ModelDescription(new BlockSpec[] { new LayerSpec(1, 2, ActivationKind.ReLU, true), new LayerSpec(2, 2, ActivationKind.Identity, false), new LayerSpec(2, 2, ActivationKind.ReLU, false) { ResidualFrom = 1 }, new LayerSpec(2, 1, ActivationKind.Identity, false) }),
        new ModelDescription(new BlockSpec[] { new LayerSpec(1, 2, ActivationKind.Identity, false), new LayerSpec(2, 2, ActivationKind.Identity, false) { ResidualFrom = 1 }, new LayerSpec(2, 1, ActivationKind.Identity, false) }),
        // Diagonal layers and an Abs level.
        new ModelDescription(new BlockSpec[] { new LayerSpec(1, 2, ActivationKind.ReLU, true), new DiagonalSpec(2), new DiagonalSpec(2) { Activation = ActivationKind.Abs, HasBias = true }, new LayerSpec(2, 1, ActivationKind.Identity, false) }),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void CountEqualsTheSymbolicCount(ModelDescription model)
    {
        var r = MomentumAnalysis.Count(model, Unbudgeted);
        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.CountIsExact.ShouldBeTrue();
        r.ParameterCount.ShouldBe(ReferencePathPolynomials.ParameterCount(model));
        r.IndependentLawCount.ShouldBe(SymbolicMomentumRank.LawCount(model));
        r.LieRank.ShouldBe(2 * model.ParameterCount - r.IndependentLawCount);
        // Certified when the rank reaches 2D, or when the rotation charges account for every law.
        r.Complete.ShouldBe(r.IndependentLawCount == r.ChargeRank);
        r.Certificate.ShouldBe(r.Complete ? "computed" : "none");
    }

    [Theory]
    [InlineData(false, new[] { 1, 2, 1 })]
    [InlineData(false, new[] { 2, 3, 2 })]
    [InlineData(true, new[] { 2, 3, 1 })]
    [InlineData(true, new[] { 1, 3, 3, 1 })]
    [InlineData(false, new[] { 3, 4, 4, 2 })]
    public void ReluNetworksKeepNoMomentumLaw(bool bias, int[] widths)
    {
        var model = TestModels.Relu(bias, widths);
        var r = MomentumAnalysis.Count(model, Unbudgeted);
        r.IndependentLawCount.ShouldBe(0);
        r.Complete.ShouldBeTrue(); // certified: the generators and brackets reach rank 2D
        r.Certificate.ShouldBe("computed");
        ConservationAnalysis.Analyze(model, Unbudgeted).IndependentLawCount!.Value.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(2, 2, 2)]
    [InlineData(2, 3, 2)]
    [InlineData(3, 2, 2)]
    [InlineData(2, 2, 1)]
    [InlineData(2, 4, 3)]
    public void TwoLayerLinearNetsKeepFewerMomentumLawsThanGradientFlowLaws(int inputs, int hidden, int outputs)
    {
        var model = TestModels.Linear(inputs, hidden, outputs);
        var momentum = MomentumAnalysis.Count(model, Unbudgeted);
        var gradient = ConservationAnalysis.Analyze(model, Unbudgeted);
        momentum.CountIsExact.ShouldBeTrue();
        gradient.CountIsExact.ShouldBeTrue();
        momentum.IndependentLawCount!.Value.ShouldBeLessThan(gradient.IndependentLawCount!.Value);
        momentum.ChargeRank.ShouldBe(hidden * (hidden - 1) / 2);
        if (inputs > 1 || outputs > 1)
        {
            // Every momentum law of these nets is a rotation charge: the count is certified.
            momentum.Complete.ShouldBeTrue();
            momentum.Certificate.ShouldBe("computed");
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void ScalarTwoLayerLinearNetsOfWidthThreeOrMoreKeepMoreMomentumLaws(int hidden)
    {
        var model = TestModels.Linear(1, hidden, 1);
        var momentum = MomentumAnalysis.Count(model, Unbudgeted);
        var gradient = ConservationAnalysis.Analyze(model, Unbudgeted);
        momentum.CountIsExact.ShouldBeTrue();
        momentum.IndependentLawCount!.Value.ShouldBeGreaterThan(gradient.IndependentLawCount!.Value);
        momentum.IndependentLawCount.ShouldBe(SymbolicMomentumRank.LawCount(model));
        // More laws than the charges: not certified, exact with high probability.
        momentum.ChargeRank.ShouldBe(hidden * (hidden - 1) / 2);
        momentum.Complete.ShouldBeFalse();
        momentum.Certificate.ShouldBe("none");
    }

    [Fact]
    public void InterpolationInvertsTheVandermondeMatrix()
    {
        for (int m = 0; m <= 6; m++)
        {
            var inverse = VandermondeInverse.For(m);
            for (int k = 0; k <= m; k++)
                for (int i = 0; i <= m; i++)
                {
                    // Σ_j V⁻¹[k, j]·s_j^i = δ_ki: the coefficients of s^i are recovered from its values at the nodes.
                    ulong sum = 0;
                    for (int j = 0; j <= m; j++) sum += ModP.Mul(inverse[k, j], ModP.Pow(VandermondeInverse.Node(j), (ulong)i));
                    ModP.Reduce(sum).ShouldBe(k == i ? 1u : 0u);
                }
        }
    }

    [Fact]
    public void MnistSizedReluNetworkIsCertifiedLawlessOneHiddenUnitAtATime()
    {
        // 784-128-10 with biases: D = 101,770, a phase space of 203,540 dimensions, far above the memory limit of one
        // elimination; the hidden units' blocks are counted once (795 parameters) and the output biases add full rank.
        var model = TestModels.Relu(true, 784, 128, 10);
        var r = MomentumAnalysis.Count(model, new AnalysisOptions());
        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.IndependentLawCount.ShouldBe(0);
        r.Complete.ShouldBeTrue();
        r.LieRank.ShouldBe(2 * 101_770);
        r.Notes.ShouldContain(n => n.Contains("128 identical blocks of one hidden unit (795 parameters each)"));
    }

    [Fact]
    public void OnlyTwoLayerGatedSegmentsAreCountedOneUnitAtATime()
    {
        // A deeper gated segment couples its units through the middle layer, and a linear pair through GL(h): not split.
        MomentumAnalysis.Count(TestModels.Relu(true, 2, 2, 2, 1), Unbudgeted).Notes.ShouldNotContain(n => n.Contains("identical blocks"));
        MomentumAnalysis.Count(TestModels.Linear(2, 3, 2), Unbudgeted).Notes.ShouldNotContain(n => n.Contains("identical blocks"));
    }

    [Theory]
    [InlineData(true, new[] { 784, 256, 128, 10 })]
    [InlineData(false, new[] { 784, 128, 64, 32, 10 })]
    public void DeepReluNetworksAtMnistSizeAreCertifiedLawlessFromOneThinChain(bool bias, int[] widths)
    {
        var r = MomentumAnalysis.Count(TestModels.Relu(bias, widths), new AnalysisOptions());
        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.IndependentLawCount.ShouldBe(0);
        r.Complete.ShouldBeTrue();
        r.LieRank.ShouldBe(2 * r.ParameterCount);
        r.GeneratorRank.ShouldBeNull(); // not computed for the whole segment
        r.Notes.ShouldContain(n => n.Contains("chain of one unit per hidden level"));
    }

    [Fact]
    public void GatedConvolutionsAreCountedOneChannelOrOneChainAtATime()
    {
        // A small CNN at a size the whole count refuses: 3 → 64 → 64 channels of 3×3 kernels, then a dense layer of 10.
        var cnn = new ModelDescription(new BlockSpec[]
        {
            new ConvolutionSpec(2, 3, 64, 3, 3, padding: 1) { Activation = ActivationKind.ReLU, HasBias = true },
            new ConvolutionSpec(2, 64, 64, 3, 3, padding: 1) { Activation = ActivationKind.ReLU, HasBias = true },
            new LayerSpec(64 * 8 * 8, 10, ActivationKind.Identity, true),
        }, new[] { 3, 8, 8 });
        var r = MomentumAnalysis.Count(cnn, new AnalysisOptions());
        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.IndependentLawCount.ShouldBe(0);
        r.Complete.ShouldBeTrue();
        r.Notes.ShouldContain(n => n.Contains("chain of one unit per hidden level"));

        var pair = new ModelDescription(new BlockSpec[]
        {
            new ConvolutionSpec(1, 1, 3, 1, 2) { Activation = ActivationKind.ReLU, HasBias = true },
            new ConvolutionSpec(1, 3, 2, 1, 2) { HasBias = true },
        });
        MomentumAnalysis.Count(pair, Unbudgeted).Notes.ShouldContain(n => n.Contains("3 identical blocks of one hidden unit"));
    }

    [Fact]
    public void ThinChainRouteNeedsEveryHiddenLevelGated()
    {
        // A linear level keeps its rotation charges, so no chain argument applies: counted whole (here within memory).
        var mixed = ModelDescription.FromWidths(new[] { 2, 3, 3, 2 }, new[] { ActivationKind.ReLU, ActivationKind.Identity }, bias: true);
        var r = MomentumAnalysis.Count(mixed, Unbudgeted);
        r.Notes.ShouldNotContain(n => n.Contains("chain of one unit"));
        r.IndependentLawCount.ShouldBe(SymbolicMomentumRank.LawCount(mixed));
        r.IndependentLawCount!.Value.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void AWallClockStopIsMarkedSoACompilerDoesNotKeepIt()
    {
        var model = TestModels.Linear(4, 6, 4);
        MomentumAnalysis.Count(model, Unbudgeted).StoppedByWallClock.ShouldBeFalse();
        var stopped = MomentumAnalysis.Count(model, new AnalysisOptions { WorkBudget = long.MaxValue, WallClockLimit = TimeSpan.FromTicks(1) });
        stopped.StoppedByWallClock.ShouldBeTrue();
        stopped.Complete.ShouldBeFalse();
        MomentumAnalysis.Count(model, new AnalysisOptions { WorkBudget = 2_000 }).StoppedByWallClock.ShouldBeFalse(); // the work budget is not load-dependent
    }

    [Fact]
    public void BudgetStopGivesAnUpperBoundNeverAnExactCount()
    {
        var model = TestModels.Linear(2, 3, 2);
        var full = MomentumAnalysis.Count(model, Unbudgeted);
        var r = MomentumAnalysis.Count(model, new AnalysisOptions { WorkBudget = 2_000 });
        r.Status.ShouldBe(AnalysisStatus.TooLarge);
        r.CountIsExact.ShouldBeFalse();
        r.Complete.ShouldBeFalse();
        r.Message.ShouldNotBeNull();
        r.IndependentLawCount!.Value.ShouldBeGreaterThan(full.IndependentLawCount!.Value);
    }

    [Fact]
    public void CountOverTheMemoryLimitIsRefusedUpFront()
    {
        var r = MomentumAnalysis.Count(TestModels.Linear(2, 3, 2), new AnalysisOptions { MaxCountBytes = 1024 });
        r.Status.ShouldBe(AnalysisStatus.TooLarge);
        r.IndependentLawCount.ShouldBeNull();
        r.CountIsExact.ShouldBeFalse();
        r.Notes.ShouldContain(n => n.Contains("MiB of elimination rows"));
        // Not counted, but its so(3) charges are still momentum laws, and the note says so (3·2/2 = 3 of them).
        r.Notes.ShouldContain(n => n.Contains("Segment 1: its 3 rotation charges <Xa, b>/τ of linear hidden levels are momentum laws"));
    }

    [Fact]
    public void A_refused_relu_segment_names_no_charges()
    {
        // Behind a ReLU no level carries a rotation, so the note claims no known law.
        var model = new ModelDescription(new BlockSpec[] { new LayerSpec(2, 3, ActivationKind.ReLU, false), new LayerSpec(3, 3, ActivationKind.ReLU, false), new LayerSpec(3, 1, ActivationKind.Identity, false) });
        var r = MomentumAnalysis.Count(model, new AnalysisOptions { MaxCountBytes = 1 } /* even the thin chain is refused */);
        r.Notes.ShouldContain(n => n.Contains("MiB of elimination rows"));
        r.Notes.ShouldNotContain(n => n.Contains("rotation charge"));
    }

    [Fact]
    public void SegmentsWithoutAnExactFieldModelAreNotCounted()
    {
        // A Swish with a trainable β is not polynomial: no exact field model, so no momentum count.
        var model = new ModelDescription(new BlockSpec[] { new LayerSpec(2, 3, ActivationKind.Swish, true) { BetaName = "" }, new LayerSpec(3, 1, ActivationKind.Identity, false) });
        var r = MomentumAnalysis.Count(model, Unbudgeted);
        r.IndependentLawCount.ShouldBeNull();
        r.CountIsExact.ShouldBeFalse();
        r.Notes.ShouldContain(n => n.Contains("not trainable-β Swish"));
    }

    [Fact]
    public void InvalidModelIsAResultNotAnException()
    {
        var model = new ModelDescription(new BlockSpec[] { new LayerSpec(2, 3, ActivationKind.ReLU, false), new LayerSpec(4, 1, ActivationKind.Identity, false) });
        var r = MomentumAnalysis.Count(model);
        r.Status.ShouldBe(AnalysisStatus.Invalid);
        r.IndependentLawCount.ShouldBeNull();
        r.Message.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void CancellationSurfacesAsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Should.Throw<OperationCanceledException>(() => MomentumAnalysis.Count(TestModels.Linear(2, 3, 2), Unbudgeted, cancelled.Token));
    }
}

/// <summary>
/// The momentum count of RePU and Power segments (fields polynomial per activation pattern) against the independent
/// symbolic count built from the exact φ of every pattern (<see cref="PolynomialUnitLieRank.CoefficientTerms"/>).
/// </summary>
public sealed class HomogeneousUnitMomentumTests
{
    private static readonly AnalysisOptions Unbudgeted = new() { WorkBudget = long.MaxValue };

    [Theory]
    [InlineData(new[] { 1, 2, 1 }, new[] { "power:2" }, false)]
    [InlineData(new[] { 2, 2, 1 }, new[] { "repu:2" }, true)]
    [InlineData(new[] { 1, 2, 1 }, new[] { "repu:3" }, false)]
    [InlineData(new[] { 1, 2, 2, 1 }, new[] { "repu:2", "relu" }, false)]
    [InlineData(new[] { 1, 2, 2, 1 }, new[] { "power:2", "linear" }, false)]
    [InlineData(new[] { 1, 2, 2, 1 }, new[] { "repu:2", "linear" }, true)]
    public void Count_equals_the_symbolic_count(int[] widths, string[] activations, bool bias)
    {
        var net = new UnitNetwork(widths, activations, bias);
        var r = MomentumAnalysis.Count(net.Model(), Unbudgeted);
        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.CountIsExact.ShouldBeTrue();
        r.Notes.ShouldNotContain(n => n.Contains("not counted"));
        r.IndependentLawCount.ShouldBe(SymbolicMomentumRank.LawCount(net));
        // An identity level of width w carries w(w − 1)/2 rotation charges; when they are all the laws, the count is certified.
        int charges = activations.Select((a, k) => a == "linear" ? widths[k + 1] * (widths[k + 1] - 1) / 2 : 0).Sum();
        r.ChargeRank.ShouldBe(charges);
        r.Complete.ShouldBe(r.IndependentLawCount == charges);
    }
}
