using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// The balance of a residual stream: skip connections join unit c of several levels (the input a skip starts from, the
/// output it is added to), and rescaling unit c at all of them together by the same λ &gt; 0 keeps the model, while no
/// one of them can be rescaled alone (the skip adds it, unscaled, to the other). The conserved quantity is the sum of
/// the levels' balances: Σ_levels ‖A_level[c, :]‖² + b_level[c]² − ‖B_level[:, c]‖² (docs/certificates.md, "Cuts").
/// One member per unit; permuting unit c at every level of the stream at once is a symmetry of φ, so member 0 stands
/// for all.
/// </summary>
internal sealed class StreamFamily : LawFamily
{
    private readonly int _componentStart;
    private readonly int _componentIndex;
    private readonly IReadOnlyList<GramFamily> _levels;

    /// <param name="levels">The balance family of each level of the stream (their layouts give the terms), in order.</param>
    /// <param name="componentIndex">Index of the component the laws belong to.</param>
    /// <param name="componentStart">Global index of the component's first parameter.</param>
    public StreamFamily(IReadOnlyList<GramFamily> levels, int componentIndex, int componentStart)
    {
        if (levels.Count < 2 || levels.Any(l => !l.Diagonal || l.Layout.Width != levels[0].Layout.Width))
            throw new ArgumentException("A stream joins the balances of at least two levels of equal width.", nameof(levels));
        _levels = levels;
        _componentIndex = componentIndex;
        _componentStart = componentStart;
        Group = "Stream" + (levels[0].Layer + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Global layer indices whose outputs are the stream's levels, in order.</summary>
    public IReadOnlyList<int> Layers => _levels.Select(l => l.Layer).ToList();

    /// <summary>Where each level's incoming weights, bias and outgoing weights live (what an emitted loop kernel reads): member c is Σ Q_level[c, c].</summary>
    public IReadOnlyList<GramLayout> Layouts => _levels.Select(l => l.Layout).ToList();

    public override LawKind Kind => LawKind.NeuronBalance;

    public override string Group { get; }

    public override int Layer => _levels[0].Layer;

    // Permuting one level alone is no symmetry of φ (the skip ties it to the others).
    public override bool InvariantAtItsEnds => false;

    public override int RankUpperBound => Count;

    public override int Count => _levels[0].Layout.Width;

    public override IReadOnlyList<int> OrbitRepresentatives { get; } = new[] { 0 };

    public override int TermsPerMember => _levels.Sum(l => l.TermsPerMember);

    public override int Degree => 2;

    public override IntegerPolynomial LocalPolynomial(int member) => Polynomial(member, -_componentStart);

    public override IntegerPolynomial GlobalPolynomial(int member) => Polynomial(member, 0);

    private IntegerPolynomial Polynomial(int member, int shift)
    {
        var h = new IntegerPolynomial();
        foreach (var level in _levels)
            foreach (var term in level.Layout.Entry(member, member, shift).Terms) h.Add(term.Key, term.Value);
        return h;
    }

    public override string Formula(int member, bool latex) =>
        string.Join(" + ", _levels.Select(l => "(" + l.Formula(member, latex) + ")"));

    /// <summary>The plain-text name and formula as composite format strings with {0} = the unit.</summary>
    public (string Name, string Formula) TextFormats() =>
        (Group + "[{0}]", string.Join(" + ", _levels.Select(l => "(" + l.TextFormats(diagonal: true).Formula + ")")));

    public override ConservationLaw Law(int member) =>
        new(Group + "[" + member.ToString(CultureInfo.InvariantCulture) + "]", member, member, _componentIndex, this, member);
}
