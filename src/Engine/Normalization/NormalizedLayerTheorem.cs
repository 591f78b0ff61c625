using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Normalization;

/// <summary>
/// A normalised block that is a component on its own — its input is the model's input or comes from behind a cut — has
/// exactly the laws of its normalisation (docs/certificates.md, "Normalisation", theorem normalized-layer): φ is the
/// block's parameters themselves, the gradients of the normalised losses at θ are every vector orthogonal to the
/// gradients of those laws, and that distribution is tangent to their level sets, hence involutive. BatchNorm: one
/// law per output unit, plus its bias when it has one; LayerNorm: one per entry of a row, one for the bias, and the
/// scale law; RMSNorm: the scale law.
/// </summary>
internal sealed class NormalizedLayerTheorem : CountTheorem
{
    private readonly NormalizedLayer _layer;
    private readonly int _parameters;

    public NormalizedLayerTheorem(NormalizedLayer layer, int parameters)
    {
        _layer = layer;
        _parameters = parameters;
        IndependentLawCount = NormalizationFamily.CountOf(LawKind.NormalizationScale, layer) + NormalizationFamily.CountOf(LawKind.NormalizationShift, layer);
    }

    /// <summary>True when the component is the normalised block alone.</summary>
    public static bool Applies(ModelDescription model, Segment segment) =>
        segment.FirstLayer == segment.LastLayer && model.Layers[segment.LastLayer].Normalization != NormalizationKind.None;

    public override string Name => "normalized-layer";

    public override string Statement => string.Format(CultureInfo.InvariantCulture,
        "a block normalised by {0} whose input is not parameterised has exactly the {1} independent laws of its normalisation (docs/certificates.md, \"Normalisation\")",
        _layer.Kind switch { NormalizationKind.BatchNorm => "BatchNorm", NormalizationKind.LayerNorm => "LayerNorm", _ => "RMSNorm" }, IndependentLawCount);

    public override int IndependentLawCount { get; }

    public override int? DimW => _parameters - IndependentLawCount;

    public override int? BracketRounds => 0;

    // The laws' gradients are independent at generic points (the theorem's proof), so the rank is the number of
    // verified members of the normalisation's families.
    public override int LawRank(IReadOnlyCollection<LawFamily> verified) =>
        verified.OfType<NormalizationFamily>().Where(f => f.Layer == _layer.Layer).Sum(f => f.Count);
}
