using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.NormalizedBlocks;
using ConservationCodegen.Internal;
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

    [Fact]
    public void A_normalised_convolution_is_generated_with_its_normalisation_on_the_block()
    {
        var run = GeneratorHarness.Generate("""
            using ConservationCodegen;
            [ConservationModel(InputShape = new[] { 2, 6, 6 })]
            public partial class Cnn
            {
                [Conv2d(2, 4, 3, 3, Padding = 1, Normalization = Normalization.BatchNorm, Activation = Activation.ReLU)]
                public double[,,,] K1 = new double[4, 2, 3, 3];
                [Conv2d(4, 3, 3, 3, Stride = 3, Bias = nameof(B2), Normalization = Normalization.LayerNorm, NormEpsilon = 1e-5, Activation = Activation.Gelu)]
                public double[,,,] K2 = new double[3, 4, 3, 3];
                public double[] B2 = new double[3];
                [Dense(12, 2)]
                public double[,] W3 = new double[2, 12];
            }
            """);
        run.Diagnostics.Select(d => d.Id).ShouldBe(new[] { "CCG0109" }); // K2's ε > 0 removes its scale law
        run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        string all = string.Concat(run.Result.GeneratedSources.Select(s => s.SourceText.ToString()));
        all.ShouldContain("NetworkBlock.Conv2d(0, 2, 4, 6, 6, 3, 3, stride: 1, padding: 1, bias: -1).WithNormalization(global::ConservationCodegen.Normalization.BatchNorm, layer: \"K1\").WithActivation(global::ConservationCodegen.Activation.ReLU),");
        all.ShouldContain("NetworkBlock.Conv2d(72, 4, 3, 6, 6, 3, 3, stride: 3, padding: 0, bias: 180).WithNormalization(global::ConservationCodegen.Normalization.LayerNorm, epsilon: 1E-05d).WithActivation(global::ConservationCodegen.Activation.Gelu),");
    }

    // Above the unrolling cap LayerNorm's column sums are named at run time; a convolution's columns are (input channel,
    // tap), which the runtime's texts must spell exactly as the engine's formulas do.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_time_texts_of_a_layer_normalised_convolution_equal_the_engine_formulas(int dimensions)
    {
        var conv = dimensions == 1 ? new ConvolutionSpec(1, 3, 4, 1, 3) : new ConvolutionSpec(2, 2, 4, 2, 3);
        var model = new ModelDescription(new BlockSpec[]
        {
            conv with { HasBias = true, Normalization = NormalizationKind.LayerNorm, Activation = ActivationKind.Tanh },
            new ConvolutionSpec(1, 4, 2, 1, 1),
        });
        var laws = ConservationAnalysis.Analyze(model).Laws;
        var family = laws.Select(l => l.Family).OfType<NormalizationShiftFamily>().Distinct().Single();
        int first = laws.ToList().FindIndex(l => l.Family == family);
        var kernel = family.Kernel.ShouldNotBeNull();
        kernel.ShouldBe(dimensions == 1 ? (1, 3) : (2, 3));
        family.Count.ShouldBe(conv.InChannels * kernel.Height * kernel.Width + 1);

        var (name, formula, biasName, biasFormula) = family.TextFormats();
        var names = new string[laws.Count];
        var formulas = new string[laws.Count];
        TranslationLaws.KernelTexts(names, first, conv.InChannels, kernel.Height, kernel.Width, name, biasName);
        TranslationLaws.KernelTexts(formulas, first, conv.InChannels, kernel.Height, kernel.Width, formula, biasFormula);
        for (int i = first; i < first + family.Count; i++)
        {
            names[i].ShouldBe(laws[i].Name);
            formulas[i].ShouldBe(laws[i].Formula);
        }

        // Column j = (i·kh + y)·kw + x, spelled from the definition: the last weight column and the bias sum.
        formulas[first + family.Count - 2].ShouldBe(dimensions == 1 ? "sum(W1[:,2,2])" : "sum(W1[:,1,1,2])");
        formulas[first + family.Count - 1].ShouldBe("sum(b1)");
    }
}
