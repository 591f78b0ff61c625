using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Extraction.Readers;

/// <summary>[Dense(inputs, outputs)]: a <see cref="LayerSpec"/>, stored as a matrix, jagged or flat array.</summary>
internal sealed class DenseReader : ILayerReader
{
    public LayerKind Kind => LayerKind.Dense;

    public BlockSpec Block(LayerArguments arguments) => new LayerSpec(arguments.Inputs, arguments.Outputs, ActivationKind.Identity, false);

    public bool Accepts(StorageShape storage) => storage.IsWeightOf(LayerKind.Dense);

    public string StorageTypes => StorageShapes.WeightTypesOf(LayerKind.Dense);
}
