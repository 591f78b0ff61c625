using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Integration.Tests;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Attention blocks: the laws against the per-head Grams of the tests' attention net, their orthogonality to the gradient
/// of its forward pass (central differences), the dead key bias, the count against an independent Lie rank of φ written
/// in the tests, and the blocks around attention this version refuses.
/// </summary>
public class AttentionLawTests
{
    private static AnalysisResult Analyze(ModelDescription model, bool theorems = true) =>
        ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = long.MaxValue, UseTheorems = theorems });

    private static ModelDescription Alone(int d, int heads, int r, bool qb, bool kb, bool vb) =>
        new(new BlockSpec[] { new SelfAttentionSpec(d, heads, r, qb, kb, vb) });

    [Theory]
    [InlineData(3, 2, 2, true, true, true)]
    [InlineData(4, 1, 3, false, false, false)]
    [InlineData(2, 3, 1, true, false, true)]
    public void LawsAreTheHeadGramsAndTheKeyBias(int d, int heads, int r, bool qb, bool kb, bool vb)
    {
        var result = Analyze(Alone(d, heads, r, qb, kb, vb));
        result.Status.ShouldBe(AnalysisStatus.Completed, result.Message);
        var reference = new AttentionNet(d, heads, r, qb, kb, vb);
        result.ParameterCount.ShouldBe(reference.Count);
        int perHead = r * (r + 1) / 2;
        result.Laws.Count.ShouldBe(heads * 2 * perHead + (kb ? heads * r : 0));
        var theta = TestModels.RandomTheta(reference.Count, new Random(7));
        for (int a = 0; a < heads; a++)
        {
            var qk = reference.QueryKeyGram(theta, a);
            var vo = reference.ValueOutputGram(theta, a);
            for (int i = 0; i < r; i++)
                for (int j = i; j < r; j++)
                {
                    Law(result, $"Attention1Head{a}QueryKey[{i},{j}]").Evaluate(theta).ShouldBe(qk[i, j], 1e-12);
                    Law(result, $"Attention1Head{a}ValueOutput[{i},{j}]").Evaluate(theta).ShouldBe(vo[i, j], 1e-12);
                }
        }

        if (kb)
            for (int i = 0; i < heads * r; i++) Law(result, $"Attention1KeyBias[{i}]").Evaluate(theta).ShouldBe(theta[reference.Bk + i]);
    }

    [Fact]
    public void FormulasNameTheMembersAndTheHeadsRows()
    {
        var model = new ModelDescription(new BlockSpec[]
        {
            new SelfAttentionSpec(3, 2, 2, true, true, false) { WeightName = "Q", QueryBiasName = "QB", KeyName = "K", KeyBiasName = "KB", ValueName = "V", OutputName = "O" },
        });
        var result = Analyze(model);
        Law(result, "Attention1Head1QueryKey[0,1]").Formula.ShouldBe("<Q[2,:], Q[3,:]> + QB[2]*QB[3] - <K[2,:], K[3,:]> - KB[2]*KB[3]");
        Law(result, "Attention1Head1ValueOutput[1,1]").Formula.ShouldBe("|V[3,:]|^2 - |O[:,3]|^2");
        Law(result, "Attention1KeyBias[3]").Formula.ShouldBe("KB[3]");
    }

    [Theory]
    [InlineData(3, 2, 2, true, true, true, 11)]
    [InlineData(3, 1, 2, false, false, false, 12)]
    [InlineData(2, 2, 3, true, true, false, 13)]
    public void LawsAreOrthogonalToTheGradientOfAnAttentionForwardPass(int d, int heads, int r, bool qb, bool kb, bool vb, int seed)
    {
        var result = Analyze(Alone(d, heads, r, qb, kb, vb));
        var reference = new AttentionNet(d, heads, r, qb, kb, vb);
        var rng = new Random(seed);
        for (int trial = 0; trial < 3; trial++)
        {
            var theta = TestModels.RandomTheta(reference.Count, rng);
            var (x, y) = (TestModels.RandomTheta(3 * 4 * d, rng), TestModels.RandomTheta(3 * 4 * d, rng));
            var g = AttentionReference.Gradient(reference, theta, x, y, tokens: 4, samples: 3);
            double norm = Math.Sqrt(g.Sum(v => v * v));
            norm.ShouldBeGreaterThan(1e-3);
            foreach (var law in result.Laws)
            {
                var grad = law.Gradient(theta);
                double dot = grad.Zip(g, (x, y) => x * y).Sum(), gradNorm = Math.Sqrt(grad.Sum(v => v * v));
                Math.Abs(dot).ShouldBeLessThan(1e-7 * norm * gradNorm, $"{law.Name} = {law.Formula}");
            }

            // The key bias has zero gradient; the query and value biases do not.
            if (kb)
                for (int i = 0; i < heads * r; i++) Math.Abs(g[reference.Bk + i]).ShouldBeLessThan(1e-8 * norm);
            if (qb) Enumerable.Range(0, heads * r).Max(i => Math.Abs(g[reference.Bq + i])).ShouldBeGreaterThan(1e-6);
        }
    }

    [Theory]
    [InlineData(2, 1, 1, false, false, false)]
    [InlineData(2, 1, 2, true, true, true)]
    [InlineData(3, 1, 2, true, false, false)]
    [InlineData(2, 2, 2, false, true, true)]
    [InlineData(3, 2, 1, true, true, true)]
    [InlineData(2, 1, 3, false, false, false)]
    public void CountIsTheIndependentLieRankCount(int d, int heads, int r, bool qb, bool kb, bool vb)
    {
        var reference = new AttentionNet(d, heads, r, qb, kb, vb);
        var ranks = SymbolicLieRank.Ranks(AttentionReference.Phi(reference), reference.Count, maxLength: 8, seed: 5);
        int independent = reference.Count - ranks[^1];

        var byTheorem = Analyze(Alone(d, heads, r, qb, kb, vb));
        byTheorem.IndependentLawCount.ShouldBe(independent);
        byTheorem.CountIsExact.ShouldBeTrue();
        byTheorem.Complete.ShouldBeTrue();
        byTheorem.Certificate.ShouldContain("attention-heads");

        var computed = Analyze(Alone(d, heads, r, qb, kb, vb), theorems: false);
        computed.IndependentLawCount.ShouldBe(independent, computed.Message);
        computed.Complete.ShouldBeTrue();
    }

    [Fact]
    public void AttentionBetweenCutsInAModelAddsItsHeadsToTheCount()
    {
        // tanh → attention with x + attention(x) → dense: three components, no law crosses the attention's boundary.
        var model = new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(3, 4, ActivationKind.Tanh, true),
            new SelfAttentionSpec(4, 2, 2, true, true, true) { Activation = ActivationKind.ReLU, ResidualFrom = 1 },
            new LayerSpec(4, 3, ActivationKind.ReLU, true),
            new LayerSpec(3, 2, ActivationKind.Identity, false),
        });
        var theorem = Analyze(model);
        theorem.Status.ShouldBe(AnalysisStatus.Completed, theorem.Message);
        theorem.Complete.ShouldBeTrue(theorem.Message);
        var computed = Analyze(model, theorems: false);
        computed.IndependentLawCount.ShouldBe(theorem.IndependentLawCount);
        // Attention: 2 heads × (3 + 3) Gram entries + 4 dead key-bias entries; the last segment: 3 balances.
        theorem.IndependentLawCount.ShouldBe(2 * 6 + 4 + 3);
    }

    [Fact]
    public void AFourLayerTransformerOfWidth128IsCertifiedFast()
    {
        // Four residual attention blocks (4 heads of 32), each followed by a residual MLP 128 → 512 (GELU) → 128.
        var blocks = new List<BlockSpec>();
        for (int l = 0; l < 4; l++)
        {
            int at = blocks.Count;
            blocks.Add(new SelfAttentionSpec(128, 4, 32, true, true, true) { ResidualFrom = at });
            blocks.Add(new LayerSpec(128, 512, ActivationKind.Gelu, true));
            blocks.Add(new LayerSpec(512, 128, ActivationKind.Identity, true) { ResidualFrom = at + 1 });
        }

        var model = new ModelDescription(blocks);
        var result = ConservationAnalysis.Analyze(model); // the default (build) budget
        result.Status.ShouldBe(AnalysisStatus.Completed, result.Message);
        result.Complete.ShouldBeTrue(result.Message);
        result.CountIsExact.ShouldBeTrue();
        result.IndependentLawCount.ShouldBe(4 * (4 * 2 * (32 * 33 / 2) + 128));
        result.ElapsedMilliseconds.ShouldBeLessThan(20_000); // a guard against a regression to the exact computation, not a timing target
    }

    [Fact]
    public void TwoTransformerBlocksCountAsTheirHeadsAndUnitsByTheoremAndByComputation()
    {
        // x + attention(x), then x + down(SwiGLU(x)), twice: every boundary is a cut, so the components add.
        var blocks = new List<BlockSpec>();
        for (int l = 0; l < 2; l++)
        {
            int at = blocks.Count;
            blocks.Add(new SelfAttentionSpec(4, 2, 2, true, false, true) { ResidualFrom = at });
            blocks.Add(new GatedLinearUnitSpec(4, 3, ActivationKind.Swish));
            blocks.Add(new LayerSpec(3, 4, ActivationKind.Identity, true) { ResidualFrom = at + 1 });
        }

        var model = new ModelDescription(blocks);
        var theorem = Analyze(model);
        theorem.Status.ShouldBe(AnalysisStatus.Completed, theorem.Message);
        theorem.Complete.ShouldBeTrue(theorem.Message);
        theorem.IndependentLawCount.ShouldBe(2 * (2 * 2 * 3 + 3));
        var computed = Analyze(model, theorems: false);
        computed.IndependentLawCount.ShouldBe(theorem.IndependentLawCount, computed.Message);
        computed.Complete.ShouldBeTrue();
    }

    [Fact]
    public void BlocksWhereLawsMayCrossTheAttentionAreRefusedByName()
    {
        Refused(new BlockSpec[] { new LayerSpec(3, 4, ActivationKind.ReLU, true), new SelfAttentionSpec(4, 1, 2) }, "reads layer 1's output");
        Refused(new BlockSpec[] { new SelfAttentionSpec(4, 1, 2), new LayerSpec(4, 2, ActivationKind.Identity, false) }, "feeds layer 2");
        Refused(new BlockSpec[]
        {
            new LayerSpec(4, 4, ActivationKind.Tanh, false),
            new SelfAttentionSpec(4, 1, 2) { Activation = ActivationKind.Tanh },
            new LayerSpec(4, 4, ActivationKind.Identity, false) { ResidualFrom = 1 },
        }, "spans the attention block");
        Refused(new BlockSpec[] { new LayerSpec(4, 4, ActivationKind.Tanh, false), new SelfAttentionSpec(4, 1, 2) { ResidualFrom = 0 } }, "residual connection around the block alone");
        // A LayerNorm'd embedding with its affine before the attention: the message names the normalisation and the affine
        // (the affine is a layer of its own in the count, which the user did not declare) and says how to make it a cut.
        Refused(new BlockSpec[]
        {
            new LayerSpec(3, 4, ActivationKind.Identity, true) { Normalization = NormalizationKind.LayerNorm, WeightName = "WE" },
            new DiagonalSpec(4) { HasBias = true },
            new SelfAttentionSpec(4, 1, 2) { ResidualFrom = 2 },
        }, "Layer 3 (attention) reads the affine γ ⊙ n + β of the LayerNorm of layer 1 ('WE') (the affine counts as layer 2)");
        Refused(new BlockSpec[]
        {
            new LayerSpec(3, 4, ActivationKind.Identity, true) { Normalization = NormalizationKind.LayerNorm },
            new DiagonalSpec(4) { HasBias = true },
            new SelfAttentionSpec(4, 1, 2) { ResidualFrom = 2 },
        }, "Drop the affine (no NormScale or NormShift");

        static void Refused(BlockSpec[] blocks, string message)
        {
            var result = Analyze(new ModelDescription(blocks));
            result.Status.ShouldBe(AnalysisStatus.Invalid);
            result.Message.ShouldContain(message);
        }
    }

    [Fact]
    public void InvalidHeadsAreErrors()
    {
        var result = Analyze(Alone(4, 0, 2, false, false, false));
        result.Status.ShouldBe(AnalysisStatus.Invalid);
        result.Message.ShouldContain("heads");
    }

    private static Engine.Laws.ConservationLaw Law(AnalysisResult result, string name) =>
        result.Laws.SingleOrDefault(l => l.Name == name) ?? throw new ShouldAssertException($"no law {name}: {string.Join(", ", result.Laws.Select(l => l.Name).Take(20))}");
}

public class AttentionMomentumTests
{
    [Fact]
    public void TheMomentumCountSaysItDoesNotCountAttention()
    {
        var model = new ModelDescription(new BlockSpec[] { new SelfAttentionSpec(2, 1, 2, true, true, false) });
        var result = MomentumAnalysis.Count(model, new AnalysisOptions { WorkBudget = long.MaxValue });
        result.Status.ShouldNotBe(AnalysisStatus.InternalError, result.Message);
        result.CountIsExact.ShouldBeFalse();
        result.Complete.ShouldBeFalse();
        result.Notes.ShouldContain(n => n.Contains("does not count attention blocks under momentum"));
    }
}
