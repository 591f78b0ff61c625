using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// Normalised [Dense] layers through the generator: the affine becomes a diagonal layer named by its members, the
/// network block carries the normalisation and its ε, the bias before BatchNorm is reported as never training
/// (CCG0108), and members the affine names twice are the analyzers' to report (no second diagnostic here).
/// </summary>
public sealed class NormalizationGeneratorTests
{
    private const string Mlp = """
        using ConservationCodegen;
        [ConservationModel]
        public partial class Mlp
        {
            [Dense(3, 4, Bias = nameof(B1), Normalization = Normalization.BatchNorm, NormScale = nameof(G1), NormShift = nameof(S1), Activation = Activation.ReLU)]
            public double[,] W1 = new double[4, 3];
            public double[] B1 = new double[4];
            public double[] G1 = new double[4];
            public double[] S1 = new double[4];
            [Dense(4, 3, Normalization = Normalization.LayerNorm, NormEpsilon = 1e-5, Activation = Activation.Tanh)]
            public double[,] W2 = new double[3, 4];
            [Dense(3, 3, ResidualFrom = nameof(W3), Activation = Activation.ReLU)]
            public double[,] W3 = new double[3, 3];
            [Dense(3, 2)]
            public double[,] W4 = new double[2, 3];
        }
        """;

    private static string Message(Diagnostic d) => d.GetMessage(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("BatchNorm", "Norm1[0], …, Norm1[3]")]
    [InlineData("LayerNorm", "Norm1")]
    [InlineData("RmsNorm", "Norm1")]
    public void NormEpsilon_above_zero_warns_that_the_scale_laws_are_gone(string normalization, string laws)
    {
        // ε > 0 breaks W ↦ cW: the generator says which laws the layer loses (the layer's affine counts as layer 2, so
        // the next layer's scale laws would be Norm3), lists none of them, and says nothing at ε = 0.
        string Model(string epsilon) => $$"""
            using System.Linq;
            using ConservationCodegen;
            [ConservationModel]
            public partial class E
            {
                [Dense(3, 4, Normalization = Normalization.{{normalization}}, NormScale = nameof(G1){{epsilon}}, Activation = Activation.ReLU)]
                public double[,] W1 = new double[4, 3];
                public double[] G1 = Enumerable.Repeat(1.0, 4).ToArray();
                [Dense(4, 2)]
                public double[,] W3 = new double[2, 4];
            }
            """;
        var run = GeneratorHarness.Generate(Model(", NormEpsilon = 1e-5"));
        var d = run.Diagnostics.Single(x => x.Id == "CCG0109");
        d.Severity.ShouldBe(DiagnosticSeverity.Warning);
        Message(d).ShouldStartWith($"'E': NormEpsilon = 1E-05 on 'W1' breaks the scale symmetry of its {normalization}, so the scale laws it would have ({laws}) do not hold");
        string all = string.Concat(run.Result.GeneratedSources.Select(s => s.SourceText.ToString()));
        all.ShouldNotContain($"\"{laws.Split(',')[0]}\""); // not listed with ε > 0 ...
        var exact = GeneratorHarness.Generate(Model(""));
        exact.Diagnostics.ShouldNotContain(x => x.Id == "CCG0109");
        string.Concat(exact.Result.GeneratedSources.Select(s => s.SourceText.ToString())).ShouldContain($"\"{laws.Split(',')[0]}\""); // ... and listed with ε = 0
    }

    [Fact]
    public void A_normalised_model_is_generated_with_its_affine_and_told_which_bias_never_trains()
    {
        var run = GeneratorHarness.Generate(Mlp);
        run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        Message(run.Diagnostics.Single(d => d.Id == "CCG0108")).ShouldStartWith("'B1' in 'Mlp' never trains: BatchNorm subtracts each unit's batch mean");
        run.Diagnostics.ShouldNotContain(d => d.Id == "CCG0104");
        string all = string.Concat(run.Result.GeneratedSources.Select(s => s.SourceText.ToString()));
        all.ShouldContain("NetworkBlock.Dense(0, 3, 4, bias: 12).WithNormalization(global::ConservationCodegen.Normalization.BatchNorm, layer: \"W1\"),");
        all.ShouldContain("NetworkBlock.Diagonal(16, 4, bias: 20).WithActivation(global::ConservationCodegen.Activation.ReLU),");
        all.ShouldContain(".WithNormalization(global::ConservationCodegen.Normalization.LayerNorm, epsilon: 1E-05d).WithActivation(global::ConservationCodegen.Activation.Tanh),");
        all.ShouldContain("public const int G1Offset = 16;");
        all.ShouldContain("public const int S1Offset = 20;");
        all.ShouldContain("public global::ConservationCodegen.ConservedVector Norm1 =>");
    }

    [Fact]
    public void A_residual_connection_reads_the_declared_layer_even_after_an_affine()
    {
        // W3 is declared third but is the engine's fourth block (the affine of W1 comes before it); its skip reads its own input.
        var run = GeneratorHarness.Generate(Mlp);
        string all = string.Concat(run.Result.GeneratedSources.Select(s => s.SourceText.ToString()));
        all.ShouldContain(".WithActivation(global::ConservationCodegen.Activation.ReLU).WithResidualFrom(3),");
    }

    [Fact]
    public void A_normalised_layer_with_a_residual_connection_is_refused_with_the_reason()
    {
        var run = GeneratorHarness.Generate("""
            using ConservationCodegen;
            [ConservationModel]
            public partial class Skip
            {
                [Dense(3, 3, Activation = Activation.ReLU)]
                public double[,] W1 = new double[3, 3];
                [Dense(3, 3, Normalization = Normalization.LayerNorm, ResidualFrom = nameof(W2), Activation = Activation.ReLU)]
                public double[,] W2 = new double[3, 3];
                [Dense(3, 2)]
                public double[,] W3 = new double[2, 3];
            }
            """);
        run.Result.GeneratedSources.ShouldBeEmpty();
        Message(run.Diagnostics.Single(d => d.Id == "CCG0104")).ShouldContain("a normalised block does not take a residual connection");
    }

    [Fact]
    public void Engine_messages_name_the_members_the_layers_are_numbered_by()
    {
        // The affine of W1 is layer 2 of the engine's model, so the unit is layer 3: the message says which member each number is.
        var run = GeneratorHarness.Generate("""
            using ConservationCodegen;
            [ConservationModel]
            public partial class Numbered
            {
                [Dense(3, 4, Normalization = Normalization.BatchNorm, NormScale = nameof(G1), NormShift = nameof(S1), Activation = Activation.ReLU)]
                public double[,] W1 = new double[4, 3];
                public double[] G1 = new double[4];
                public double[] S1 = new double[4];
                [GatedLinearUnit(4, 5, Up = nameof(U))]
                public double[,] G = new double[5, 4];
                public double[,] U = new double[5, 4];
                [Dense(5, 2)]
                public double[,] W3 = new double[2, 5];
            }
            """);
        run.Result.GeneratedSources.ShouldBeEmpty();
        Message(run.Diagnostics.Single(d => d.Id == "CCG0104")).ShouldContain(
            "Layer 3 ('G', glu) is not analysed by this version of the engine: its input is not a cut: layer 2 ('G1', the affine of 'W1') before it ends in a relu activation");
    }
}
