using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Attention;

/// <summary>
/// Where an attention block may sit for its laws and count to be those of its heads alone. Its input must be a cut —
/// the model input, the output of a block whose activation has no rescaling symmetry, or a residual sum x + g(x) whose
/// x is such a cut — because a linear or homogeneous level
/// before it would rescale (or mix) together with W_Q, W_K and W_V, pairing them with that layer. Its output must be a
/// cut too: the model output, an activation without a rescaling symmetry, or x + attention(x) (a residual connection
/// around the block alone: the sum cannot be rescaled, x being fixed). Anything else is refused by name.
/// </summary>
internal static class AttentionCuts
{
    /// <summary>One error per attention block that sits where this version cannot analyse it.</summary>
    public static IEnumerable<ModelError> Problems(ModelDescription model)
    {
        for (int k = 0; k < model.Layers.Count; k++)
        {
            if (model.Layers[k] is not SelfAttentionSpec block) continue;
            if (model.Layers.Any(l => l is ConvolutionSpec))
            {
                yield return Unsupported(k, $"Layer {Inv(k + 1)} (attention) is in a model with convolutions, which this version does not analyse: attention works on token sequences, convolutions on spatial inputs.");
                continue;
            }

            string layer = "Layer " + Inv(k + 1) + " (attention)";
            if (block.ResidualFrom >= 0 && block.ResidualFrom != k)
                yield return Unsupported(k, $"{layer} adds its output to the input of layer {Inv(block.ResidualFrom + 1)}; this version analyses attention with a residual connection around the block alone (ResidualFrom = its own index) only.");
            else if (!ModelStructure.IsCutLevel(model, k - 1) && IsAffineOfNormalization(model, k - 1))
                yield return Unsupported(k, $"{layer} reads the affine γ ⊙ n + β of the {model.Layers[k - 2].Normalization} of layer {Inv(k - 1)}{Named(model.Layers[k - 2])} (the affine counts as layer {Inv(k)}), a linear level that may rescale together with W_Q, W_K and W_V: laws may then pair them with γ and β, which this version does not analyse. Drop the affine (no NormScale or NormShift: the normalised values themselves are a cut), give the normalised layer an activation without a rescaling symmetry (GELU, tanh, …), or make the attention the first block.");
            else if (!ModelStructure.IsCutLevel(model, k - 1))
                yield return Unsupported(k, $"{layer} reads layer {Inv(k)}'s output, which a linear or positively homogeneous activation leaves rescalable: laws may then pair W_Q, W_K and W_V with layer {Inv(k)}, which this version does not analyse. Put an activation without a rescaling symmetry (tanh, GELU, …) before it, or make it the first block.");
            else if (k < model.Layers.Count - 1 && block.ResidualFrom != k && !ActivationKinds.CutsModel(block))
                yield return Unsupported(k, $"{layer} feeds layer {Inv(k + 2)} through a linear or positively homogeneous activation: laws may then pair W_O with layer {Inv(k + 2)}, which this version does not analyse. Add a residual connection around the attention (x + attention(x)), or end the model with it.");

            for (int j = k + 1; j < model.Layers.Count; j++)
            {
                int from = model.Layers[j].ResidualFrom;
                if (from >= 0 && from <= k)
                    yield return Unsupported(j, $"Layer {Inv(j + 1)}'s residual connection spans the attention block of layer {Inv(k + 1)}, which this version does not analyse.");
            }
        }
    }

    // The diagonal layer a normalised block's affine becomes (γ its weights, β its bias), right after that block.
    private static bool IsAffineOfNormalization(ModelDescription model, int k) =>
        k >= 1 && model.Layers[k] is DiagonalSpec && model.Layers[k - 1].Normalization != NormalizationKind.None;

    private static string Named(BlockSpec block) => block.WeightName.Length == 0 ? "" : " ('" + block.WeightName + "')";

    private static ModelError Unsupported(int layer, string message) => new(ModelErrorKind.Unsupported, layer, message);

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
