using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.NormalizedBlocks;

/// <summary>
/// Exact check of candidate laws of a segment whose last block is normalised (docs/certificates.md, "Normalisation").
/// A law of the segment's path-lifting φ is a law here too (the normalised losses are among the losses f∘φ), so such
/// candidates go to the dense chain's verifier. Besides them, the verifier accepts h exactly when it is a nonzero
/// multiple of the conserved quantity of a symmetry of the normalisation, read off the block's normalisation kind:
/// <list type="bullet">
/// <item>a scaling θ_S ↦ e^ε θ_S of a set S of parameters that leaves the normalised values unchanged gives Σ_{i∈S} θ_i²
/// (Noether for the symmetric generator, the identity on S): BatchNorm S = the weights of one output unit; LayerNorm
/// and RMSNorm S = all weights and the bias;</item>
/// <item>a translation θ ↦ θ + εv that leaves them unchanged gives ⟨v, θ⟩ (the gradient of every loss is orthogonal
/// to v): BatchNorm v = e_{b_c}; LayerNorm v = Σ_c e_{W[c,j]} for each j, and Σ_c e_{b_c}.</item>
/// </list>
/// The hypotheses — the block is the segment's last, normalised, with no skip connection adding to its pre-activation —
/// are checked when the verifier is made; when they fail only the dense chain's verifier is used.
/// </summary>
internal sealed class NormalizationVerifier : ILawVerifier
{
    private readonly ILawVerifier _inner;
    private readonly NormalizedLayer? _layer;
    private readonly int _shift;
    private readonly WorkMeter _meter;

    public NormalizationVerifier(ILawVerifier inner, ModelDescription model, Segment segment, WorkMeter meter)
    {
        _inner = inner;
        _meter = meter;
        var block = model.Layers[segment.LastLayer];
        bool holds = block.Normalization != NormalizationKind.None && block.ResidualFrom < 0 && !block.HasBeta;
        _layer = holds ? new NormalizedLayer(model, segment.LastLayer) : null;
        _shift = -segment.ParameterStart;
    }

    public bool Verify(IntegerPolynomial h) => Verify(h, symmetricEnds: false);

    public bool Verify(IntegerPolynomial h, bool symmetricEnds)
    {
        if (h.IsZero) return false;
        if (_layer is not null && IsSymmetryLaw(h)) return true;
        return _inner.Verify(h, symmetricEnds);
    }

    private bool IsSymmetryLaw(IntegerPolynomial h)
    {
        _meter.Charge(4L * h.TermCount + 1, "law verification");
        var terms = h.Terms.ToList();
        long first = terms[0].Value;
        if (terms.Any(t => t.Value != first)) return false;
        int degree = terms[0].Key.Length;
        if (terms.Any(t => t.Key.Length != degree)) return false;
        var variables = new HashSet<int>();
        foreach (var t in terms)
        {
            var items = t.Key.Items;
            if (degree == 2 && items[0] != items[1]) return false;
            if (degree > 2) return false;
            variables.Add(items[0]);
        }

        int least = variables.Min();
        var candidate = degree == 2 ? (_layer!.HasScaleSymmetry ? ScaleSet(least) : null) : TranslationSet(least);
        return candidate is not null && candidate.SetEquals(variables);
    }

    // The parameters (local indices) a scaling symmetry of the normalised values multiplies, among those that contain
    // the parameter <paramref name="least"/> as their first; null when there is none.
    private HashSet<int>? ScaleSet(int least)
    {
        var l = _layer!;
        int w0 = l.WeightOffset + _shift;
        if (l.Kind == NormalizationKind.BatchNorm)
        {
            // Scaling unit c's weights multiplies z_c − mean(z_c) and its standard deviation alike: the normalised
            // value does not change (the bias cancels in z_c − mean(z_c)).
            int c = least - w0;
            if (c < 0 || c % l.RowLength != 0 || c / l.RowLength >= l.Outputs) return null;
            c /= l.RowLength;
            return new HashSet<int>(Enumerable.Range(0, l.RowLength).Select(j => l.Weight(c, j) + _shift));
        }

        // z ↦ s·z: every weight and the bias.
        if (least != w0) return null;
        var all = new HashSet<int>();
        for (int c = 0; c < l.Outputs; c++)
        {
            for (int j = 0; j < l.RowLength; j++) all.Add(l.Weight(c, j) + _shift);
            if (l.HasBias) all.Add(l.BiasOffset + c + _shift);
        }

        return all;
    }

    // The support (local indices) of a translation v, with equal entries, that leaves the normalised values unchanged
    // and whose first parameter is <paramref name="least"/>; null when there is none.
    private HashSet<int>? TranslationSet(int least)
    {
        var l = _layer!;
        int w0 = l.WeightOffset + _shift, b0 = l.BiasOffset + _shift;
        if (l.Kind == NormalizationKind.BatchNorm && l.HasBias)
        {
            // z_c ↦ z_c + t moves its mean by t.
            return least >= b0 && least < b0 + l.Outputs ? new HashSet<int> { least } : null;
        }

        if (l.Kind != NormalizationKind.LayerNorm) return null;
        // z ↦ z + (a·x_j)·𝟙 through column j of every row, and z ↦ z + t·𝟙 through the bias: every unit's mean moves
        // alike, and the deviations from it do not change.
        if (least >= w0 && least < w0 + l.RowLength)
            return new HashSet<int>(Enumerable.Range(0, l.Outputs).Select(c => l.Weight(c, least - w0) + _shift));
        return l.HasBias && least == b0 ? new HashSet<int>(Enumerable.Range(0, l.Outputs).Select(c => b0 + c)) : null;
    }
}
