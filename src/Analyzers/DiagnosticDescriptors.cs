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

    /// <summary>CCG0003: '{0}' has no layers ([Dense], [Conv1d], [Conv2d] or [Diagonal] members).</summary>
    public static readonly DiagnosticDescriptor NoLayers = Create(BadLayerId, LayerTitle,
        "'{0}' has no layers; put [Dense(inputs, outputs)], [Conv1d], [Conv2d] or [Diagonal] on the members that hold its weights", DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' has type '{1}', which cannot store a layer (the message lists the storage types).</summary>
    public static readonly DiagnosticDescriptor UnsupportedLayerType = Create(BadLayerId, LayerTitle,
        "'{0}' has type '{1}'; a [Dense] member must be " + StorageShapes.WeightTypes, DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' is the bias of both '{1}' and '{2}'.</summary>
    public static readonly DiagnosticDescriptor SharedBias = Create(BadLayerId, LayerTitle,
        "'{0}' is the bias of both '{1}' and '{2}'; each layer needs its own bias member", DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' is a [Dense] weight member and cannot also be the bias of '{1}'.</summary>
    public static readonly DiagnosticDescriptor BiasIsWeight = Create(BadLayerId, LayerTitle,
        "'{0}' is a [Dense] weight member and cannot also be the bias of '{1}'", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the {0} ('bias', 'TrainableBeta', 'normalisation scale' or 'normalisation shift') '{1}' of layer '{2}' does not exist (no similar member); the fix adds the declaration '{3}'.</summary>
    public static readonly DiagnosticDescriptor MemberMissing = Create(BadBiasId, BiasTitle,
        "The {0} '{1}' of layer '{2}' does not exist; add '{3}'", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the {0} '{1}' of layer '{2}' does not exist, but '{3}' is a member of a valid type with a similar name.</summary>
    public static readonly DiagnosticDescriptor MemberMissingDidYouMean = Create(BadBiasId, BiasTitle,
        "The {0} '{1}' of layer '{2}' does not exist; did you mean '{3}'?", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the {0} '{1}' of layer '{2}' has type '{3}'; it must be one of the bias storage types, of length {4}.</summary>
    public static readonly DiagnosticDescriptor MemberWrongType = Create(BadBiasId, BiasTitle,
        "The {0} '{1}' of layer '{2}' has type '{3}'; it must be " + StorageShapes.BiasTypes + " of length {4}", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the {0} '{1}' of layer '{2}' is created with length {3} but the layer has {4} outputs.</summary>
    public static readonly DiagnosticDescriptor MemberWrongLength = Create(BadBiasId, BiasTitle,
        "The {0} '{1}' of layer '{2}' is created with length {3} but the layer has {4} outputs", DiagnosticSeverity.Error);

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

    /// <summary>CCG0007: the Optimizer of '{0}' is {1}, which is not a defined OptimizerKind value.</summary>
    public static readonly DiagnosticDescriptor UndefinedOptimizer = Create(InvalidOptionId, OptionTitle,
        "The Optimizer of '{0}' is {1}, which is not a defined OptimizerKind value; use OptimizerKind.GradientDescent or OptimizerKind.Momentum", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the Loss of '{0}' is {1}, which is not a defined Loss value.</summary>
    public static readonly DiagnosticDescriptor UndefinedLoss = Create(InvalidOptionId, OptionTitle,
        "The Loss of '{0}' is {1}, which is not a defined Loss value; use Loss.MeanSquaredError or Loss.SoftmaxCrossEntropy", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the InputSymmetry of '{0}' is {1}, which is not a defined InputSymmetry value.</summary>
    public static readonly DiagnosticDescriptor UndefinedInputSymmetry = Create(InvalidOptionId, OptionTitle,
        "The InputSymmetry of '{0}' is {1}, which is not a defined InputSymmetry value; use InputSymmetry.None or InputSymmetry.Rotation", DiagnosticSeverity.Error);

    /// <summary>CCG0007: '{0}' declares InputSymmetry.Rotation but its first layer '{1}' is a [{2}] layer, not [Dense].</summary>
    public static readonly DiagnosticDescriptor InputRotationNeedsDense = Create(InvalidOptionId, OptionTitle,
        "'{0}' declares InputSymmetry.Rotation, but its first layer '{1}' is a [{2}] layer: a rotation of the input acts on the first layer's weights as W₁ ↦ W₁R only when the first layer is [Dense]",
        DiagnosticSeverity.Error);

    /// <summary>CCG0007: '{0}' declares InputSymmetry.Rotation but layer '{1}' adds the model's input through ResidualFrom = '{2}'.</summary>
    public static readonly DiagnosticDescriptor InputRotationWithInputResidual = Create(InvalidOptionId, OptionTitle,
        "'{0}' declares InputSymmetry.Rotation, but layer '{1}' adds the model's input itself (ResidualFrom = '{2}'): the input must reach the model only through the first layer's weights",
        DiagnosticSeverity.Error);

    /// <summary>CCG0007: the Activation of '{0}' is {1}, which is not a defined Activation value.</summary>
    public static readonly DiagnosticDescriptor UndefinedActivation = Create(InvalidOptionId, OptionTitle,
        "The Activation of '{0}' is {1}, which is not a defined Activation value; use one of {2}", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the NegativeSlope of '{0}' is {1}; a leaky ReLU needs 0 ≤ α &lt; 1.</summary>
    public static readonly DiagnosticDescriptor NegativeSlopeOutOfRange = Create(InvalidOptionId, OptionTitle,
        "The NegativeSlope of '{0}' is {1}; a leaky ReLU max(αz, z) needs 0 ≤ α < 1 (α = 1 is the identity: use Activation.Identity)",
        DiagnosticSeverity.Error);

    // ---- Convolutions, diagonal layers, residual connections, activation degrees, trainable β and the input shape ----

    /// <summary>CCG0002: convolution '{0}' has {1} input channels and {2} output channels; they must be positive.</summary>
    public static readonly DiagnosticDescriptor ChannelsNotPositive = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' has {1} input channels and {2} output channels; channel counts must be positive", DiagnosticSeverity.Error);

    /// <summary>CCG0002: diagonal layer '{0}' has width {1}; it must be positive.</summary>
    public static readonly DiagnosticDescriptor DiagonalWidthNotPositive = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' has width {1}; the width must be positive", DiagnosticSeverity.Error);

    /// <summary>CCG0002: convolution '{0}' takes {1} input channels but the previous convolution '{2}' has {3} output channels.</summary>
    public static readonly DiagnosticDescriptor ChannelMismatch = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' takes {1} input channels but the previous layer '{2}' has {3} output channels; they must agree", DiagnosticSeverity.Error);

    /// <summary>CCG0002: convolution '{0}' follows the {1} layer '{2}', which has no channels.</summary>
    public static readonly DiagnosticDescriptor ConvolutionAfterFlat = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' is a convolution after the {1} layer '{2}'; convolutions must come first (a {1} layer has no channels)", DiagnosticSeverity.Error);

    /// <summary>CCG0002: diagonal layer '{0}' follows the convolution '{1}'.</summary>
    public static readonly DiagnosticDescriptor DiagonalAfterConvolution = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' is a diagonal layer after the convolution '{1}'; scale channels with a 1×1 convolution or put a dense layer first", DiagnosticSeverity.Error);

    /// <summary>CCG0002: dense layer '{0}' after a convolution of {1} channels ('{2}') has {3} inputs, not a multiple of {1}.</summary>
    public static readonly DiagnosticDescriptor DenseInputsNotMultipleOfChannels = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' reads the {1} channels of '{2}' flattened channel by channel, so its {3} inputs must be a multiple of {1}", DiagnosticSeverity.Error);

    /// <summary>CCG0002: dense layer '{0}' has {1} inputs but '{2}' outputs {3} channels × {4} positions = {5} values for the declared input shape.</summary>
    public static readonly DiagnosticDescriptor DenseInputsDisagreeWithShape = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' has {1} inputs but '{2}' outputs {3} channels of {4} positions each for the declared input shape, {5} values; they must agree",
        DiagnosticSeverity.Error);

    /// <summary>CCG0002: the ResidualFrom of '{0}' names '{1}', which is not a layer of '{2}'.</summary>
    public static readonly DiagnosticDescriptor ResidualNotALayer = Create(WidthMismatchId, WidthTitle,
        "The ResidualFrom of '{0}' names '{1}', which is not a layer of '{2}'; a residual connection must name this layer or an earlier one",
        DiagnosticSeverity.Error);

    /// <summary>CCG0002: the ResidualFrom of '{0}' names '{1}', which is not a layer of '{2}', but '{3}' (this or an earlier layer) has a similar name.</summary>
    public static readonly DiagnosticDescriptor ResidualNotALayerDidYouMean = Create(WidthMismatchId, WidthTitle,
        "The ResidualFrom of '{0}' names '{1}', which is not a layer of '{2}'; did you mean '{3}'?", DiagnosticSeverity.Error);

    /// <summary>CCG0002: the ResidualFrom of '{0}' names the later layer '{1}'.</summary>
    public static readonly DiagnosticDescriptor ResidualNamesLaterLayer = Create(WidthMismatchId, WidthTitle,
        "The ResidualFrom of '{0}' names '{1}', which comes after it; a residual connection must name this layer or an earlier one",
        DiagnosticSeverity.Error);

    /// <summary>CCG0002: layer '{0}' has {1} outputs but the input of '{2}', to which its residual connection adds them, has {3}.</summary>
    public static readonly DiagnosticDescriptor ResidualWidthMismatch = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' has {1} outputs but the input of '{2}', to which its residual connection adds them, has {3}; they must agree",
        DiagnosticSeverity.Error);

    /// <summary>CCG0002: layer '{0}' outputs {1} positions per channel but the input of '{2}' has {3} (declared input shape).</summary>
    public static readonly DiagnosticDescriptor ResidualSpatialMismatch = Create(WidthMismatchId, WidthTitle,
        "Layer '{0}' outputs {1} positions per channel but the input of '{2}' has {3}; a residual connection needs the same spatial size",
        DiagnosticSeverity.Error);

    /// <summary>CCG0002: with a declared input shape, the residual connection of the non-convolution '{0}' spans the convolution '{1}'.</summary>
    public static readonly DiagnosticDescriptor ResidualEndsAfterFlattening = Create(WidthMismatchId, WidthTitle,
        "The residual connection of '{0}' spans the convolution '{1}' but '{0}' is not a convolution: its outputs have no positions to add to the {2} positions per channel of the input of '{3}'",
        DiagnosticSeverity.Error);

    /// <summary>CCG0002: the residual connection of '{0}' spans the convolution '{1}' but ends at a non-convolution (no input shape declared).</summary>
    public static readonly DiagnosticDescriptor ResidualEndsAfterFlatteningNoShape = Create(WidthMismatchId, WidthTitle,
        "The residual connection of '{0}' spans the convolution '{1}' but '{0}' is not a convolution: its outputs have no positions to add to the channels of the input of '{2}'",
        DiagnosticSeverity.Error);

    /// <summary>CCG0002: the residual connection of '{0}' spans the convolution '{1}', which may change the spatial size, and no input shape is declared.</summary>
    public static readonly DiagnosticDescriptor ResidualMayChangeSize = Create(WidthMismatchId, WidthTitle,
        "The residual connection of '{0}' spans '{1}', a convolution that changes the spatial size (or may: stride 1 and padding (kernel − 1)/2 keep it); declare the InputShape so the sizes can be checked",
        DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' has type '{1}', which cannot store a [{2}] layer (the message lists the storage types {3}).</summary>
    public static readonly DiagnosticDescriptor UnsupportedLayerTypeOf = Create(BadLayerId, LayerTitle,
        "'{0}' has type '{1}'; a [{2}] member must be {3}", DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' is both the {1} of '{2}' and the {3} of '{4}' (roles: bias, TrainableBeta, normalisation scale, normalisation shift).</summary>
    public static readonly DiagnosticDescriptor SharedMember = Create(BadLayerId, LayerTitle,
        "'{0}' is both the {1} of '{2}' and the {3} of '{4}'; each layer needs its own members", DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}' is a [{1}] weight member and cannot also be the {2} of '{3}'.</summary>
    public static readonly DiagnosticDescriptor WeightAsCompanion = Create(BadLayerId, LayerTitle,
        "'{0}' is a [{1}] weight member and cannot also be the {2} of '{3}'", DiagnosticSeverity.Error);

    /// <summary>CCG0005: convolution and diagonal storage: '{0}' is created as {1} but [{2}] stores [{3}] ({4}: the layout).</summary>
    public static readonly DiagnosticDescriptor InitializerShapeOf = Create(InitializerShapeId, ShapeTitle,
        "'{0}' is created as {1} but [{2}] stores [{3}] ({4})", DiagnosticSeverity.Error);

    /// <summary>CCG0006: a Swish with a fixed β after '{0}' cuts the model between '{0}' and the next layer '{1}'.</summary>
    public static readonly DiagnosticDescriptor CutByFixedSwish = Create(CutById, "Activation without rescaling symmetry cuts the model",
        "Swish with a fixed β (SiLU) after '{0}' has no continuous rescaling symmetry: it cuts the model between '{0}' and '{1}', and no conservation law pairs parameters on both sides; a TrainableBeta keeps the symmetry",
        DiagnosticSeverity.Info);

    /// <summary>CCG0007: the kernel of '{0}' is {1}; kernel sizes must be positive, at most {2} taps.</summary>
    public static readonly DiagnosticDescriptor KernelOutOfRange = Create(InvalidOptionId, OptionTitle,
        "The kernel of '{0}' is {1}; kernel sizes must be positive, with at most {2} taps", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the Stride of '{0}' is {1}; it must be at least 1.</summary>
    public static readonly DiagnosticDescriptor StrideOutOfRange = Create(InvalidOptionId, OptionTitle,
        "The Stride of '{0}' is {1}; the stride must be at least 1", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the Padding of '{0}' is {1}; it must not be negative.</summary>
    public static readonly DiagnosticDescriptor PaddingOutOfRange = Create(InvalidOptionId, OptionTitle,
        "The Padding of '{0}' is {1}; the padding must not be negative", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the {1} activation (RePU or Power) of '{0}' needs ActivationDegree ≥ 2 (got {2}).</summary>
    public static readonly DiagnosticDescriptor DegreeTooSmall = Create(InvalidOptionId, OptionTitle,
        "The {1} activation of '{0}' needs ActivationDegree ≥ 2 (got {2})", DiagnosticSeverity.Error);

    /// <summary>CCG0007: '{0}' has ActivationDegree = {1} with an activation that takes none.</summary>
    public static readonly DiagnosticDescriptor DegreeWithoutPower = Create(InvalidOptionId, OptionTitle,
        "'{0}' has ActivationDegree = {1}, which only RePU and Power take", DiagnosticSeverity.Error);

    /// <summary>CCG0007: '{0}' has a TrainableBeta but its activation is not Swish.</summary>
    public static readonly DiagnosticDescriptor BetaWithoutSwish = Create(InvalidOptionId, OptionTitle,
        "'{0}' has a TrainableBeta, which only a Swish activation takes", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the Normalization of '{0}' is {1}, not a defined value ({2}).</summary>
    public static readonly DiagnosticDescriptor UndefinedNormalization = Create(InvalidOptionId, OptionTitle,
        "The Normalization of '{0}' is {1}, which is not a defined Normalization value; use one of {2}", DiagnosticSeverity.Error);

    /// <summary>CCG0007: '{0}' is a [{1}] layer (diagonal, gated linear unit or attention) with a Normalization.</summary>
    public static readonly DiagnosticDescriptor NormalizationNotTaken = Create(InvalidOptionId, OptionTitle,
        "'{0}' is a [{1}] layer, which takes no Normalization; normalise a [Dense] layer or a convolution", DiagnosticSeverity.Error);

    /// <summary>CCG0007: '{0}' has a {1} (NormScale or NormShift) but no Normalization.</summary>
    public static readonly DiagnosticDescriptor NormAffineWithoutNormalization = Create(InvalidOptionId, OptionTitle,
        "'{0}' has a {1} but no Normalization; NormScale and NormShift are the affine of a normalisation", DiagnosticSeverity.Error);

    /// <summary>CCG0007: '{0}' has a NormShift without a NormScale.</summary>
    public static readonly DiagnosticDescriptor NormShiftWithoutScale = Create(InvalidOptionId, OptionTitle,
        "'{0}' has a NormShift but no NormScale; give both (γ ⊙ n + β) or a NormScale alone", DiagnosticSeverity.Error);

    /// <summary>CCG0007: '{0}' has LayerNorm on a single output unit.</summary>
    public static readonly DiagnosticDescriptor LayerNormSingleOutput = Create(InvalidOptionId, OptionTitle,
        "'{0}' has LayerNorm on a single output unit, whose normalised value is always 0; LayerNorm needs at least 2 outputs", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the InputShape {1} of '{0}' is declared, but its first layer is not a convolution (only { {2} } is accepted).</summary>
    public static readonly DiagnosticDescriptor InputShapeWithoutConvolution = Create(InvalidOptionId, OptionTitle,
        "The InputShape of '{0}' is {1}, but the model does not start with a convolution; give {{ {2} }} or none", DiagnosticSeverity.Error);

    /// <summary>CCG0007: a model with self-attention takes InputShape {{ tokens, features }}: '{0}' gives {1}, its first layer reads {2} features.</summary>
    public static readonly DiagnosticDescriptor InputShapeOfSequence = Create(InvalidOptionId, OptionTitle,
        "The InputShape of '{0}' is {1}, but a model with self-attention takes {{ tokens, {2} }}: the tokens of one sample and the features of each", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the InputShape {1} of '{0}' has an entry that is not positive.</summary>
    public static readonly DiagnosticDescriptor InputShapeNotPositive = Create(InvalidOptionId, OptionTitle,
        "The InputShape of '{0}' is {1}; channels and sizes must be positive", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the InputShape {1} of '{0}' does not have the entries a {2}-D convolution takes ({3}).</summary>
    public static readonly DiagnosticDescriptor InputShapeRank = Create(InvalidOptionId, OptionTitle,
        "The InputShape of '{0}' is {1}, but a model that starts with a {2}-D convolution takes an input shape {3}", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the InputShape of '{0}' has {1} channels but the first layer '{2}' has {3} input channels.</summary>
    public static readonly DiagnosticDescriptor InputShapeChannels = Create(InvalidOptionId, OptionTitle,
        "The InputShape of '{0}' has {1} channels but the first layer '{2}' has {3} input channels; they must agree", DiagnosticSeverity.Error);

    /// <summary>CCG0007: with a declared input shape, '{0}' is a {1}-D convolution after a {2}-D one.</summary>
    public static readonly DiagnosticDescriptor InputShapeMixedConvolutions = Create(InvalidOptionId, OptionTitle,
        "Layer '{0}' is a {1}-D convolution after a {2}-D one; the declared InputShape fits only one of them", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the kernel of '{0}' ({1}) is larger than its padded input ({2}) for the declared input shape.</summary>
    public static readonly DiagnosticDescriptor KernelExceedsInput = Create(InvalidOptionId, OptionTitle,
        "The kernel of '{0}' ({1}) is larger than its padded input ({2} for the declared InputShape): no output position is left", DiagnosticSeverity.Error);

    /// <summary>Largest kernel (taps) of a convolution: the engine's ModelDescription.MaxTaps.</summary>
    public const int MaxKernelTaps = 1 << 20;

    /// <summary>Smallest and largest MaxDegree the generator searches (the attribute documents 1…4).</summary>
    public const int MinMaxDegree = ModelArguments.MinMaxDegree, MaxMaxDegree = ModelArguments.MaxMaxDegree;

    /// <summary>CCG0003: the gated linear unit '{0}' is the last layer; a [Dense({1}, outputs)] must follow it.</summary>
    public static readonly DiagnosticDescriptor GatedUnitLast = Create(BadLayerId, LayerTitle,
        "The gated linear unit '{0}' is the last layer; a [Dense({1}, outputs)] layer (the down projection) must follow it", DiagnosticSeverity.Error);

    /// <summary>CCG0003: the layer '{0}' after the gated linear unit '{1}' is a [{2}]; a [Dense({3}, outputs)] must follow it.</summary>
    public static readonly DiagnosticDescriptor GatedUnitNotFollowedByDense = Create(BadLayerId, LayerTitle,
        "The layer '{0}' after the gated linear unit '{1}' is a [{2}]; a [Dense({3}, outputs)] layer (the down projection) must follow it", DiagnosticSeverity.Error);

    /// <summary>CCG0003: the gated linear unit '{0}' comes after the convolution '{1}'.</summary>
    public static readonly DiagnosticDescriptor GatedUnitAfterConvolution = Create(BadLayerId, LayerTitle,
        "The gated linear unit '{0}' comes after the convolution '{1}'; put a [Dense] layer between them", DiagnosticSeverity.Error);

    /// <summary>CCG0003: the gated linear unit '{0}' sets {1}, which it does not take.</summary>
    public static readonly DiagnosticDescriptor GatedUnitOption = Create(BadLayerId, LayerTitle,
        "The gated linear unit '{0}' sets {1}, which it does not take: its gate activation is GateActivation, and the dense layer after it carries the bias and the activation", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the attention block '{0}' needs {1} = nameof(…), the member holding its {2} [{3}, {4}].</summary>
    public static readonly DiagnosticDescriptor AttentionMemberNotNamed = Create(BadBiasId, BiasTitle,
        "The attention block '{0}' needs {1} = nameof(…), the member holding its {2} [{3}, {4}]", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the {1} member '{0}' of the attention block '{2}' does not exist; the declaration to add is {3}.</summary>
    public static readonly DiagnosticDescriptor AttentionMemberNotFound = Create(BadBiasId, BiasTitle,
        "The {1} member '{0}' of the attention block '{2}' does not exist; add it: {3}", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the {1} member '{0}' of the attention block '{2}' has type '{3}'; it must be {4}.</summary>
    public static readonly DiagnosticDescriptor AttentionMemberWrongType = Create(BadBiasId, BiasTitle,
        "The {1} member '{0}' of the attention block '{2}' has type '{3}'; it must be {4}", DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}', the {1} member of the attention block '{2}', is also {3}.</summary>
    public static readonly DiagnosticDescriptor AttentionMemberReused = Create(BadLayerId, LayerTitle,
        "'{0}', the {1} member of the attention block '{2}', is also {3}; each member has one place in θ", DiagnosticSeverity.Error);

    /// <summary>CCG0003: the gated linear unit '{0}' has a TrainableBeta but its gate is {1}, not Swish.</summary>
    public static readonly DiagnosticDescriptor GatedUnitBetaNotSwish = Create(BadLayerId, LayerTitle,
        "The gated linear unit '{0}' has a TrainableBeta, but its gate is {1}: only a Swish gate, act(z) = z·sigmoid(βz), takes a trainable β", DiagnosticSeverity.Error);

    /// <summary>CCG0003: '{0}', the up member of '{1}', is also {2}.</summary>
    public static readonly DiagnosticDescriptor GatedUnitUpReused = Create(BadLayerId, LayerTitle,
        "'{0}', the up member of the gated linear unit '{1}', is also {2}; each member has one place in θ", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the gated linear unit '{0}' names no Up member.</summary>
    public static readonly DiagnosticDescriptor GatedUnitUpMissing = Create(BadBiasId, BiasTitle,
        "The gated linear unit '{0}' needs Up = nameof(…), the member holding its up weights [{1}, {2}]", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the up member '{0}' of '{1}' does not exist.</summary>
    public static readonly DiagnosticDescriptor GatedUnitUpNotFound = Create(BadBiasId, BiasTitle,
        "The up member '{0}' of the gated linear unit '{1}' does not exist; add it with the shape of the gate weights, [{2}, {3}]", DiagnosticSeverity.Error);

    /// <summary>CCG0004: the up member '{0}' of '{1}' has type '{2}', which cannot store [hidden, inputs] weights.</summary>
    public static readonly DiagnosticDescriptor GatedUnitUpWrongType = Create(BadBiasId, BiasTitle,
        "The up member '{0}' of the gated linear unit '{1}' has type '{2}'; it must be " + StorageShapes.WeightTypes + " shaped [{3}, {4}]", DiagnosticSeverity.Error);

    /// <summary>CCG0007: the GateActivation of '{0}' is {1}, which is not defined.</summary>
    public static readonly DiagnosticDescriptor UndefinedGateActivation = Create(InvalidOptionId, OptionTitle,
        "The GateActivation of '{0}' is {1}, which is not a defined Activation value; use one of {2}", DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinks.For(id));
}
