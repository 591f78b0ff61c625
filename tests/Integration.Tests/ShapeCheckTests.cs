using System;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// A member whose shape disagrees with its attribute (CCG0005 or CCG0004 at compile time when the initializer shows
/// it) fails at run time with an ArgumentException naming the member, the expected and the actual shape — never an
/// IndexOutOfRangeException inside the copy. Flat weights and biases are checked by their length.
/// </summary>
public sealed class ShapeCheckTests
{
    [Fact]
    public void A_flat_double_weight_of_the_wrong_length_names_member_and_shapes()
    {
        var model = new DeepLinear { W2 = new double[11] };
        var error = Should.Throw<ArgumentException>(() => model.CopyParametersTo(new double[DeepLinear.ParameterCount]));
        error.Message.ShouldContain("W2 must have shape [12]; it has [11]");
        error.ParamName.ShouldBe("W2");
        Should.Throw<ArgumentException>(() => model.SetParameters(new double[DeepLinear.ParameterCount])).ParamName.ShouldBe("W2");
        Should.Throw<ArgumentException>(() => new DeepLinear { W2 = new double[13] }.CopyParametersTo(new double[DeepLinear.ParameterCount]))
            .Message.ShouldContain("it has [13]");
    }

    [Fact]
    public void A_span_that_is_too_short_names_the_required_and_the_actual_length()
    {
        // A θ three entries short is refused before any read, with both lengths in the message.
        var error = Should.Throw<ArgumentException>(() => ReluWithBias.ComputeConservedQuantities(new double[ReluWithBias.ParameterCount - 3], new double[ReluWithBias.PolynomialLawCount]));
        error.ParamName.ShouldBe("theta");
        error.Message.ShouldContain($"theta must have ParameterCount = {ReluWithBias.ParameterCount} entries or more; it has {ReluWithBias.ParameterCount - 3}.");
        Should.Throw<ArgumentException>(() => ReluWithBias.ComputeConservedQuantities(new double[ReluWithBias.ParameterCount], new double[1]))
            .Message.ShouldContain($"destination must have PolynomialLawCount = {ReluWithBias.PolynomialLawCount} entries or more; it has 1.");
    }

    [Fact]
    public void A_bias_of_the_wrong_length_names_member_and_shapes()
    {
        var error = Should.Throw<ArgumentException>(() => new ReluWithBias { B1 = new double[3] }.CopyParametersTo(new double[ReluWithBias.ParameterCount]));
        error.Message.ShouldContain("B1 must have shape [4]; it has [3]");
        error.ParamName.ShouldBe("B1");
    }

    [Fact]
    public void A_missing_member_is_named_too()
    {
        var error = Should.Throw<ArgumentException>(() => new DeepLinear { W2 = null! }.CopyParametersTo(new double[DeepLinear.ParameterCount]));
        error.Message.ShouldContain("W2 is null; it must have shape [12]");
    }
}
