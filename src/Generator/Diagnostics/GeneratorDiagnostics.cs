using Microsoft.CodeAnalysis;

namespace ConservationCodegen.Diagnostics;

/// <summary>
/// Descriptors of the findings that need the engine (CCG0100–CCG0199). Rule checks live in the analyzers. An ID may have
/// several descriptors, one per message shape (same title, category and severity); arguments are strings, numbers
/// formatted with the invariant culture.
/// </summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "ConservationCodegen.Mathematics";

    public const string UncoveredLawsId = "CCG0100";
    public const string UncoveredSymmetriesId = "CCG0101";
    public const string TooLargeId = "CCG0102";
    public const string InternalErrorId = "CCG0103";
    public const string NotGeneratedId = "CCG0104";
    public const string InvalidOptionId = "CCG0105";
    public const string NoForwardPassId = "CCG0106";
    public const string MomentumLawsId = "CCG0107";
    public const string DeadParameterId = "CCG0108";
    public const string InexactLawsId = "CCG0109";

    private const string UncoveredLawsTitle = "Conservation laws not covered by the emitted polynomial laws";

    /// <summary>CCG0100, count by a theorem: '{0}': {1} independent laws exist, only {2} polynomial laws of degree ≤ {3} found. {4} (advice).</summary>
    public static readonly DiagnosticDescriptor UncoveredLaws = Create(UncoveredLawsId, UncoveredLawsTitle,
        "'{0}': {1} independent conservation laws exist (by a theorem), but only {2} independent polynomial laws of degree at most {3} were found. {4}",
        DiagnosticSeverity.Warning);

    /// <summary>
    /// CCG0100, count computed until the rank was stable but not certified: {1} laws with high probability and at most {1}
    /// for certain; only {2} polynomial laws of degree ≤ {3} found. {4} (advice).
    /// </summary>
    public static readonly DiagnosticDescriptor UncoveredLawsProbable = Create(UncoveredLawsId, UncoveredLawsTitle,
        "'{0}': at most {1} independent conservation laws exist, and with high probability exactly {1} (the Lie bracket iteration ran until its rank was stable, computed exactly modulo a prime at random points; not certified), but only {2} independent polynomial laws of degree at most {3} were found. {4}",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0100, count stopped before its rank was stable: at most {1} laws; only {2} polynomial laws of degree ≤ {3} found. {4} (advice).</summary>
    public static readonly DiagnosticDescriptor UncoveredLawsUpperBound = Create(UncoveredLawsId, UncoveredLawsTitle,
        "'{0}': at most {1} independent conservation laws exist (the compile budget or the jets' memory cap stopped the Lie bracket iteration before its rank was stable, so this is an upper bound), and {2} independent polynomial laws of degree at most {3} were found. {4}",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0106 (Info): '{0}' starts with a convolution and declares no input shape, so its forward pass is not generated.</summary>
    public static readonly DiagnosticDescriptor NoForwardPass = Create(NoForwardPassId, "Forward pass not generated",
        "'{0}' starts with a convolution but declares no input shape, so Forward and ComputeLossAndGradient are not generated (the laws and counts do not need it); add [ConservationModel(InputShape = new[] {{ channels, … }})] with the spatial sizes of one sample",
        DiagnosticSeverity.Info);

    /// <summary>CCG0106 (Info): '{0}' has an attention block and declares no input shape { tokens, features }.</summary>
    public static readonly DiagnosticDescriptor NoForwardPassAttention = Create(NoForwardPassId, "Forward pass not generated",
        "'{0}' has a self-attention block but declares no input shape, so Forward and ComputeLossAndGradient are not generated (the laws and counts do not need it); add [ConservationModel(InputShape = new[] {{ tokens, features }})] with the tokens of one sample",
        DiagnosticSeverity.Info);

    /// <summary>CCG0108 (Info): the member '{0}' of '{1}' has zero gradient for every loss: {2} (why, and what to do).</summary>
    public static readonly DiagnosticDescriptor DeadParameter = Create(DeadParameterId, "Parameter that never trains",
        "'{0}' in '{1}' never trains: {2}",
        DiagnosticSeverity.Info);

    /// <summary>
    /// CCG0109 (Warning): '{0}' (model): NormEpsilon = {1} on '{2}' (layer) breaks the scale symmetry of its {3}
    /// (normalisation); {4} (the scale laws it would have, e.g. "Norm1[0], …, Norm1[255]" or "Norm3").
    /// </summary>
    public static readonly DiagnosticDescriptor InexactLaws = Create(InexactLawsId, "Laws that NormEpsilon removes",
        "'{0}': NormEpsilon = {1} on '{2}' breaks the scale symmetry of its {3}, so the scale laws it would have ({4}) do not hold: they drift by a relative amount of order ε/σ² (σ² the variance being normalised) and are neither listed nor counted. Leave NormEpsilon at 0 (the default) to keep them; the shift laws and every other law hold either way.",
        DiagnosticSeverity.Warning);

    /// <summary>
    /// CCG0107 (Info), for <c>[ConservationModel(Optimizer = OptimizerKind.Momentum)]</c>: '{0}' {1} (how many laws the
    /// momentum flow keeps and how that is known) {2} (what the generated code checks under momentum).
    /// </summary>
    public static readonly DiagnosticDescriptor MomentumLaws = Create(MomentumLawsId, "Conservation laws that survive momentum",
        "'{0}' {1}. {2}",
        DiagnosticSeverity.Info);

    /// <summary>CCG0101 (Info by default): '{0}' has rotation symmetries that give no conserved quantity under gradient descent: {1} (a list such as "so(4) between 'W1' and 'W2'").</summary>
    public static readonly DiagnosticDescriptor UncoveredSymmetries = Create(UncoveredSymmetriesId, "Symmetries that give no conserved quantity",
        "'{0}' has rotation symmetries that give no conserved quantity under gradient descent: {1}",
        DiagnosticSeverity.Info);

    private const string TooLargeTitle = "Model too large to analyse within the compile budget";
    private const string TooLargeMessage = "'{0}' ({1} parameters): part of the analysis does not fit the compile budget of {2} ms: {3}. Every law that follows from the structure is emitted, but the count is not certified (IndependentLawCount is -1). ";

    /// <summary>CCG0102, budget exceeded: '{0}' ({1} parameters) … budget of {2} ms: {3} (the engine's reason) … raise the budget with the MSBuild property {4}.</summary>
    public static readonly DiagnosticDescriptor TooLarge = Create(TooLargeId, TooLargeTitle,
        TooLargeMessage + "Raise the budget with the MSBuild property {4}.",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0102, stopped by the wall clock: as <see cref="TooLarge"/>, the machine was slower than the calibration.</summary>
    public static readonly DiagnosticDescriptor TooLargeSlowMachine = Create(TooLargeId, TooLargeTitle,
        TooLargeMessage + "The machine was slower than the budget's calibration (busy?): rebuild, or raise the budget with the MSBuild property {4}.",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0102, over the memory limit: as <see cref="TooLarge"/>, no budget lifts it.</summary>
    public static readonly DiagnosticDescriptor TooLargeForMemory = Create(TooLargeId, TooLargeTitle,
        TooLargeMessage + "No compile budget lifts the memory limit: the conservation-laws command line with --no-budget computes this count.",
        DiagnosticSeverity.Warning);

    /// <summary>CCG0103: internal error while generating '{0}': {1}.</summary>
    public static readonly DiagnosticDescriptor InternalError = Create(InternalErrorId, "Internal error in the conservation generator",
        "Internal error while generating '{0}': {1}. No code was generated for it; please report this message.",
        DiagnosticSeverity.Warning);

    private const string NotGeneratedTitle = "Conservation model not generated";

    /// <summary>
    /// CCG0104, a problem without a descriptor of its own: the conservation model '{0}' was not generated: {1} (a sentence).
    /// A new kind of problem should get its own descriptor below, with the same ID, title and severity.
    /// </summary>
    public static readonly DiagnosticDescriptor NotGenerated = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: {1}",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: '{0}' is generic.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedGeneric = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: it is generic, and conservation models must not be generic",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: '{0}' is static.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedStatic = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: it is static, but the generated members include instance methods (CopyParametersTo, SetParameters, ComputeConservedQuantities()); remove 'static'",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: '{1}' (the model '{0}' or a type containing it) is file-local.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedFileLocal = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: '{1}' is a file-local type ('file' modifier), which the generated code, in another file, cannot extend; remove 'file'",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: a layer or bias of '{0}' is an indexer of '{1}'.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedIndexer = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: a layer or bias is an indexer of '{1}'; it must be a field or a property without parameters",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: the layer or bias '{1}' of '{0}' is an explicit interface implementation.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedExplicitInterface = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: '{1}' is an explicit interface implementation, which the generated code cannot name; use a field or an ordinary property",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: the layer or bias '{1}' of '{0}' is a property without a getter.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedNoGetter = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: '{1}' is a property without a getter; the generated code reads the values, so give it a getter",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: the class '{0}' is named like a member the generator adds to it.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedClassNamedLikeMember = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: the class is named like a member the generator adds to it (a member cannot have its class's name); rename the class",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: the member '{1}' of '{0}' has the name of a generated member.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedMemberClash = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: its member '{1}' would clash with the generated member of that name; rename it",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: the method '{1}' of '{0}' has the name and parameter types of a generated method.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedMethodClash = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: its method '{1}' would clash with the generated method of that name and parameter types; rename it",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: '{0}' is nested in '{1}', which is not partial.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedOuterNotPartial = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: it is nested in '{1}', which must be partial too",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: layer '{1}' of '{0}' is {2}×{3}; widths above {4} are not supported.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedLayerTooWide = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: layer '{1}' is {2}×{3} ([outputs, inputs]), and widths above {4} are not supported",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: '{0}' has {1} parameters; at most {2} are supported.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedTooManyParameters = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: it has {1} parameters, and at most {2} are supported",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: the hidden layers of '{0}' have more than {1} Gram entries and balances.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedTooManyLaws = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: its hidden layers have more than {1} Gram entries and balances (a linear hidden layer of width w has w(w+1)/2, so linear hidden layers wider than 46,340 are not supported; a ReLU layer has one per neuron)",
        DiagnosticSeverity.Error);

    /// <summary>CCG0104: '{0}' has an error that the (disabled) analyzers report.</summary>
    public static readonly DiagnosticDescriptor NotGeneratedAnalyzersDisabled = Create(NotGeneratedId, NotGeneratedTitle,
        "The conservation model '{0}' was not generated: it has an error that the ConservationCodegen analyzers (CCG0001–CCG0007) report, and analyzers do not run in this build (RunAnalyzers or RunAnalyzersDuringBuild is false); enable them to see it",
        DiagnosticSeverity.Error);

    /// <summary>CCG0105: the MSBuild property {0} has the invalid value '{1}'; the default {2} ms is used.</summary>
    public static readonly DiagnosticDescriptor InvalidOption = Create(InvalidOptionId, "Invalid ConservationCodegen MSBuild setting",
        "The MSBuild property {0} has the invalid value '{1}': it must be a positive whole number of milliseconds. The default of {2} ms is used.",
        DiagnosticSeverity.Warning, "ConservationCodegen.Configuration");

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string category = Category) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinks.For(id));
}
