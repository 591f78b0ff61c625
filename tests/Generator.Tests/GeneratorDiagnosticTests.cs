using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>Findings that need the mathematics (CCG0100–CCG0104), reported at the attribute, and the configuration warning CCG0105.</summary>
public sealed class GeneratorDiagnosticTests
{
    [Fact]
    public void Scalar_deep_linear_reports_uncovered_laws_with_counts()
    {
        var run = GeneratorHarness.Generate(Sources.ScalarDeepLinear);
        var d = run.Diagnostics.Single(x => x.Id == "CCG0100");
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        // D = 8, φ is one number: 7 independent laws; the degree-2 Gram laws give 6.
        message.ShouldContain("exactly 7 independent conservation laws exist (the Lie bracket iteration ran until its rank was stable");
        message.ShouldContain("but only 6 independent polynomial laws of degree at most 2");
        message.ShouldContain("Raising MaxDegree to 4 finds no further law");
        AssertAtAttribute(run, d);
        run.Result.GeneratedSources.Length.ShouldBe(4); // still generated
    }

    [Fact]
    public void Budget_stopped_count_is_reported_as_at_most_and_not_emitted()
    {
        // 1,5,5,1 linear with biases needs 6 bracket rounds (≈ 47·10⁶ work units); 2 ms of budget stops it after about 4.
        const string source = """
            using ConservationCodegen;

            [ConservationModel]
            public partial class Chain
            {
                [Dense(1, 5, Bias = nameof(B1))] public double[,] W1 = new double[5, 1];
                public double[] B1 = new double[5];
                [Dense(5, 5, Bias = nameof(B2))] public double[,] W2 = new double[5, 5];
                public double[] B2 = new double[5];
                [Dense(5, 1, Bias = nameof(B3))] public double[,] W3 = new double[1, 5];
                public double[] B3 = new double[1];
            }
            """;
        var starved = GeneratorHarness.Generate(source, new Dictionary<string, string> { ["ConservationCodegenAnalysisBudgetMs"] = "2" });
        var d = starved.Diagnostics.Single(x => x.Id == "CCG0100");
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        message.ShouldContain("'Chain': at most ");
        message.ShouldContain("so this is an upper bound");
        message.ShouldNotContain("exactly");
        starved.Source("Conservation.g.cs").ShouldContain("public const int IndependentLawCount = -1;"); // an upper bound is not the count

        var full = GeneratorHarness.Generate(source);
        full.Diagnostics.ShouldNotContain(x => x.Id == "CCG0100"); // with the default budget: exactly 30, complete
        full.Source("Conservation.g.cs").ShouldContain("public const int IndependentLawCount = 30;");
        full.Source("Conservation.g.cs").ShouldContain("LawsAreComplete => true;");
    }

    [Fact]
    public void Two_layer_linear_reports_so_r_rotations()
    {
        var run = GeneratorHarness.Generate(Sources.Linear(3, 4, 2));
        var d = run.Diagnostics.Single(x => x.Id == "CCG0101");
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        message.ShouldContain("dimension 6 on the 4 outputs of 'W1' (so(4) between 'W1' and 'W2')");
        message.ShouldContain("angular-momentum");
        AssertAtAttribute(run, d);
        run.Diagnostics.ShouldNotContain(x => x.Id == "CCG0100");
    }

    [Fact]
    public void Pure_relu_has_no_rotation_symmetry_and_no_gap()
    {
        var run = GeneratorHarness.Generate(Sources.PureRelu);
        run.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Over_budget_model_reports_too_large_and_still_emits()
    {
        var run = GeneratorHarness.Generate(Sources.DeepLinear(40, 40, 40, 40), new Dictionary<string, string> { ["ConservationCodegenAnalysisBudgetMs"] = "1" });
        var d = run.Diagnostics.Single(x => x.Id == "CCG0102");
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        message.ShouldContain("'DeepLinear' (4800 parameters)");
        message.ShouldContain("compile budget of 1 ms");
        message.ShouldContain("no theorem covers it, and its exact count on 4800 parameters needs about");
        message.ShouldContain("ConservationCodegenAnalysisBudgetMs");
        run.Source("Conservation.g.cs").ShouldContain("public const int IndependentLawCount = -1;");
        run.Source("Conservation.g.cs").ShouldContain("public const int PolynomialLawCount = 1640;"); // every Gram law still emitted
        run.Diagnostics.ShouldContain(x => x.Id == "CCG0101"); // the rotations are known from the structure all the same
        run.Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("1.5")]
    public void Invalid_budget_property_is_a_warning_and_the_default_is_used(string value)
    {
        var run = GeneratorHarness.Generate(Sources.PureRelu, new Dictionary<string, string> { ["ConservationCodegenAnalysisBudgetMs"] = value });
        var d = run.Diagnostics.Single(x => x.Id == "CCG0105");
        d.Severity.ShouldBe(DiagnosticSeverity.Warning);
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        message.ShouldContain("ConservationCodegenAnalysisBudgetMs");
        message.ShouldContain($"'{value}'");
        message.ShouldContain("5000 ms");
        run.Source("Conservation.g.cs").ShouldContain("public const int IndependentLawCount = 4;");
        run.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Valid_budget_property_gives_no_configuration_warning()
    {
        var run = GeneratorHarness.Generate(Sources.PureRelu, new Dictionary<string, string> { ["ConservationCodegenAnalysisBudgetMs"] = " 20000 " });
        run.Diagnostics.ShouldNotContain(x => x.Id == "CCG0105");
    }

    [Theory]
    [InlineData("public class M { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }", "must be declared partial")]
    [InlineData("public partial class M { [Dense(3, 4)] public double[,] W1; [Dense(5, 2)] public double[,] W2; }", "layer 2 has 5 inputs")]
    [InlineData("public partial class M { [Dense(3, 4, Bias = \"B9\")] public double[,] W1; }", "'B9' of layer 'W1' does not exist")]
    [InlineData("public partial class M { [Dense(3, 4)] public int[,] W1; }", "unsupported type")]
    [InlineData("public partial class M { }", "has no [Dense] layers")]
    public void Bad_models_get_a_diagnostic_and_no_code(string body, string expected)
    {
        var run = GeneratorHarness.Generate("using ConservationCodegen;\n[ConservationModel]\n" + body);
        run.Result.GeneratedSources.ShouldBeEmpty();
        var d = run.Diagnostics.Single(x => x.Id == "CCG0104");
        d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).ShouldContain(expected, Case.Insensitive);
        AssertAtAttribute(run, d);
    }

    // At the attribute, in source: the precondition for #pragma and .editorconfig suppression.
    private static void AssertAtAttribute(GeneratorHarness.Run run, Microsoft.CodeAnalysis.Diagnostic d)
    {
        d.Location.IsInSource.ShouldBeTrue();
        var text = d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
        text.ShouldStartWith("ConservationModel");
        d.Descriptor.HelpLinkUri.ShouldEndWith(d.Id + ".md");
    }
}
