using Microsoft.CodeAnalysis;

namespace ConservationCodegen.Analyzers;

/// <summary>Rule checks that need no symbolic mathematics (CCG0001–CCG0099). Each links to docs/diagnostics/CCGxxxx.md.</summary>
public static class DiagnosticDescriptors
{
    private const string HelpLinkBase = "https://github.com/ConservationCodegen/ConservationCodegen/blob/main/docs/diagnostics/";
    private const string Category = "ConservationCodegen.Model";

    public const string NotPartialId = "CCG0001";
    public const string WidthMismatchId = "CCG0002";
    public const string BadLayerId = "CCG0003";
    public const string BadBiasId = "CCG0004";
    public const string InitializerShapeId = "CCG0005";
    public const string CutById = "CCG0006";

    /// <summary>CCG0001: '{0}' must be partial.</summary>
    public static readonly DiagnosticDescriptor NotPartial = Create(NotPartialId, "Conservation model must be partial",
        "'{0}' is marked [ConservationModel] but is not partial, so the generator cannot add its members; declare it 'partial'",
        DiagnosticSeverity.Error);

    /// <summary>CCG0002: layer widths disagree or are not positive.</summary>
    public static readonly DiagnosticDescriptor WidthMismatch = Create(WidthMismatchId, "Layer widths disagree",
        "{0}", DiagnosticSeverity.Error);

    /// <summary>CCG0003: unsupported member type, no layers, or a member used twice.</summary>
    public static readonly DiagnosticDescriptor BadLayer = Create(BadLayerId, "Invalid layer declaration",
        "{0}", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the bias member is missing, has the wrong type or the wrong length.</summary>
    public static readonly DiagnosticDescriptor BadBias = Create(BadBiasId, "Invalid bias member",
        "{0}", DiagnosticSeverity.Error);

    /// <summary>CCG0005: the initializer's array shape disagrees with the attribute.</summary>
    public static readonly DiagnosticDescriptor InitializerShape = Create(InitializerShapeId, "Initializer shape disagrees with the layer",
        "'{0}' is created as {1} but [Dense({2}, {3})] stores {4}", DiagnosticSeverity.Warning);

    /// <summary>CCG0006: a non-homogeneous activation cuts the model.</summary>
    public static readonly DiagnosticDescriptor CutBy = Create(CutById, "Activation without rescaling symmetry cuts the model",
        "{0} after '{1}' has no continuous rescaling symmetry: it cuts the model between {2} and {3}, and no conservation law crosses it",
        DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
