using System.Text.Json;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary><c>--flow momentum</c>: the momentum flow's count in text and JSON, and clear errors for what it does not do.</summary>
public sealed class CliMomentumTests
{
    [Fact]
    public void Json_reports_the_momentum_count_with_the_flow_field()
    {
        // A ReLU net keeps no law under momentum (certified: the fields reach rank 2D); gradient flow keeps 20.
        var (code, output, _) = CliTests.Run("analyze", "--layers", "10,20,10", "--activation", "relu", "--bias", "--flow", "momentum", "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        root.GetProperty("flow").GetString().ShouldBe("momentum");
        root.GetProperty("parameters").GetInt32().ShouldBe(430);
        root.GetProperty("independentLawCount").GetInt32().ShouldBe(0);
        root.GetProperty("complete").GetBoolean().ShouldBeTrue();
        root.GetProperty("countIsExact").GetBoolean().ShouldBeTrue();
        root.GetProperty("certificate").GetString().ShouldBe("computed");

        var (_, gradient, _) = CliTests.Run("analyze", "--layers", "10,20,10", "--activation", "relu", "--bias", "--json");
        using var gradientDoc = JsonDocument.Parse(gradient);
        gradientDoc.RootElement.GetProperty("flow").GetString().ShouldBe("gradient");
        gradientDoc.RootElement.GetProperty("independentLawCount").GetInt32().ShouldBe(20);
    }

    [Fact]
    public void Flow_names_are_read_in_any_case_as_activation_names_are()
    {
        var (lower, expected, _) = CliTests.Run("analyze", "--layers", "2,3,2", "--flow", "momentum", "--json");
        var (upper, output, _) = CliTests.Run("analyze", "--layers", "2,3,2", "--flow", "Momentum", "--json");
        upper.ShouldBe(0);
        lower.ShouldBe(0);
        // The same facts (the elapsed time is not in the momentum JSON).
        output.ShouldBe(expected);
    }

    [Fact]
    public void Text_says_how_a_linear_pair_keeps_fewer_laws_and_on_what_the_count_rests()
    {
        // 4-6-4 linear: 21 Gram laws under gradient flow, 15 under momentum — its rotation charges, which certify it.
        var (code, output, _) = CliTests.Run("analyze", "--layers", "4,6,4", "--flow", "momentum");
        code.ShouldBe(0);
        output.ShouldContain("Flow:       momentum");
        output.ShouldContain("Laws:       15 independent laws (certificate: computed)");
        output.ShouldContain("15 independent rotation charges");

        // 1-4-1 keeps more under momentum (10) than under gradient flow (7), and no certificate closes it.
        (code, output, _) = CliTests.Run("analyze", "--layers", "1,4,1", "--flow", "momentum");
        code.ShouldBe(0);
        output.ShouldContain("at most 10 independent laws for certain, exactly 10 with high probability (not certified)");
    }

    [Theory]
    [InlineData("--flow", "adam", "--flow takes gradient, momentum or mirror.")]
    [InlineData("--flow", "momentum", "--flow momentum prints text or --json")]
    public void Bad_flow_arguments_get_a_clear_message(string flag, string value, string message)
    {
        var args = value == "momentum"
            ? new[] { "analyze", "--layers", "3,4,2", flag, value, "--latex" }
            : new[] { "analyze", "--layers", "3,4,2", flag, value };
        var (code, _, error) = CliTests.Run(args);
        code.ShouldBe(2);
        error.ShouldContain(message);
    }
}
