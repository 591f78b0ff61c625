using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.LayerKinds;

/// <summary>
/// What the generator knows about one layer attribute: the engine block it declares, the storage its member may have,
/// and the pieces of generated code that depend on the kind (layout comment, stored shape, the runtime network block).
/// The extractor adds what every layer shares (activation, bias, β, residual connection, formula names). A new layer
/// kind is one implementation registered in <see cref="LayerKindRegistry"/>, beside its attribute, its engine block
/// record and its runtime block.
/// </summary>
internal interface ILayerKind
{
    /// <summary>The attribute this kind reads.</summary>
    LayerKind Kind { get; }

    /// <summary>The block's shape as written (validated by the engine's model checks and the analyzers).</summary>
    BlockSpec Block(LayerArguments arguments);

    /// <summary>True when the weights may be stored as <paramref name="storage"/>.</summary>
    bool Accepts(StorageShape storage);

    /// <summary>The storage types the weights may have, as messages list them.</summary>
    string StorageTypes { get; }

    /// <summary>How the weights are laid out in θ, for the layout comments, e.g. "row-major [4, 3]".</summary>
    string WeightOrder(BlockSpec block);

    /// <summary>The weights' shape in multi-dimensional storage, e.g. [out, in, k] (flat storage has one length).</summary>
    int[] StoredShape(BlockSpec block);

    /// <summary>
    /// The <c>Internal.NetworkBlock</c> factory call of this layer: weights at <paramref name="weights"/>, the bias at
    /// <paramref name="bias"/> (−1: none), reading <paramref name="input"/> positions (height, width) if it is spatial (a
    /// convolution, or a diagonal layer after one), (0, 0) otherwise.
    /// </summary>
    string NetworkBlock(BlockSpec block, int weights, int bias, (int Height, int Width) input);
}

/// <summary>The registry: one <see cref="ILayerKind"/> per layer attribute.</summary>
internal static class LayerKindRegistry
{
    private static readonly ILayerKind[] Kinds = { new DenseLayerKind(), new ConvolutionLayerKind(LayerKind.Conv1d), new ConvolutionLayerKind(LayerKind.Conv2d), new DiagonalLayerKind(), new GatedLinearUnitLayerKind(), new AttentionLayerKind() };

    /// <summary>The generator's knowledge of <paramref name="kind"/>.</summary>
    public static ILayerKind For(LayerKind kind) => Kinds[(int)kind];

    /// <summary>The runtime's network block type, as generated code names it.</summary>
    public const string NetworkBlockType = "global::ConservationCodegen.Internal.NetworkBlock";
}
