using System.Collections.Generic;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>Where a law lives, as recognised after it was computed.</summary>
public enum LawKind
{
    /// <summary>Entry Q[i, j] of W_k W_kᵀ + b_k b_kᵀ − W_{k+1}ᵀ W_{k+1} at a hidden level inside a linear run.</summary>
    GramEntry,
    /// <summary>
    /// ‖W_k[j,:]‖² + b_k[j]² − ‖W_{k+1}[:,j]‖² at a hidden neuron behind a homogeneous activation (− k‖W_{k+1}[:,j]‖²
    /// behind a RePU or Power of degree k; − β_k[j]² added behind a Swish with a trainable β).
    /// </summary>
    NeuronBalance,
    /// <summary>Any other verified law (printed term by term).</summary>
    General,
    /// <summary>
    /// A linear translation law of the last layer under softmax cross-entropy: the column sum Σ_o W_L[o, j] (one per input
    /// j of the last layer) or the bias sum Σ_o b_L[o]. Not a law for other losses.
    /// </summary>
    Translation,
    /// <summary>
    /// The scale law of a normalised block: ‖W_k[c,:]‖² per output unit c under BatchNorm, ‖W_k‖² + ‖b_k‖² under
    /// LayerNorm and RMSNorm (docs/layers.md, "Normalisation layers").
    /// </summary>
    NormalizationScale,
    /// <summary>
    /// A linear law of a normalised block from a translation symmetry: the bias b_k[c] under BatchNorm (a dead
    /// parameter: its gradient is zero), the column sums 𝟙ᵀW_k[:,j] and 𝟙ᵀb_k under LayerNorm.
    /// </summary>
    NormalizationShift,
    /// <summary>
    /// A parameter the loss does not depend on (its gradient is always zero), itself a linear law: an attention block's
    /// key bias.
    /// </summary>
    DeadParameter,
}

/// <summary>One term c·θ_{i₁}⋯θ_{i_d} of a law; <see cref="Variables"/> are global θ indices, sorted, repeated for powers.</summary>
public sealed class LawTerm
{
    public LawTerm(long coefficient, IReadOnlyList<int> variables)
    {
        Coefficient = coefficient;
        Variables = variables;
    }

    public long Coefficient { get; }

    public IReadOnlyList<int> Variables { get; }
}

/// <summary>
/// A polynomial conservation law h(θ), exactly verified: ⟨∇h, ∇φ_i⟩ ≡ 0 for every i (itself, or as a member of a law
/// family whose orbit representatives were verified). Terms and formulas are built on first use, so a model with
/// 10⁵ Gram laws does not hold 10⁸ terms it never prints.
/// </summary>
public sealed class ConservationLaw
{
    private readonly LawFamily? _family;
    private readonly int _member;

    private readonly string? _formula;
    private readonly string? _latex;

    // Built on first use for family members; a race builds the same immutable value twice, which is harmless.
    private IntegerPolynomial? _polynomial;
    private IReadOnlyList<LawTerm>? _terms;

    /// <summary>A member of a structural family: terms and formulas come from the family when first asked for.</summary>
    internal ConservationLaw(string name, int row, int column, int segment, LawFamily family, int member)
    {
        Name = name;
        Group = family.Group;
        Kind = family.Kind;
        Layer = family.Layer;
        Row = row;
        Column = column;
        Segment = segment;
        Degree = family.Degree;
        _family = family;
        _member = member;
    }

    /// <summary>A law found by the search, written term by term.</summary>
    internal ConservationLaw(string name, int segment, string formula, string latex, IntegerPolynomial polynomial)
    {
        Name = name;
        Group = "Other";
        Kind = LawKind.General;
        Layer = Row = Column = -1;
        Segment = segment;
        Degree = polynomial.Degree;
        _formula = formula;
        _latex = latex;
        _polynomial = polynomial;
    }

    /// <summary>Stable name, e.g. "Hidden1[0,2]" (Gram entry) or "Hidden2[3]" (neuron balance).</summary>
    public string Name { get; }

    /// <summary>Group the law belongs to, e.g. "Hidden1" (all laws of hidden layer 1).</summary>
    public string Group { get; }

    public LawKind Kind { get; }

    /// <summary>0-based index of the layer whose outputs form the hidden level, −1 for general laws.</summary>
    public int Layer { get; }

    /// <summary>Neuron index (first Gram index), −1 for general laws.</summary>
    public int Row { get; }

    /// <summary>Second Gram index (equals <see cref="Row"/> for balances), −1 for general laws.</summary>
    public int Column { get; }

    /// <summary>Segment (part of the model between non-homogeneous activations).</summary>
    public int Segment { get; }

    /// <summary>Plain-text formula (built on each call for family members, so 10⁵ laws do not keep 10⁵ strings).</summary>
    public string Formula => _formula ?? _family!.Formula(_member, latex: false);

    /// <summary>LaTeX formula.</summary>
    public string LatexFormula => _latex ?? _family!.Formula(_member, latex: true);

    /// <summary>Total degree.</summary>
    public int Degree { get; }

    /// <summary>Integer coefficients over global θ indices, graded-lexicographic order.</summary>
    public IReadOnlyList<LawTerm> Terms
    {
        get
        {
            if (_terms is null)
            {
                var terms = new List<LawTerm>();
                foreach (var kv in Polynomial.Terms) terms.Add(new LawTerm(kv.Value, kv.Key.Items));
                _terms = terms;
            }

            return _terms;
        }
    }

    /// <summary>The structural family this law belongs to, or null for a law found by the search.</summary>
    internal LawFamily? Family => _family;

    /// <summary>Factors (variable occurrences) over all terms, without building the terms of a family member.</summary>
    internal long FactorCount
    {
        get
        {
            if (_family is not null) return (long)_family.TermsPerMember * _family.Degree;
            long factors = 0;
            foreach (var t in Terms) factors += t.Variables.Count;
            return factors;
        }
    }

    /// <summary>Index of this law in its <see cref="Family"/>.</summary>
    internal int Member => _member;

    internal IntegerPolynomial Polynomial => _polynomial ??= _family!.GlobalPolynomial(_member);

    /// <summary>h(θ).</summary>
    public double Evaluate(IReadOnlyList<double> theta) => Polynomial.Evaluate(theta);

    /// <summary>∇h(θ).</summary>
    public double[] Gradient(IReadOnlyList<double> theta) => Polynomial.Gradient(theta);

    /// <inheritdoc/>
    public override string ToString() => Name + " = " + Formula;
}
