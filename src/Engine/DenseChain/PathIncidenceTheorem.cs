using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Laws;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Hypothesis: every hidden level of the segment is followed by a positively homogeneous, non-identity activation
/// (every linear run is a single layer; a single layer qualifies trivially). Then φ is the path-lifting of a layered
/// graph whose edges are all the parameters (a bias is an edge from a source), and:
/// (1) at θ = 𝟙 the Jacobian of φ is the path–edge incidence matrix, whose kernel is exactly the node potentials
///     vanishing on inputs, outputs and sources, so rank = D − H (H hidden neurons); the rank at one point bounds
///     the generic rank from below, so dim Lie(W_φ) ≥ dim W_φ ≥ D − H and there are at most H independent laws;
/// (2) the H neuron balances are laws, and their gradients restricted to one incoming weight per neuron form a
///     triangular matrix with diagonal 2·W_t[j, 0] ≠ 0 at generic θ, so they are independent.
/// Hence exactly H independent laws, W_φ is already a Lie algebra at generic points (dim W_φ = D − H), and the
/// balances generate every law. Proof in docs/certificates.md.
/// </summary>
internal sealed class PathIncidenceTheorem : CountTheorem
{
    private readonly HashSet<LawFamily> _balances;
    private readonly int _parameters;

    /// <param name="parameters">D of the segment.</param>
    /// <param name="hiddenNeurons">H of the segment.</param>
    /// <param name="balances">The segment's balance families (one per hidden level).</param>
    public PathIncidenceTheorem(int parameters, int hiddenNeurons, IEnumerable<LawFamily> balances)
    {
        _parameters = parameters;
        IndependentLawCount = hiddenNeurons;
        _balances = new HashSet<LawFamily>(balances);
    }

    public override string Name => "path-incidence";

    public override string Statement => IndependentLawCount == 0
        ? "it is a single layer, whose φ is its own parameters: they move freely, so it has no conservation law (docs/certificates.md)"
        : string.Format(CultureInfo.InvariantCulture,
            "every hidden layer is behind a positively homogeneous activation, so the path-incidence rank at θ = 1 bounds the count by its {0} hidden neurons, whose balances are independent laws (docs/certificates.md)",
            IndependentLawCount);

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
