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

    // After a convolution (a normalised convolution's affine) it reads the convolution's positions: one weight and bias per
    // channel, shared by all of them.
    public string NetworkBlock(BlockSpec block, int weights, int bias, (int Height, int Width) input) =>
        input.Width > 0
            ? $"{LayerKindRegistry.NetworkBlockType}.ChannelDiagonal({Inv(weights)}, {Inv(block.Outputs)}, {Inv((long)input.Height * input.Width)}, bias: {Inv(bias)})"
            : $"{LayerKindRegistry.NetworkBlockType}.Diagonal({Inv(weights)}, {Inv(block.Outputs)}, bias: {Inv(bias)})";
}
