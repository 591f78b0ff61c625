namespace ConservationCodegen.Engine.Model;

/// <summary>Why a model description cannot be analysed.</summary>
public enum ModelErrorKind
{
    /// <summary>The layer stack is empty.</summary>
    EmptyModel,
    /// <summary>A width is zero or negative.</summary>
    NonPositiveWidth,
    /// <summary>Outputs of one layer differ from the inputs of the next.</summary>
    WidthMismatch,
    /// <summary>The model is larger than any analysis could handle (parameter count overflow, absurd widths).</summary>
    AbsurdSize,
    /// <summary>The hidden layers would have more Gram entries and balances than can be listed (<see cref="ModelDescription.MaxLaws"/>).</summary>
    TooManyLaws,
    /// <summary>An option is out of range (e.g. max degree not in 1…4).</summary>
    InvalidOption,
    /// <summary>A block's own arguments are out of range (kernel, stride, padding, activation degree, β).</summary>
    InvalidBlock,
    /// <summary>A residual connection names a later layer, or joins outputs and inputs of different sizes.</summary>
    InvalidResidual,
    /// <summary>The declared input shape does not fit the first convolution, or leaves a convolution no output.</summary>
    InvalidShape,
    /// <summary>A combination of blocks the engine does not analyse yet.</summary>
    Unsupported,
    /// <summary>Blocks in an order the model graph does not allow: a convolution after a dense layer (or a diagonal layer that does not follow a convolution), a gated linear unit after a convolution.</summary>
    UnsupportedOrder,
}

/// <summary>A typed validation error; <see cref="LayerIndex"/> is 0-based, −1 when not about one layer.</summary>
public sealed record ModelError(ModelErrorKind Kind, int LayerIndex, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
