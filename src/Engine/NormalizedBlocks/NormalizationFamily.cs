using System;
using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.NormalizedBlocks;

/// <summary>
/// The laws a normalisation gives the block it normalises (docs/layers.md, "Normalisation layers"), from the symmetries
/// of the normalised values:
/// <list type="bullet">
/// <item>scale (<see cref="LawKind.NormalizationScale"/>, group "Norm{k}"): BatchNorm ‖W_k[c,:]‖² per output unit c;
/// LayerNorm and RMSNorm one law ‖W_k‖² + ‖b_k‖²;</item>
/// <item>translation (<see cref="LawKind.NormalizationShift"/>, group "Shift{k}"): BatchNorm b_k[c] per unit (the
/// bias is dead: zero gradient); LayerNorm Σ_c W_k[c,j] for every entry j of a row, and Σ_c b_k[c].</item>
/// </list>
/// Every member is checked by <see cref="NormalizationVerifier"/> against the symmetry's generator, so every member is
/// its own orbit representative. The scale laws are emitted through the Gram kernel (<see cref="NormalizationScaleFamily"/>),
/// the shifts through the column-sum kernel (<see cref="NormalizationShiftFamily"/>).
/// </summary>
internal abstract class NormalizationFamily : LawFamily
{
    private readonly NormalizedLayer _layer;
    private readonly int _componentIndex;
    private readonly int _componentStart;
    private readonly int[] _members;

    /// <summary>The family of <paramref name="kind"/> on <paramref name="layer"/>.</summary>
    public static NormalizationFamily Create(LawKind kind, NormalizedLayer layer, int componentIndex, int componentStart) =>
        kind == LawKind.NormalizationScale
            ? new NormalizationScaleFamily(layer, componentIndex, componentStart)
            : new NormalizationShiftFamily(layer, componentIndex, componentStart);

    protected NormalizationFamily(LawKind kind, NormalizedLayer layer, int componentIndex, int componentStart)
    {
        if (kind is not (LawKind.NormalizationScale or LawKind.NormalizationShift)) throw new ArgumentException("A normalisation family holds scale or shift laws.", nameof(kind));
        Kind = kind;
        _layer = layer;
        _componentIndex = componentIndex;
        _componentStart = componentStart;
        Count = CountOf(kind, layer);
        _members = new int[Count];
        for (int m = 0; m < Count; m++) _members[m] = m;
        Group = GroupOf(kind, layer.Layer);
    }

