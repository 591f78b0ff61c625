using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// The translation laws of the last layer under softmax cross-entropy (docs/certificates.md §10): member j &lt;
/// <see cref="Inputs"/> is the column sum Σ_o W_L[o, j], member <see cref="Inputs"/> (when the layer has a bias) the bias
/// sum Σ_o b_L[o]. Adding t𝟙 to the logits leaves the softmax unchanged, so every gradient of the loss has, per sample,
/// an output cotangent δ with 𝟙ᵀδ = 0, and ∂L/∂W_L[:, j] = Σ_samples δ h_j sums to zero over the outputs. They are
/// established by that argument (the model's validation checks its hypotheses) and checked by the analysis against
/// random gradient fields with centred output gates where the last component has them.
/// </summary>
internal sealed class TranslationFamily : LawFamily, IColumnSumFamily
{
    private readonly int _componentIndex;
    private readonly int _componentStart;
    private readonly string _weightName;
    private readonly string? _biasName;

    /// <param name="layer">0-based index of the last layer.</param>
    /// <param name="weights">Global offset of W_L (stored [outputs, inputs], row-major).</param>
    /// <param name="outputs">n_L.</param>
    /// <param name="inputs">Inputs of the last layer (entries per row of W_L).</param>
    /// <param name="bias">Global offset of b_L, or −1.</param>
    /// <param name="weightName">Formula name of W_L.</param>
    /// <param name="biasName">Formula name of b_L, or null.</param>
    /// <param name="componentIndex">Index of the component holding the last layer.</param>
    /// <param name="componentStart">First global parameter of that component.</param>
    public TranslationFamily(int layer, int weights, int outputs, int inputs, int bias, string weightName, string? biasName, int componentIndex, int componentStart)
    {
        Layer = layer;
        Weights = weights;
        Outputs = outputs;
        Inputs = inputs;
        Bias = bias;
        _weightName = weightName;
        _biasName = biasName;
        _componentIndex = componentIndex;
        _componentStart = componentStart;
        Count = inputs + (bias >= 0 ? 1 : 0);
    }

    /// <summary>Global offset of the last layer's weights.</summary>
    public int Weights { get; }

    /// <summary>Outputs n_L of the last layer (terms per member).</summary>
    public int Outputs { get; }

    /// <summary>Inputs of the last layer: the number of column sums.</summary>
    public int Inputs { get; }

    /// <summary>Global offset of the last layer's bias, or −1.</summary>
    public int Bias { get; }

    public override LawKind Kind => LawKind.Translation;

    public override string Group => "Translation";

    public override int Layer { get; }

    // Permuting the outputs keeps every member; the members are not permuted among themselves by anything the verifier uses.
    public override bool InvariantAtItsEnds => false;

    public override int RankUpperBound => Count;

    public override int Count { get; }

    public override IReadOnlyList<int> OrbitRepresentatives
    {
        get
        {
            var all = new int[Count];
            for (int i = 0; i < all.Length; i++) all[i] = i;
            return all;
        }
    }

    public override int TermsPerMember => Outputs;

    public override int Degree => 1;

    /// <summary>True when <paramref name="member"/> is the bias sum.</summary>
    public bool IsBias(int member) => member == Inputs;

    public override IntegerPolynomial LocalPolynomial(int member) => Polynomial(member, -_componentStart);

    public override IntegerPolynomial GlobalPolynomial(int member) => Polynomial(member, 0);

    private IntegerPolynomial Polynomial(int member, int shift)
    {
        var h = new IntegerPolynomial();
        for (int o = 0; o < Outputs; o++)
            h.Add(Monomial.Of((IsBias(member) ? Bias + o : Weights + o * Inputs + member) + shift), 1);
        return h;
    }

    public override ConservationLaw Law(int member) =>
        new(IsBias(member) ? Group + ".Bias" : Group + "[" + Inv(member) + "]", member, member, _componentIndex, this, member);

    public override string Formula(int member, bool latex)
    {
        if (IsBias(member)) return latex ? "\\textstyle\\sum_o " + LawText.Tex(_biasName!) + "[o]" : "sum(" + _biasName + ")";
        return latex ? "\\textstyle\\sum_o " + LawText.Tex(_weightName) + "[o," + Inv(member) + "]" : "sum(" + _weightName + "[:," + Inv(member) + "])";
    }

    /// <summary>Plain-text name and formula of the column sums as format strings ({0} = j), and of the bias sum, for code that writes them at run time.</summary>
    public (string Name, string Formula, string BiasName, string BiasFormula) TextFormats() =>
        (Group + "[{0}]", "sum(" + Escape(_weightName) + "[:,{0}])", Group + ".Bias", _biasName is null ? "" : "sum(" + _biasName + ")");

    private static string Escape(string s) => s.Replace("{", "{{").Replace("}", "}}");

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
