using ConservationCodegen.Engine.Model;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.LayerKinds;

/// <summary>
/// [SelfAttention(modelDim, heads, headDim)] on the query weights: a <see cref="SelfAttentionSpec"/>. Its other members
/// (keys, values, outputs and the three biases) are read by the extractor into <see cref="Pipeline.AttentionMembers"/>.
/// Its network block mixes the tokens of a sample (the model's InputShape gives their number).
/// </summary>
internal sealed class AttentionLayerKind : ILayerKind
{
    public LayerKind Kind => LayerKind.SelfAttention;

    public BlockSpec Block(LayerArguments arguments) => new SelfAttentionSpec(arguments.Inputs, arguments.Heads, arguments.HeadDim);

    public bool Accepts(StorageShape storage) => storage.IsWeightOf(LayerKind.SelfAttention);

    public string StorageTypes => StorageShapes.WeightTypesOf(LayerKind.SelfAttention);

    public string WeightOrder(BlockSpec block) => $"row-major [{Inv(((SelfAttentionSpec)block).Projection)}, {Inv(block.Inputs)}]";

    public int[] StoredShape(BlockSpec block) => new[] { checked((int)((SelfAttentionSpec)block).Projection), block.Inputs };

    public string NetworkBlock(BlockSpec block, int weights, int bias, (int Height, int Width) input)
    {
        var a = (SelfAttentionSpec)block;
        string At(long offset) => Inv(weights + offset);
        string Bias(bool has, long offset) => has ? At(offset) : "-1";
        return $"{LayerKindRegistry.NetworkBlockType}.SelfAttention({At(a.QueryOffset)}, {Bias(a.HasQueryBias, a.QueryBiasOffset)}, {At(a.KeyOffset)}, "
            + $"{Bias(a.HasKeyBias, a.KeyBiasOffset)}, {At(a.ValueOffset)}, {Bias(a.HasValueBias, a.ValueBiasOffset)}, {At(a.OutputOffset)}, "
            + $"{Inv(a.ModelDim)}, {Inv(a.Heads)}, {Inv(a.HeadDim)})";
    }
}
