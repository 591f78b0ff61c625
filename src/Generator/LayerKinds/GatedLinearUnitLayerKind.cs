using ConservationCodegen.Engine.Model;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.LayerKinds;

/// <summary>
/// [GatedLinearUnit(inputs, hidden, GateActivation = …, Up = …)]: a <see cref="GatedLinearUnitSpec"/>. The attribute's
/// member holds the gate weights W₁, the <c>Up</c> member the up weights W₂, both stored as a dense layer's weights
/// [hidden, inputs]; in θ W₁ comes first, and the engine's weight offset points at W₂.
/// </summary>
internal sealed class GatedLinearUnitLayerKind : ILayerKind
{
    public LayerKind Kind => LayerKind.GatedLinearUnit;

    public BlockSpec Block(LayerArguments arguments) =>
        new GatedLinearUnitSpec(arguments.Inputs, arguments.Outputs, (ActivationKind)(int)arguments.Options.GateActivation);

    public bool Accepts(StorageShape storage) => storage.IsWeightOf(LayerKind.GatedLinearUnit);

    public string StorageTypes => StorageShapes.WeightTypesOf(LayerKind.GatedLinearUnit);

    public string WeightOrder(BlockSpec block) => $"row-major [{Inv(block.Outputs)}, {Inv(block.Inputs)}]";

    public int[] StoredShape(BlockSpec block) => new[] { block.Outputs, block.Inputs };

    public string NetworkBlock(BlockSpec block, int weights, int bias, (int Height, int Width) input) =>
        $"{LayerKindRegistry.NetworkBlockType}.GatedLinearUnit({Inv(weights - (int)block.GateWeightCount)}, {Inv(weights)}, {Inv(block.Inputs)}, {Inv(block.Outputs)}, " +
        $"global::ConservationCodegen.Activation.{(Activation)(int)((GatedLinearUnitSpec)block).GateActivation})";
}