    /// <summary>The group name of the family of <paramref name="kind"/> on block <paramref name="layer"/> (0-based): "Norm{k}" or "Shift{k}".</summary>
    public static string GroupOf(LawKind kind, int layer) =>
        (kind == LawKind.NormalizationScale ? "Norm" : "Shift") + (layer + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Members of a family of this kind on this layer (0 when the normalisation gives none).</summary>
    public static int CountOf(LawKind kind, NormalizedLayer layer) => (kind, layer.Kind) switch
    {
        (LawKind.NormalizationScale, _) when !layer.HasScaleSymmetry => 0, // ε > 0 breaks the scale symmetry
        (LawKind.NormalizationScale, NormalizationKind.BatchNorm) => layer.Outputs,
        (LawKind.NormalizationScale, NormalizationKind.LayerNorm or NormalizationKind.RmsNorm) => 1,
        (LawKind.NormalizationShift, NormalizationKind.BatchNorm) => layer.HasBias ? layer.Outputs : 0,
        (LawKind.NormalizationShift, NormalizationKind.LayerNorm) => layer.RowLength + (layer.HasBias ? 1 : 0),
        _ => 0,
    };

    public override LawKind Kind { get; }

    public override string Group { get; }

    public override int Layer => _layer.Layer;

    /// <summary>The normalised block.</summary>
    public NormalizedLayer Normalized => _layer;

    // Each member is verified against its own generator; the permutation argument is not used.
    public override bool InvariantAtItsEnds => false;

    // The members' gradients have disjoint supports (BatchNorm, LayerNorm's shifts) or there is one member; LayerNorm's
    // scale law is independent of its shifts wherever W or b is not constant over the output units.
    public override int RankUpperBound => Count;

    public override int Count { get; }

    public override IReadOnlyList<int> OrbitRepresentatives => _members;

    public override int TermsPerMember => (Kind, _layer.Kind) switch
    {
        (LawKind.NormalizationScale, NormalizationKind.BatchNorm) => _layer.RowLength,
        (LawKind.NormalizationScale, _) => _layer.Outputs * (_layer.RowLength + (_layer.HasBias ? 1 : 0)),
        (LawKind.NormalizationShift, NormalizationKind.BatchNorm) => 1,
        _ => _layer.Outputs,
    };

    public override int Degree => Kind == LawKind.NormalizationScale ? 2 : 1;

    public override IntegerPolynomial LocalPolynomial(int member) => Polynomial(member, -_componentStart);

    public override IntegerPolynomial GlobalPolynomial(int member) => Polynomial(member, 0);

    /// <summary>True when the family has one member per output unit (BatchNorm); false for whole-layer laws and LayerNorm's columns.</summary>
    public bool PerUnit => _layer.Kind == NormalizationKind.BatchNorm;

    /// <summary>True when member <paramref name="member"/> of a LayerNorm shift family is the bias sum 𝟙ᵀb.</summary>
    public bool IsBiasSum(int member) => Kind == LawKind.NormalizationShift && _layer.Kind == NormalizationKind.LayerNorm && member == _layer.RowLength;

    public override ConservationLaw Law(int member)
    {
        string index = Count == 1 && !PerUnit && Kind == LawKind.NormalizationScale ? "" : IsBiasSum(member) ? "[bias]" : "[" + Inv(member) + "]";
        int row = PerUnit ? member : -1, column = PerUnit ? member : Kind == LawKind.NormalizationShift && !IsBiasSum(member) ? member : -1;
        return new ConservationLaw(Group + index, row, column, _componentIndex, this, member);
    }

    public override string Formula(int member, bool latex)
    {
        string w = latex ? LawText.Tex(_layer.WeightName) : _layer.WeightName;
        string b = latex ? LawText.Tex(_layer.BiasName) : _layer.BiasName;
        string Norm(string x) => latex ? "\\lVert " + x + "\\rVert^2" : "|" + x + "|^2";
        string Sum(string x) => latex ? "\\mathbb{1}^\\top " + x : "sum(" + x + ")";
        if (Kind == LawKind.NormalizationScale)
        {
            if (PerUnit) return Norm(w + _layer.Row(Inv(member)));
            return Norm(w) + (_layer.HasBias ? " + " + Norm(b) : "");
        }

        if (PerUnit) return b + "[" + Inv(member) + "]";
        return IsBiasSum(member) ? Sum(b) : Sum(w + _layer.Column(member));
    }

    private IntegerPolynomial Polynomial(int member, int shift)
    {
        var h = new IntegerPolynomial();
        var l = _layer;
        if (Kind == LawKind.NormalizationScale)
        {
            if (PerUnit)
            {
                for (int j = 0; j < l.RowLength; j++) h.Add(Monomial.Of(l.Weight(member, j) + shift, l.Weight(member, j) + shift), 1);
                return h;
            }

            for (int c = 0; c < l.Outputs; c++)
            {
                for (int j = 0; j < l.RowLength; j++) h.Add(Monomial.Of(l.Weight(c, j) + shift, l.Weight(c, j) + shift), 1);
                if (l.HasBias) h.Add(Monomial.Of(l.BiasOffset + c + shift, l.BiasOffset + c + shift), 1);
            }

            return h;
        }

        if (PerUnit)
        {
            h.Add(Monomial.Of(l.BiasOffset + member + shift), 1);
            return h;
        }

        for (int c = 0; c < l.Outputs; c++)
            h.Add(Monomial.Of((IsBiasSum(member) ? l.BiasOffset + c : l.Weight(c, member)) + shift), 1);
        return h;
    }

    private protected static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

    private protected static string Escape(string s) => s.Replace("{", "{{").Replace("}", "}}");
}

/// <summary>
/// The scale laws of a normalised block as the diagonal of a Gram layout with no outgoing part: BatchNorm's
/// ‖W[c,:]‖² are the squared rows of W; LayerNorm's and RMSNorm's ‖W‖² + ‖b‖² is one "row" running over W and the bias
/// that follows it in θ.
/// </summary>
internal sealed class NormalizationScaleFamily : NormalizationFamily
{
    public NormalizationScaleFamily(NormalizedLayer layer, int componentIndex, int componentStart)
        : base(LawKind.NormalizationScale, layer, componentIndex, componentStart)
    {
        if (layer.HasBias && layer.BiasOffset != layer.WeightOffset + layer.Outputs * layer.RowLength)
            throw new InvalidOperationException("The bias of a normalised block follows its weights in θ.");
        Layout = PerUnit
            ? new GramLayout(layer.WeightOffset, layer.RowLength, -1, 0, 0, layer.Outputs)
            : new GramLayout(layer.WeightOffset, layer.Outputs * layer.RowLength + (layer.HasBias ? layer.Outputs : 0), -1, 0, 0, 1);
    }

