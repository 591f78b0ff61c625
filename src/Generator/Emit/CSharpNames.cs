using Microsoft.CodeAnalysis.CSharp;

namespace ConservationCodegen.Emit;

/// <summary>Identifiers as they must be written in generated code: keywords (reserved or contextual) get a leading '@'.</summary>
internal static class CSharpNames
{
    /// <summary>
    /// <paramref name="identifier"/> (a symbol's name, which never carries the '@') written so that it always parses as
    /// that identifier: <c>@event</c>, <c>@double</c>, <c>@record</c>; other names unchanged.
    /// </summary>
    public static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) != SyntaxKind.None
            ? "@" + identifier
            : identifier;
}
