using ConservationCodegen.Engine.Model;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.LayerKinds;

/// <summary>[Conv1d(in, out, k)] and [Conv2d(in, out, kh, kw)]: a <see cref="ConvolutionSpec"/>, stored as a rank-3/4 or flat array.</summary>
internal sealed class ConvolutionLayerKind : ILayerKind
{
    public ConvolutionLayerKind(LayerKind kind) => Kind = kind;

    public LayerKind Kind { get; }

    public BlockSpec Block(LayerArguments a) =>
        new ConvolutionSpec(Kind == LayerKind.Conv1d ? 1 : 2, a.Inputs, a.Outputs, a.KernelHeight, a.KernelWidth, a.Stride, a.Padding);

    public bool Accepts(StorageShape storage) => storage.IsWeightOf(Kind);

    public string StorageTypes => StorageShapes.WeightTypesOf(Kind);

    public string WeightOrder(BlockSpec block) => "row-major [" + string.Join(", ", System.Linq.Enumerable.Select(StoredShape(block), Inv)) + "]";

    public int[] StoredShape(BlockSpec block)
    {
        var c = (ConvolutionSpec)block;
        return c.Dimensions == 1
            ? new[] { c.OutChannels, c.InChannels, c.KernelWidth }
            : new[] { c.OutChannels, c.InChannels, c.KernelHeight, c.KernelWidth };
    }

    public string NetworkBlock(BlockSpec block, int weights, int bias, (int Height, int Width) input)
    {
        var c = (ConvolutionSpec)block;
        string tail = $"stride: {Inv(c.Stride)}, padding: {Inv(c.Padding)}, bias: {Inv(bias)})";
        return c.Dimensions == 1
            ? $"{LayerKindRegistry.NetworkBlockType}.Conv1d({Inv(weights)}, {Inv(c.InChannels)}, {Inv(c.OutChannels)}, {Inv(input.Width)}, {Inv(c.KernelWidth)}, {tail}"
            : $"{LayerKindRegistry.NetworkBlockType}.Conv2d({Inv(weights)}, {Inv(c.InChannels)}, {Inv(c.OutChannels)}, {Inv(input.Height)}, {Inv(input.Width)}, {Inv(c.KernelHeight)}, {Inv(c.KernelWidth)}, {tail}";
    }
}
