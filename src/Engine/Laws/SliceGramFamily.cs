using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// One matrix of a Gram law read from θ: unit r's vector is θ[Offset + r·UnitStride + c·EntryStride] for c = 0 …
/// Length − 1 (global θ indices). Written in formulas as <c>Name[r,:]</c> (a row), <c>Name[:,r]</c> (a column) or
/// <c>Name[r]</c> (a bias, Length 1).
/// </summary>
/// <param name="Sign">+1 or −1: the slice's Gram is added or subtracted.</param>
/// <param name="Offset">Global index of unit 0, entry 0.</param>
/// <param name="UnitStride">Distance in θ between units.</param>
/// <param name="EntryStride">Distance in θ between the entries of one unit's vector.</param>
/// <param name="Length">Entries per unit.</param>
/// <param name="Name">Member name in formulas.</param>
/// <param name="Notation">"[#,:]", "[:,#]" or "[#]" with # the unit.</param>
internal sealed record GramSlice(int Sign, long Offset, long UnitStride, long EntryStride, int Length, string Name, string Notation)
{
    /// <summary>Global index of entry c of unit r.</summary>
    public int Index(int unit, int entry) => checked((int)(Offset + unit * UnitStride + entry * EntryStride));
}

/// <summary>
/// The Gram law of a group of units shared by several matrices: Q[i, j] = Σ_slices sign·⟨v_slice(r_i), v_slice(r_j)⟩ with
/// r_i = <see cref="FirstUnit"/> + i, every upper-triangle entry (i ≤ j) of a <see cref="Width"/>-unit group. The linear
/// pairs of an attention head (queries against keys, values against outputs) keep such laws: GL(width) acts on the
/// head's units, and permuting them maps Q[i, j] to Q[π(i), π(j)], so entries (0, 0) and (0, 1) represent every orbit.
/// </summary>
internal sealed class SliceGramFamily : LawFamily
{
    private readonly IReadOnlyList<GramSlice> _slices;
    private readonly int _componentIndex;
    private readonly int _componentStart;
    private readonly int[] _representatives;

    public SliceGramFamily(string group, int layer, int firstUnit, int width, IReadOnlyList<GramSlice> slices, int rankUpperBound, int componentIndex, int componentStart)
    {
        if (width < 1 || slices.Count == 0) throw new ArgumentException("A Gram family needs units and slices.");
        Group = group;
        Layer = layer;
        FirstUnit = firstUnit;
        Width = width;
        _slices = slices;
        _componentIndex = componentIndex;
        _componentStart = componentStart;
        Count = checked(width * (width + 1) / 2);
        RankUpperBound = Math.Min(Count, rankUpperBound);
        _representatives = width < 2 ? new[] { 0 } : new[] { 0, 1 };
    }

    /// <summary>Unit of entry 0 in the matrices' numbering (e.g. head a's first row, a·headDim).</summary>
    public int FirstUnit { get; }

    /// <summary>Units of the group.</summary>
    public int Width { get; }

    /// <summary>The matrices whose Grams make up Q (what an emitted kernel reads).</summary>
    public IReadOnlyList<GramSlice> Slices => _slices;

    public override LawKind Kind => LawKind.GramEntry;

    public override string Group { get; }

    public override int Layer { get; }

    // Every slice sums over its entries, so permuting them leaves each member unchanged.
    public override bool InvariantAtItsEnds => true;

    public override int RankUpperBound { get; }

    public override int Count { get; }

    public override IReadOnlyList<int> OrbitRepresentatives => _representatives;

    public override int TermsPerMember => _slices.Sum(s => s.Length);

    public override int Degree => 2;

    /// <summary>The entry (i, j), i ≤ j, of member k (row-major upper triangle).</summary>
    public (int Row, int Column) Entry(int member)
    {
        int i = 0, start = 0;
        while (start + (Width - i) <= member)
        {
            start += Width - i;
            i++;
        }

        return (i, i + member - start);
    }

    public override IntegerPolynomial LocalPolynomial(int member) => Polynomial(member, -_componentStart);

    public override IntegerPolynomial GlobalPolynomial(int member) => Polynomial(member, 0);

    private IntegerPolynomial Polynomial(int member, int shift)
    {
        var (i, j) = Entry(member);
        var h = new IntegerPolynomial();
        foreach (var s in _slices)
            for (int c = 0; c < s.Length; c++)
                h.Add(Monomial.Of(s.Index(FirstUnit + i, c) + shift, s.Index(FirstUnit + j, c) + shift), s.Sign);
        return h;
    }

    public override string Formula(int member, bool latex)
    {
        var (i, j) = Entry(member);
        return Formula(Inv(FirstUnit + i), Inv(FirstUnit + j), i == j, latex);
    }

    /// <summary>
    /// The plain-text name and formula of a diagonal (<paramref name="diagonal"/>) or off-diagonal entry as composite format
    /// strings: the name with {0} = i and {1} = j, the formula with {2} = FirstUnit + i and {3} = FirstUnit + j (the
    /// matrices' rows), for code that writes the texts of a whole family at run time.
    /// </summary>
    public (string Name, string Formula) TextFormats(bool diagonal) =>
        (Escape(Group) + "[{0},{1}]", Formula("{2}", "{3}", diagonal, latex: false, escape: true));

    private string Formula(string ri, string rj, bool same, bool latex, bool escape = false)
    {
        var text = new System.Text.StringBuilder();
        foreach (var s in _slices.OrderBy(s => -s.Sign))
        {
            string name = latex ? LawText.Tex(s.Name) : escape ? Escape(s.Name) : s.Name;
            string a = name + s.Notation.Replace("#", ri), b = name + s.Notation.Replace("#", rj);
            bool scalar = s.Length == 1 && s.Notation == "[#]";
            string term = same
                ? (scalar ? a + "^2" : latex ? $"\\lVert {a}\\rVert^2" : $"|{a}|^2")
                : (scalar ? (latex ? a + "\\," + b : a + "*" + b) : latex ? $"\\langle {a}, {b}\\rangle" : $"<{a}, {b}>");
            text.Append(text.Length == 0 ? (s.Sign < 0 ? "-" : "") : s.Sign < 0 ? " - " : " + ").Append(term);
        }

        return text.ToString();
    }

    private static string Escape(string s) => s.Replace("{", "{{").Replace("}", "}}");

    public override ConservationLaw Law(int member)
    {
        var (i, j) = Entry(member);
        return new ConservationLaw(Group + "[" + Inv(i) + "," + Inv(j) + "]", i, j, _componentIndex, this, member);
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
