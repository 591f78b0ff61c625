using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
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
        message.ShouldContain("at most 7 independent conservation laws exist, and with high probability exactly 7 (the Lie bracket iteration ran until its rank was stable");
        message.ShouldContain("but only 6 independent polynomial laws of degree at most 2");
        message.ShouldContain("Raising MaxDegree to 4 finds no further law");
        AssertAtAttribute(run, d);
        run.Result.GeneratedSources.Length.ShouldBe(5); // still generated
    }

    [Fact]
    public void A_gap_left_where_no_exhaustive_search_ran_is_not_called_non_polynomial()
    {
        // A layer whose skip adds its own input: the residual region's structural laws miss two laws that a user found
        // to be polynomial of degree 2. No exhaustive search runs on residual regions, so nothing may say they are not.
        const string source = """
            using ConservationCodegen;
            [ConservationModel]
            public partial class SelfSkip
            {
                [Dense(2, 2, Activation = Activation.ReLU)] public double[,] W1 = new double[2, 2];
                [Dense(2, 2, Activation = Activation.ReLU, ResidualFrom = nameof(W2))] public double[,] W2 = new double[2, 2];
                [Dense(2, 1)] public double[,] W3 = new double[1, 2];
            }
            """;
        var run = GeneratorHarness.Generate(source);
        var gaps = run.Diagnostics.Where(x => x.Id == "CCG0100").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        gaps.ShouldNotBeEmpty();
        gaps.ShouldAllBe(m => m.Contains("not exhaustive") && !m.Contains("not polynomial of degree at most 4"));
    }

    [Fact]
    public void A_convolutional_model_without_an_input_shape_is_told_why_it_has_no_forward_pass()
    {
        const string source = """
            using ConservationCodegen;
            [ConservationModel]
            public partial class Unshaped
            {
                [Conv1d(2, 4, 3, Activation = Activation.ReLU)] public double[,,] K1 = new double[4, 2, 3];
                [Conv1d(4, 4, 3)] public double[,,] K2 = new double[4, 4, 3];
            }
            """;
        var run = GeneratorHarness.Generate(source);
        var d = run.Diagnostics.Single(x => x.Id == "CCG0106");
        d.Severity.ShouldBe(DiagnosticSeverity.Info);
        d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).ShouldContain("declares no input shape");
        AssertAtAttribute(run, d);
        run.Result.GeneratedSources.ShouldNotContain(s => s.SourceText.ToString().Contains("public static void Forward("));
        run.Result.GeneratedSources.ShouldContain(s => s.SourceText.ToString().Contains("ComputeConservedQuantities("));

        var shaped = GeneratorHarness.Generate(source.Replace("[ConservationModel]", "[ConservationModel(InputShape = new[] { 2, 9 })]"));
        shaped.Diagnostics.ShouldNotContain(x => x.Id == "CCG0106");
        shaped.Result.GeneratedSources.ShouldContain(s => s.SourceText.ToString().Contains("public static void Forward("));
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
        d.Severity.ShouldBe(DiagnosticSeverity.Info); // information on every correct linear model, not a warning
        d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe("'Linear' has rotation symmetries that give no conserved quantity under gradient descent: so(4) between 'W1' and 'W2' (dimension 6)");
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

    // Each invalid model once with its problem: the analyzers (shipped in the same package) report it as an error, and the
    // generator neither repeats it nor generates anything.
    // A wrong initializer length (CCG0005, or a bias's CCG0004) still gets code: its shape check throws at run time.
    public static TheoryData<string, string> AnalyzerErrors => new()
    {
        { "public class M { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }", "CCG0001" },
        { "public partial class M { [Dense(3, 4)] public double[,] W1; [Dense(5, 2)] public double[,] W2; }", "CCG0002" },
        { "public partial class M { [Dense(-3, 2)] public double[,] W1; }", "CCG0002" },
        // Only a normalised convolution's affine is a diagonal layer after a convolution.
        { "public partial class M { [Conv1d(1, 2, 2)] public double[,,] K1; [Diagonal(2)] public double[] D2; [Dense(2, 1)] public double[,] W3; }", "CCG0002" },
        { "public partial class M { [Dense(3, 4)] public int[,] W1; }", "CCG0003" },
        { "public partial class M { }", "CCG0003" },
        { "public partial class M { [Dense(2, 2, Bias = nameof(B))] public double[,] W1; [Dense(2, 2, Bias = nameof(B))] public double[,] W2; public double[] B; }", "CCG0003" },
        { "public partial class M { [Dense(3, 4, Bias = \"B9\")] public double[,] W1; }", "CCG0004" },
        { "public partial class M { [Dense(3, 4, Bias = \"b1\")] public double[,] W1; public double[] B1; }", "CCG0004" },
        { "public partial class M { [Dense(3, 4, Bias = nameof(B1))] public double[,] W1; public int[] B1; }", "CCG0004" },
        { "public partial class M { [Dense(3, 4)] public double[,] W1 = new double[3, 4]; }", "CCG0005" },
        { "public partial class M { [Dense(3, 4)] public double[] W1 = new double[11]; }", "CCG0005" },
        { "public partial class M { [Dense(3, 4, Bias = nameof(B1))] public double[,] W1; public double[] B1 = new double[3]; }", "CCG0004" },
    };

    // The same for jagged and MathNet storage (compiled with a MathNet.Numerics reference).
    public static TheoryData<string, string> StorageAnalyzerErrors => new()
    {
        { "public partial class M { [Dense(3, 4)] public Vector<double> W1; }", "CCG0003" },
        { "public partial class M { [Dense(3, 4)] public double[][][] W1; }", "CCG0003" },
        { "public partial class M { [Dense(3, 4, Bias = nameof(B1))] public Matrix<double> W1; public Matrix<double> B1; }", "CCG0004" },
        { "public partial class M { [Dense(3, 4, Bias = nameof(B1))] public double[][] W1; public double[][] B1; }", "CCG0004" },
        { "public partial class M { [Dense(3, 4, Bias = \"B9\")] public Matrix<float> W1; }", "CCG0004" },
        { "public partial class M { [Dense(3, 4, Bias = \"b1\")] public Matrix<float> W1; public Vector<float> B1; }", "CCG0004" },
        { "public partial class M { [Dense(3, 4, Bias = nameof(B1))] public Matrix<double> W1; public Vector<double> B1 = Vector<double>.Build.Dense(3); }", "CCG0004" },
        { "public partial class M { [Dense(3, 4)] public double[][] W1 = new double[3][]; }", "CCG0005" },
        { "public partial class M { [Dense(3, 4)] public float[][] W1 = { new float[3], new float[2], new float[3], new float[3] }; }", "CCG0005" },
        { "public partial class M { [Dense(3, 4)] public Matrix<double> W1 = Matrix<double>.Build.Dense(3, 4); }", "CCG0005" },
    };

    public static TheoryData<string, string> AnalyzerErrorsWithoutCode => new()
    {
        { "[ConservationModel(MaxDegree = 7)] public partial class M { [Dense(3, 4)] public double[,] W1; }", "CCG0007" },
        { "[ConservationModel(MaxDegree = -1)] public partial class M { [Dense(3, 4)] public double[,] W1; }", "CCG0007" },
        { "[ConservationModel(Loss = (Loss)7)] public partial class M { [Dense(3, 4)] public double[,] W1; }", "CCG0007" },
        { "[ConservationModel] public partial class M { [Dense(3, 4, Activation = (Activation)42)] public double[,] W1; [Dense(4, 1)] public double[,] W2; }", "CCG0007" },
        { "[ConservationModel] public partial class M { [Dense(3, 4, Activation = Activation.LeakyReLU, NegativeSlope = 1.0)] public double[,] W1; [Dense(4, 1)] public double[,] W2; }", "CCG0007" },
        { "[ConservationModel(InputSymmetry = (InputSymmetry)9)] public partial class M { [Dense(3, 4)] public double[,] W1; }", "CCG0007" },
        { "[ConservationModel(InputSymmetry = InputSymmetry.Rotation)] public partial class M { [Diagonal(3)] public double[] D1; [Dense(3, 1)] public double[,] W2; }", "CCG0007" },
    };

    [Theory]
    [MemberData(nameof(AnalyzerErrors))]
    public void An_analyzer_error_is_reported_once_and_the_generator_stays_silent(string body, string id)
    {
        var (run, analyzers) = GenerateAndAnalyze("using ConservationCodegen;\n[ConservationModel]\n" + body);
        AssertReportedOnce(run, analyzers, id);
    }

    [Theory]
    [MemberData(nameof(StorageAnalyzerErrors))]
    public void A_storage_error_is_reported_once_and_the_generator_stays_silent(string body, string id)
    {
        var (run, analyzers) = GenerateAndAnalyze("using ConservationCodegen;\nusing MathNet.Numerics.LinearAlgebra;\n[ConservationModel]\n" + body, withMathNet: true);
        AssertReportedOnce(run, analyzers, id);
    }

    [Theory]
    [MemberData(nameof(AnalyzerErrorsWithoutCode))]
    public void An_invalid_option_is_an_error_reported_once_and_no_model_is_generated(string body, string id)
    {
        var (run, analyzers) = GenerateAndAnalyze("using ConservationCodegen;\n" + body);
        AssertReportedOnce(run, analyzers, id);
        run.Result.GeneratedSources.ShouldBeEmpty(); // never a silently wrong model (an undefined activation read as a cut)
    }

    [Theory]
    [InlineData("RunAnalyzers", "false")]
    [InlineData("RunAnalyzersDuringBuild", "false")]
    public void Without_analyzers_the_generator_says_why_a_model_is_missing(string property, string value)
    {
        var run = GeneratorHarness.Generate("using ConservationCodegen;\n[ConservationModel(MaxDegree = 7)]\npublic partial class M { [Dense(3, 4)] public double[,] W1; }",
            new Dictionary<string, string> { [property] = value });
        run.Result.GeneratedSources.ShouldBeEmpty();
        var d = run.Diagnostics.Single();
        d.Id.ShouldBe("CCG0104");
        d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).ShouldContain("analyzers do not run in this build");
        AssertAtAttribute(run, d);
    }

    [Fact]
    public void Run_analyzers_true_wins_over_run_analyzers_during_build_false()
    {
        var run = GeneratorHarness.Generate("using ConservationCodegen;\n[ConservationModel(MaxDegree = 7)]\npublic partial class M { [Dense(3, 4)] public double[,] W1; }",
            new Dictionary<string, string> { ["RunAnalyzers"] = "true", ["RunAnalyzersDuringBuild"] = "false" });
        run.Diagnostics.ShouldBeEmpty();
    }

    // Problems no analyzer reports are CCG0104 errors, one message shape each.
    [Theory]
    [InlineData("[ConservationModel] public partial class G<T> { [Dense(3, 4)] public double[,] W1; }",
        "The conservation model 'G' was not generated: it is generic, and conservation models must not be generic")]
    [InlineData("public class Outer { [ConservationModel] public partial class M { [Dense(3, 4)] public double[,] W1; } }",
        "The conservation model 'M' was not generated: it is nested in 'Outer', which must be partial too")]
    [InlineData("[ConservationModel] public partial class M { [Dense(2000000, 1)] public double[] W1; }",
        "The conservation model 'M' was not generated: layer 'W1' is 1×2000000 ([outputs, inputs]), and widths above 1,000,000 are not supported")]
    [InlineData("[ConservationModel] public partial class M { [Dense(10000, 6000)] public double[] W1; }",
        "The conservation model 'M' was not generated: it has 60000000 parameters, and at most 50000000 are supported")]
    [InlineData("[ConservationModel(Loss = Loss.SoftmaxCrossEntropy)] public partial class M { [Dense(3, 4, Activation = Activation.ReLU)] public double[,] W1; [Dense(4, 1)] public double[,] W2; }",
        "The conservation model 'M' was not generated: Softmax cross-entropy laws need the last block to be a dense layer with at least two outputs and nothing added to its outputs: the last layer, layer 2 ('W2'), has 1 output; softmax needs at least two.")]
    [InlineData("[ConservationModel(Loss = Loss.SoftmaxCrossEntropy)] public partial class M { [Dense(3, 4, Activation = Activation.ReLU)] public double[,] W1; [Diagonal(4)] public double[] U; }",
        "The conservation model 'M' was not generated: Softmax cross-entropy laws need the last block to be a dense layer with at least two outputs and nothing added to its outputs: the last block, layer 2 ('U'), is a diagonal layer, not a dense one; add a dense layer with one output per class after it.")]
    [InlineData("[ConservationModel(InputSymmetry = InputSymmetry.Rotation)] public partial class M { [Dense(50000, 1)] public double[] W1; }",
        "The conservation model 'M' was not generated: its 50000 inputs have 1249975000 input angular-momentum entries (InputSymmetry.Rotation), and at most 1073741824 are supported")]
    [InlineData("[ConservationModel] public partial class M { [Dense(3, 4, Normalization = Normalization.LayerNorm, NormEpsilon = -1e-5, Activation = Activation.ReLU)] public double[,] W1; [Dense(4, 2)] public double[,] W2; }",
        "The conservation model 'M' was not generated: the NormEpsilon of 'W1' is -1E-05; it must be a finite number ≥ 0 (0, the default, keeps the scale laws exact)")]
    [InlineData("[ConservationModel] public partial class M { [GatedLinearUnit(3, 4, Up = nameof(U1), GateActivation = Activation.ReLU)] public double[,] G1; public double[,] U1; [Dense(4, 2)] public double[,] W2; }",
        "The conservation model 'M' was not generated: Layer 1 ('G1', glu) is not analysed by this version of the engine: its gate activation relu is homogeneous, which couples the gate weights with the down projection (laws this version does not derive); use a gate without rescaling symmetry (SiLU, GELU, sigmoid, tanh, softplus).")]
    [InlineData("[ConservationModel] public partial class M { [Dense(2, 3, Activation = Activation.ReLU)] public double[,] W1; [GatedLinearUnit(3, 4, Up = nameof(U2))] public double[,] G2; public double[,] U2; [Dense(4, 2)] public double[,] W3; }",
        "The conservation model 'M' was not generated: Layer 2 ('G2', glu) is not analysed by this version of the engine: its input is not a cut: layer 1 ('W1') before it ends in a relu activation, through which laws could pair the gate weights with earlier layers; gated linear units are analysed first in the model or after an activation without rescaling symmetry.")]
    public void Problems_only_the_generator_sees_are_ccg0104_with_their_own_message(string body, string expected)
    {
        var (run, analyzers) = GenerateAndAnalyze("using ConservationCodegen;\n" + body);
        run.Result.GeneratedSources.ShouldBeEmpty();
        analyzers.ShouldBeEmpty();
        var d = run.Diagnostics.Single();
        d.Id.ShouldBe("CCG0104");
        d.Severity.ShouldBe(DiagnosticSeverity.Error); // nothing was generated: a later use would fail anyway
        d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected);
        AssertAtAttribute(run, d);
    }

    [Theory]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    public void Generator_messages_do_not_depend_on_the_culture(string culture)
    {
        string[] sources =
        {
            "using ConservationCodegen;\n[ConservationModel] public partial class M { [Dense(2000000, 1)] public double[] W1; }",
            Sources.Linear(3, 4, 2),
            Sources.DeepLinear(40, 40, 40, 40),
        };
        var budget = new Dictionary<string, string> { ["ConservationCodegenAnalysisBudgetMs"] = "1" };
        string[] Messages() => sources.SelectMany(s => GeneratorHarness.Generate(s, budget).Diagnostics)
            .Select(d => d.Id + ": " + d.GetMessage()).OrderBy(m => m, System.StringComparer.Ordinal).ToArray();

        var invariant = Messages();
        var (current, ui) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
            (-1).ToString().ShouldNotBe("-1"); // the culture really writes numbers differently
            var local = Messages();
            local.ShouldBe(invariant);
            local.ShouldContain(m => m.StartsWith("CCG0102", System.StringComparison.Ordinal));
        }
        finally
        {
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = (current, ui);
        }
    }

    internal static (GeneratorHarness.Run Run, System.Collections.Immutable.ImmutableArray<Diagnostic> Analyzers) GenerateAndAnalyze(string source, bool withMathNet = false)
    {
        var run = GeneratorHarness.Generate(source, withMathNet: withMathNet);
        var analyzers = run.Input.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(
            new ConservationCodegen.Analyzers.ModelRulesAnalyzer())).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return (run, analyzers);
    }

    // Exactly one diagnostic across analyzers and generator, the expected analyzer error, at the attribute or initializer.
    internal static void AssertReportedOnce(GeneratorHarness.Run run, System.Collections.Immutable.ImmutableArray<Diagnostic> analyzers, string id)
    {
        var all = run.Diagnostics.Concat(analyzers).Where(d => d.Id.StartsWith("CCG", System.StringComparison.Ordinal)).ToList();
        all.Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ShouldHaveSingleItem();
        all[0].Id.ShouldBe(id);
        all[0].Severity.ShouldBe(DiagnosticSeverity.Error);
        run.Diagnostics.ShouldBeEmpty();
        bool wrongLengthOnly = all[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("created");
        if (!wrongLengthOnly) run.Result.GeneratedSources.ShouldBeEmpty();
    }

    // Every descriptor of both assemblies: one page per ID, a row in docs/diagnostics.md with its severity, links that
    // resolve, and descriptors sharing an ID agree on title, category and severity (release tracking needs that).
    [Fact]
    public void Every_id_has_its_page_and_row_and_every_link_resolves()
    {
        var docs = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ThisFile())!, "..", "..", "docs"));
        var descriptors = typeof(ConservationCodegen.Analyzers.DiagnosticDescriptors).GetFields().Concat(typeof(ConservationCodegen.Diagnostics.GeneratorDiagnostics).GetFields())
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor)).Select(f => (DiagnosticDescriptor)f.GetValue(null)!).ToList();
        descriptors.Count.ShouldBeGreaterThan(20);
        var table = System.IO.File.ReadAllText(System.IO.Path.Combine(docs, "diagnostics.md"));
        foreach (var group in descriptors.GroupBy(d => d.Id))
        {
            var d = group.First();
            group.Select(x => (x.Title.ToString(), x.Category, x.DefaultSeverity)).Distinct().ShouldHaveSingleItem(d.Id);
            System.IO.File.Exists(System.IO.Path.Combine(docs, "diagnostics", d.Id + ".md")).ShouldBeTrue(d.Id);
            table.ShouldContain($"| [{d.Id}](diagnostics/{d.Id}.md) | {d.DefaultSeverity} | {d.Title} |");
            group.ShouldAllBe(x => x.HelpLinkUri.EndsWith("/docs/diagnostics/" + d.Id + ".md"));
        }

        var links = System.Text.RegularExpressions.Regex.Matches(table, @"\]\(([^)#]+)\)").Select(m => m.Groups[1].Value).ToList();
        links.Count.ShouldBeGreaterThan(descriptors.Select(d => d.Id).Distinct().Count() - 1);
        foreach (var link in links)
            (System.IO.File.Exists(System.IO.Path.Combine(docs, link)) || System.IO.Directory.Exists(System.IO.Path.Combine(docs, link))).ShouldBeTrue(link);
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    // At the attribute, in source: the precondition for #pragma and .editorconfig suppression.
    private static void AssertAtAttribute(GeneratorHarness.Run run, Microsoft.CodeAnalysis.Diagnostic d)
    {
        d.Location.IsInSource.ShouldBeTrue();
        var text = d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
        text.ShouldStartWith("ConservationModel");
        d.Descriptor.HelpLinkUri.ShouldEndWith(d.Id + ".md");
    }
}
