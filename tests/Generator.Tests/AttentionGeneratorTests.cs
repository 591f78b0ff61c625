using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// [SelfAttention] through the generator: what it generates and what it says (CCG0106 no forward pass, CCG0108 the dead
/// key bias, CCG0101 the heads' rotations), and every mistake in its members reported once as CCG0104 with the reason.
/// </summary>
public sealed class AttentionGeneratorTests
{
    private const string Tiny = """
        using ConservationCodegen;
        [ConservationModel]
        public partial class Tiny
        {
            [SelfAttention(3, 2, 2, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO), QueryBias = nameof(BQ), KeyBias = nameof(BK))]
            public double[,] WQ = new double[4, 3];
            public double[] BQ = new double[4];
            public double[,] WK = new double[4, 3];
            public double[] BK = new double[4];
            public double[,] WV = new double[4, 3];
            public double[,] WO = new double[3, 4];
        }
        """;

    private static string Message(Diagnostic d) => d.GetMessage(CultureInfo.InvariantCulture);

    [Fact]
    public void An_attention_model_gets_its_laws_and_is_told_what_it_lacks_and_what_never_trains()
    {
        var run = GeneratorHarness.Generate(Tiny);
        run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        var noForward = run.Diagnostics.Single(d => d.Id == "CCG0106");
        noForward.Severity.ShouldBe(DiagnosticSeverity.Info);
        Message(noForward).ShouldContain("has a self-attention block but declares no input shape");
        var dead = run.Diagnostics.Single(d => d.Id == "CCG0108");
        dead.Severity.ShouldBe(DiagnosticSeverity.Info);
        Message(dead).ShouldStartWith("'BK' in 'Tiny' never trains");
        Message(run.Diagnostics.Single(d => d.Id == "CCG0101")).ShouldContain("so(2) on the units of each query–key and value–output pair of the heads of 'WQ' (dimension 4 in all)");
        run.Diagnostics.ShouldNotContain(d => d.Id == "CCG0100" || d.Id == "CCG0104");
        string all = string.Concat(run.Result.GeneratedSources.Select(s => s.SourceText.ToString()));
        all.ShouldNotContain("public static void Forward(");
        all.ShouldNotContain("ComputePhi(");
        all.ShouldContain("public const string CountCertificate = \"theorem:attention-heads\";");
        all.ShouldContain("public const int BKOffset = 28;");
    }

    [Fact]
    public void With_its_tokens_declared_an_attention_model_gets_its_forward_pass()
    {
        var run = GeneratorHarness.Generate(Tiny.Replace("[ConservationModel]", "[ConservationModel(InputShape = new[] { 6, 3 })]"));
        run.Diagnostics.ShouldNotContain(d => d.Id == "CCG0106");
        string all = string.Concat(run.Result.GeneratedSources.Select(s => s.SourceText.ToString()));
        all.ShouldContain("public static void Forward(");
        all.ShouldContain("}, tokens: 6);");
        all.ShouldContain("public const int InputWidth = 18;");
        run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
    }

    [Fact]
    public void Without_a_key_bias_nothing_is_dead()
    {
        var run = GeneratorHarness.Generate(Tiny.Replace(", KeyBias = nameof(BK)", "").Replace("public double[] BK = new double[4];", ""));
        run.Diagnostics.ShouldNotContain(d => d.Id == "CCG0108");
    }

    [Theory]
    [InlineData("Key = nameof(WK), ", "", "CCG0004", "The attention block 'WQ' needs Key = nameof(…), the member holding its key weights W_K [4, 3]")]
    [InlineData("Key = nameof(WK)", "Key = \"Missing\"", "CCG0004", "The key weights W_K member 'Missing' of the attention block 'WQ' does not exist; add it: public double[,] Missing = new double[4, 3];")]
    [InlineData("KeyBias = nameof(BK)", "KeyBias = nameof(WV)", "CCG0003", "'WV', the key bias b_K member of the attention block 'WQ', is also another member of 'WQ'")]
    [InlineData("KeyBias = nameof(BK)", "KeyBias = nameof(Extra)", "CCG0004", "The key bias b_K member 'Extra' of the attention block 'WQ' has type 'double[*,*]'; it must be")]
    [InlineData("QueryBias = nameof(BQ)", "QueryBias = nameof(BK)", "CCG0003", "'BK', the key bias b_K member of the attention block 'WQ', is also another member of 'WQ'")]
    public void A_mistake_in_the_attention_members_is_the_analyzers_and_reported_once(string find, string replace, string id, string expected)
    {
        var (run, analyzers) = GeneratorDiagnosticTests.GenerateAndAnalyze(Tiny.Replace(find, replace).Replace("public double[,] WO = new double[3, 4];", "public double[,] WO = new double[3, 4];\n    public double[,] Extra = new double[2, 2];"));
        GeneratorDiagnosticTests.AssertReportedOnce(run, analyzers, id);
        analyzers.Single(d => d.Id == id).GetMessage(CultureInfo.InvariantCulture).ShouldContain(expected);
    }

    [Theory]
    [InlineData("[SelfAttention(3, 2, 2,", "[SelfAttention(3, 0, 2,", "has 0 heads of width 2; both must be positive")]
    [InlineData("QueryBias = nameof(BQ), ", "Bias = nameof(BQ), ", "takes QueryBias, KeyBias and ValueBias, not Bias")]
    public void A_mistake_in_the_attention_members_is_reported_once_with_its_reason(string find, string replace, string expected)
    {
        var run = GeneratorHarness.Generate(Tiny.Replace(find, replace));
        var d = run.Diagnostics.Single(x => x.Id == "CCG0104");
        d.Severity.ShouldBe(DiagnosticSeverity.Error);
        Message(d).ShouldContain(expected);
        run.Result.GeneratedSources.ShouldBeEmpty();
    }

    [Fact]
    public void Attention_where_laws_may_cross_it_is_not_generated_and_says_why()
    {
        const string source = """
            using ConservationCodegen;
            [ConservationModel]
            public partial class Crossing
            {
                [Dense(3, 4, Activation = Activation.ReLU)] public double[,] W1 = new double[4, 3];
                [SelfAttention(4, 1, 2, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO))]
                public double[,] WQ = new double[2, 4];
                public double[,] WK = new double[2, 4];
                public double[,] WV = new double[2, 4];
                public double[,] WO = new double[4, 2];
            }
            """;
        var run = GeneratorHarness.Generate(source);
        Message(run.Diagnostics.Single(x => x.Id == "CCG0104")).ShouldContain("laws may then pair W_Q, W_K and W_V with layer 1");
    }
}
