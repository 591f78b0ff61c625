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
}
