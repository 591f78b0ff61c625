using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Attention;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.HomogeneousUnits;
using ConservationCodegen.Engine.Model;

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
        foreach (var group in ResidualRegion.Groups(structure))
        {
            foreach (var s in group)
            {
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
