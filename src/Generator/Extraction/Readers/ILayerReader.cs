using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Extraction.Readers;

/// <summary>
/// What the generator knows about one layer attribute: the engine block it declares and the storage its member may
/// have. The extractor adds what every layer shares (activation, bias, β, residual connection, formula names); a new
/// layer kind is a new reader registered in <see cref="LayerReaders"/>.
/// </summary>
internal interface ILayerReader
{
    /// <summary>The attribute this reader reads.</summary>
    LayerKind Kind { get; }

    /// <summary>The block's shape as written (validated by the engine's model checks and the analyzers).</summary>
    BlockSpec Block(LayerArguments arguments);

    /// <summary>True when the weights may be stored as <paramref name="storage"/>.</summary>
    bool Accepts(StorageShape storage);

    /// <summary>The storage types the weights may have, as messages list them.</summary>
    string StorageTypes { get; }
}

/// <summary>The registry: one reader per layer attribute.</summary>
internal static class LayerReaders
{
    private static readonly ILayerReader[] Readers = { new DenseReader(), new ConvolutionReader(LayerKind.Conv1d), new ConvolutionReader(LayerKind.Conv2d), new DiagonalReader() };

    /// <summary>The reader of <paramref name="kind"/>.</summary>
    public static ILayerReader For(LayerKind kind) => Readers[(int)kind];
}
