using System;
using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// Where a hidden level's parameters live in the flat θ (global indices): the incoming weights A (one row of
/// <see cref="Inputs"/> entries per unit, rows consecutive), the optional bias b, the optional trainable Swish β, and
/// the outgoing weights B (<see cref="Outputs"/> rows of <see cref="Width"/> units × <see cref="OutTaps"/> taps,
/// row-major: unit c's entries in row r are the <see cref="OutTaps"/> consecutive values at (r·Width + c)·OutTaps). The
/// family's laws are the entries of Q = A Aᵀ + b bᵀ − k Bᵀ B − diag(β²), with B's taps summed over.
/// Dense: Inputs = the layer's inputs, OutTaps = 1. Convolutions: a row holds in-channels × taps, and OutTaps is the
/// next kernel's taps (or the positions per channel a dense layer after the convolution reads). A diagonal layer in:
/// Inputs = 1; out: Outputs = 1.
/// </summary>
/// <param name="InWeights">Offset of A.</param>
/// <param name="Inputs">Entries per row of A.</param>
/// <param name="Bias">Offset of b, or −1 without a bias.</param>
/// <param name="OutWeights">Offset of B.</param>
/// <param name="Outputs">Rows of B.</param>
/// <param name="Width">Units of the level (rows of A, columns of B).</param>
/// <param name="OutTaps">Consecutive entries of B per (row, unit).</param>
/// <param name="Degree">k of a k-homogeneous activation (RePU, Power); 1 otherwise.</param>
/// <param name="Beta">Offset of a trainable Swish β (one per unit), or −1.</param>
internal sealed record GramLayout(int InWeights, int Inputs, int Bias, int OutWeights, int Outputs, int Width, int OutTaps = 1, int Degree = 1, int Beta = -1)
{
    public int InWeight(int row, int column) => InWeights + row * Inputs + column;

    public int OutWeight(int row, int column) => OutWeights + row * Width * OutTaps + column * OutTaps;

    /// <summary>Index of tap <paramref name="tap"/> of B's entry (row, unit).</summary>
    public int OutWeight(int row, int column, int tap) => OutWeights + (row * Width + column) * OutTaps + tap;

    /// <summary>
    /// The entry Q[i, j] as a polynomial, with every variable index moved by <paramref name="shift"/> (to local
    /// indices). Defined for any (i, j): off-diagonal entries behind an activation are candidate shapes, not laws.
    /// </summary>
    public IntegerPolynomial Entry(int i, int j, int shift)
    {
        var h = new IntegerPolynomial();
        for (int c = 0; c < Inputs; c++) h.Add(Monomial.Of(InWeight(i, c) + shift, InWeight(j, c) + shift), 1);
        if (Bias >= 0) h.Add(Monomial.Of(Bias + i + shift, Bias + j + shift), 1);
        for (int r = 0; r < Outputs; r++)
            for (int p = 0; p < OutTaps; p++)
                h.Add(Monomial.Of(OutWeight(r, i, p) + shift, OutWeight(r, j, p) + shift), -Degree);
        if (Beta >= 0 && i == j) h.Add(Monomial.Of(Beta + i + shift, Beta + i + shift), -1);
        return h;
    }
}

