using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Laws;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Hypothesis: φ of the segment is the path-lifting of its layered multigraph — units as nodes, every parameter an edge
/// (a weight joins its input unit to its output unit, one parallel edge per tap; a bias is an edge from a source).
/// That holds when every linear run (layers joined by identity levels) multiplies out to single path products: it has
/// at most one full (non-diagonal) layer, and at most one layer with a bias, after which the run has only diagonal
/// layers. Every run of a single layer qualifies, so every segment whose hidden levels are all behind a positively
/// homogeneous activation does (a single layer trivially). Then:
/// (1) at θ = 𝟙 the Jacobian of φ is the path–edge incidence matrix, whose kernel is exactly the node potentials
///     vanishing on inputs, outputs and sources, so rank = D − H (H hidden units); the rank at one point bounds
///     the generic rank from below, so dim Lie(W_φ) ≥ dim W_φ ≥ D − H and there are at most H independent laws;
/// (2) the H unit balances are laws, and their gradients restricted to one incoming weight per unit form a
///     triangular matrix with diagonal 2·θ_e ≠ 0 at generic θ, so they are independent.
/// Hence exactly H independent laws, W_φ is already a Lie algebra at generic points (dim W_φ = D − H), and the
/// balances generate every law. Proof in docs/certificates.md.
/// </summary>
internal sealed class PathIncidenceTheorem : CountTheorem
{
    private readonly HashSet<LawFamily> _balances;
    private readonly int _parameters;
    private readonly string? _statement;

    /// <param name="parameters">D of the segment.</param>
    /// <param name="hiddenNeurons">H of the segment (of a residual region: its classes of hidden units joined by skips).</param>
    /// <param name="balances">The segment's balance families (one per hidden level).</param>
    /// <param name="statement">The sentence reported for it, when not the segment's.</param>
    public PathIncidenceTheorem(int parameters, int hiddenNeurons, IEnumerable<LawFamily> balances, string? statement = null)
    {
        _statement = statement;
        _parameters = parameters;
        IndependentLawCount = hiddenNeurons;
        _balances = new HashSet<LawFamily>(balances);
    }

    /// <summary>True when the segment meets the hypothesis (read off activations, diagonal layers and biases).</summary>
    public static bool Applies(SegmentIndexing ix)
    {
        int T = ix.LayerCount, full = 0, biased = 0;
        bool fullAfterBias = false;
        for (int t = 1; t <= T; t++)
        {
            if (!ix.IsDiagonal(t))
            {
                full++;
                if (biased > 0) fullAfterBias = true;
            }

            if (ix.HasBias(t)) biased++;
            if (full > 1 || biased > 1 || fullAfterBias) return false;
            // A gate ends the run: the next layer starts a new one.
            if (t < T && ix.Segment.IsGateLevel[t]) full = biased = 0;
        }

        return true;
    }

    public override string Name => "path-incidence";

    public override string Statement => _statement ?? (IndependentLawCount == 0
        ? "it is a single layer, whose φ is its own parameters: they move freely, so it has no conservation law (docs/certificates.md)"
        : string.Format(CultureInfo.InvariantCulture,
            "its φ is the path-lifting of its layers (every hidden layer is behind a positively homogeneous activation or next to a diagonal layer), so the path-incidence rank at θ = 1 bounds the count by its {0} hidden units, whose balances are independent laws (docs/certificates.md)",
            IndependentLawCount));

    public override int IndependentLawCount { get; }

    public override int? DimW => _parameters - IndependentLawCount;

    public override int? BracketRounds => 0;

    // Any subset of the balances is independent (the triangular argument restricts to it).
    public override int LawRank(IReadOnlyCollection<LawFamily> verified)
    {
        int rank = 0;
        foreach (var f in verified)
            if (_balances.Contains(f)) rank += f.Count;
        return rank;
    }
}
