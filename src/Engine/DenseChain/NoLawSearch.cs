using System.Collections.Generic;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// The search of a segment with convolutions or diagonal layers: the parity-class search is written for dense one-tap
/// layers, so none runs; the analysis reports that no law beyond the structural families was looked for, and never
/// calls such a segment exhaustively searched.
/// </summary>
internal sealed class NoLawSearch : Components.ILawSearch
{
    private readonly string _reason;

    public NoLawSearch(string reason = "it has convolutions or diagonal layers, for which this version searches no laws beyond the Gram entries and balances") =>
        _reason = reason;

    public int Rejected => 0;

    public int ExhaustiveDegree => 0;

    public string? NotSearched => _reason;

    public List<IntegerPolynomial> FindDegreeTwo() => new();

    public List<IntegerPolynomial> FindHigherDegree(IReadOnlyList<IntegerPolynomial> known, List<string> notes) => new();
}