/// <summary>
/// Names shown in law formulas for a hidden level: its incoming weights, bias and outgoing weights, and how a unit's row
/// of the incoming weights and column of the outgoing weights are written, with <c>#</c> standing for the unit:
/// "[#,:]" and "[:,#]" for dense layers, "[#,:,:]" for a 1-D kernel's row, "[:,#,:,:]" for a 2-D kernel's column,
/// "[:,#*64:(#+1)*64]" for the 64 columns a dense layer after a convolution reads from one channel, "[#]" (a single
/// weight, <paramref name="InScalar"/> or <paramref name="OutScalar"/>) on a diagonal layer; and the level's trainable
/// Swish β when it has one.
/// </summary>
internal sealed record GramNames(string InWeight, string? Bias, string OutWeight, string InRow = "[#,:]", string OutColumn = "[:,#]", bool InScalar = false, bool OutScalar = false, string? Beta = null)
{
    /// <summary>How unit # of a level reads in the formulas of the layer <paramref name="inShape"/> before it and <paramref name="outShape"/> after it.</summary>
    public static GramNames For(string inWeight, string? bias, string outWeight, Model.BlockSpec inBlock, Model.LayerShape inShape, Model.BlockSpec outBlock, Model.LayerShape outShape)
    {
        string row = inShape.Diagonal ? "[#]" : inBlock is Model.ConvolutionSpec c ? (c.Dimensions == 1 ? "[#,:,:]" : "[#,:,:,:]") : "[#,:]";
        string taps = outShape.Taps.ToString(CultureInfo.InvariantCulture);
        string column = outShape.Diagonal ? "[#]"
            : outBlock is Model.ConvolutionSpec k ? (k.Dimensions == 1 ? "[:,#,:]" : "[:,#,:,:]")
            : outShape.Taps > 1 ? "[:,#*" + taps + ":(#+1)*" + taps + "]" : "[:,#]";
        return new GramNames(inWeight, bias, outWeight, row, column, inShape.Diagonal, outShape.Diagonal);
    }
}

/// <summary>
/// The Gram law of one hidden level, Q = A Aᵀ + b bᵀ − Bᵀ B: every upper-triangle entry Q[i, j] at a level inside a
/// linear run (symmetry GL(width)), or only the diagonal Q[i, i] — one balance per neuron — at a positively
/// homogeneous activation (symmetry: positive rescaling of each neuron). Permuting the neurons of the level maps
/// Q[i, j] to Q[π(i), π(j)], so one diagonal and one off-diagonal entry represent every orbit.
/// </summary>
internal sealed class GramFamily : LawFamily
{
    private readonly int _componentStart;
    private readonly int _componentIndex;
    private readonly GramNames _names;
    private readonly int[] _representatives;

    /// <param name="kind">Gram entries (a linear level) or balances (a gated level).</param>
    /// <param name="layer">0-based index of the block whose outputs are the level.</param>
    /// <param name="layout">Where the level's parameters are in θ.</param>
    /// <param name="names">How formulas name them.</param>
    /// <param name="componentIndex">Index of the component that holds the family.</param>
    /// <param name="componentStart">Global index of the component's first parameter (local polynomials start there).</param>
    /// <param name="group">The group name; "Hidden{layer + 1}" when null.</param>
    public GramFamily(LawKind kind, int layer, GramLayout layout, GramNames names, int componentIndex, int componentStart, string? group = null)
    {
        if (kind is not (LawKind.GramEntry or LawKind.NeuronBalance)) throw new ArgumentException("A Gram family holds Gram entries or balances.", nameof(kind));
        Kind = kind;
        Layer = layer;
        Layout = layout;
        _names = names;
        _componentIndex = componentIndex;
        _componentStart = componentStart;
        int w = layout.Width;
        Count = Diagonal ? w : checked((int)((long)w * (w + 1) / 2)); // model validation keeps it ≤ 2³⁰
        _representatives = Diagonal || w < 2 ? new[] { 0 } : new[] { 0, 1 };
        Group = group ?? "Hidden" + (layer + 1).ToString(CultureInfo.InvariantCulture);
    }

    public override LawKind Kind { get; }

    public override string Group { get; }

    public override int Layer { get; }

    /// <summary>Global parameter layout of the level (what the emitted loop kernels read).</summary>
    public GramLayout Layout { get; }

    /// <summary>True for one balance per neuron (the diagonal of Q) instead of the whole upper triangle.</summary>
    public bool Diagonal => Kind == LawKind.NeuronBalance;

    public override int Count { get; }

    // The entries of A Aᵀ + b bᵀ − Bᵀ B as functions of (A, b, B) alone: the two-layer count with N = inputs + bias + outputs
    // (Marcotte, Gribonval and Peyré 2023, Prop. 4.2); inside a larger model their rank can only be lower.
    public override int RankUpperBound
    {
        get
        {
            if (Diagonal) return Count;
            int r = Layout.Width, n = Layout.Inputs + (Layout.Bias >= 0 ? 1 : 0) + Layout.Outputs;
            return n >= r ? Count : n * r - n * (n - 1) / 2;
        }
    }

