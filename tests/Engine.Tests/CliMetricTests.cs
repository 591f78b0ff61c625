using System.Linq;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary><c>--layer-rates</c> and <c>--flow mirror</c>: text and JSON reports, and clear errors for bad input.</summary>
public sealed class CliMetricTests
{
    [Fact]
    public void Layer_rates_json_has_the_flow_the_rates_and_the_rescaled_laws()
    {
        var (code, output, _) = CliTests.Run("analyze", "--layers", "2,3,1", "--activation", "relu", "--bias", "--layer-rates", "1,0.5", "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        root.GetProperty("flow").GetString().ShouldBe("gradient");
        root.GetProperty("layerRates").EnumerateArray().Select(e => e.GetDecimal()).ShouldBe(new[] { 1m, 0.5m });
        root.GetProperty("independentLawCount").GetInt32().ShouldBe(3);
        root.GetProperty("complete").GetBoolean().ShouldBeTrue();
        root.GetProperty("countIsExact").GetBoolean().ShouldBeTrue();
        root.GetProperty("certificate").GetString().ShouldBe("theorem:path-incidence");
        var laws = root.GetProperty("laws").EnumerateArray().ToList();
        laws.Count.ShouldBe(3);
        laws[0].GetProperty("formula").GetString().ShouldBe("(|W1[0,:]|^2 + b1[0]^2)/1 - (|W2[:,0]|^2)/0.5");
        laws[0].GetProperty("gradientFlowLaw").GetString()!.ShouldContain("W2[:,0]");
    }

    [Fact]
    public void Layer_rates_text_says_how_each_segment_was_counted()
    {
        // Biases on all three layers of a linear run with different rates: the reduction does not hold, so it is
        // counted directly (and certified by the rescaled Gram laws).
        var (code, output, _) = CliTests.Run("analyze", "--layers", "1,2,2,1", "--bias", "--layer-rates", "2,1,0.25");
        code.ShouldBe(0);
        output.ShouldContain("Flow:       gradient with layer rates");
        output.ShouldContain("Laws:       6 independent laws (certificate: computed)");
        output.ShouldContain("counted directly");
        var (_, reduced, _) = CliTests.Run("analyze", "--layers", "2,2,2", "--layer-rates", "1,0.5");
        reduced.ShouldContain("counted by reduction");
        reduced.ShouldContain("Laws:       3 independent laws (certificate: theorem:two-layer-linear)");
    }

    [Fact]
    public void Momentum_with_layer_rates_reports_the_count_and_the_rates()
    {
        var (code, output, _) = CliTests.Run("analyze", "--layers", "2,2,2", "--flow", "momentum", "--layer-rates", "1,0.5", "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("flow").GetString().ShouldBe("momentum");
        doc.RootElement.GetProperty("layerRates").GetArrayLength().ShouldBe(2);
        doc.RootElement.GetProperty("independentLawCount").GetInt32().ShouldBe(1);
        doc.RootElement.GetProperty("certificate").GetString().ShouldBe("computed");
    }

    [Fact]
    public void Mirror_json_lists_the_column_sums()
    {
        var (code, output, _) = CliTests.Run("analyze", "--layers", "3,2,2", "--flow", "mirror", "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        root.GetProperty("flow").GetString().ShouldBe("mirror");
        root.TryGetProperty("layerRates", out _).ShouldBeFalse();
        root.GetProperty("independentLawCount").GetInt32().ShouldBe(2);
        root.GetProperty("complete").GetBoolean().ShouldBeTrue();
        root.GetProperty("laws").EnumerateArray().Select(l => l.GetProperty("formula").GetString()).ShouldBe(new[]
        {
            "W1[0,0] + W1[0,1] + W1[0,2] - W2[0,0] - W2[1,0]",
            "W1[1,0] + W1[1,1] + W1[1,2] - W2[0,1] - W2[1,1]",
        });
    }

    [Fact]
    public void Mirror_flow_of_a_relu_net_is_refused_with_a_message()
    {
        var (code, _, error) = CliTests.Run("analyze", "--layers", "2,2,1", "--activation", "relu", "--flow", "mirror");
        code.ShouldBe(1);
        error.ShouldContain("linear chains only");
    }

    [Theory]
    [InlineData("1", "--layer-rates lists 1 rate(s) but the model has 2 layer(s)")]
    [InlineData("1,0.5,2", "--layer-rates lists 3 rate(s) but the model has 2 layer(s)")]
    [InlineData("1,0", "Layer rate 2 ('0') is not positive")]
    [InlineData("1,-0.5", "Layer rate 2 ('-0.5') is not positive")]
    [InlineData("1,fast", "Layer rate 2 ('fast') is not a number.")]
    [InlineData("1,,2", "Layer rate 2 is empty")]
    public void Bad_layer_rates_get_a_clear_message(string rates, string message)
    {
        var (code, _, error) = CliTests.Run("analyze", "--layers", "2,2,2", "--layer-rates=" + rates);
        code.ShouldBe(2);
        error.ShouldContain(message);
    }

    [Theory]
    [InlineData("--flow", "mirror", "--layer-rates and --flow mirror are two different metrics")]
    [InlineData("--latex", null, "--layer-rates prints text or --json.")]
    public void Layer_rates_refuse_what_they_do_not_do(string flag, string? value, string message)
    {
        var args = new[] { "analyze", "--layers", "2,2,2", "--layer-rates", "1,0.5", flag };
        if (value is not null) args = args.Append(value).ToArray();
        var (code, _, error) = CliTests.Run(args);
        code.ShouldBe(2);
        error.ShouldContain(message);
    }
}
