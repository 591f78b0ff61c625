using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Pipeline;

/// <summary>Facts about a <see cref="StorageShape"/> only the emitters need (the shared ones are in <see cref="StorageShapes"/>).</summary>
internal static class StorageKinds
{
    /// <summary>The C# element type of the member: "float" or "double".</summary>
    public static string Element(this StorageShape kind) => kind.IsFloat() ? "float" : "double";
}

/// <summary>
/// One layer member reduced to plain data: its engine block (an equatable record of the block's kind, shapes and
/// activation, with the member names as formula names), how its members are stored, and what only the forward pass
/// needs (NegativeSlope: a leaky ReLU's slope for z &lt; 0).
/// </summary>
internal sealed record LayerModel(
    string MemberName, BlockSpec Block, StorageShape Storage, string? BiasMember, StorageShape BiasStorage,
    double NegativeSlope = LayerArguments.DefaultNegativeSlope)
{
    /// <summary>Which attribute declared the layer.</summary>
    public LayerKind Kind { get; init; } = LayerKind.Dense;

    /// <summary>The trainable Swish β member, or null.</summary>
    public string? BetaMember { get; init; }

    /// <summary>How the β member is stored.</summary>
    public StorageShape BetaStorage { get; init; } = StorageShape.Unsupported;

    /// <summary>True when the weight member is static (the generated code then reads it through the type, not <c>this</c>).</summary>
    public bool WeightIsStatic { get; init; }

    /// <summary>True when the bias member is static.</summary>
    public bool BiasIsStatic { get; init; }

    /// <summary>True when the β member is static.</summary>
    public bool BetaIsStatic { get; init; }

    /// <summary>
    /// A gated linear unit's up weights W₂ (its <c>Up</c> member), or null. The layer's own member then holds the gate
    /// weights W₁, first in θ; the engine block's weight name is this member's.
    /// </summary>
    public string? UpMember { get; init; }

    /// <summary>How the up member is stored.</summary>
    public StorageShape UpStorage { get; init; } = StorageShape.Unsupported;

    /// <summary>True when the up member is static.</summary>
    public bool UpIsStatic { get; init; }

    /// <summary>The other members of a self-attention block (keys, values, outputs, biases); null for other kinds.</summary>
    public AttentionMembers? Attention { get; init; }

    /// <summary>
    /// For the affine γ ⊙ n + β of a normalised layer — a diagonal layer whose weights are the <c>NormScale</c> member and
    /// whose bias is the <c>NormShift</c> member, carrying the layer's activation — the normalised layer's member; null
    /// for a declared layer.
    /// </summary>
    public string? AffineOf { get; init; }

    /// <summary>Input units: features, or channels of a convolution.</summary>
    public int Inputs => Block.Inputs;

    /// <summary>Output units: neurons, or channels of a convolution.</summary>
    public int Outputs => Block.Outputs;

    /// <summary>The activation after the layer.</summary>
    public ActivationKind Activation => Block.Activation;
}

/// <summary>One member of a block beyond its weights, bias and β: its name, storage and whether it is static.</summary>
internal sealed record BlockMember(string Name, StorageShape Storage, bool IsStatic);

/// <summary>The key, value and output weights and the optional query, key and value biases of a self-attention block.</summary>
internal sealed record AttentionMembers(BlockMember Key, BlockMember Value, BlockMember Output, BlockMember? QueryBias, BlockMember? KeyBias, BlockMember? ValueBias);

/// <summary>
/// Everything the heavy step and the emitter need about one model: strings, ints and enums only — no symbols,
/// syntax, locations or compilations — so an edit that does not change it stops the pipeline.
/// </summary>
/// <param name="Namespace">The namespace as C# text (keywords escaped: <c>My.@event</c>), or "" for the global namespace.</param>
/// <param name="TypeName">The class's name as a symbol gives it (no '@'), for messages; emitted escaped.</param>
/// <param name="MetadataName">Unique key of the type: namespace, containing types with their arity, and name (<c>N.Outer`1+M</c>).</param>
/// <param name="Keyword">The class's declaration keyword: <c>class</c>, <c>record</c> or <c>record struct</c>.</param>
/// <param name="ContainingTypes">Declaration headers of the containing types, outermost first (<c>record struct S</c>, <c>class Outer&lt;T&gt;</c>).</param>
/// <param name="MaxDegree">Largest degree of the polynomial law search (<c>[ConservationModel(MaxDegree = …)]</c>, 1–4).</param>
/// <param name="Layers">The layers in declaration order.</param>
internal sealed record ModelSpec(
    string Namespace, string TypeName, string MetadataName, string Keyword,
    EquatableArray<string> ContainingTypes, int MaxDegree, EquatableArray<LayerModel> Layers)
{
    /// <summary>The declared input shape (<c>[ConservationModel(InputShape = …)]</c>), empty when none.</summary>
    public EquatableArray<int> InputShape { get; init; }

    /// <summary>The losses the laws hold for (<c>[ConservationModel(Loss = …)]</c>: softmax cross-entropy adds the translation laws).</summary>
    public OutputLoss Loss { get; init; }

    /// <summary>
    /// True for <c>[ConservationModel(InputSymmetry = InputSymmetry.Rotation)]</c> (checked: the first layer is dense and
    /// no residual connection reads the input): the input angular momentum is emitted. No law or count depends on it.
    /// </summary>
    public bool InputRotation { get; init; }

    /// <summary>The engine's description of this model.</summary>
    public ModelDescription ToDescription()
    {
        var blocks = new BlockSpec[Layers.Count];
        for (int i = 0; i < blocks.Length; i++) blocks[i] = Layers[i].Block;
        return new ModelDescription(blocks, InputShape.Count == 0 ? null : InputShape.ToArray()) { Loss = Loss };
    }

    /// <summary>True when any layer stores float.</summary>
    public bool UsesFloat
    {
        get
        {
            foreach (var l in Layers) if (l.Storage.IsFloat()) return true;
            return false;
        }
    }
}
