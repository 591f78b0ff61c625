using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Attention;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.GatedUnits;
using ConservationCodegen.Engine.HomogeneousUnits;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.NormalizedBlocks;

namespace ConservationCodegen.Engine.Components;

/// <summary>
/// The registry of components: which implementation of <see cref="IComponent"/> analyses each part of a model. Segments
/// joined by skip connections form one <see cref="ResidualRegion"/> (laws pair parameters along a skip's residual
/// stream, so those segments are not independent); a segment with a RePU, Power or trainable-β Swish level is a
/// <see cref="HomogeneousUnitSegment"/>; every other segment is a <see cref="DenseSegment"/> (dense layers, convolutions
/// and diagonal layers alike, through their <see cref="LayerShape"/>s).
/// </summary>
internal static class ModelComponents
{
    public static List<IComponent> Of(ModelDescription model)
    {
        var structure = new ModelStructure(model);
        var result = new List<IComponent>();
        foreach (var group in ResidualRegion.Groups(structure))
        {
            if (model.Layers[group[0].FirstLayer] is SelfAttentionSpec) result.Add(new AttentionBlock(model, group[0]));
            else if (group.Count > 1) result.Add(new ResidualRegion(structure, group));
            else if (GatedUnitSegment.Applies(model, group[0])) result.Add(new GatedUnitSegment(model, group[0]));
            else if (HomogeneousUnitSegment.Applies(model, group[0])) result.Add(new HomogeneousUnitSegment(model, group[0]));
            else if (NormalizedSegment.Applies(model, group[0])) result.Add(new NormalizedSegment(model, group[0]));
            else result.Add(new DenseSegment(model, group[0]));
        }

        return result;
    }

    /// <summary>
    /// Combinations no component analyses: gated linear units outside what <see cref="GatedUnitSegment"/> proves; RePU, Power and trainable-β Swish units next to anything but dense layers, or
    /// inside a residual region. One error per block, by name.
    /// </summary>
    public static IEnumerable<ModelError> Unsupported(ModelDescription model)
    {
        foreach (var error in AttentionCuts.Problems(model)) yield return error;
        foreach (var error in UnsupportedGatedUnits(model)) yield return error;
        var structure = new ModelStructure(model);
        for (int k = 0; k < model.Layers.Count; k++)
        {
            var block = model.Layers[k];
            if (block.Normalization == NormalizationKind.None) continue;
            string? why = block is DiagonalSpec ? "a diagonal layer is not normalised"
                : block.ResidualFrom >= 0 ? "a normalised block does not take a residual connection (a skip around or into a normalised layer is not analysed yet); remove its ResidualFrom, or its Normalization"
                : block.HasBeta ? "a normalised block does not take a trainable Swish β (put the activation on the affine layer after it)"
                : null;
            if (why is not null)
                yield return new ModelError(ModelErrorKind.Unsupported, k, string.Format(CultureInfo.InvariantCulture,
                    "Layer {0} ({1}) is not analysed by this version of the engine: {2}.", k + 1, block.KindName, why));
        }

        foreach (var group in ResidualRegion.Groups(structure))
        {
            foreach (var s in group)
            {
                if (NormalizedSegment.Applies(model, s) && (group.Count > 1 || HomogeneousUnitSegment.Applies(model, s)))
                    yield return new ModelError(ModelErrorKind.Unsupported, s.LastLayer, string.Format(CultureInfo.InvariantCulture,
                        "Layer {0} ({1}) is not analysed by this version of the engine: a normalised block is analysed after dense layers, convolutions and diagonal layers with identity, ReLU, leaky ReLU or abs activations, {2}.",
                        s.LastLayer + 1, model.Layers[s.LastLayer].KindName, group.Count > 1 ? "not next to residual connections" : "not after RePU, Power or trainable-β Swish units"));
                if (!HomogeneousUnitSegment.Applies(model, s)) continue;
                for (int k = s.FirstLayer; k <= s.LastLayer; k++)
                {
                    if (group.Count > 1)
                        yield return new ModelError(ModelErrorKind.Unsupported, k, string.Format(CultureInfo.InvariantCulture,
                            "Layer {0} ({1}) is not analysed by this version of the engine: RePU, Power and trainable-β Swish units are not analysed next to residual connections.",
                            k + 1, model.Layers[k].KindName));
                    else if (!(model.Layers[k] is LayerSpec && model.Shapes[k].Taps == 1 && !model.Shapes[k].Diagonal))
                        yield return new ModelError(ModelErrorKind.Unsupported, k, string.Format(CultureInfo.InvariantCulture,
                            "Layer {0} ({1}) is not analysed by this version of the engine: RePU, Power and trainable-β Swish units are analysed between dense layers only.",
                            k + 1, model.Layers[k].KindName));
                }
            }
        }
    }

