using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Extraction.Readers;

/// <summary>[Conv1d(in, out, k)] and [Conv2d(in, out, kh, kw)]: a <see cref="ConvolutionSpec"/>, stored as a rank-3/4 or flat array.</summary>
internal sealed class ConvolutionReader : ILayerReader
{
    public ConvolutionReader(LayerKind kind) => Kind = kind;

    public LayerKind Kind { get; }

    public BlockSpec Block(LayerArguments a) =>
        new ConvolutionSpec(Kind == LayerKind.Conv1d ? 1 : 2, a.Inputs, a.Outputs, a.KernelHeight, a.KernelWidth, a.Stride, a.Padding);

    public bool Accepts(StorageShape storage) => storage.IsWeightOf(Kind);

    public string StorageTypes => StorageShapes.WeightTypesOf(Kind);
}
