using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.NormalizedBlocks;

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

/// <summary>
/// A segment that meets the hypothesis of the path-incidence theorem (docs/certificates.md §3: φ is the path-lifting of
/// its layers, each component one path) and ends with a normalised block has exactly H + (the normalisation's laws)
/// independent laws, H its hidden units (docs/certificates.md, "Normalisation", theorem normalized-path-incidence): at
/// θ = 𝟙 (BatchNorm, RMSNorm), or at 𝟙 with generic weights on the normalised block (LayerNorm, whose centred φ
/// vanishes at 𝟙), the projected fields span all but the potentials on hidden units and as many directions as the
/// normalisation has laws, and the H balances with the normalisation's laws are independent.
/// </summary>
internal sealed class NormalizedPathIncidenceTheorem : CountTheorem
{
    private readonly NormalizedLayer _layer;
    private readonly HashSet<LawFamily> _balances;
    private readonly int _parameters;
    private readonly int _hidden;

    public NormalizedPathIncidenceTheorem(NormalizedLayer layer, int parameters, int hiddenUnits, IEnumerable<LawFamily> balances)
    {
        _layer = layer;
        _parameters = parameters;
        _hidden = hiddenUnits;
        _balances = new HashSet<LawFamily>(balances);
        IndependentLawCount = hiddenUnits + NormalizationFamily.CountOf(LawKind.NormalizationScale, layer) + NormalizationFamily.CountOf(LawKind.NormalizationShift, layer);
    }

    /// <summary>True for a segment of more than one layer that meets the path-incidence hypothesis and ends with a normalised full block.</summary>
    public static bool Applies(ModelDescription model, Segment segment, DenseChain.SegmentIndexing indexing) =>
        segment.FirstLayer < segment.LastLayer
        && model.Layers[segment.LastLayer].Normalization is NormalizationKind.BatchNorm or NormalizationKind.LayerNorm or NormalizationKind.RmsNorm
        && !model.Shapes[segment.LastLayer].Diagonal
        && DenseChain.PathIncidenceTheorem.Applies(indexing);

    public override string Name => "normalized-path-incidence";

    public override string Statement => string.Format(CultureInfo.InvariantCulture,
        "its φ is the path-lifting of its layers and it ends with {0}, so the projected fields' rank at one point bounds the count by its {1} hidden units plus the normalisation's {2} laws, all of them independent (docs/certificates.md, \"Normalisation\")",
        _layer.Kind switch { NormalizationKind.BatchNorm => "BatchNorm", NormalizationKind.LayerNorm => "LayerNorm", _ => "RMSNorm" }, _hidden, IndependentLawCount - _hidden);

    public override int IndependentLawCount { get; }

    public override int? DimW => _parameters - IndependentLawCount;

    public override int? BracketRounds => 0;

    // Any subset of the balances and the normalisation's laws is independent (the triangular argument restricts to it).
    public override int LawRank(IReadOnlyCollection<LawFamily> verified) =>
        verified.Where(f => _balances.Contains(f) || f is NormalizationFamily n && n.Layer == _layer.Layer).Sum(f => f.Count);
}
