using System.Linq;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>The plain-residue and dual-number gradient passes must agree with the general jet pass they short-cut.</summary>
public sealed class FieldEvaluationTests
{
    public static TheoryData<ModelDescription> Models() => new()
    {
        TestModels.Linear(3, 4, 2),
        TestModels.Relu(true, 3, 5, 4, 2),
        ModelDescription.FromWidths(new[] { 2, 3, 3, 3, 1 }, ActivationKind.LeakyReLU, true),
        // Taps (a convolution, a dense layer after it reading 2 channels × 3 positions) and diagonal layers.
        new ModelDescription(new BlockSpec[]
        {
            new ConvolutionSpec(1, 2, 2, 1, 3) { Activation = ActivationKind.ReLU, HasBias = true },
            new ConvolutionSpec(1, 2, 2, 1, 2) { HasBias = true }, new LayerSpec(6, 3, ActivationKind.Identity, true), new DiagonalSpec(3) { HasBias = true },
        }),
        new ModelDescription(new BlockSpec[] { new LayerSpec(2, 3, ActivationKind.ReLU, true), new DiagonalSpec(3), new DiagonalSpec(3) { Activation = ActivationKind.Abs, HasBias = true }, new LayerSpec(3, 2, ActivationKind.Identity, false) }),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void PlainGradientEqualsTheConstantPartOfTheJetGradient(ModelDescription model)
    {
        var segment = new ModelStructure(model).Segments[0];
        var rng = new DeterministicRandom(11);
        int n = segment.ParameterCount;
        for (int trial = 0; trial < 5; trial++)
        {
            var theta = Enumerable.Range(0, n).Select(_ => rng.NextNonZeroMod()).ToArray();
            var direction = Enumerable.Range(0, n).Select(_ => rng.NextNonZeroMod()).ToArray();
            var gates = Gates.Random(model, segment, rng);
            var plain = GatedGradient.Evaluate(model, segment, gates, theta, 1);
            var jets = GatedGradient.Evaluate(model, segment, gates, JetAlgebra.Lift(theta, direction, n, 1), 2);
            plain.Length.ShouldBe(n);
            plain.ShouldContain(v => v != 0);
            for (int i = 0; i < n; i++) jets[2 * i].ShouldBe(plain[i], $"parameter {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void DualGradientEqualsTheFirstOrderPartOfTheGeneralJetGradient(ModelDescription model)
    {
        var segment = new ModelStructure(model).Segments[0];
        var rng = new DeterministicRandom(12);
        int n = segment.ParameterCount;
        for (int trial = 0; trial < 5; trial++)
        {
            var theta = Enumerable.Range(0, n).Select(_ => rng.NextNonZeroMod()).ToArray();
            var direction = Enumerable.Range(0, n).Select(_ => rng.NextNonZeroMod()).ToArray();
            var gates = Gates.Random(model, segment, rng);
            var dualTheta = JetAlgebra.Lift(theta, direction, n, 1);
            var dual = GatedGradient.Evaluate(model, segment, gates, dualTheta, 2);

            // Two infinitesimals through the general pass; the second one's direction is zero.
            var jetTheta = JetAlgebra.Lift(dualTheta, new uint[2 * n], n, 2);
            var jets = GatedGradient.Evaluate(model, segment, gates, jetTheta, 4);
            dual.ShouldContain(v => v != 0);
            for (int i = 0; i < n; i++)
            {
                jets[4 * i].ShouldBe(dual[2 * i], $"value of parameter {i}");
                jets[4 * i + 1].ShouldBe(dual[2 * i + 1], $"derivative of parameter {i}");
            }
        }
    }
}
