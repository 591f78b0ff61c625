using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ConservationCodegen.Pipeline;

/// <summary>
/// A diagnostic as pipeline data (ComputeSharp/MVVM pattern): descriptor, tree and span instead of a
/// <see cref="Location"/>, so the diagnostics branch stays comparable; it never feeds the source output.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, SyntaxTree? Tree, TextSpan Span, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        var location = Tree is null ? Location.None : Location.Create(Tree, Span);
        var args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++) args[i] = Arguments[i];
        return Diagnostic.Create(Descriptor, location, args);
    }
}

/// <summary>Where the [ConservationModel] attribute of a model is written (diagnostics branch only).</summary>
internal sealed record AttributeLocation(SyntaxTree Tree, TextSpan Span);
