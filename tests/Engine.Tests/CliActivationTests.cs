using System.Linq;
using System.Text.Json;
using ConservationCodegen.Cli;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>The command line's RePU / Power degrees ("repu:3") and trainable Swish β ("swish-beta", --trainable-beta).</summary>
public sealed class CliActivationTests
{
    [Fact]
    public void DegreesAndBetaReachTheModel()
    {
        CliOptions.TryParse(new[] { "--layers", "2,3,3,3,1", "--activations", "repu:3,power:2,swish" , "--trainable-beta" }, out var options).ShouldBeNull();
        var model = CliApplication.BuildModel(options);
        model.Layers[0].Activation.ShouldBe(ActivationKind.RePU);
        model.Layers[0].ActivationDegree.ShouldBe(3);
        model.Layers[1].Activation.ShouldBe(ActivationKind.Power);
        model.Layers[1].ActivationDegree.ShouldBe(2);
        model.Layers[2].BetaName.ShouldBe("Beta3");
        model.Layers[3].ActivationDegree.ShouldBe(1);
        model.Validate().ShouldBeEmpty();
        model.ToString().ShouldBe("2 --> 3 [repu:3] --> 3 [power:2] --> 3 [swish-beta] --> 1");

        CliOptions.TryParse(new[] { "--layers", "2,3,1", "--activation", "swish-beta" }, out var one).ShouldBeNull();
        CliApplication.BuildModel(one).Layers[0].HasBeta.ShouldBeTrue();
        CliOptions.TryParse(new[] { "--layers", "2,3,1", "--activation", "swish" }, out var silu).ShouldBeNull();
        CliApplication.BuildModel(silu).Layers[0].HasBeta.ShouldBeFalse();
    }

    [Theory]
    [InlineData("repu", "The repu activation needs its degree after a colon, e.g. repu:3 (an integer k ≥ 2).")]
    [InlineData("power:", "The power activation needs its degree after a colon, e.g. power:3 (an integer k ≥ 2).")]
    [InlineData("repu:1", "The degree of repu must be an integer k ≥ 2 (got '1'), e.g. repu:3.")]
    [InlineData("power:x", "The degree of power must be an integer k ≥ 2 (got 'x'), e.g. power:3.")]
    [InlineData("relu:2", "The relu activation takes no degree ('relu:2'); only repu and power do, e.g. repu:3.")]
    public void ADegreeThatIsMissingOrWrongIsAClearError(string activation, string message)
    {
        CliOptions.TryParse(new[] { "--layers", "2,3,1", "--activation", activation }, out _).ShouldBe(message);
        var (code, _, error) = CliTests.Run("analyze", "--layers", "2,3,1", "--activation", activation);
        code.ShouldNotBe(0);
        error.ShouldContain(message);
    }

    [Fact]
    public void TrainableBetaNeedsASwish() =>
        CliOptions.TryParse(new[] { "--layers", "2,3,1", "--activation", "relu", "--trainable-beta" }, out _)
            .ShouldBe("--trainable-beta applies to swish activations, and the model has none.");

    [Fact]
    public void JsonReportsDegreeBetaLawsAndCounts()
    {
        var (code, output, _) = CliTests.Run("analyze", "--layers", "2,3,2", "--activation", "repu:3", "--bias", "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        var layer = root.GetProperty("layers").EnumerateArray().First();
        layer.GetProperty("activation").GetString().ShouldBe("repu");
        layer.GetProperty("activationDegree").GetInt32().ShouldBe(3);
        root.GetProperty("certificate").GetString().ShouldBe("computed");
        root.GetProperty("independentLawCount").GetInt32().ShouldBe(3);
        root.GetProperty("laws").EnumerateArray().First().GetProperty("formula").GetString().ShouldBe("|W1[0,:]|^2 + b1[0]^2 - 3|W2[:,0]|^2");

        var (_, swish, _) = CliTests.Run("analyze", "--layers", "2,3,2", "--activation", "swish", "--trainable-beta", "--bias");
        swish.ShouldContain("Hidden1[0] = |W1[0,:]|^2 + b1[0]^2 - |W2[:,0]|^2 - Beta1[0]^2");
        swish.ShouldContain("Complete: not known");
        swish.ShouldNotContain("Cut: swish");
    }
}
