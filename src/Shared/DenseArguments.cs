using Microsoft.CodeAnalysis;

namespace ConservationCodegen;

/// <summary>The arguments of one <c>[Dense]</c> attribute, as written (not yet validated).</summary>
/// <param name="Inputs">First constructor argument (0 when it is not an int constant).</param>
/// <param name="Outputs">Second constructor argument (0 when it is not an int constant).</param>
/// <param name="Activation">The <c>Activation</c> value, possibly undefined (e.g. <c>(Activation)42</c>).</param>
/// <param name="Bias">The <c>Bias</c> member name, or null.</param>
/// <param name="NegativeSlope">The <c>NegativeSlope</c> value, or its documented default.</param>
/// <param name="HasIntegerWidths">True when both constructor arguments are int constants.</param>
internal sealed record DenseArguments(int Inputs, int Outputs, Activation Activation, string? Bias, double NegativeSlope, bool HasIntegerWidths)
{
    /// <summary>The documented default of <c>DenseAttribute.NegativeSlope</c> (PyTorch's).</summary>
    public const double DefaultNegativeSlope = 0.01;

    /// <summary>
    /// Reads a <c>[Dense]</c> attribute the same way for the analyzers and the generator (compiled into both); null when
    /// it does not have the two constructor arguments (a compiler error already).
    /// </summary>
    public static DenseArguments? Read(AttributeData dense)
    {
        if (dense.ConstructorArguments.Length != 2) return null;
        bool integers = dense.ConstructorArguments[0].Value is int && dense.ConstructorArguments[1].Value is int;
        int inputs = dense.ConstructorArguments[0].Value is int i ? i : 0;
        int outputs = dense.ConstructorArguments[1].Value is int o ? o : 0;
        var activation = Activation.Identity;
        string? bias = null;
        double slope = DefaultNegativeSlope;
        foreach (var arg in dense.NamedArguments)
        {
            if (arg.Key == "Activation" && arg.Value.Value is int a) activation = (Activation)a;
            if (arg.Key == "Bias") bias = arg.Value.Value as string;
            if (arg.Key == "NegativeSlope" && arg.Value.Value is double alpha) slope = alpha;
        }

        return new DenseArguments(inputs, outputs, activation, bias, slope, integers);
    }
}
