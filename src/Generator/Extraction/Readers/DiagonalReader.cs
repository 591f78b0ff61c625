using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Extraction.Readers;

/// <summary>[Diagonal(width)]: a <see cref="DiagonalSpec"/>, stored as a flat array.</summary>
internal sealed class DiagonalReader : ILayerReader
{
    public LayerKind Kind => LayerKind.Diagonal;

    public BlockSpec Block(LayerArguments arguments) => new DiagonalSpec(arguments.Outputs);

    public bool Accepts(StorageShape storage) => storage.IsWeightOf(LayerKind.Diagonal);

    public string StorageTypes => StorageShapes.WeightTypesOf(LayerKind.Diagonal);
}
