using ConservationCodegen.Engine.Model;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.LayerKinds;

/// <summary>[Dense(inputs, outputs)]: a <see cref="LayerSpec"/>, stored as a matrix, jagged or flat array.</summary>
internal sealed class DenseLayerKind : ILayerKind
{
    public LayerKind Kind => LayerKind.Dense;

    public BlockSpec Block(LayerArguments arguments) => new LayerSpec(arguments.Inputs, arguments.Outputs, ActivationKind.Identity, false);

    public bool Accepts(StorageShape storage) => storage.IsWeightOf(LayerKind.Dense);

    public string StorageTypes => StorageShapes.WeightTypesOf(LayerKind.Dense);

    public string WeightOrder(BlockSpec block) => $"row-major [{Inv(block.Outputs)}, {Inv(block.Inputs)}]";

    public int[] StoredShape(BlockSpec block) => new[] { block.Outputs, block.Inputs };

    public string NetworkBlock(BlockSpec block, int weights, int bias, (int Height, int Width) input) =>
        $"{LayerKindRegistry.NetworkBlockType}.Dense({Inv(weights)}, {Inv(block.Inputs)}, {Inv(block.Outputs)}, bias: {Inv(bias)})";
}
