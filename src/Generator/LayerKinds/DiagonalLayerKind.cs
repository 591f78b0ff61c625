using ConservationCodegen.Engine.Model;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.LayerKinds;

/// <summary>[Diagonal(width)]: a <see cref="DiagonalSpec"/>, stored as a flat array.</summary>
internal sealed class DiagonalLayerKind : ILayerKind
{
    public LayerKind Kind => LayerKind.Diagonal;

    public BlockSpec Block(LayerArguments arguments) => new DiagonalSpec(arguments.Outputs);

    public bool Accepts(StorageShape storage) => storage.IsWeightOf(LayerKind.Diagonal);

    public string StorageTypes => StorageShapes.WeightTypesOf(LayerKind.Diagonal);

    public string WeightOrder(BlockSpec block) => $"one per unit [{Inv(block.Outputs)}]";

    public int[] StoredShape(BlockSpec block) => new[] { block.Outputs };

    public string NetworkBlock(BlockSpec block, int weights, int bias, (int Height, int Width) input) =>
        $"{LayerKindRegistry.NetworkBlockType}.Diagonal({Inv(weights)}, {Inv(block.Outputs)}, bias: {Inv(bias)})";
}
