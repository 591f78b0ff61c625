using Microsoft.CodeAnalysis;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// Rule checks that need no symbolic mathematics (CCG0001–CCG0099). Each links to docs/diagnostics/CCGxxxx.md.
/// An ID may have several descriptors, one per message shape (same title, category and severity); every argument is
/// a string, and numbers are passed already formatted with the invariant culture, so no message depends on the culture.
/// </summary>
public static class DiagnosticDescriptors
{
    private const string Category = "ConservationCodegen.Model";

    public const string NotPartialId = "CCG0001";
    public const string WidthMismatchId = "CCG0002";
    public const string BadLayerId = "CCG0003";
    public const string BadBiasId = "CCG0004";
    public const string InitializerShapeId = "CCG0005";
    public const string CutById = "CCG0006";
    public const string InvalidOptionId = "CCG0007";

    private const string WidthTitle = "Layer widths disagree";
    private const string LayerTitle = "Invalid layer declaration";
    private const string BiasTitle = "Invalid bias member";
    private const string ShapeTitle = "Initializer shape disagrees with the layer";
    private const string OptionTitle = "Invalid model option";

    /// <summary>CCG0001: '{0}' is marked [ConservationModel] but is not partial.</summary>
    public static readonly DiagnosticDescriptor NotPartial = Create(NotPartialId, "Conservation model must be partial",
        "'{0}' is marked [ConservationModel] but is not partial, so the generator cannot add its members; declare it 'partial'",
        DiagnosticSeverity.Error);

    /// <summary>CCG0002: layer '{0}' takes {1} inputs but the previous layer '{2}' has {3} outputs.</summary>
    public static readonly DiagnosticDescriptor WidthMismatch = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' takes {1} inputs but the previous layer '{2}' has {3} outputs", DiagnosticSeverity.Error);

