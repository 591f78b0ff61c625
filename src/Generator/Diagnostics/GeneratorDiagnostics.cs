using Microsoft.CodeAnalysis;

namespace ConservationCodegen.Diagnostics;

/// <summary>Descriptors of the findings that need the engine (CCG0100–CCG0199). Rule checks live in the analyzers.</summary>
internal static class GeneratorDiagnostics
{
    /// <summary>Where each ID's documentation page lives (docs/diagnostics/CCGxxxx.md in the repository).</summary>
    public const string HelpLinkBase = "https://github.com/ConservationCodegen/ConservationCodegen/blob/main/docs/diagnostics/";
    private const string Category = "ConservationCodegen.Mathematics";

    public const string UncoveredLawsId = "CCG0100";
    public const string UncoveredSymmetriesId = "CCG0101";
    public const string TooLargeId = "CCG0102";
    public const string InternalErrorId = "CCG0103";
    public const string NotGeneratedId = "CCG0104";
    public const string InvalidOptionId = "CCG0105";

    /// <summary>
    /// CCG0100: '{0}': {1} {2} independent conservation laws exist ({3}), but only {4} independent polynomial laws of degree
    /// at most {5} were found. {6} — where {1} is "exactly" or "at most" (the count is only an upper bound when the budget or
    /// a cap stopped the Lie bracket iteration), {3} says what makes it so, and {6} what a higher MaxDegree would do.
    /// </summary>
    public static readonly DiagnosticDescriptor UncoveredLaws = Create(UncoveredLawsId, "Conservation laws not covered by the emitted polynomial laws",
        "'{0}': {1} {2} independent conservation laws exist ({3}), but only {4} independent polynomial laws of degree at most {5} were found. {6}",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0101: '{0}' has rotation symmetries that conserve nothing: {1}.</summary>
    public static readonly DiagnosticDescriptor UncoveredSymmetries = Create(UncoveredSymmetriesId, "Symmetries that give no conserved quantity",
        "'{0}' has continuous rotation symmetries that give no conserved quantity under gradient flow: {1}. They are antisymmetric elements of the symmetry algebra of φ; instead of a law, the angular-momentum identity ⟨θ̇, Aθ⟩ = 0 holds for each of them (for a hidden layer k: skew(Ẇ_k W_kᵀ − W_{{k+1}}ᵀ Ẇ_{{k+1}}) = 0).",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0102: '{0}' ({1} parameters): part of the analysis does not fit the compile budget of {2} ms: {3}. … {4} (what to do).</summary>
    public static readonly DiagnosticDescriptor TooLarge = Create(TooLargeId, "Model too large to analyse within the compile budget",
        "'{0}' ({1} parameters): part of the analysis does not fit the compile budget of {2} ms: {3}. Every law that follows from the structure is emitted, but the count is not certified (IndependentLawCount is -1). {4}",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0103: internal error while generating '{0}': {1}.</summary>
    public static readonly DiagnosticDescriptor InternalError = Create(InternalErrorId, "Internal error in the conservation generator",
        "Internal error while generating '{0}': {1}. No code was generated for it; please report this message.",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0104: the conservation model '{0}' was not generated: {1}.</summary>
    public static readonly DiagnosticDescriptor NotGenerated = Create(NotGeneratedId, "Conservation model not generated",
        "The conservation model '{0}' was not generated: {1}",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0105: the MSBuild property {0} has the invalid value '{1}'; the default {2} ms is used.</summary>
    public static readonly DiagnosticDescriptor InvalidOption = Create(InvalidOptionId, "Invalid ConservationCodegen MSBuild setting",
        "The MSBuild property {0} has the invalid value '{1}': it must be a positive whole number of milliseconds. The default of {2} ms is used.",
        DiagnosticSeverity.Warning, "ConservationCodegen.Configuration");

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string category = Category) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