    // Q sums over the inputs of A and the outputs of B, so permuting either leaves every entry unchanged.
    public override bool InvariantAtItsEnds => true;

    public override IReadOnlyList<int> OrbitRepresentatives => _representatives;

    public override int TermsPerMember => Layout.Inputs + (Layout.Bias >= 0 ? 1 : 0) + Layout.Outputs * Layout.OutTaps + (Layout.Beta >= 0 ? 1 : 0);

    /// <summary>Member index of Q[i, j] (i ≤ j; i = j for balances).</summary>
    public int MemberOf(int i, int j) => Diagonal ? i : Start(i) + (j - i);

    /// <summary>The entry (i, j) of member k.</summary>
    public (int Row, int Column) Entry(int member)
    {
        if (Diagonal) return (member, member);
        // Row i starts at i·w − i(i−1)/2; invert the quadratic, then correct the rounding.
        int w = Layout.Width;
        double b = 2.0 * w + 1;
        int i = (int)((b - System.Math.Sqrt(b * b - 8.0 * member)) / 2);
        if (i < 0) i = 0;
        while (i > 0 && Start(i) > member) i--;
        while (i + 1 < w && Start(i + 1) <= member) i++;
        return (i, i + member - Start(i));
    }

    private int Start(int i) => i * Layout.Width - i * (i - 1) / 2;

    public override int Degree => 2;

    public override IntegerPolynomial LocalPolynomial(int member) => Polynomial(member, -_componentStart);

    public override IntegerPolynomial GlobalPolynomial(int member) => Polynomial(member, 0);

    public override ConservationLaw Law(int member)
    {
        var (i, j) = Entry(member);
        string name = Diagonal ? Inv($"{Group}[{i}]") : Inv($"{Group}[{i},{j}]");
        return new ConservationLaw(name, i, j, _componentIndex, this, member);
    }

    public override string Formula(int member, bool latex)
    {
        var (i, j) = Entry(member);
        return Formula(Inv(i), Inv(j), i == j, latex);
    }

    /// <summary>
    /// The plain-text name and formula of a diagonal (<paramref name="diagonal"/>) or off-diagonal entry as composite
    /// format strings with {0} = i and {1} = j, for code that writes the texts of a whole family at run time.
    /// </summary>
    public (string Name, string Formula) TextFormats(bool diagonal)
    {
        string name = Diagonal ? Escape(Group) + "[{0}]" : Escape(Group) + "[{0},{1}]";
        var escaped = _names with { InWeight = Escape(_names.InWeight), Bias = _names.Bias is null ? null : Escape(_names.Bias), OutWeight = Escape(_names.OutWeight), Beta = _names.Beta is null ? null : Escape(_names.Beta) };
        return (name, Formula("{0}", "{1}", diagonal, latex: false, escaped));
    }

    /// <summary>
    /// The compact text of the linear law a diagonal member gives under the mirror flow, its weights summed slice by
    /// slice: "sum(W1[7,:]) + b1[7] - sum(W2[:,7])" (docs/momentum.md, mirror flow). Null for an off-diagonal member and
    /// for levels whose linear law is not the plain signed sum (a degree k ≠ 1 or a trainable β).
    /// </summary>
    public string? LinearSumFormula(int member)
    {
        var (i, j) = Entry(member);
        if (i != j || Layout.Degree != 1 || Layout.Beta >= 0) return null;
        string unit = Inv(i);
        string inPart = _names.InScalar ? _names.InWeight + _names.InRow.Replace("#", unit) : "sum(" + _names.InWeight + _names.InRow.Replace("#", unit) + ")";
        string outPart = _names.OutScalar ? _names.OutWeight + Unit(_names.OutColumn, unit) : "sum(" + _names.OutWeight + Unit(_names.OutColumn, unit) + ")";
        return inPart + (_names.Bias is null ? "" : " + " + _names.Bias + "[" + unit + "]") + " - " + outPart;
    }

