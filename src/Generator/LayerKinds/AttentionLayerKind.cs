using ConservationCodegen.Engine.Model;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.LayerKinds;

/// <summary>
/// [SelfAttention(modelDim, heads, headDim)] on the query weights: a <see cref="SelfAttentionSpec"/>. Its other members
/// (keys, values, outputs and the three biases) are read by the extractor into <see cref="Pipeline.AttentionMembers"/>.
/// The forward pass over token sequences is not generated yet (CCG0106), so there is no network block.
/// </summary>
internal sealed class AttentionLayerKind : ILayerKind
{
    public LayerKind Kind => LayerKind.SelfAttention;

    public BlockSpec Block(LayerArguments arguments) => new SelfAttentionSpec(arguments.Inputs, arguments.Heads, arguments.HeadDim);

    public bool Accepts(StorageShape storage) => storage.IsWeightOf(LayerKind.SelfAttention);

    public string StorageTypes => StorageShapes.WeightTypesOf(LayerKind.SelfAttention);

    public string WeightOrder(BlockSpec block) => $"row-major [{Inv(((SelfAttentionSpec)block).Projection)}, {Inv(block.Inputs)}]";

    public int[] StoredShape(BlockSpec block) => new[] { checked((int)((SelfAttentionSpec)block).Projection), block.Inputs };

    public string NetworkBlock(BlockSpec block, int weights, int bias, (int Height, int Width) input) =>
        throw new System.InvalidOperationException("Attention has no generated forward pass.");
}
