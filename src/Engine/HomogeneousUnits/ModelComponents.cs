using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.HomogeneousUnits;

/// <summary>
/// The components of a model: a <see cref="HomogeneousUnitSegment"/> for each segment with a RePU, Power or trainable-β
/// Swish level, a <see cref="DenseSegment"/> for every other segment.
/// </summary>
internal static class ModelComponents
{
    public static List<IComponent> Of(ModelDescription model) =>
        new ModelStructure(model).Segments
            .Select(s => HomogeneousUnitSegment.Applies(model, s) ? new HomogeneousUnitSegment(model, s) : (IComponent)new DenseSegment(model, s))
            .ToList();

    /// <summary>Segments with homogeneous units are analysed between dense layers only: one error per other block in them.</summary>
    public static IEnumerable<ModelError> Unsupported(ModelDescription model)
    {
        foreach (var s in new ModelStructure(model).Segments)
        {
            if (!HomogeneousUnitSegment.Applies(model, s)) continue;
            for (int k = s.FirstLayer; k <= s.LastLayer; k++)
            {
                if (model.Layers[k] is LayerSpec && model.Shapes[k].Taps == 1 && !model.Shapes[k].Diagonal) continue;
                yield return new ModelError(ModelErrorKind.Unsupported, k, string.Format(CultureInfo.InvariantCulture,
                    "Layer {0} ({1}) is not analysed by this version of the engine: RePU, Power and trainable-β Swish units are analysed between dense layers only.",
                    k + 1, model.Layers[k].KindName));
            }
        }
    }
}
