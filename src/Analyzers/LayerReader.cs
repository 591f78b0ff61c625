using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// A shape visible in a member's initializer: the node to report on and its lengths ([rows, columns] of a matrix,
/// [length] of a vector or flat array, [rows] of a jagged array, every rank of a convolution's 3-D or 4-D array), plus <paramref name="Rows"/>: each jagged row's
/// creation and length where visible (null when not).
/// </summary>
internal sealed record InitializerShape(SyntaxNode Node, int[] Lengths, (SyntaxNode Node, int? Length)[] Rows);

/// <summary>One layer member ([Dense], [Conv1d], [Conv2d] or [Diagonal]) as the analyzers read it.</summary>
internal sealed record LayerInfo(ISymbol Member, ITypeSymbol? Type, AttributeData Attribute, LayerArguments Arguments, StorageShape Storage)
{
    public string Name => Member.Name;
    public LayerKind Kind => Arguments.Kind;
    public int Inputs => Arguments.Inputs;
    public int Outputs => Arguments.Outputs;
    public Activation Activation => Arguments.Options.Activation;
    public string? Bias => Arguments.Options.Bias;
    public string? Beta => Arguments.Options.TrainableBeta;
    public double NegativeSlope => Arguments.Options.NegativeSlope;

    /// <summary>The engine's name of the kind in messages: "dense", "conv1d", "conv2d", "diagonal", "attention".</summary>
    public string KindName => Kind == LayerKind.SelfAttention ? "attention" : Kind.ToString().ToLowerInvariant();

    /// <summary>The attribute with its constructor arguments, as messages quote it: "Dense(3, 4)", "Conv2d(3, 16, 3, 3)".</summary>
    public string AttributeText
    {
        get
        {
            var a = Arguments;
            string Inv(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Kind switch
            {
                LayerKind.Dense => $"Dense({Inv(a.Inputs)}, {Inv(a.Outputs)})",
                LayerKind.Conv1d => $"Conv1d({Inv(a.Inputs)}, {Inv(a.Outputs)}, {Inv(a.KernelWidth)})",
                LayerKind.Conv2d => $"Conv2d({Inv(a.Inputs)}, {Inv(a.Outputs)}, {Inv(a.KernelHeight)}, {Inv(a.KernelWidth)})",
                LayerKind.GatedLinearUnit => $"GatedLinearUnit({Inv(a.Inputs)}, {Inv(a.Outputs)})",
                LayerKind.SelfAttention => $"SelfAttention({Inv(a.Inputs)}, {Inv(a.Heads)}, {Inv(a.HeadDim)})",
                _ => $"Diagonal({Inv(a.Outputs)})",
            };
        }
    }
}

/// <summary>Reads layer members (declaration order) and array initializers from symbols and syntax.</summary>
internal static class LayerReader
{
    /// <summary>The model's layers in declaration order (the generator's order), read through the shared LayerAttributes registry.</summary>
    public static List<LayerInfo> Read(INamedTypeSymbol type, CancellationToken token)
    {
        var layers = new List<LayerInfo>();
        foreach (var member in type.GetMembers().Where(m => m is IFieldSymbol or IPropertySymbol)
                     .OrderBy(m => m.Locations.FirstOrDefault()?.SourceTree?.FilePath, System.StringComparer.Ordinal)
                     .ThenBy(m => m.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0))
        {
            token.ThrowIfCancellationRequested();
            var attribute = LayerAttributes.Find(member);
            if (attribute is null || LayerAttributes.Read(attribute) is not { } arguments) continue;
            var t = StorageReader.TypeOf(member);
            layers.Add(new LayerInfo(member, t, attribute, arguments, StorageReader.StorageOf(t)));
        }

        return layers;
    }

    /// <summary>The expression initialising the member, if any.</summary>
    public static ExpressionSyntax? InitializerValue(ISymbol member, CancellationToken token)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(token);
            var value = node switch
            {
                VariableDeclaratorSyntax v => v.Initializer?.Value,
                PropertyDeclarationSyntax p => p.Initializer?.Value,
                _ => null,
            };
            if (value is not null) return value;
        }

