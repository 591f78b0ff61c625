using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>Generated files against committed baselines, plus targeted checks of their shape.</summary>
public sealed class DriverTests
{
    [Fact]
    public void Relu_with_bias_matches_baselines()
    {
        var run = GeneratorHarness.Generate(Sources.ReluWithBias);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run);
    }

    [Fact]
    public void Block_models_match_baselines()
    {
        // A strided 1-D convolution net, a Hadamard product, a residual MLP, RePU and a float trainable-β Swish.
        var run = GeneratorHarness.Generate(Sources.Blocks);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run);
    }

    [Fact]
    public void Softmax_cross_entropy_laws_match_baselines()
    {
        // The translation laws unrolled (small model) and through the TranslationLaws kernel (wide model).
        var run = GeneratorHarness.Generate(Sources.SoftmaxCrossEntropy);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run, only: ".Laws.g.cs");
    }

    [Fact]
    public void Gated_linear_unit_models_match_baselines()
    {
        // A SwiGLU MLP, a float GeGLU block after a tanh layer (flat gate weights), SwiGLU then a linear run (momentum charges).
        var run = GeneratorHarness.Generate(Sources.GatedUnits);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run);
    }

    [Fact]
    public void Normalized_models_match_baselines()
    {
        // The network blocks of BatchNorm with its affine, LayerNorm and RMSNorm (float storage), a wider LayerNorm MLP,
        // ε > 0 and a LayerNorm transformer (their laws are checked by value in the integration tests).
        var run = GeneratorHarness.Generate(Sources.Normalized);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run, only: ".Network.g.cs");
    }

    [Fact]
    public void Normalized_convolution_models_match_baselines()
    {
        // BatchNorm on a 1-D convolution, a channel LayerNorm on a 2-D one, RMSNorm, and a wider model whose laws (and
        // their texts, named by input channel and tap) go through the loop kernels.
        var run = GeneratorHarness.Generate(Sources.ConvNormalized);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run, only: ".Network.g.cs");
    }

    [Fact]
    public void Normalized_convolution_laws_match_baselines()
    {
        var run = GeneratorHarness.Generate(Sources.ConvNormalized);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run, only: ".Laws.g.cs");
    }

    [Fact]
    public void Nested_float_record_matches_baselines()
    {
        var run = GeneratorHarness.Generate(Sources.NestedLinear);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run);
    }

    [Fact]
    public void Input_rotation_matches_baseline_and_only_a_declaration_emits_it()
    {
        // A float model with a first-layer bias: the input angular momentum reads W1 alone; a float overload follows.
        const string source = """
            using ConservationCodegen;

            namespace Demo.Models
            {
                [ConservationModel(InputSymmetry = InputSymmetry.Rotation)]
                public partial class Isotropic
                {
                    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
                    public float[,] W1 = new float[4, 3];
                    public float[] B1 = new float[4];

                    [Dense(4, 1)]
                    public float[,] W2 = new float[1, 4];
                }
            }
            """;
        var run = GeneratorHarness.Generate(source);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run, only: ".InputRotation.g.cs");
        run.Source(".InputRotation.g.cs").ShouldContain("public const int InputAngularMomentumCount = 3;");

        // Without the declaration (or with None) nothing is emitted, and every other file is the same as with it.
        foreach (var without in new[] { source.Replace("(InputSymmetry = InputSymmetry.Rotation)", ""), source.Replace("InputSymmetry.Rotation", "InputSymmetry.None") })
        {
            var plain = GeneratorHarness.Generate(without);
            plain.Errors.ShouldBeEmpty();
            plain.Result.GeneratedSources.ShouldNotContain(s => s.HintName.EndsWith(".InputRotation.g.cs", System.StringComparison.Ordinal));
            foreach (var file in plain.Result.GeneratedSources)
                run.Source(file.HintName).ShouldBe(file.SourceText.ToString());
        }
    }

    // Storage kinds change only the parameter copies and shape checks, so only that file has a baseline.
    [Fact]
    public void Jagged_model_copies_match_baseline()
    {
        var run = GeneratorHarness.Generate(Sources.JaggedReluWithBias);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run, only: ".Conservation.g.cs");
    }

    [Fact]
    public void MathNet_model_copies_match_baseline()
    {
        var run = GeneratorHarness.Generate(Sources.MathNetReluWithBias, withMathNet: true);
        run.Errors.ShouldBeEmpty();
        GeneratorHarness.MatchBaselines(run, only: ".Conservation.g.cs");
    }

    [Fact]
    public void Generated_code_names_MathNet_only_when_the_model_stores_parameters_in_it()
    {
        // Without a MathNet reference, a jagged or rectangular model compiles: nothing generated needs MathNet.
        foreach (var source in new[] { Sources.ReluWithBias, Sources.JaggedReluWithBias })
        {
            var run = GeneratorHarness.Generate(source);
            run.Errors.ShouldBeEmpty();
            run.Result.GeneratedSources.ShouldAllBe(s => !s.SourceText.ToString().Contains("MathNet"));
        }

        // With MathNet, every mention is fully qualified, so the user's usings and aliases cannot change its meaning.
        var mathNet = GeneratorHarness.Generate(Sources.MathNetReluWithBias, withMathNet: true).Source("Conservation.g.cs");
        var mentions = System.Text.RegularExpressions.Regex.Matches(mathNet, @"(\S*)MathNet\.Numerics");
        mentions.Count.ShouldBeGreaterThan(0);
        mentions.ShouldAllBe(m => m.Groups[1].Value.EndsWith("global::"));
    }

    [Fact]
    public void Files_are_split_per_concern_with_stable_hint_names()
    {
        var run = GeneratorHarness.Generate(Sources.ReluWithBias);
        run.Result.GeneratedSources.Select(s => s.HintName).ShouldBe(new[]
        {
            "Demo.Models.TwoLayerRelu.Conservation.g.cs", "Demo.Models.TwoLayerRelu.Laws.g.cs", "Demo.Models.TwoLayerRelu.Phi.g.cs",
            "Demo.Models.TwoLayerRelu.Network.g.cs", "Demo.Models.TwoLayerRelu.MomentumCharges.g.cs",
        });
        foreach (var s in run.Result.GeneratedSources)
        {
            var text = s.SourceText.ToString();
            text.ShouldStartWith("// <auto-generated/>\n#nullable enable\n");
            text.ShouldNotContain("DebuggerNonUserCode");
        }
    }

    [Fact]
    public void Law_method_body_is_the_closed_form_balance()
    {
        var run = GeneratorHarness.Generate(Sources.ReluWithBias);
        var tree = run.Result.GeneratedSources.Single(s => s.HintName.EndsWith("Laws.g.cs")).SyntaxTree;
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "ComputeLaws0");
        var body = method.Body!.ToString();
        // Hidden neuron 0: W1[0,0..2] (θ0..2), B1[0] (θ12), W2[0,0] (θ16) and W2[1,0] (θ20).
        body.ShouldContain("d[0] = t[0] * t[0] + t[1] * t[1] + t[2] * t[2] + t[12] * t[12] - t[16] * t[16] - t[20] * t[20];");
    }

    [Fact]
    public void Large_models_use_the_loop_kernel_and_no_sparse_pattern()
    {
        var run = GeneratorHarness.Generate(Sources.Linear(16, 16, 16));
        run.Errors.ShouldBeEmpty();
        var phi = run.Source("Phi.g.cs");
        phi.ShouldContain("global::ConservationCodegen.Internal.LayeredFactorization");
        phi.ShouldNotContain("JacobianColumnIndices");
        run.Source("Conservation.g.cs").ShouldContain("public const int PolynomialLawCount = 136;");
    }
}
