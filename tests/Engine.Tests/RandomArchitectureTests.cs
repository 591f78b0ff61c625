using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>Appendix-I-style random architectures (depth 2–5, widths 1–6, biases at random).</summary>
public sealed class RandomArchitectureTests
{
    [Fact]
    public void RandomReluNetworksHaveExactlyOneLawPerHiddenNeuronAndTheCertificateCloses()
    {
        foreach (var model in TestModels.RandomArchitectures(25, 2024, new[] { ActivationKind.ReLU }))
        {
            var result = TestModels.Analyze(model);
            int hidden = model.Layers.Take(model.Layers.Count - 1).Sum(l => l.Outputs);
            result.IndependentLawCount.ShouldBe(hidden, model.ToString());
            result.IndependentPolynomialLawCount.ShouldBe(hidden, model.ToString());
            result.Complete.ShouldBeTrue(model.ToString());
            result.RejectedCandidates.ShouldBe(0);
        }
    }

    [Fact]
    public void RandomMixedNetworksAreConsistent()
    {
        var acts = new[] { ActivationKind.ReLU, ActivationKind.Identity, ActivationKind.Tanh, ActivationKind.Abs };
        foreach (var model in TestModels.RandomArchitectures(25, 99, acts))
        {
            var result = TestModels.Analyze(model);
            result.Status.ShouldBe(AnalysisStatus.Completed, model.ToString());
            // Sandwich: found laws can never exceed the count, and "complete" means they meet.
            result.IndependentPolynomialLawCount!.Value.ShouldBeLessThanOrEqualTo(result.IndependentLawCount!.Value, model.ToString());
            if (result.Complete) result.IndependentPolynomialLawCount.ShouldBe(result.IndependentLawCount!.Value);
            result.RejectedCandidates.ShouldBe(0);
        }
    }

    [Fact]
    public void StructuredAndExhaustiveSearchesAgree()
    {
        var acts = new[] { ActivationKind.ReLU, ActivationKind.Identity };
        foreach (var model in TestModels.RandomArchitectures(15, 5, acts, maxWidth: 4).Where(m => m.ParameterCount <= 60))
        {
            var structured = TestModels.Analyze(model, exhaustiveMax: 0);
            var exhaustive = TestModels.Analyze(model, exhaustiveMax: 1000);
            structured.IndependentLawCount.ShouldBe(exhaustive.IndependentLawCount, model.ToString());
            structured.IndependentPolynomialLawCount.ShouldBe(exhaustive.IndependentPolynomialLawCount, model.ToString());
            structured.Complete.ShouldBe(exhaustive.Complete, model.ToString());
            // Gram entries and balances are found by both.
            structured.Laws.Where(l => l.Kind != Laws.LawKind.General).Select(l => l.Name)
                .ShouldBe(exhaustive.Laws.Where(l => l.Kind != Laws.LawKind.General).Select(l => l.Name), model.ToString());
        }
    }
}
