using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Momentum;

/// <summary>
/// The momentum count of a gated segment from one hidden unit (a neuron or a channel) or one chain of such units
/// (docs/certificates.md §9). In two layers, each path of φ runs through one hidden unit j, so every gradient
/// field χ_i, and every phase-space generator Y_{i,k} built from it, moves only unit j's incoming weights, bias and
/// outgoing weights (or, for an output bias, that bias alone). Fields of disjoint supports commute and their brackets
/// stay in their own block, so the Lie algebra is the direct sum of the blocks' algebras and the count is the sum of the
/// blocks' counts. The H hidden units are equal up to a permutation of θ (equal generic ranks), so H copies of the
/// one-unit count; an output bias o has the constant field e_o, whose generators (0, e_o) and (e_o, 0) span its two
/// phase-space directions: no law.
/// </summary>
internal static class UnitDecomposition
{
    /// <summary>
    /// The one-unit model whose count, times <paramref name="copies"/>, is the segment's count; false when the segment is
    /// not two dense or convolution layers (one unit: a neuron or a channel) with a gated hidden level of width ≥ 2.
    /// </summary>
    public static bool TryRepresentative(ModelDescription model, DenseSegment segment, out ModelDescription representative, out int copies)
    {
        representative = null!;
        copies = 0;
        if (segment.LastLayer != segment.FirstLayer + 1 || !segment.Indexing.Segment.IsGateLevel[1]) return false;
        var first = model.Layers[segment.FirstLayer];
        if (first.Outputs < 2) return false;
        // The last layer's activation does not enter φ (a cut or the output follows), and its bias is left out: no law.
        var thin = new[] { Thin(model, segment.FirstLayer, segment), Thin(model, segment.LastLayer, segment, withBias: false) };
        if (thin[0] is null || thin[1] is null) return false;
        representative = new ModelDescription(thin!);
        copies = first.Outputs;
        return true;
    }

    /// <summary>
    /// The chain of one unit per hidden level (same inputs, outputs, kernels, activations and biases) of a gated segment
    /// of three or more dense or convolution layers; false for other segments. If that chain keeps no momentum law,
    /// neither does the segment (docs/certificates.md §9): each choice of one unit per level is such a chain, its fields
    /// are the segment's fields for the activation patterns that switch every other hidden unit off, so its Lie algebra
    /// lies in the segment's, and every parameter lies on some chain — at a generic point the chains' full ranks cover
    /// all 2D directions.
    /// </summary>
    public static bool TryThinChain(ModelDescription model, DenseSegment segment, out ModelDescription chain)
    {
        chain = null!;
        int first = segment.FirstLayer, last = segment.LastLayer;
        if (last - first < 2) return false;
        var blocks = new BlockSpec[last - first + 1];
        for (int k = first; k <= last; k++)
        {
            if (k < last && !segment.Indexing.Segment.IsGateLevel[k - first + 1]) return false;
            if (Thin(model, k, segment) is not BlockSpec thin) return false;
            blocks[k - first] = thin;
        }

        chain = new ModelDescription(blocks);
        return true;
    }

    // Layer k with one unit on each side that is a hidden level of the segment (the segment's input and output keep their
    // widths); null for a kind the decomposition does not cover (diagonal layers, trainable β).
    private static BlockSpec? Thin(ModelDescription model, int k, DenseSegment segment, bool withBias = true)
    {
        var layer = model.Layers[k];
        bool first = k == segment.FirstLayer, last = k == segment.LastLayer;
        if (layer.HasBeta || model.Shapes[k].Diagonal || (first && layer is LayerSpec && model.Shapes[k].Taps != 1)) return null;
        var activation = last ? ActivationKind.Identity : layer.Activation;
        bool bias = withBias && layer.HasBias;
        return layer switch
        {
            // After a convolution a dense layer reads its input units' taps (positions): one unit keeps them.
            LayerSpec => new LayerSpec(first ? layer.Inputs : model.Shapes[k].Taps, last ? layer.Outputs : 1, activation, bias),
            ConvolutionSpec conv => new ConvolutionSpec(conv.Dimensions, first ? conv.InChannels : 1, last ? conv.OutChannels : 1,
                conv.KernelHeight, conv.KernelWidth, conv.Stride, conv.Padding) { Activation = activation, HasBias = bias },
            _ => null,
        };
    }
}
