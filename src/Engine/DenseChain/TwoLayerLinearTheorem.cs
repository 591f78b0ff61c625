using System;
using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Laws;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Hypothesis: the segment is one linear run of exactly two layers, φ = W₂W₁ = UVᵀ with U = W₂ (n × r), V = W₁ᵀ
/// (m × r), N = n + m; either a first-layer bias b₁, which makes V = [W₁ b₁]ᵀ (m + 1 rows: an input fixed at 1), or an
/// output bias b₂, whose own coordinates of φ have constant gradient fields e_{b₂}: they keep every law off b₂, commute
/// with the pair's fields and add n to dim W_φ. Marcotte, Gribonval and Peyré (NeurIPS 2023), Prop. 4.2, Prop. 4.3 and
/// Cor. 4.4: wherever (U; V) has full rank — a generic condition, met on a dense open set — the entries of
/// UᵀU − VᵀV generate every conservation law, and exactly r(r+1)/2 of them are independent when N ≥ r,
/// N·r − N(N−1)/2 when N &lt; r. dim W_φ is the dimension of the image of (U, V) ↦ UVᵀ, the matrices of rank
/// ≤ k = min(r, n, m): k(n + m − k).
/// </summary>
internal sealed class TwoLayerLinearTheorem : CountTheorem
{
    private readonly LawFamily _gram;
    private readonly bool _hasBiases;

    /// <param name="inputs">m = width of the input level.</param>
    /// <param name="hidden">r = width of the hidden level.</param>
    /// <param name="outputs">n = width of the output level.</param>
    /// <param name="gram">The Gram family of the hidden level.</param>
    /// <param name="outputBiases">Entries of an output bias (0 without one).</param>
    /// <param name="hasBiases">Whether either layer has a bias (only the statement changes).</param>
    public TwoLayerLinearTheorem(int inputs, int hidden, int outputs, LawFamily gram, int outputBiases = 0, bool hasBiases = false)
    {
        _gram = gram;
        _hasBiases = hasBiases;
        int n = outputs, m = inputs, r = hidden, big = n + m;
        IndependentLawCount = big >= r ? r * (r + 1) / 2 : big * r - big * (big - 1) / 2;
        int k = Math.Min(r, Math.Min(n, m));
        DimW = k * (n + m - k) + outputBiases;
    }

    public override string Name => "two-layer-linear";

    public override string Statement => string.Format(CultureInfo.InvariantCulture,
        "it is a two-layer linear run{2}, so its Gram entries generate every law and {0} of them {1} independent (Marcotte, Gribonval and Peyré 2023, Prop. 4.2 and Cor. 4.4; (U; V) has full rank at generic points)",
        IndependentLawCount, IndependentLawCount == 1 ? "is" : "are",
        _hasBiases ? " (a first-layer bias is an input fixed at 1, an output bias keeps no law)" : " without biases");

    public override int IndependentLawCount { get; }

    public override int? DimW { get; }

    public override int? BracketRounds => null;

    public override int LawRank(IReadOnlyCollection<LawFamily> verified)
    {
        foreach (var f in verified)
            if (ReferenceEquals(f, _gram)) return IndependentLawCount;
        return 0;
    }
}
