using System.Collections.Generic;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>Where a law lives, as recognised after it was computed.</summary>
public enum LawKind
{
    /// <summary>Entry Q[i, j] of W_k W_kᵀ + b_k b_kᵀ − W_{k+1}ᵀ W_{k+1} at a hidden level inside a linear run.</summary>
    GramEntry,
    /// <summary>‖W_k[j,:]‖² + b_k[j]² − ‖W_{k+1}[:,j]‖² at a hidden neuron behind a homogeneous activation.</summary>
    NeuronBalance,
    /// <summary>Any other verified law (printed term by term).</summary>
    General,
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

/// <summary>A polynomial conservation law h(θ), exactly verified: ⟨∇h, ∇φ_i⟩ ≡ 0 for every i.</summary>
public sealed class ConservationLaw
{
    internal ConservationLaw(
        string name, string group, LawKind kind, int layer, int row, int column, int segment,
        string formula, string latex, IntegerPolynomial polynomial)
    {
        Name = name;
        Group = group;
        Kind = kind;
        Layer = layer;
        Row = row;
        Column = column;
        Segment = segment;
        Formula = formula;
        LatexFormula = latex;
        Polynomial = polynomial;
        var terms = new List<LawTerm>();
        foreach (var kv in polynomial.Terms) terms.Add(new LawTerm(kv.Value, kv.Key.Items));
        Terms = terms;
        Degree = polynomial.Degree;
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

    /// <summary>Plain-text formula.</summary>
    public string Formula { get; }

    /// <summary>LaTeX formula.</summary>
    public string LatexFormula { get; }

    /// <summary>Total degree.</summary>
    public int Degree { get; }

    /// <summary>Integer coefficients over global θ indices, graded-lexicographic order.</summary>
    public IReadOnlyList<LawTerm> Terms { get; }

    internal IntegerPolynomial Polynomial { get; }

    /// <summary>h(θ).</summary>
    public double Evaluate(IReadOnlyList<double> theta) => Polynomial.Evaluate(theta);

    /// <summary>∇h(θ).</summary>
    public double[] Gradient(IReadOnlyList<double> theta) => Polynomial.Gradient(theta);

    /// <inheritdoc/>
    public override string ToString() => Name + " = " + Formula;
}