    /// <summary>
    /// Why the count of <paramref name="c"/> is not certified because it reads LayerNorm's values with no activation in
    /// between (directly, or through the affine γ ⊙ n + β), or null. Those values sum to 0 over the units of every
    /// sample, so the input is not generic: the weights reading them directly have laws of their own (each row sum),
    /// and through an affine the centring is a symmetry that depends on γ. Every count here assumes generic inputs; its
    /// laws stay laws, but more may exist (docs/certificates.md, "Normalisation").
    /// </summary>
    public static string? CentredInput(ModelDescription model, IComponent c)
    {
        int first = c.FirstLayer;
        if (first < 1) return null;
        var before = model.Layers[first - 1];
        if (before.Normalization == NormalizationKind.LayerNorm && before.Activation == ActivationKind.Identity && model.Layers[first] is not DiagonalSpec)
            return string.Format(CultureInfo.InvariantCulture,
                "it reads the LayerNorm output of layer {0}, whose values sum to 0 over the units, so the weights reading them have laws of their own (each row sum of a dense layer's weights) that a count for generic inputs does not see; an activation on layer {0} (GELU, tanh, ReLU, …) removes them", first);
        if (model.Layers[first] is DiagonalSpec { Activation: ActivationKind.Identity } && first + 1 < model.Layers.Count
            && model.Layers[first - 1] is { Normalization: NormalizationKind.LayerNorm, Activation: ActivationKind.Identity })
            return string.Format(CultureInfo.InvariantCulture,
                "it reads the LayerNorm output of layer {0} through its affine (layer {1}) with no activation: the centred values give the layer after it a symmetry that depends on γ, which a count for generic inputs does not model; an activation on layer {1} (GELU, tanh, ReLU, …) removes it", first, first + 1);
        return null;
    }

    // A gated linear unit is analysed when its gate has no rescaling symmetry, its input is a cut (the model's input or
    // an activation without rescaling symmetry), no skip connection touches it, and its segment has no k-homogeneous or
    // trainable-β units (docs/certificates.md, "Gated linear units").
    private static IEnumerable<ModelError> UnsupportedGatedUnits(ModelDescription model)
    {
        for (int k = 0; k < model.Layers.Count; k++)
        {
            if (model.Layers[k] is not GatedLinearUnitSpec glu) continue;
            string why;
            if (ActivationKinds.IsHomogeneous(glu.GateActivation))
                why = string.Format(CultureInfo.InvariantCulture,
                    "its gate activation {0} is homogeneous, which couples the gate weights with the down projection (laws this version does not derive); use a gate without rescaling symmetry (SiLU, GELU, sigmoid, tanh, softplus)",
                    ActivationKinds.DisplayName(glu.GateActivation));
            else if (k > 0 && !ModelStructure.IsCutLevel(model, k - 1))
                why = string.Format(CultureInfo.InvariantCulture,
                    "its input is not a cut: layer {0} before it ends in a {1} activation, through which laws could pair the gate weights with earlier layers; gated linear units are analysed first in the model or after an activation without rescaling symmetry",
                    k, ActivationKinds.DisplayName(model.Layers[k - 1]));
            else if (TouchingSkip(model, k) is int other)
                why = string.Format(CultureInfo.InvariantCulture,
                    "the residual connection of layer {0} touches it; next to a gated linear unit this version analyses only x + down(unit(x)) from a cut (ResidualFrom = the unit, on the dense layer after it) and skips that read its segment's output", other + 1);
            else if (UnitsAfter(model, k) is int units)
                why = string.Format(CultureInfo.InvariantCulture,
                    "layer {0} in its segment has a RePU, Power or trainable-β Swish activation, which this version does not analyse after a gated linear unit", units + 1);
            else continue;
            yield return new ModelError(ModelErrorKind.Unsupported, k, string.Format(CultureInfo.InvariantCulture,
                "Layer {0} (glu) is not analysed by this version of the engine: {1}.", k + 1, why));
        }
    }

    // A skip whose span, from the level it reads (the output of layer from − 1) to the level it adds to (the output of
    // layer k), meets the levels of the unit's segment: from its input to the first activation that cuts the model.
    private static int? TouchingSkip(ModelDescription model, int glu)
    {
        var segment = new ModelStructure(model).Segments.First(s => s.FirstLayer <= glu && glu <= s.LastLayer);
        int end = segment.LastLayer;
        // x + down(unit(x)) from a cut, ending the unit's segment where nothing joins it to the next one, adds only data to
        // its output: the unit's φ is unchanged. Skips that end before the unit are the input's cut check's.
        bool alone = end == model.Layers.Count - 1 || ActivationKinds.CutsModel(model.Layers[end]) || model.Layers[end + 1] is SelfAttentionSpec
            || ModelStructure.IsUnitSumFromCut(model, end);
        for (int k = glu; k < model.Layers.Count; k++)
        {
            int from = model.Layers[k].ResidualFrom;
            if (from < 0 || from - 1 > end) continue;
            // A skip that reads the segment's output level, or adds x to it from the unit's input (a cut), leaves the unit's
            // φ alone, as long as the segment holds the down projection and stands alone (no skip joins it to the next).
            bool standsAlone = alone && end > glu;
            if (from - 1 == end && standsAlone) continue;
            if (from == glu && k == end && standsAlone && ModelStructure.IsCutLevel(model, glu - 1)) continue;
            return k;
        }

        return null;
    }

    private static int? UnitsAfter(ModelDescription model, int glu)
    {
        for (int k = glu + 1; k < model.Layers.Count - 1; k++)
        {
            var block = model.Layers[k];
            if (ActivationKinds.HasDegree(block.Activation) || block.Activation == ActivationKind.Swish && block.HasBeta) return k;
            if (ActivationKinds.CutsModel(block)) return null;
        }

        return null;
    }
}
