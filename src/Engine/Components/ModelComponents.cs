using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Attention;
using ConservationCodegen.Engine.DenseChain;
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
            else if (HomogeneousUnitSegment.Applies(model, group[0])) result.Add(new HomogeneousUnitSegment(model, group[0]));
            else if (NormalizedSegment.Applies(model, group[0])) result.Add(new NormalizedSegment(model, group[0]));
            else result.Add(new DenseSegment(model, group[0]));
        }

        return result;
    }

    /// <summary>
    /// Combinations no component analyses: RePU, Power and trainable-β Swish units next to anything but dense layers, or
    /// inside a residual region. One error per block, by name.
    /// </summary>
    public static IEnumerable<ModelError> Unsupported(ModelDescription model)
    {
        foreach (var error in AttentionCuts.Problems(model)) yield return error;
        var structure = new ModelStructure(model);
        for (int k = 0; k < model.Layers.Count; k++)
        {
            var block = model.Layers[k];
            if (block.Normalization == NormalizationKind.None) continue;
            string? why = block is DiagonalSpec ? "a diagonal layer is not normalised"
                : block.ResidualFrom >= 0 ? "a normalised block does not take a residual connection"
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
}
