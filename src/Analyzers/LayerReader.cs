using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConservationCodegen.Analyzers;

/// <summary>How a member stores a layer.</summary>
internal enum StorageShape
{
    Unsupported,
    Double2D,
    Float2D,
    DoubleFlat,
    FloatFlat,
}

/// <summary>One [Dense] member as the analyzers read it.</summary>
internal sealed record LayerInfo(ISymbol Member, ITypeSymbol? Type, AttributeData Attribute, int Inputs, int Outputs, Activation Activation, string? Bias, StorageShape Storage, double NegativeSlope);

/// <summary>Reads [Dense] members (declaration order) and array initializers from symbols and syntax.</summary>
internal static class LayerReader
{
    public static List<LayerInfo> Read(INamedTypeSymbol type, INamedTypeSymbol denseAttribute, CancellationToken token)
    {
        var layers = new List<LayerInfo>();
        foreach (var member in type.GetMembers().Where(m => m is IFieldSymbol or IPropertySymbol)
                     .OrderBy(m => m.Locations.FirstOrDefault()?.SourceTree?.FilePath, System.StringComparer.Ordinal)
                     .ThenBy(m => m.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0))
        {
            token.ThrowIfCancellationRequested();
            var dense = member.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, denseAttribute));
            if (dense is null || dense.ConstructorArguments.Length != 2) continue;
            int inputs = dense.ConstructorArguments[0].Value is int i ? i : 0;
            int outputs = dense.ConstructorArguments[1].Value is int o ? o : 0;
            var activation = Activation.Identity;
            string? bias = null;
            double slope = 0.01;
            foreach (var arg in dense.NamedArguments)
            {
                if (arg.Key == "Activation" && arg.Value.Value is int a) activation = (Activation)a;
                if (arg.Key == "Bias") bias = arg.Value.Value as string;
                if (arg.Key == "NegativeSlope" && arg.Value.Value is double alpha) slope = alpha;
            }

            var t = TypeOf(member);
            layers.Add(new LayerInfo(member, t, dense, inputs, outputs, activation, bias, StorageOf(t), slope));
        }

        return layers;
    }

    public static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol f => f.Type,
        IPropertySymbol p => p.Type,
        _ => null,
    };

    public static StorageShape StorageOf(ITypeSymbol? type)
    {
        if (type is not IArrayTypeSymbol array) return StorageShape.Unsupported;
        var e = array.ElementType.SpecialType;
        return (array.Rank, e) switch
        {
            (2, SpecialType.System_Double) => StorageShape.Double2D,
            (2, SpecialType.System_Single) => StorageShape.Float2D,
            (1, SpecialType.System_Double) => StorageShape.DoubleFlat,
            (1, SpecialType.System_Single) => StorageShape.FloatFlat,
            _ => StorageShape.Unsupported,
        };
    }

    /// <summary>The <c>new T[a, b]</c> expression initialising the member, if any.</summary>
    public static ArrayCreationExpressionSyntax? InitializerCreation(ISymbol member, CancellationToken token)
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
            if (value is ArrayCreationExpressionSyntax creation) return creation;
        }

        return null;
    }

    /// <summary>Lengths of the initializer's array creation when they are visible in the source, else null.</summary>
    public static int[]? InitializerLengths(ISymbol member, CancellationToken token)
    {
        var creation = InitializerCreation(member, token);
        if (creation is null || creation.Type.RankSpecifiers.Count != 1) return null;
        var sizes = creation.Type.RankSpecifiers[0].Sizes;
        var lengths = new int[sizes.Count];
        for (int i = 0; i < sizes.Count; i++)
        {
            if (Visible(sizes[i]) is not int n) return null;
            lengths[i] = n;
        }

        return lengths;
    }

    /// <summary>True when some field or property carries a [Dense] attribute, well-formed or not.</summary>
    public static bool HasAnyDense(INamedTypeSymbol type, INamedTypeSymbol denseAttribute) =>
        type.GetMembers().Any(m => m is IFieldSymbol or IPropertySymbol
            && m.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, denseAttribute)));

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
