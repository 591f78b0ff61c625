using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>What a <see cref="ModelNote"/> is about.</summary>
public enum ModelNoteKind
{
    /// <summary>A parameter whose gradient is identically zero, so training never changes it (e.g. a bias before BatchNorm).</summary>
    DeadParameter,
}

/// <summary>
/// A fact about the model itself that the user may want to act on (a diagnostic to be), found from its structure.
/// <see cref="Layer"/> is 0-based; <see cref="Member"/> names the parameter group.
/// </summary>
public sealed record ModelNote(ModelNoteKind Kind, int Layer, string Member, string Message)
{
    /// <summary>The notes of a valid model: today, every bias followed by BatchNorm is dead.</summary>
    public static IReadOnlyList<ModelNote> Of(ModelDescription model)
    {
        var notes = new List<ModelNote>();
        for (int k = 0; k < model.Layers.Count; k++)
        {
            var block = model.Layers[k];
            if (block.Normalization != NormalizationKind.BatchNorm || !block.HasBias) continue;
            notes.Add(new ModelNote(ModelNoteKind.DeadParameter, k, block.BiasName, string.Format(CultureInfo.InvariantCulture,
                "The bias '{0}' of layer {1} is dead: BatchNorm subtracts each unit's batch mean, which removes the bias, so its gradient is always zero and training never changes it (each entry is a conservation law). Remove the bias; BatchNorm's own shift takes its place.",
                block.BiasName, k + 1)));
        }

        return notes;
    }
}
