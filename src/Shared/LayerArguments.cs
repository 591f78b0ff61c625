using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ConservationCodegen;

/// <summary>The layer attributes a model member may carry.</summary>
internal enum LayerKind
{
    /// <summary><c>[Dense(inputs, outputs)]</c>.</summary>
    Dense,
    /// <summary><c>[Conv1d(inChannels, outChannels, kernelSize)]</c>.</summary>
    Conv1d,
    /// <summary><c>[Conv2d(inChannels, outChannels, kernelHeight, kernelWidth)]</c>.</summary>
    Conv2d,
    /// <summary><c>[Diagonal(width)]</c>.</summary>
    Diagonal,
    /// <summary><c>[GatedLinearUnit(inputs, hidden)]</c>.</summary>
    GatedLinearUnit,
    /// <summary><c>[SelfAttention(modelDim, heads, headDim)]</c>.</summary>
    SelfAttention,
}

/// <summary>
/// The members a <c>[SelfAttention]</c> block names besides its query weights, as written (null when not given).
/// </summary>
internal sealed record AttentionMemberNames(string? Key, string? Value, string? Output, string? QueryBias, string? KeyBias, string? ValueBias);

/// <summary>
/// The named arguments every layer attribute shares (LayerAttribute), as written (not yet validated).
/// </summary>
/// <param name="Activation">The <c>Activation</c> value, possibly undefined (e.g. <c>(Activation)42</c>).</param>
/// <param name="Bias">The <c>Bias</c> member name, or null.</param>
/// <param name="NegativeSlope">The <c>NegativeSlope</c> value, or its documented default.</param>
/// <param name="ActivationDegree">The <c>ActivationDegree</c> value, or 1.</param>
/// <param name="TrainableBeta">The <c>TrainableBeta</c> member name, or null.</param>
/// <param name="ResidualFrom">The <c>ResidualFrom</c> member name, or null.</param>
/// <param name="Normalization">The <c>Normalization</c> value, possibly undefined.</param>
/// <param name="NormScale">The <c>NormScale</c> member name, or null.</param>
/// <param name="NormShift">The <c>NormShift</c> member name, or null.</param>
internal sealed record LayerOptions(Activation Activation, string? Bias, double NegativeSlope, int ActivationDegree, string? TrainableBeta, string? ResidualFrom,
    Normalization Normalization = Normalization.None, string? NormScale = null, string? NormShift = null)
{
    /// <summary>A gated linear unit's <c>GateActivation</c> (default Swish, i.e. SiLU), possibly undefined.</summary>
    public Activation GateActivation { get; init; } = Activation.Swish;

    /// <summary>A gated linear unit's <c>Up</c> member name, or null.</summary>
    public string? Up { get; init; }

    /// <summary>The <c>NormEpsilon</c> value (default 0), possibly negative or not finite.</summary>
    public double NormEpsilon { get; init; }
}


/// <summary>
/// The arguments of one layer attribute, as written (not yet validated): for a dense or diagonal layer the widths, for a
/// convolution the channels as <see cref="Inputs"/>/<see cref="Outputs"/> and its kernel, stride and padding.
/// </summary>
/// <param name="Kind">Which attribute.</param>
/// <param name="Inputs">Input width or channels (0 when not an int constant).</param>
/// <param name="Outputs">Output width or channels (0 when not an int constant); a diagonal layer's width.</param>
/// <param name="KernelHeight">Kernel rows of a 2-D convolution; 1 otherwise.</param>
/// <param name="KernelWidth">Kernel size of a 1-D convolution, kernel columns of a 2-D one; 1 otherwise.</param>
/// <param name="Stride">A convolution's stride (default 1).</param>
/// <param name="Padding">A convolution's padding (default 0).</param>
/// <param name="Options">The arguments every layer attribute shares.</param>
/// <param name="HasIntegerArguments">True when every constructor argument is an int constant.</param>
internal sealed record LayerArguments(
    LayerKind Kind, int Inputs, int Outputs, int KernelHeight, int KernelWidth, int Stride, int Padding, LayerOptions Options, bool HasIntegerArguments)
{
    /// <summary>The documented default of <c>LayerAttribute.NegativeSlope</c> (PyTorch's).</summary>
    public const double DefaultNegativeSlope = 0.01;

    /// <summary>Heads of a self-attention block (0 for other kinds, or when not an int constant).</summary>
    public int Heads { get; init; }

    /// <summary>Query, key and value width of one head of a self-attention block.</summary>
    public int HeadDim { get; init; }

    /// <summary>The other members of a self-attention block; null for other kinds.</summary>
    public AttentionMemberNames? Attention { get; init; }

    /// <summary>The attribute's name as users write it, for messages: "Dense", "Conv1d", "Conv2d", "Diagonal", "GatedLinearUnit", "SelfAttention".</summary>
    public string AttributeName => Kind.ToString();

    /// <summary>True for [Conv1d] and [Conv2d].</summary>
    public bool IsConvolution => Kind is LayerKind.Conv1d or LayerKind.Conv2d;

    /// <summary>Weights of the layer (0 when a size is not positive).</summary>
    public long WeightCount => Inputs <= 0 || Outputs <= 0 || KernelHeight <= 0 || KernelWidth <= 0 ? 0
        : Kind == LayerKind.Diagonal ? Outputs
        : Kind == LayerKind.SelfAttention ? (Heads <= 0 || HeadDim <= 0 ? 0 : (long)Heads * HeadDim * Inputs)
        : (long)Inputs * Outputs * KernelHeight * KernelWidth;
}

