using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Emit;
using Microsoft.CodeAnalysis;

namespace ConservationCodegen.Extraction;

/// <summary>
/// How the generated files re-declare a model's namespace and containing types: keywords escaped, the right kind
/// (class, struct, record, record struct, interface) with its type parameters, and a unique key for hint names.
/// </summary>
internal static class TypeDeclarations
{
    /// <summary>The namespace as C# text with keywords escaped (<c>My.@event</c>); "" for the global namespace.</summary>
    public static string Namespace(INamedTypeSymbol type) =>
        string.Join(".", NamespaceParts(type).Select(CSharpNames.Escape));

    /// <summary>The declaration keyword of the model itself.</summary>
    public static string Keyword(INamedTypeSymbol type) =>
        type.IsRecord ? (type.TypeKind == TypeKind.Struct ? "record struct" : "record") : type.TypeKind == TypeKind.Struct ? "struct" : "class";

    /// <summary>
    /// The partial declaration header of a containing type: <c>partial class Outer&lt;T&gt;</c>, <c>partial record struct S</c>,
    /// <c>partial interface I</c>, <c>ref partial struct R</c> (constraints are not repeated: a partial part may omit them).
    /// </summary>
    public static string Header(INamedTypeSymbol outer)
    {
        string kind = outer.TypeKind switch
        {
            TypeKind.Interface => "interface",
            TypeKind.Struct => outer.IsRecord ? "record struct" : "struct",
            _ => outer.IsRecord ? "record" : "class",
        };
        string parameters = outer.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", outer.TypeParameters.Select(p => CSharpNames.Escape(p.Name))) + ">";
        return (outer.IsRefLikeType ? "ref " : "") + "partial " + kind + " " + CSharpNames.Escape(outer.Name) + parameters;
    }

    /// <summary>
    /// A key no other type of the compilation shares: namespace, containing types (metadata names, so arity counts:
    /// <c>Outer`1</c>) joined by '+', and the name — a nested <c>O+M</c> differs from <c>M</c> in namespace <c>O</c>.
    /// </summary>
    public static string UniqueKey(INamedTypeSymbol type)
    {
        var nesting = new List<string>();
        for (var t = type; t is not null; t = t.ContainingType) nesting.Insert(0, t.MetadataName);
        var ns = string.Join(".", NamespaceParts(type));
        return (ns.Length == 0 ? "" : ns + ".") + string.Join("+", nesting);
    }

    private static List<string> NamespaceParts(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (var ns = type.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace) parts.Insert(0, ns.Name);
        return parts;
    }
}
