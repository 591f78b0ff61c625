using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Metric;

/// <summary>
/// A polynomial conservation law of a metric flow, derived exactly from a verified gradient-flow law
/// (docs/momentum.md): under layer-wise rates a gradient-flow law h = Σ_l h_l whose every term lies in one layer becomes
/// h' = Σ_l h_l/η_l (its gradient is M⁻¹∇h, orthogonal to every Mχ_i); under the mirror flow a gradient-flow law
/// Σ_i c_i θ_i² becomes the linear law Σ_i c_i θ_i (its gradient c is orthogonal to θ ⊙ χ_i because c ⊙ θ, half the
/// gradient of the quadratic law, is orthogonal to χ_i).
/// </summary>
public sealed class MetricLaw
{
    private const int MaxPrintedTerms = 24;
    private readonly ModelDescription _model;
    private readonly IntegerPolynomial? _explicit;
    private readonly LayerRates? _rates;
    private readonly int[]? _layerOf;

    /// <param name="model">The model (for parameter names).</param>
    /// <param name="name">The law's name.</param>
    /// <param name="source">The verified gradient-flow law.</param>
    /// <param name="polynomial">The law's own terms (the mirror flow's linear law), or null: the source's terms, each
    /// divided by the rate of its layer (built when asked for, not kept: 10⁴ Gram laws hold 10⁷ terms).</param>
    /// <param name="rates">The layer rates, or null for the mirror flow.</param>
    /// <param name="layerOf">The layer of each parameter (with rates).</param>
    internal MetricLaw(ModelDescription model, string name, ConservationLaw source, IntegerPolynomial? polynomial, LayerRates? rates, int[]? layerOf)
    {
        _model = model;
        Name = name;
        Source = source;
        _explicit = polynomial;
        _rates = rates;
        _layerOf = layerOf;
    }

    /// <summary>The name of the gradient-flow law it comes from (e.g. "Hidden1[0]").</summary>
    public string Name { get; }

    /// <summary>The gradient-flow law it is derived from.</summary>
    public ConservationLaw Source { get; }

    /// <summary>Total degree (2 for rescaled Gram and balance laws, 1 for the mirror flow's linear laws).</summary>
    public int Degree => _explicit?.Degree ?? Source.Degree;

    /// <summary>
    /// Plain-text formula over named parameters: under layer rates, the terms of each layer in parentheses divided by
    /// that layer's rate, e.g. "(W1[0,0]^2 + W1[0,1]^2)/1 - (W2[0,0]^2)/0.5"; under the mirror flow a signed sum.
    /// </summary>
    public string Formula => _rates is null ? MirrorFormula() : RateFormula();

    /// <summary>The integer polynomial whose terms are divided by their layers' rates (the law itself for the mirror flow).</summary>
    internal IntegerPolynomial Polynomial => _explicit ?? (Source.Family is { } family ? family.GlobalPolynomial(Source.Member) : Source.Polynomial);

    /// <summary>The layer whose rate divides the terms of this law that lie in it (null for the mirror flow).</summary>
    internal int[]? LayerOf => _layerOf;

    /// <summary>h'(θ), with the exact rates as doubles.</summary>
    public double Evaluate(IReadOnlyList<double> theta)
    {
        double sum = 0;
        foreach (var kv in Polynomial.Terms)
        {
            double term = kv.Value;
            foreach (int v in kv.Key.Items) term *= theta[v];
            if (_rates is not null && kv.Key.Length > 0) term /= (double)_rates.Rates[_layerOf![kv.Key.Items[0]]];
            sum += term;
        }

        return sum;
    }

    /// <inheritdoc/>
    public override string ToString() => Name + " = " + Formula;

    // Term by term while it fits the printed terms; beyond, a Gram diagonal's linear law reads as sums of its slices
    // ("sum(W1[7,:]) + b1[7] - sum(W2[:,7])") instead of 24 terms and "... (794 terms)".
    private string MirrorFormula()
    {
        var terms = Polynomial.Terms.ToList();
        if (terms.Count > MaxPrintedTerms && Source.Family is GramFamily gram && gram.LinearSumFormula(Source.Member) is { } compact) return compact;
        return Sum(terms);
    }

    private string RateFormula()
    {
        // A Gram entry or balance: its family's compact text, each block's part over its layer's rate.
        if (Source.Family is GramFamily gram && gram.Layout.InWeights < _layerOf!.Length && gram.Layout.OutWeights < _layerOf.Length)
        {
            string Rate(int parameter) => _rates!.Rates[_layerOf[parameter]].ToString(CultureInfo.InvariantCulture);
            return gram.RescaledFormula(Source.Member, Rate(gram.Layout.InWeights), Rate(gram.Layout.OutWeights));
        }

        var sb = new StringBuilder();
        foreach (var group in Polynomial.Terms.GroupBy(kv => kv.Key.Length == 0 ? -1 : _layerOf![kv.Key.Items[0]]).OrderBy(g => g.Key))
        {
            var terms = group.ToList();
            bool negate = terms.All(t => t.Value < 0);
            if (sb.Length > 0) sb.Append(negate ? " - " : " + ");
            else if (negate) sb.Append('-');
            string inner = Sum(negate ? terms.Select(t => new KeyValuePair<IntArrayKey, long>(t.Key, -t.Value)).ToList() : terms);
            sb.Append('(').Append(inner).Append(")/").Append(group.Key < 0 ? "1" : _rates!.Rates[group.Key].ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private string Sum(List<KeyValuePair<IntArrayKey, long>> terms)
    {
        var sb = new StringBuilder();
        int printed = 0;
        foreach (var kv in terms)
        {
            if (printed == MaxPrintedTerms)
            {
                sb.Append(" + ... (").Append(terms.Count.ToString(CultureInfo.InvariantCulture)).Append(" terms)");
                break;
            }

            long c = kv.Value;
            sb.Append(printed == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + "));
            var factors = Monomial.Factors(kv.Key).Select(f => ParameterName(f.Variable) + (f.Exponent > 1 ? "^" + f.Exponent.ToString(CultureInfo.InvariantCulture) : "")).ToList();
            long abs = System.Math.Abs(c);
            if (abs != 1 || factors.Count == 0) factors.Insert(0, abs.ToString(CultureInfo.InvariantCulture));
            sb.Append(string.Join("*", factors));
            printed++;
        }

        return sb.ToString();
    }

    // "W1[r,c]" for a dense layer, "W1[i]" (flat, row-major) for other blocks, "b1[r]", "Beta1[r]".
    private string ParameterName(int index)
    {
        int layer = 0;
        while (layer + 1 < _model.Layers.Count && _model.WeightOffset(layer + 1) <= index) layer++;
        var spec = _model.Layers[layer];
        int local = index - _model.WeightOffset(layer);
        if (local < spec.WeightCount)
        {
            if (spec is LayerSpec && _model.Shapes[layer].Taps == 1 && !_model.Shapes[layer].Diagonal)
                return string.Format(CultureInfo.InvariantCulture, "{0}[{1},{2}]", spec.WeightName, local / spec.Inputs, local % spec.Inputs);
            return string.Format(CultureInfo.InvariantCulture, "{0}[{1}]", spec.WeightName, local);
        }

        local -= (int)spec.WeightCount;
        if (spec.HasBias && local < spec.Outputs) return string.Format(CultureInfo.InvariantCulture, "{0}[{1}]", spec.BiasName, local);
        if (spec.HasBias) local -= spec.Outputs;
        return string.Format(CultureInfo.InvariantCulture, "{0}[{1}]", spec.BetaName, local);
    }
}
