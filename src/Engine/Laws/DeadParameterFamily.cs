using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// Parameters the loss does not depend on (φ does not contain them, so every gradient is zero there): each is a linear
/// law θ_k, e.g. an attention block's key bias, which softmax over the keys removes. Member m is θ at
/// <see cref="Offset"/> + m, written <c>Name[m]</c>; permuting the parameters permutes the members, so member 0 stands for all.
/// </summary>
internal sealed class DeadParameterFamily : LawFamily, IColumnSumFamily
{
    private readonly string _name;
    private readonly int _componentIndex;
    private readonly int _componentStart;

    public DeadParameterFamily(string group, string name, int layer, int offset, int count, int componentIndex, int componentStart)
    {
        Group = group;
        _name = name;
        Layer = layer;
        Offset = offset;
        Count = count;
        _componentIndex = componentIndex;
        _componentStart = componentStart;
    }

    /// <summary>Global index of member 0.</summary>
    public int Offset { get; }

    public override LawKind Kind => LawKind.DeadParameter;

    /// <summary>The parameters, as a one-row matrix whose column sums are the members.</summary>
    public int Weights => Offset;

    /// <inheritdoc/>
    public int Outputs => 1;

    /// <inheritdoc/>
    public int Inputs => Count;

    /// <inheritdoc/>
    public int Bias => -1;

    /// <inheritdoc/>
    public (string Name, string Formula, string BiasName, string BiasFormula) TextFormats() =>
        (Escape(Group) + "[{0}]", Escape(_name) + "[{0}]", "", "");

    private static string Escape(string s) => s.Replace("{", "{{").Replace("}", "}}");

    public override string Group { get; }

    public override int Layer { get; }

    public override bool InvariantAtItsEnds => true;

    public override int RankUpperBound => Count;

    public override int Count { get; }

    public override IReadOnlyList<int> OrbitRepresentatives { get; } = new[] { 0 };

    public override int TermsPerMember => 1;

    public override int Degree => 1;

    public override IntegerPolynomial LocalPolynomial(int member) => Polynomial(member, -_componentStart);

    public override IntegerPolynomial GlobalPolynomial(int member) => Polynomial(member, 0);

    private IntegerPolynomial Polynomial(int member, int shift)
    {
        var h = new IntegerPolynomial();
        h.Add(Monomial.Of(Offset + member + shift), 1);
        return h;
    }

    public override string Formula(int member, bool latex) =>
        (latex ? LawText.Tex(_name) : _name) + "[" + member.ToString(CultureInfo.InvariantCulture) + "]";

    public override ConservationLaw Law(int member) =>
        new(Group + "[" + member.ToString(CultureInfo.InvariantCulture) + "]", member, member, _componentIndex, this, member);
}