    /// <summary>The layout whose balances Q[i,i] are the members.</summary>
    public GramLayout Layout { get; }

    /// <summary>Composite formats ({0} = member) of a member's name and formula.</summary>
    public (string Name, string Formula) TextFormats() =>
        PerUnit ? (Escape(Group) + "[{0}]", "|" + Escape(Normalized.WeightName) + Escape(Normalized.Row("#")).Replace("#", "{0}") + "|^2")
            : (Escape(Group), Escape(Formula(0, latex: false)));
}

/// <summary>
/// The shift laws of a normalised block as column sums: BatchNorm's dead biases b[c] (a one-row matrix), LayerNorm's
/// 𝟙ᵀW[:, j] and 𝟙ᵀb.
/// </summary>
internal sealed class NormalizationShiftFamily : NormalizationFamily, IColumnSumFamily
{
    public NormalizationShiftFamily(NormalizedLayer layer, int componentIndex, int componentStart)
        : base(LawKind.NormalizationShift, layer, componentIndex, componentStart)
    {
    }

    /// <inheritdoc/>
    public int Weights => PerUnit ? Normalized.BiasOffset : Normalized.WeightOffset;

    /// <inheritdoc/>
    public int Outputs => PerUnit ? 1 : Normalized.Outputs;

    /// <inheritdoc/>
    public int Inputs => PerUnit ? Normalized.Outputs : Normalized.RowLength;

    /// <inheritdoc/>
    public int Bias => PerUnit ? -1 : Normalized.BiasOffset;

    /// <summary>
    /// The kernel (rows, columns; one row in 1-D) of a LayerNorm'd convolution, whose columns are (input channel, tap);
    /// null otherwise.
    /// </summary>
    public (int Height, int Width)? Kernel =>
        !PerUnit && Normalized.Block is ConvolutionSpec conv ? (conv.KernelHeight, conv.KernelWidth) : null;

    /// <inheritdoc/>
    /// <remarks>
    /// For a convolution (<see cref="Kernel"/> not null) the formula reads {1} = input channel, {2} = tap (1-D), or
    /// {3} = kernel row, {4} = kernel column (2-D), as the runtime's <c>TranslationLaws.KernelTexts</c> fills them.
    /// </remarks>
    public (string Name, string Formula, string BiasName, string BiasFormula) TextFormats() =>
        PerUnit ? (Escape(Group) + "[{0}]", Escape(Normalized.BiasName) + "[{0}]", "", "")
            : (Escape(Group) + "[{0}]", "sum(" + Escape(Normalized.WeightName) + ColumnFormat() + ")", Escape(Group) + "[bias]", "sum(" + Escape(Normalized.BiasName) + ")");

    private string ColumnFormat() => Normalized.Block is ConvolutionSpec conv ? (conv.Dimensions == 1 ? "[:,{1},{2}]" : "[:,{1},{3},{4}]") : "[:,{0}]";
}
