using System.IO;
using System.Linq;
using System.Text.Json;
using ConservationCodegen.Cli;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

public sealed class CliTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApplication.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void VersionPrintsTheToolVersion()
    {
        var (code, output, _) = Run("--version");
        code.ShouldBe(0);
        output.Trim().ShouldMatch(@"^conservation-laws \d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$");
    }

    [Fact]
    public void JsonHasTheContractFields()
    {
        var (code, output, _) = Run("analyze", "--layers", "3,4,2", "--activation", "relu", "--bias", "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        root.GetProperty("parameters").GetInt32().ShouldBe(26);
        root.GetProperty("phiLength").GetInt64().ShouldBe(34);
        root.GetProperty("lieTraceRank").GetInt32().ShouldBe(22);
        root.GetProperty("independentLawCount").GetInt32().ShouldBe(4);
        root.GetProperty("polynomialLawCount").GetInt32().ShouldBe(4);
        root.GetProperty("complete").GetBoolean().ShouldBeTrue();
        root.GetProperty("certificate").GetString().ShouldBe("theorem:path-incidence");
        var segment = root.GetProperty("segments").EnumerateArray().ShouldHaveSingleItem();
        segment.GetProperty("certificate").GetString().ShouldBe("theorem:path-incidence");
        segment.GetProperty("independentLawCount").GetInt32().ShouldBe(4);
        root.GetProperty("elapsedMilliseconds").GetDouble().ShouldBeGreaterThan(0);
        var laws = root.GetProperty("laws").EnumerateArray().ToList();
        laws.Count.ShouldBe(4);
        laws[0].GetProperty("name").GetString().ShouldBe("Hidden1[0]");
        laws[0].GetProperty("formula").GetString().ShouldBe("|W1[0,:]|^2 + b1[0]^2 - |W2[:,0]|^2");
    }

    [Fact]
    public void TextOutputListsLawsAndCounts()
    {
        var (code, output, _) = Run("analyze", "--layers", "2,3,2");
        code.ShouldBe(0);
        output.ShouldContain("Independent conservation laws: 6");
        output.ShouldContain("Hidden1[0,1] = <W1[0,:], W1[1,:]> - <W2[:,0], W2[:,1]>");
        output.ShouldContain("Complete: yes");
    }

    [Fact]
    public void PerLayerActivations()
    {
        var (code, output, _) = Run("analyze", "--layers", "2,3,3,2", "--activations", "relu,linear", "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("independentLawCount").GetInt32().ShouldBe(3 + 6);
    }

    [Theory]
    [InlineData("--layers 3", "at least two widths")]
    [InlineData("--layers 3,x,2", "'x' is not an integer")]
    [InlineData("--layers 3,0,2", "widths must be positive")]
    [InlineData("--layers 3,4,2 --activation mish", "Unknown activation 'mish'")]
    [InlineData("--layers 3,4,4,2 --activations relu", "lists 1 activation(s) but the model has 2 hidden layer(s)")]
    [InlineData("--layers 3,4,2 --activation relu --activations relu", "either --activation or --activations")]
    [InlineData("--layers 3,4,2 --max-degree 7", "--max-degree must be an integer from 1 to 4")]
    [InlineData("--layers 3,4,2 --budget 0", "--budget must be a whole number of milliseconds")]
    [InlineData("--layers 3,4,2 --budget 1.5", "--budget must be a whole number of milliseconds")]
    [InlineData("--layers 3,4 --layers 5,6", "--layers is given twice")]
    [InlineData("--layers 3,4,2 --budget 10 --no-budget", "either --budget or --no-budget")]
    [InlineData("--activation relu", "--layers is required")]
    [InlineData("--layers 3,4,2 --frobnicate", "Unknown argument '--frobnicate'")]
    public void BadArgumentsGiveAClearMessageAndExitCode2(string args, string message)
    {
        var (code, _, err) = Run(new[] { "analyze" }.Concat(args.Split(' ')).ToArray());
        code.ShouldBe(2);
        err.ShouldContain(message);
    }

    [Fact]
    public void AcceptsNameEqualsValueAndAnalyzeHelp()
    {
        var (code, output, _) = Run("analyze", "--layers=3,4,2", "--activation=relu", "--json");
        code.ShouldBe(0);
        using (var doc = JsonDocument.Parse(output)) doc.RootElement.GetProperty("independentLawCount").GetInt32().ShouldBe(4);
        var help = Run("analyze", "--help");
        help.Code.ShouldBe(0);
        help.Out.ShouldContain("--no-budget");
    }

    [Fact]
    public void TextOutputSummarisesLargeGroupsAndJsonListsEverything()
    {
        var (_, text, _) = Run("analyze", "--layers", "10,12,3");
        text.ShouldContain("Hidden1: Gram entries");
        text.ShouldContain("78 laws");
        text.ShouldContain("... and 70 more (--all-laws or --json lists them all)");
        text.ShouldNotContain("Hidden1[11,11]");
        Run("analyze", "--layers", "10,12,3", "--all-laws").Out.ShouldContain("Hidden1[11,11] = ");
        using var doc = JsonDocument.Parse(Run("analyze", "--layers", "10,12,3", "--json").Out);
        doc.RootElement.GetProperty("laws").GetArrayLength().ShouldBe(78);
    }

    [Fact]
    public void PhiLengthIsExactBeyondTwoToTheSixtyThree()
    {
        var (_, output, _) = Run("analyze", "--layers", "64,256,256,256,256,256,256,256,256,256,256,10", "--activation", "relu", "--json");
        output.ShouldContain("\"phiLength\": 773712524553362671811952640,");
    }

    [Fact]
    public void UnknownCommandAndTheBritishSpelling()
    {
        var (code, _, err) = Run("analyze-it");
        code.ShouldBe(2);
        err.ShouldContain("error: unknown command 'analyze-it'");
        Run("analyse", "--layers", "3,4,2").Code.ShouldBe(0);
    }

    [Fact]
    public void MemoryBoundCountSaysWhatLiftsIt()
    {
        var (code, output, _) = Run("analyze", "--layers", "100,100,100,100", "--budget", "100000000");
        code.ShouldBe(1);
        output.ShouldContain("above the 512 MiB a budgeted run may use for it");
        output.ShouldContain("Complete: not known (the exact count needs more memory than a budgeted run may use; --no-budget computes it).");
    }

    [Fact]
    public void TooLargeExitsWithCode1()
    {
        var (code, output, _) = Run("analyze", "--layers", "64,64,64,10", "--activation", "linear", "--budget", "100", "--json");
        code.ShouldBe(1);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("status").GetString().ShouldBe("TooLarge");
        doc.RootElement.GetProperty("certificate").GetString().ShouldBe("none");
        doc.RootElement.GetProperty("independentLawCount").ValueKind.ShouldBe(JsonValueKind.Null);
        doc.RootElement.GetProperty("polynomialLawCount").GetInt32().ShouldBe(64 * 65 / 2 * 2);
    }
}

/// <summary>The command line as a notebook replacement: formats, summaries, what is missing, cuts, per-layer bias, progress.</summary>
public sealed class CliReportTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliTests.Run(args);

    [Fact]
    public void SixRoundModelIsReportedAsExactlyThirtyAndComplete()
    {
        var (code, output, _) = Run("analyze", "--layers", "1,5,5,1", "--activation", "linear", "--bias", "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("independentLawCount").GetInt32().ShouldBe(30);
        doc.RootElement.GetProperty("countIsExact").GetBoolean().ShouldBeTrue();
        doc.RootElement.GetProperty("complete").GetBoolean().ShouldBeTrue();
        doc.RootElement.GetProperty("missingLaws").GetArrayLength().ShouldBe(0);
        var text = Run("analyze", "--layers", "1,5,5,1", "--bias").Out;
        text.ShouldContain("Independent conservation laws: 30  (certificate: computed");
        // (Not the bare "31": the elapsed milliseconds printed at the end may contain it.)
        text.ShouldNotContain("laws: 31");
        text.ShouldNotContain("at most 31");
    }

    [Fact]
    public void BudgetStoppedCountIsPrintedAsAtMost()
    {
        var model = ModelDescription.FromWidths(new[] { 1, 5, 5, 1 }, ActivationKind.Identity, bias: true);
        var exact = ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = long.MaxValue });
        var starved = ConservationAnalysis.Analyze(model, new AnalysisOptions { WorkBudget = exact.WorkUsed / 20 });
        CliOptions.TryParse(new[] { "--layers", "1,5,5,1", "--bias" }, out var options).ShouldBeNull();
        var text = new StringWriter();
        TextReport.Write(starved, options, text);
        string bound = starved.IndependentLawCount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        text.ToString().ShouldContain("Independent conservation laws: at most " + bound);
        text.ToString().ShouldContain("an upper bound");
        text.ToString().ShouldNotContain("Independent conservation laws: " + bound);
        text.ToString().ShouldNotContain("(0 functionally independent)");
        var json = CliApplication.ToJson(starved, options);
        using var doc = JsonDocument.Parse(json);
        doc.RootElement.GetProperty("countIsExact").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void PerLayerSummaryComesBeforeTheLaws()
    {
        var (code, output, _) = Run("analyze", "--layers", "2,8,4,1", "--activations", "linear,relu");
        code.ShouldBe(0);
        int summary = output.IndexOf("Per layer: Hidden1: 36 Gram entries (linear), Hidden2: 4 balances (relu)", System.StringComparison.Ordinal);
        summary.ShouldBeGreaterThan(0);
        summary.ShouldBeLessThan(output.IndexOf("Hidden1[0,0] =", System.StringComparison.Ordinal));
    }

    [Fact]
    public void MissingLawsSayWhatWasEstablished()
    {
        // The scalar chain 1,2,2,1: 7 laws, 6 Gram entries; the exhaustive degree-4 search shows the 7th is not polynomial.
        var output = Run("analyze", "--layers", "1,2,2,1", "--max-degree", "4").Out;
        output.ShouldContain("Missing: Segment 1 (layers 1–3): 1 independent law beyond the 6 found; it is not polynomial of degree ≤ 4");
        // A large segment is searched only partly: nothing is claimed about its missing laws' degree.
        var partial = ReportFacts.MissingLaws(ConservationAnalysis.Analyze(ModelDescription.FromWidths(new[] { 1, 7, 7, 1 }, ActivationKind.Identity, false)), 2);
        partial.ShouldAllBe(line => !line.Contains("is not polynomial") && !line.Contains("are not polynomial"));
    }

    [Fact]
    public void CutsByNonHomogeneousActivationsAreShown()
    {
        var output = Run("analyze", "--layers", "3,4,4,2", "--activations", "relu,tanh").Out;
        output.ShouldContain("Cut: tanh after layer 2: no law crosses it");
        output.ShouldNotContain("relu after layer 1: no law");
    }

    [Fact]
    public void BiasCanBeGivenPerLayer()
    {
        var (code, output, _) = Run("analyze", "--layers", "3,4,4,2", "--bias", "1,0,1", "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("bias").GetBoolean()).ShouldBe(new[] { true, false, true });
        doc.RootElement.GetProperty("parameters").GetInt32().ShouldBe(12 + 4 + 16 + 8 + 2);
        Run("analyze", "--layers", "3,4,4,2", "--bias", "1,0").Err.ShouldContain("--bias lists 2 layer(s) but the model has 3 layer(s).");
        Run("analyze", "--layers", "3,4,4,2", "--bias", "1,x,1").Code.ShouldBe(2);
        Run("analyze", "--layers", "3,4,2", "--bias", "--json").Code.ShouldBe(0); // --bias alone still means every layer
    }

    [Fact]
    public void LatexAndMarkdownListTheLawsWithTheirFormulas()
    {
        var latex = Run("analyze", "--layers", "2,2,1", "--bias", "1,0", "--latex");
        latex.Code.ShouldBe(0);
        latex.Out.ShouldContain(@"\begin{align*}");
        latex.Out.ShouldContain(@"\mathrm{Hidden1}_{0,0} &= \lVert W_{1}[0,:]\rVert^2 + b_{1}[0]^2 - \lVert W_{2}[:,0]\rVert^2 \\");
        latex.Out.ShouldContain(@"\end{align*}");
        latex.Out.ShouldContain("% Independent conservation laws: 3 (exact");
        var markdown = Run("analyze", "--layers", "2,2,1", "--activation", "relu", "--markdown");
        markdown.Code.ShouldBe(0);
        markdown.Out.ShouldContain("## Hidden1: 2 balances (relu)");
        markdown.Out.ShouldContain(@"| `Hidden1[0]` | $\lVert W_{1}[0,:]\rVert^2 - \lVert W_{2}[:,0]\rVert^2$ |");
        Run("analyze", "--layers", "2,2,1", "--latex", "--json").Code.ShouldBe(2);
    }

    [Fact]
    public void NotationIsExplainedAndJsonIsReadable()
    {
        var text = Run("analyze", "--layers", "2,2,1", "--bias").Out;
        text.ShouldContain("'=b=>' a layer with a bias");
        var json = Run("analyze", "--layers", "2,2,1", "--bias", "--json").Out;
        json.ShouldNotContain(@"\u");
        json.ShouldContain("+ b1[0]^2");
        json.ShouldContain("=b=>");
    }

    [Fact]
    public void ProgressLineGoesToStandardErrorOnly()
    {
        var saved = CliApplication.ProgressDelay;
        try
        {
            CliApplication.ProgressDelay = System.TimeSpan.FromMilliseconds(1);
            var (code, output, error) = Run("analyze", "--layers", "1,5,5,1", "--bias", "--json");
            code.ShouldBe(0);
            error.ShouldContain("conservation-laws: analysing 1 =b=> 5 =b=> 5 =b=> 1 (D = 46)", Case.Sensitive, error);
            using var doc = JsonDocument.Parse(output); // stdout stays one JSON document
            doc.RootElement.GetProperty("independentLawCount").GetInt32().ShouldBe(30);
        }
        finally
        {
            CliApplication.ProgressDelay = saved;
        }
    }

    [Theory]
    [InlineData("10000,100")]
    [InlineData("1000000,1")]
    [InlineData("7000,7000")]
    [InlineData("50000,1000")]
    public void SingleLargeLayersAnswerAtOnce(string layers)
    {
        // No hidden layer: φ is the parameter vector itself, so there is no law, from the structure alone.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, output, _) = Run("analyze", "--layers", layers, "--json");
        clock.Elapsed.TotalSeconds.ShouldBeLessThan(10); // measured in milliseconds; generous for loaded CI
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("independentLawCount").GetInt32().ShouldBe(0);
        doc.RootElement.GetProperty("countIsExact").GetBoolean().ShouldBeTrue();
        doc.RootElement.GetProperty("polynomialLawCount").GetInt32().ShouldBe(0);
    }
    [Fact]
    public void The_readme_synopsis_names_every_option_of_the_usage()
    {
        // The README's synopsis is what a new user reads first: an option the tool takes but the synopsis omits
        // (--layer-rates, --flow mirror) is an option they never find.
        var dir = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConservationCodegen.sln"))) dir = dir.Parent;
        dir.ShouldNotBeNull();
        string readme = File.ReadAllText(Path.Combine(dir!.FullName, "README.md"));
        int start = readme.IndexOf("conservation-laws analyze --layers", System.StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0);
        string synopsis = readme.Substring(start, readme.IndexOf("```", start, System.StringComparison.Ordinal) - start);
        string usage = CliOptions.Usage.Substring(0, CliOptions.Usage.IndexOf("(analyse", System.StringComparison.Ordinal));
        foreach (var option in System.Text.RegularExpressions.Regex.Matches(usage, @"--[a-z-]+( [a-z]+(\|[a-z]+)+)?").Select(m => m.Value).Distinct())
            synopsis.ShouldContain(option, customMessage: $"README synopsis lacks '{option}'");
    }
}