    /// <summary>CCG0002: layer '{0}' has {1} inputs and {2} outputs; widths must be positive.</summary>
    public static readonly DiagnosticDescriptor WidthNotPositive = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' has {1} inputs and {2} outputs; widths must be positive", DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' has no [Dense] layers.</summary>
    public static readonly DiagnosticDescriptor NoLayers = Create(BadLayerId, LayerTitle,
        "'{0}' has no [Dense] layers; put [Dense(inputs, outputs)] on the members that hold its weights", DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' has type '{1}', which cannot store a layer (the message lists the storage types).</summary>
    public static readonly DiagnosticDescriptor UnsupportedLayerType = Create(BadLayerId, LayerTitle,
        "'{0}' has type '{1}'; a [Dense] member must be " + StorageShapes.WeightTypes, DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' is the bias of both '{1}' and '{2}'.</summary>
    public static readonly DiagnosticDescriptor SharedBias = Create(BadLayerId, LayerTitle,
        "'{0}' is the bias of both '{1}' and '{2}'; each layer needs its own bias member", DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' is a [Dense] weight member and cannot also be the bias of '{1}'.</summary>
    public static readonly DiagnosticDescriptor BiasIsWeight = Create(BadLayerId, LayerTitle,
        "'{0}' is a [Dense] weight member and cannot also be the bias of '{1}'", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the bias '{0}' of layer '{1}' does not exist (no similar member); the fix adds it.</summary>
    public static readonly DiagnosticDescriptor BiasMissing = Create(BadBiasId, BiasTitle,
        "The bias '{0}' of layer '{1}' does not exist; add 'public {2}[] {0} = new {2}[{3}];'", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the bias '{0}' of a MathNet layer '{1}' does not exist (no similar member); the fix adds a MathNet vector.</summary>
    public static readonly DiagnosticDescriptor BiasMissingVector = Create(BadBiasId, BiasTitle,
        "The bias '{0}' of layer '{1}' does not exist; add 'public Vector<{2}> {0} = Vector<{2}>.Build.Dense({3});'", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the bias '{0}' of layer '{1}' does not exist, but '{2}' is a member of a valid bias type with a similar name.</summary>
    public static readonly DiagnosticDescriptor BiasMissingDidYouMean = Create(BadBiasId, BiasTitle,
        "The bias '{0}' of layer '{1}' does not exist; did you mean '{2}'?", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the bias '{0}' of layer '{1}' has type '{2}'; it must be one of the bias storage types, of length {3}.</summary>
    public static readonly DiagnosticDescriptor BiasWrongType = Create(BadBiasId, BiasTitle,
        "The bias '{0}' of layer '{1}' has type '{2}'; it must be " + StorageShapes.BiasTypes + " of length {3}", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the bias '{0}' of layer '{1}' is created with length {2} but the layer has {3} outputs.</summary>
    public static readonly DiagnosticDescriptor BiasWrongLength = Create(BadBiasId, BiasTitle,
        "The bias '{0}' of layer '{1}' is created with length {2} but the layer has {3} outputs", DiagnosticSeverity.Error);

    /// <summary>CCG0005: '{0}' is created as {1} but [Dense({2}, {3})] stores [{4}, {5}] ([outputs, inputs]).</summary>
    public static readonly DiagnosticDescriptor InitializerShape = Create(InitializerShapeId, ShapeTitle,
        "'{0}' is created as {1} but [Dense({2}, {3})] stores [{4}, {5}] ([outputs, inputs])", DiagnosticSeverity.Error);

    /// <summary>CCG0005: flat storage: '{0}' is created as {1} but [Dense({2}, {3})] stores [{4}] (row-major [outputs, inputs]).</summary>
    public static readonly DiagnosticDescriptor InitializerLength = Create(InitializerShapeId, ShapeTitle,
        "'{0}' is created as {1} but [Dense({2}, {3})] stores [{4}] (row-major [outputs, inputs])", DiagnosticSeverity.Error);

    /// <summary>CCG0005: jagged storage: '{0}' is created as [{1}][] but [Dense({2}, {3})] stores [{4}][{5}] ([outputs][inputs]).</summary>
    public static readonly DiagnosticDescriptor InitializerRows = Create(InitializerShapeId, ShapeTitle,
        "'{0}' is created as [{1}][] but [Dense({2}, {3})] stores [{4}][{5}] ([outputs][inputs])", DiagnosticSeverity.Error);

    /// <summary>CCG0005: jagged storage, on the row: '{0}' is created as [{1}][] with row {2} of length {3} but [Dense({4}, {5})] stores [{6}][{7}].</summary>
    public static readonly DiagnosticDescriptor InitializerRowLength = Create(InitializerShapeId, ShapeTitle,
        "'{0}' is created as [{1}][] with row {2} of length {3} but [Dense({4}, {5})] stores [{6}][{7}] ([outputs][inputs])", DiagnosticSeverity.Error);

    /// <summary>CCG0006: {0} after '{1}' cuts the model between '{1}' and the next layer '{2}'.</summary>
    public static readonly DiagnosticDescriptor CutBy = Create(CutById, "Activation without rescaling symmetry cuts the model",
        "{0} after '{1}' has no continuous rescaling symmetry: it cuts the model between '{1}' and '{2}', and no conservation law pairs parameters on both sides",
        DiagnosticSeverity.Info);

    /// <summary>CCG0007: MaxDegree of '{0}' is {1}; it must be between {2} and {3}.</summary>
    public static readonly DiagnosticDescriptor MaxDegreeOutOfRange = Create(InvalidOptionId, OptionTitle,
        "MaxDegree of '{0}' is {1}; it must be between {2} and {3}", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the Activation of '{0}' is {1}, which is not a defined Activation value.</summary>
    public static readonly DiagnosticDescriptor UndefinedActivation = Create(InvalidOptionId, OptionTitle,
        "The Activation of '{0}' is {1}, which is not a defined Activation value; use one of {2}", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the NegativeSlope of '{0}' is {1}; a leaky ReLU needs 0 ≤ α &lt; 1.</summary>
    public static readonly DiagnosticDescriptor NegativeSlopeOutOfRange = Create(InvalidOptionId, OptionTitle,
        "The NegativeSlope of '{0}' is {1}; a leaky ReLU max(αz, z) needs 0 ≤ α < 1 (α = 1 is the identity: use Activation.Identity)",
        DiagnosticSeverity.Error);

    /// <summary>Smallest and largest MaxDegree the generator searches (the attribute documents 1…4).</summary>
    public const int MinMaxDegree = ModelArguments.MinMaxDegree, MaxMaxDegree = ModelArguments.MaxMaxDegree;

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinks.For(id));
}
