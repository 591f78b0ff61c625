using System.IO;
using System.Linq;
using System.Text.Json;
using ConservationCodegen.Cli;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

public sealed class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApplication.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
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
    [InlineData("--layers 3,4,2 --activation swish", "Unknown activation 'swish'")]
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
