using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.HomogeneousUnits;

/// <summary>
/// The components of a model: a <see cref="HomogeneousUnitSegment"/> for each segment with a RePU, Power or trainable-β
/// Swish level, the dense chain's component (<see cref="DenseSegment"/>) for every other segment.
/// </summary>
internal static class ModelComponents
{
    // The dense chain's own factory builds every other segment's component (one per segment, in order), so whatever
    // it makes of them is kept; only the segments with homogeneous units are replaced.
    public static List<IComponent> Of(ModelDescription model)
    {
        var segments = new ModelStructure(model).Segments;
        return DenseChainComponents.Of(model)
            .Select((c, i) => HomogeneousUnitSegment.Applies(model, segments[i]) ? new HomogeneousUnitSegment(model, segments[i]) : (IComponent)c)
            .ToList();
    }

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
