using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Counts by theorem against the exact elimination, on every model small enough for both; laws from structure
/// against laws verified one by one; the certificates at the sizes users have.
/// </summary>
public sealed class StructuralCountTests
{
    private static AnalysisResult Computed(ModelDescription model) =>
        ConservationAnalysis.Analyze(model, new AnalysisOptions { UseTheorems = false });

    private static AnalysisResult Structural(ModelDescription model) => ConservationAnalysis.Analyze(model);

    /// <summary>Depth 2–5, widths 1–8, activations mixed (cuts included), biases per layer at random.</summary>
    public static IEnumerable<ModelDescription> Sweep(int count, int seed)
    {
        var acts = new[] { ActivationKind.ReLU, ActivationKind.Identity, ActivationKind.LeakyReLU, ActivationKind.Abs, ActivationKind.Tanh, ActivationKind.ReLU };
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int depth = rng.Next(2, 6);
            var widths = Enumerable.Range(0, depth + 1).Select(_ => rng.Next(1, 9)).ToArray();
            // A third of the models are homogeneous stacks, a sixth two-layer linear pairs: the theorems' cases.
            int kind = rng.Next(6);
            var layers = new List<LayerSpec>();
            for (int k = 0; k < depth; k++)
            {
                var act = kind <= 1 ? ActivationKind.ReLU : acts[rng.Next(acts.Length)];
                bool bias = kind == 2 ? false : rng.Next(2) == 1;
                layers.Add(new LayerSpec(widths[k], widths[k + 1], act, bias));
            }

            if (kind == 2) layers = layers.Take(2).Select(l => l with { Activation = ActivationKind.Identity }).ToList();
            yield return new ModelDescription(layers);
        }
    }

    [Fact]
    public void StructuralCountEqualsTheExactEliminationOnARandomSweep()
    {
        int theorems = 0;
        foreach (var model in Sweep(220, 7))
        {
            var s = Structural(model);
            var c = Computed(model);
            string at = model.ToString();
            s.Status.ShouldBe(AnalysisStatus.Completed, at);
            c.Status.ShouldBe(AnalysisStatus.Completed, at);
            s.IndependentLawCount.ShouldBe(c.IndependentLawCount, at);
            s.IndependentPolynomialLawCount.ShouldBe(c.IndependentPolynomialLawCount, at);
            s.Complete.ShouldBe(c.Complete, at);
            s.Laws.Select(l => l.Formula).ShouldBe(c.Laws.Select(l => l.Formula), at);
            if (s.DimW is int dimW) dimW.ShouldBe(c.DimW!.Value, at);
            for (int k = 0; k < s.Segments.Count; k++)
            {
                var (ss, cs) = (s.Segments[k], c.Segments[k]);
                ss.LieTraceRank.ShouldBe(cs.LieTraceRank, at);
                if (ss.Certificate.StartsWith("theorem:", StringComparison.Ordinal))
                {
                    theorems++;
                    // A theorem's count is exact, and the exact elimination closes on the same laws.
                    cs.Certificate.ShouldBe("computed", at);
                    ss.Complete.ShouldBeTrue(at);
                }
            }
        }

        theorems.ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData(1, 1, 1, true, false)]
    [InlineData(1, 4, 1, true, false)]  // r > n + m + 1
    [InlineData(2, 4, 1, false, true)]  // r > n + m
    [InlineData(3, 2, 3, true, false)]
    [InlineData(5, 3, 1, true, false)]
    [InlineData(2, 3, 4, false, true)]
    [InlineData(4, 1, 4, false, true)]  // bottleneck
    public void TwoLayerLinearTheoremWithBiasesMatchesTheEliminationIncludingDimW(int m, int r, int n, bool firstBias, bool outputBias)
    {
        var model = new ModelDescription(new[]
        {
            new LayerSpec(m, r, ActivationKind.Identity, firstBias),
            new LayerSpec(r, n, ActivationKind.Identity, outputBias),
        });
        var s = Structural(model);
        var c = Computed(model);
        s.Certificate.ShouldBe("theorem:two-layer-linear");
        c.Certificate.ShouldBe("computed");
        s.IndependentLawCount.ShouldBe(c.IndependentLawCount);
        s.DimW.ShouldBe(c.DimW);
        s.IndependentPolynomialLawCount.ShouldBe(c.IndependentPolynomialLawCount);
        s.Laws.Select(l => l.Formula).ShouldBe(c.Laws.Select(l => l.Formula));
        s.Complete.ShouldBeTrue();
    }

    [Fact]
    public void MnistSizedLinearPairWithAFirstLayerBiasIsCertifiedByTheTheorem()
    {
        // 784-128-10 with a first-layer bias: V = [W₁ b₁]ᵀ has 785 rows, N = 795 ≥ r, so r(r+1)/2 = 8,256 laws.
        var model = new ModelDescription(new[] { new LayerSpec(784, 128, ActivationKind.Identity, true), new LayerSpec(128, 10, ActivationKind.Identity, false) });
        var r = Structural(model);
        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.Certificate.ShouldBe("theorem:two-layer-linear");
        r.IndependentLawCount.ShouldBe(128 * 129 / 2);
        r.DimW.ShouldBe(10 * (10 + 785 - 10));
        r.Complete.ShouldBeTrue();
        // Both biases: no theorem (the constant part W₂b₁ + b₂ mixes them).
        var both = Structural(ModelDescription.FromWidths(new[] { 4, 3, 2 }, ActivationKind.Identity, bias: true));
        both.Certificate.ShouldBe("computed");
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 5, 1)]   // r > n + m
    [InlineData(2, 7, 3)]   // r > n + m
    [InlineData(8, 1, 8)]   // bottleneck
    [InlineData(5, 3, 1)]
    [InlineData(3, 6, 3)]
    public void TwoLayerLinearTheoremMatchesTheEliminationIncludingDimW(int n, int r, int m)
    {
        var model = TestModels.Linear(n, r, m);
        var s = Structural(model);
        var c = Computed(model);
        s.Certificate.ShouldBe("theorem:two-layer-linear");
        s.IndependentLawCount.ShouldBe(c.IndependentLawCount);
        s.DimW.ShouldBe(c.DimW);
        s.IndependentPolynomialLawCount.ShouldBe(c.IndependentPolynomialLawCount);
        s.Complete.ShouldBeTrue();
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1, 1 }, true)]
    [InlineData(new[] { 8, 1, 8, 1, 8 }, true)]   // bottlenecks
    [InlineData(new[] { 1, 8, 8, 1 }, false)]
    [InlineData(new[] { 3, 1 }, true)]              // no hidden level
    public void PathIncidenceTheoremMatchesTheEliminationOnTraps(int[] widths, bool bias)
    {
        var model = TestModels.Relu(bias, widths);
        var s = Structural(model);
        var c = Computed(model);
        s.Certificate.ShouldBe("theorem:path-incidence");
        s.IndependentLawCount.ShouldBe(widths.Skip(1).Take(widths.Length - 2).Sum());
        s.IndependentLawCount.ShouldBe(c.IndependentLawCount);
        s.DimW.ShouldBe(c.DimW);
        s.BracketRounds.ShouldBe(c.BracketRounds);
    }

    [Fact]
    public void ScalarChainIsLeftToTheEliminationAndReportedIncomplete()
    {
        // 1,2,2,1 linear: no theorem applies; 7 laws exist and the Gram entries give 6.
        var s = Structural(TestModels.Linear(1, 2, 2, 1));
        s.Certificate.ShouldBe("none");
        s.IndependentLawCount.ShouldBe(7);
        s.IndependentPolynomialLawCount.ShouldBe(6);
        s.Complete.ShouldBeFalse();
    }

    [Fact]
    public void MixedModelsCombineCertificates()
    {
        // 3 -relu-> 4 -relu-> 3 -tanh-> 3 -> 4 -> 2: a homogeneous segment, then a deep linear one.
        var model = ModelDescription.FromWidths(new[] { 3, 4, 3, 3, 4, 2 },
            new[] { ActivationKind.ReLU, ActivationKind.ReLU, ActivationKind.Tanh, ActivationKind.Identity }, bias: true);
        var s = Structural(model);
        s.Segments.Select(x => x.Certificate).ShouldBe(new[] { "theorem:path-incidence", "computed" });
        s.Certificate.ShouldBe("computed+theorem:path-incidence");
        s.Complete.ShouldBeTrue();
    }

    [Fact]
    public void EveryFamilyMemberPassesTheVerifierOnItsOwn()
    {
        // The orbit argument says one member per orbit suffices; here every member is verified term by term.
        foreach (var model in new[]
        {
            ModelDescription.FromWidths(new[] { 3, 5, 4, 2 }, new[] { ActivationKind.Identity, ActivationKind.ReLU }, bias: true),
            TestModels.Linear(2, 4, 3, 2),
            TestModels.Relu(true, 4, 3, 5, 2),
        })
        {
            foreach (var segment in DenseChainComponents.Of(model))
            {
                var verifier = new LawVerifier(segment.Indexing, new WorkMeter(long.MaxValue, default));
                foreach (var family in segment.LawFamilies)
                    for (int k = 0; k < family.Count; k++)
                        verifier.Verify(family.LocalPolynomial(k)).ShouldBeTrue($"{model} {family.Group} member {k}");
            }
        }
    }

    [Fact]
    public void VerifyingOneEntryAndOneExitNeuronAgreesWithTheFullVerification()
    {
        // Members of the families, and invariant near misses (the outgoing part doubled, the bias part dropped):
        // the check restricted by the end symmetries must give the same verdict as the full one.
        foreach (var model in Sweep(40, 3).Where(m => m.ParameterCount < 400))
        {
            foreach (var segment in DenseChainComponents.Of(model))
            {
                var verifier = new LawVerifier(segment.Indexing, new WorkMeter(long.MaxValue, default));
                foreach (GramFamily family in segment.LawFamilies)
                {
                    for (int k = 0; k < family.Count; k += 1 + family.Count / 3)
                    {
                        var member = family.LocalPolynomial(k);
                        verifier.Verify(member, symmetricEnds: true).ShouldBeTrue($"{model} {family.Group} {k}");
                        verifier.Verify(member, symmetricEnds: false).ShouldBeTrue();
                        foreach (var miss in NearMisses(member, family, segment.ParameterStart))
                        {
                            bool full = verifier.Verify(miss, symmetricEnds: false);
                            full.ShouldBeFalse($"{model} {family.Group} {k}");
                            verifier.Verify(miss, symmetricEnds: true).ShouldBe(full);
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<Polynomials.IntegerPolynomial> NearMisses(Polynomials.IntegerPolynomial member, GramFamily family, int start)
    {
        var doubledOut = new Polynomials.IntegerPolynomial();
        var noBias = new Polynomials.IntegerPolynomial();
        foreach (var term in member.Terms)
        {
            bool outgoing = term.Key.Items[0] + start >= family.Layout.OutWeights;
            bool bias = family.Layout.Bias >= 0 && term.Key.Items[0] + start >= family.Layout.Bias && term.Key.Items[0] + start < family.Layout.Bias + family.Layout.Width;
            doubledOut.Add(term.Key, outgoing ? 2 * term.Value : term.Value);
            if (!bias) noBias.Add(term.Key, term.Value);
        }

        yield return doubledOut;
        if (family.Layout.Bias >= 0) yield return noBias;
    }

    [Fact]
    public void StructuralRotationSymmetriesMatchTheNumericSearch()
    {
        foreach (var model in Sweep(60, 11))
        {
            var structural = Structural(model).RotationSymmetries;
            var numeric = NumericRotationSymmetries.Find(model, long.MaxValue, 42, default)!;
            structural.ShouldBe(numeric, model.ToString());
        }
    }

    [Fact]
    public void GramFamilyEntriesAndMembersRoundTrip()
    {
        foreach (int width in new[] { 1, 2, 5, 64, 513 })
        {
            var family = new GramFamily(LawKind.GramEntry, 0, new GramLayout(0, 1, -1, width, 1, width), new GramNames("W1", null, "W2"), 0, 0);
            family.Count.ShouldBe(width * (width + 1) / 2);
            int k = 0;
            for (int i = 0; i < width; i++)
                for (int j = i; j < width; j++, k++)
                {
                    family.Entry(k).ShouldBe((i, j));
                    family.MemberOf(i, j).ShouldBe(k);
                }
        }
    }

    [Fact]
    public void MnistSizedReluNetworkIsCertifiedByStructure()
    {
        var r = Structural(TestModels.Relu(true, 784, 128, 10));
        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.ParameterCount.ShouldBe(101_770);
        r.Laws.Count.ShouldBe(128);
        r.IndependentLawCount.ShouldBe(128);
        r.IndependentPolynomialLawCount.ShouldBe(128);
        r.Complete.ShouldBeTrue();
        r.Certificate.ShouldBe("theorem:path-incidence");
        r.Laws[5].Formula.ShouldBe("|W1[5,:]|^2 + b1[5]^2 - |W2[:,5]|^2");
        r.Laws[5].Terms.Count.ShouldBe(784 + 1 + 10);
    }

    [Fact]
    public void LawsNeverDependOnTheBudget()
    {
        // A budget of one operation: the families are still verified (per orbit, unbudgeted) and the theorems still
        // count; only the exact elimination is refused.
        var wide = ConservationAnalysis.Analyze(TestModels.Linear(300, 200, 100), new AnalysisOptions { WorkBudget = 1 });
        wide.Laws.Count.ShouldBe(200 * 201 / 2);
        wide.Complete.ShouldBeTrue();
        var deep = ConservationAnalysis.Analyze(TestModels.Linear(30, 40, 50, 20), new AnalysisOptions { WorkBudget = 1 });
        deep.Status.ShouldBe(AnalysisStatus.TooLarge);
        deep.Laws.Count.ShouldBe(40 * 41 / 2 + 50 * 51 / 2);
        deep.IndependentLawCount.ShouldBeNull();
    }

    [Fact]
    public void WideLinearPairGetsEveryGramLawCertifiedByTheorem()
    {
        var r = Structural(TestModels.Linear(512, 512, 512));
        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.Laws.Count.ShouldBe(131_328);
        r.IndependentLawCount.ShouldBe(131_328);
        r.Complete.ShouldBeTrue();
        r.Certificate.ShouldBe("theorem:two-layer-linear");
        r.Laws[1].Name.ShouldBe("Hidden1[0,1]");
        r.Laws[^1].Name.ShouldBe("Hidden1[511,511]");
    }
}
