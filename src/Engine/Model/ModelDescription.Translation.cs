using System.Linq;

namespace ConservationCodegen.Engine.Model;

// Softmax cross-entropy (docs/certificates.md §10): what the translation laws need of the model, and the reduced model
// that counts them.
public sealed partial class ModelDescription
{
    /// <summary>
    /// Why the model cannot have the translation laws of <see cref="OutputLoss.SoftmaxCrossEntropy"/>, or null when it can
    /// (or when <see cref="Loss"/> is <see cref="OutputLoss.Any"/>). The proof needs every output o to be
    /// Σ_j W_L[o, j]·h_j + b_L[o] with the same h for every o: the last block a dense layer, nothing added to its output
    /// (no residual connection ending there), no trainable β on it, and at least two outputs (with one, softmax is constant).
    /// </summary>
    public ModelError? TranslationProblem()
    {
        if (Loss == OutputLoss.Any || Layers.Count == 0) return null;
        if (Loss != OutputLoss.SoftmaxCrossEntropy)
            return new ModelError(ModelErrorKind.InvalidOption, -1, $"The loss {Inv((int)Loss)} is not a defined OutputLoss value.");
        int k = Layers.Count - 1;
        var last = Layers[k];
        string layer = "layer " + Inv(k + 1);
        const string head = "; add a dense layer with one output per class after it";
        string why = last is SelfAttentionSpec ? $"the last block, {layer}, is an attention block, not a dense layer{head}"
            : last is not LayerSpec ? $"the last block, {layer}, is a {last.KindName} layer, not a dense one{head}"
            : last.ResidualFrom >= 0 ? $"the last layer, {layer}, ends a residual connection, so its outputs are not W h + b alone{head}"
            : last.HasBeta ? $"the last layer, {layer}, has a trainable β"
            : last.Outputs < 2 ? $"the last layer, {layer}, has {Inv(last.Outputs)} output; softmax needs at least two"
            : "";
        return why.Length == 0 ? null : new ModelError(ModelErrorKind.Unsupported, k,
            "Softmax cross-entropy laws need the last block to be a dense layer with at least two outputs and nothing added to its outputs: " + why + ".");
    }

    /// <summary>Number of translation laws: one per input of the last layer, plus one for its bias (0 for <see cref="OutputLoss.Any"/>).</summary>
    public int TranslationLawCount => Loss == OutputLoss.SoftmaxCrossEntropy && Layers.Count > 0
        ? Layers[Layers.Count - 1].Inputs + (Layers[Layers.Count - 1].HasBias ? 1 : 0)
        : 0;

    /// <summary>
    /// The model whose every-loss count plus <see cref="TranslationLawCount"/> is this model's count under softmax
    /// cross-entropy: the same blocks with one output fewer on the last layer, for every loss (valid models with
    /// <see cref="OutputLoss.SoftmaxCrossEntropy"/> only).
    /// </summary>
    public ModelDescription ReducedForTranslation()
    {
        var blocks = Layers.ToArray();
        var l = blocks[blocks.Length - 1];
        blocks[blocks.Length - 1] = new LayerSpec(l.Inputs, l.Outputs - 1, l.Activation, l.HasBias, l.WeightName, l.BiasName)
        {
            ActivationDegree = l.ActivationDegree,
            BetaName = l.BetaName,
            ResidualFrom = l.ResidualFrom,
        };
        return new ModelDescription(blocks, InputShape);
    }
}