/// <summary>
/// The registry of layer attributes: their metadata names and one reader per attribute, compiled into the analyzers and
/// the generator so both read a model the same way. A new layer kind adds its attribute here and a reader below.
/// </summary>
internal static class LayerAttributes
{
    /// <summary>Metadata names of the layer attributes, by kind.</summary>
    public static readonly IReadOnlyDictionary<string, LayerKind> ByMetadataName = new Dictionary<string, LayerKind>
    {
        ["ConservationCodegen.DenseAttribute"] = LayerKind.Dense,
        ["ConservationCodegen.Conv1dAttribute"] = LayerKind.Conv1d,
        ["ConservationCodegen.Conv2dAttribute"] = LayerKind.Conv2d,
        ["ConservationCodegen.DiagonalAttribute"] = LayerKind.Diagonal,
        ["ConservationCodegen.GatedLinearUnitAttribute"] = LayerKind.GatedLinearUnit,
        ["ConservationCodegen.SelfAttentionAttribute"] = LayerKind.SelfAttention,
    };

    /// <summary>The layer attribute among a member's attributes (the first one), or null.</summary>
    public static AttributeData? Find(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
            if (KindOf(attribute.AttributeClass) is not null) return attribute;
        return null;
    }

    /// <summary>The kind of a layer attribute class, or null for any other class.</summary>
    public static LayerKind? KindOf(INamedTypeSymbol? attributeClass) =>
        attributeClass is not null && ByMetadataName.TryGetValue(attributeClass.ToDisplayString(), out var kind) ? kind : null;

    /// <summary>
    /// Reads a layer attribute; null when it is not one or does not have its constructor arguments (a compiler error
    /// already).
    /// </summary>
    public static LayerArguments? Read(AttributeData attribute)
    {
        if (KindOf(attribute.AttributeClass) is not { } kind) return null;
        var args = attribute.ConstructorArguments;
        var options = ReadOptions(attribute);
        switch (kind)
        {
            case LayerKind.Dense when args.Length == 2:
                return new LayerArguments(kind, Int(args[0]), Int(args[1]), 1, 1, 1, 0, options, AllInts(args));
            case LayerKind.Conv1d when args.Length == 3:
                return new LayerArguments(kind, Int(args[0]), Int(args[1]), 1, Int(args[2]), Named(attribute, "Stride", 1), Named(attribute, "Padding", 0), options, AllInts(args));
            case LayerKind.Conv2d when args.Length == 4:
                return new LayerArguments(kind, Int(args[0]), Int(args[1]), Int(args[2]), Int(args[3]), Named(attribute, "Stride", 1), Named(attribute, "Padding", 0), options, AllInts(args));
            case LayerKind.Diagonal when args.Length == 1:
                return new LayerArguments(kind, Int(args[0]), Int(args[0]), 1, 1, 1, 0, options, AllInts(args));
            case LayerKind.GatedLinearUnit when args.Length == 2:
                return new LayerArguments(kind, Int(args[0]), Int(args[1]), 1, 1, 1, 0, options, AllInts(args));
            case LayerKind.SelfAttention when args.Length == 3:
                return new LayerArguments(kind, Int(args[0]), Int(args[0]), 1, 1, 1, 0, options, AllInts(args))
                {
                    Heads = Int(args[1]),
                    HeadDim = Int(args[2]),
                    Attention = new AttentionMemberNames(Text(attribute, "Key"), Text(attribute, "Value"), Text(attribute, "Output"),
                        Text(attribute, "QueryBias"), Text(attribute, "KeyBias"), Text(attribute, "ValueBias")),
                };
            default:
                return null;
        }
    }

    private static LayerOptions ReadOptions(AttributeData attribute)
    {
        var activation = Activation.Identity;
        var gate = Activation.Swish;
        string? bias = null, beta = null, residual = null, scale = null, shift = null, up = null;
        var normalization = Normalization.None;
        double slope = LayerArguments.DefaultNegativeSlope, epsilon = 0;
        int degree = 1;
        foreach (var arg in attribute.NamedArguments)
        {
            switch (arg.Key)
            {
                case "Activation" when arg.Value.Value is int a: activation = (Activation)a; break;
                case "GateActivation" when arg.Value.Value is int g: gate = (Activation)g; break;
                case "Up": up = arg.Value.Value as string; break;
                case "Bias": bias = arg.Value.Value as string; break;
                case "NegativeSlope" when arg.Value.Value is double alpha: slope = alpha; break;
                case "ActivationDegree" when arg.Value.Value is int k: degree = k; break;
                case "TrainableBeta": beta = arg.Value.Value as string; break;
                case "ResidualFrom": residual = arg.Value.Value as string; break;
                case "Normalization" when arg.Value.Value is int n: normalization = (Normalization)n; break;
                case "NormScale": scale = arg.Value.Value as string; break;
                case "NormShift": shift = arg.Value.Value as string; break;
                case "NormEpsilon" when arg.Value.Value is double e: epsilon = e; break;
            }
        }

        return new LayerOptions(activation, bias, slope, degree, beta, residual, normalization, scale, shift) { GateActivation = gate, Up = up, NormEpsilon = epsilon };
    }

    private static int Named(AttributeData attribute, string name, int fallback)
    {
        foreach (var arg in attribute.NamedArguments)
            if (arg.Key == name && arg.Value.Value is int value) return value;
        return fallback;
    }

    private static string? Text(AttributeData attribute, string name)
    {
        foreach (var arg in attribute.NamedArguments)
            if (arg.Key == name) return arg.Value.Value as string;
        return null;
    }

    private static int Int(TypedConstant constant) => constant.Value is int value ? value : 0;

    private static bool AllInts(System.Collections.Immutable.ImmutableArray<TypedConstant> args)
    {
        foreach (var a in args)
            if (a.Value is not int) return false;
        return true;
    }
}
