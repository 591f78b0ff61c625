using System.Linq;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>The exact verifier must accept true laws and reject near-misses.</summary>
public sealed class VerifierTests
{
    private static (LawVerifier Verifier, LawNamer Namer, SegmentIndexing Ix) For(ModelDescription model)
    {
        var structure = new ModelStructure(model);
        var ix = new SegmentIndexing(model, structure.Segments[0]);
        return (new LawVerifier(ix, new WorkMeter(long.MaxValue, default)), new LawNamer(ix), ix);
    }

    [Fact]
    public void GramEntryIsALawForLinearButNotForReluHiddenLayers()
    {
        var linear = For(TestModels.Linear(3, 4, 2));
        linear.Verifier.Verify(linear.Namer.GramTemplate(1, 0, 1)).ShouldBeTrue();
        var relu = For(TestModels.Relu(true, 3, 4, 2));
        relu.Verifier.Verify(relu.Namer.GramTemplate(1, 0, 1)).ShouldBeFalse();
        relu.Verifier.Verify(relu.Namer.GramTemplate(1, 2, 2)).ShouldBeTrue();
    }

    [Fact]
    public void BalanceWithoutTheBiasTermIsRejectedWhenTheLayerHasABias()
    {
        var (verifier, _, ix) = For(TestModels.Relu(true, 2, 3, 2));
        var h = new IntegerPolynomial();
        for (int i = 0; i < 2; i++) h.Add(Monomial.Of(ix.W(1, 0, i), ix.W(1, 0, i)), 1);
        for (int l = 0; l < 2; l++) h.Add(Monomial.Of(ix.W(2, l, 0), ix.W(2, l, 0)), -1);
        verifier.Verify(h).ShouldBeFalse();
        h.Add(Monomial.Of(ix.B(1, 0), ix.B(1, 0)), 1);
        verifier.Verify(h).ShouldBeTrue();
    }

    [Fact]
    public void WrongSignOrScaleIsRejected()
    {
        var (verifier, namer, ix) = For(TestModels.Linear(2, 2, 2));
        var h = namer.GramTemplate(1, 0, 0);
        h.Add(Monomial.Of(ix.W(2, 0, 0), ix.W(2, 0, 0)), 2); // flips one outgoing sign
        verifier.Verify(h).ShouldBeFalse();
    }

    [Fact]
    public void ProductsOfLawsAreLaws()
    {
        var (verifier, namer, _) = For(TestModels.Linear(2, 3, 2));
        var a = namer.GramTemplate(1, 0, 1);
        var b = namer.GramTemplate(1, 2, 2);
        var product = new IntegerPolynomial();
        foreach (var x in a.Terms) foreach (var y in b.Terms) product.Add(Monomial.Multiply(x.Key, y.Key), x.Value * y.Value);
        verifier.Verify(product).ShouldBeTrue();
    }

    [Fact]
    public void PackedAndDigitStringBucketsGiveTheSameVerdicts()
    {
        var models = new[]
        {
            TestModels.Linear(3, 4, 3, 2),
            TestModels.Relu(true, 3, 4, 3, 2),
            ModelDescription.FromWidths(new[] { 2, 3, 3, 2 }, ActivationKind.LeakyReLU, true),
        };
        int accepted = 0, rejected = 0;
        foreach (var model in models)
        {
            var result = TestModels.Analyze(model);
            var ix = new SegmentIndexing(model, new ModelStructure(model).Segments[0]);
            var packed = new LawVerifier(ix, new WorkMeter(long.MaxValue, default));
            var digits = new LawVerifier(ix, new WorkMeter(long.MaxValue, default), packedKeyBits: 0);
            foreach (var law in result.Laws)
            {
                var h = new IntegerPolynomial();
                foreach (var t in law.Terms) h.Add(new IntArrayKey(t.Variables.ToArray()), t.Coefficient);
                packed.Verify(h).ShouldBeTrue(law.Name);
                digits.Verify(h).ShouldBeTrue(law.Name);
                accepted++;

                // Near-misses: one coefficient doubled, and one term dropped.
                var first = h.Terms.First();
                var doubled = new IntegerPolynomial();
                foreach (var t in h.Terms) doubled.Add(t.Key, t.Key.Equals(first.Key) ? 2 * t.Value : t.Value);
                var dropped = new IntegerPolynomial();
                foreach (var t in h.Terms.Skip(1)) dropped.Add(t.Key, t.Value);
                foreach (var miss in new[] { doubled, dropped })
                {
                    bool verdict = packed.Verify(miss);
                    digits.Verify(miss).ShouldBe(verdict, law.Name);
                    if (!verdict) rejected++;
                }
            }
        }

        accepted.ShouldBeGreaterThan(10);
        rejected.ShouldBeGreaterThan(10);
    }
}