    /// <summary>
    /// The plain-text formula of a member under layer-wise rates: the incoming block's terms (weights, bias, −β²) over
    /// <paramref name="inRate"/> minus the outgoing block's over <paramref name="outRate"/>, e.g.
    /// "(|W1[0,:]|^2 + b1[0]^2)/1 - (|W2[:,0]|^2)/0.5".
    /// </summary>
    public string RescaledFormula(int member, string inRate, string outRate)
    {
        var (i, j) = Entry(member);
        string plain = Formula(Inv(i), Inv(j), i == j, latex: false);
        // Formula writes the incoming part, " - ", the outgoing part, then (diagonal, Swish-β) " - β[i]^2" of the incoming block.
        int cut = plain.IndexOf(" - ", StringComparison.Ordinal);
        string inPart = plain.Substring(0, cut), outPart = plain.Substring(cut + 3), beta = "";
        if (i == j && Layout.Beta >= 0)
        {
            int at = outPart.LastIndexOf(" - ", StringComparison.Ordinal);
            beta = outPart.Substring(at);
            outPart = outPart.Substring(0, at);
        }

        return "(" + inPart + beta + ")/" + inRate + " - (" + outPart + ")/" + outRate;
    }

    private static string Escape(string s) => s.Replace("{", "{{").Replace("}", "}}");

    private IntegerPolynomial Polynomial(int member, int shift)
    {
        var (i, j) = Entry(member);
        return Layout.Entry(i, j, shift);
    }

    private string Formula(string i, string j, bool same, bool latex, GramNames? names = null)
    {
        names ??= _names;
        string a = latex ? LawText.Tex(names.InWeight) : names.InWeight;
        string b = names.Bias is null ? "" : latex ? LawText.Tex(names.Bias) : names.Bias;
        string o = latex ? LawText.Tex(names.OutWeight) : names.OutWeight;
        bool bias = names.Bias is not null;
        string ai = a + names.InRow.Replace("#", i), aj = a + names.InRow.Replace("#", j);
        string oi = o + Unit(names.OutColumn, i), oj = o + Unit(names.OutColumn, j);
        // The degree k of a k-homogeneous unit multiplies the outgoing term; a trainable β adds −β² on the diagonal.
        string k = Layout.Degree == 1 ? "" : Inv(Layout.Degree) + (latex ? "\\," : "");
        if (same)
        {
            string betaName = names.Beta ?? "Beta";
            string betaTerm = Layout.Beta < 0 ? "" : latex ? Inv($" - {LawText.Tex(betaName)}[{i}]^2") : Inv($" - {betaName}[{i}]^2");
            string inPart = names.InScalar ? ai + "^2" : latex ? $"\\lVert {ai}\\rVert^2" : $"|{ai}|^2";
            string outPart = names.OutScalar ? oi + "^2" : latex ? $"\\lVert {oi}\\rVert^2" : $"|{oi}|^2";
            return inPart + (bias ? Inv($" + {b}[{i}]^2") : "") + " - " + k + outPart + betaTerm;
        }

        string inPair = names.InScalar ? (latex ? $"{ai}\\,{aj}" : $"{ai}*{aj}") : latex ? $"\\langle {ai}, {aj}\\rangle" : $"<{ai}, {aj}>";
        string outPair = names.OutScalar ? (latex ? $"{oi}\\,{oj}" : $"{oi}*{oj}") : latex ? $"\\langle {oi}, {oj}\\rangle" : $"<{oi}, {oj}>";
        return inPair + (bias ? (latex ? Inv($" + {b}[{i}]\\,{b}[{j}]") : Inv($" + {b}[{i}]*{b}[{j}]")) : "") + " - " + k + outPair;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    // Unit i in a row or column template. For a concrete unit the slice of a dense layer after a convolution reads as
    // its bounds ("[:,6:9]", not "[:,2*3:(2+1)*3]"); a format placeholder keeps the template's arithmetic.
    private static string Unit(string template, string i)
    {
        int star = template.IndexOf("#*", StringComparison.Ordinal);
        if (star < 0 || !int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out int unit)) return template.Replace("#", i);
        int end = template.IndexOf(':', star);
        if (end < 0 || !int.TryParse(template.Substring(star + 2, end - star - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int taps))
            return template.Replace("#", i);
        return template.Substring(0, star) + ((long)unit * taps).ToString(CultureInfo.InvariantCulture) + ":" + ((long)(unit + 1) * taps).ToString(CultureInfo.InvariantCulture) + "]";
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