        return null;
    }

    /// <summary>The shape the member's initializer visibly creates for its storage, or null when none is visible.</summary>
    public static InitializerShape? ShapeOf(ISymbol member, StorageShape storage, CancellationToken token)
    {
        var value = InitializerValue(member, token);
        if (value is null) return null;
        switch (storage)
        {
            case StorageShape.Double2D or StorageShape.Float2D or StorageShape.DoubleFlat or StorageShape.FloatFlat
                or StorageShape.Double3D or StorageShape.Float3D or StorageShape.Double4D or StorageShape.Float4D:
                return value is ArrayCreationExpressionSyntax { Type.RankSpecifiers.Count: 1 } creation && RankLengths(creation.Type.RankSpecifiers[0]) is { } lengths
                    ? new InitializerShape(creation, lengths, System.Array.Empty<(SyntaxNode, int?)>())
                    : null;
            case StorageShape.DoubleJagged or StorageShape.FloatJagged:
                return JaggedShape(value);
            case StorageShape.DoubleMatrix or StorageShape.FloatMatrix:
                return MathNetShape(value, 2);
            case StorageShape.DoubleVector or StorageShape.FloatVector:
                return MathNetShape(value, 1);
            default:
                return null;
        }
    }

    // new T[n][], new T[n][] { … }, new T[][] { … }, new[] { … } and { … }: the row count, and each row's length where
    // the row is new T[m] or an initializer list.
    private static InitializerShape? JaggedShape(ExpressionSyntax value)
    {
        InitializerExpressionSyntax? rows = null;
        int? count = null;
        switch (value)
        {
            case ArrayCreationExpressionSyntax creation when creation.Type.RankSpecifiers.Count == 2:
                rows = creation.Initializer;
                if (RankLengths(creation.Type.RankSpecifiers[0]) is { Length: 1 } outer) count = outer[0];
                break;
            case ImplicitArrayCreationExpressionSyntax implicitCreation:
                rows = implicitCreation.Initializer;
                break;
            case InitializerExpressionSyntax list:
                rows = list;
                break;
        }

        count ??= rows?.Expressions.Count;
        if (count is null) return null;
        var rowShapes = rows is null
            ? System.Array.Empty<(SyntaxNode, int?)>()
            : rows.Expressions.Select(r => ((SyntaxNode)r, RowLength(r))).ToArray();
        return new InitializerShape(value, new[] { count.Value }, rowShapes);
    }

    private static int? RowLength(ExpressionSyntax row) => row switch
    {
        ArrayCreationExpressionSyntax { Initializer: { } list } => list.Expressions.Count,
        ArrayCreationExpressionSyntax { Type.RankSpecifiers.Count: 1 } creation => RankLengths(creation.Type.RankSpecifiers[0]) is { Length: 1 } n ? n[0] : null,
        ImplicitArrayCreationExpressionSyntax implicitCreation => implicitCreation.Initializer.Expressions.Count,
        InitializerExpressionSyntax list => list.Expressions.Count,
        _ => null,
    };

    // Matrix<T>.Build.Dense(r, c …) / .Sparse / .Random, new DenseMatrix(r, c), and the vector forms with one size.
    private static InitializerShape? MathNetShape(ExpressionSyntax value, int rank)
    {
        ArgumentListSyntax? arguments = value switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Dense" or "Sparse" or "Random", Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Build" } } } call => call.ArgumentList,
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
            _ => null,
        };
        if (arguments is null || arguments.Arguments.Count < rank) return null;
        if (value is BaseObjectCreationExpressionSyntax && arguments.Arguments.Count != rank) return null;
        var lengths = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            if (arguments.Arguments[i] is not { NameColon: null } argument || Visible(argument.Expression) is not int n) return null;
            lengths[i] = n;
        }

        return new InitializerShape(value, lengths, System.Array.Empty<(SyntaxNode, int?)>());
    }

    private static int[]? RankLengths(ArrayRankSpecifierSyntax rank)
    {
        var sizes = rank.Sizes;
        var lengths = new int[sizes.Count];
        for (int i = 0; i < sizes.Count; i++)
        {
            if (Visible(sizes[i]) is not int n) return null;
            lengths[i] = n;
        }

        return lengths;
    }

    /// <summary>True when some field or property carries a layer attribute, well-formed or not.</summary>
    public static bool HasAnyLayer(INamedTypeSymbol type) =>
        type.GetMembers().Any(m => m is IFieldSymbol or IPropertySymbol && LayerAttributes.Find(m) is not null);

    // Integer literals, their negations, products, sums and differences (`new float[16 * 16]`), without a semantic model;
    // anything else (a constant's name, a call) counts as not visible, and no check is made.
    private static int? Visible(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case LiteralExpressionSyntax { Token.Value: int n }:
                return n;
            case ParenthesizedExpressionSyntax p:
                return Visible(p.Expression);
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression) && Visible(u.Operand) is int operand:
                return -operand;
            case BinaryExpressionSyntax b when Visible(b.Left) is int l && Visible(b.Right) is int r:
                long value = b.Kind() switch
                {
                    SyntaxKind.MultiplyExpression => (long)l * r,
                    SyntaxKind.AddExpression => (long)l + r,
                    SyntaxKind.SubtractExpression => (long)l - r,
                    _ => long.MinValue, // out of range: not visible
                };
                return value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
            default:
                return null;
        }
    }
}
