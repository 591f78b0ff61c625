using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Pipeline;

/// <summary>Facts about a <see cref="StorageShape"/> only the emitters need (the shared ones are in <see cref="StorageShapes"/>).</summary>
internal static class StorageKinds
{
    /// <summary>The C# element type of the member: "float" or "double".</summary>
    public static string Element(this StorageShape kind) => kind.IsFloat() ? "float" : "double";
}

/// <summary>One [Dense] member, reduced to plain data (NegativeSlope: a leaky ReLU's slope for z &lt; 0, used by the forward pass only).</summary>
internal sealed record LayerModel(
    string MemberName, int Inputs, int Outputs, ActivationKind Activation,
    StorageShape Storage, string? BiasMember, StorageShape BiasStorage, double NegativeSlope = DenseArguments.DefaultNegativeSlope)
{
    /// <summary>True when the weight member is static (the generated code then reads it through the type, not <c>this</c>).</summary>
    public bool WeightIsStatic { get; init; }

    /// <summary>True when the bias member is static.</summary>
    public bool BiasIsStatic { get; init; }
}

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
    /// <summary>The engine's description of this model.</summary>
    public ModelDescription ToDescription()
    {
        var layers = new LayerSpec[Layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            var l = Layers[i];
            layers[i] = new LayerSpec(l.Inputs, l.Outputs, l.Activation, l.BiasMember is not null, l.MemberName, l.BiasMember ?? "");
        }

        return new ModelDescription(layers);
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
