using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Recognises computed laws as Gram entries or neuron balances (by exact comparison with the template of
/// docs/certificates.md §2, never by assumption), names them and writes plain-text and LaTeX formulas.
/// </summary>
internal sealed class LawNamer
{
    private const int MaxPrintedTerms = 24;
    private readonly SegmentIndexing _ix;

    // Recognition per law object (reference identity): ordering and naming both ask, and each answer costs a template.
    private readonly Dictionary<IntegerPolynomial, (bool Found, int T, int N1, int N2)> _recognised = new();

    public LawNamer(SegmentIndexing indexing) => _ix = indexing;

    /// <summary>W_tWᵀ_t + b_tbᵀ_t − W_{t+1}ᵀW_{t+1} entry (n1, n2) in local variables.</summary>
    public IntegerPolynomial GramTemplate(int t, int n1, int n2) => _ix.GramLayout(t).Entry(n1, n2, -_ix.Segment.ParameterStart);

    /// <summary>
    /// Names a computed law (local variables): a member of one of <paramref name="families"/> gets that family's name and
    /// formula (recognised by exact comparison with the template); anything else is written term by term.
    /// </summary>
    public ConservationLaw Name(IntegerPolynomial local, int generalIndex, IReadOnlyList<GramFamily> families)
    {
        if (TryRecognise(local, out int t, out int n1, out int n2))
        {
            int layer = _ix.Segment.FirstLayer + t - 1;
            foreach (var family in families)
                if (family.Layer == layer) return family.Law(family.MemberOf(n1, n2));
        }

        var global = new IntegerPolynomial();
        foreach (var kv in local.Terms) global.Add(new IntArrayKey(kv.Key.Items.Select(_ix.Global).ToArray()), kv.Value);
        string name = "Law" + generalIndex.ToString(CultureInfo.InvariantCulture);
        string plain = Explicit(local, false), latex = Explicit(local, true);
        return new ConservationLaw(name, _ix.Segment.Index, plain, latex, global);
    }

    /// <summary>The hidden level (local t) whose Gram entry or balance h is exactly, or −1.</summary>
    public int RecognisedLevel(IntegerPolynomial local) => TryRecognise(local, out int t, out _, out _) ? t : -1;

    /// <summary>Sort key: hidden level, kind, neurons; general laws last by leading monomial.</summary>
    public (int, int, int, int) OrderKey(IntegerPolynomial local)
    {
        if (TryRecognise(local, out int t, out int n1, out int n2)) return (t, 0, n1, n2);
        var lead = local.Terms.Keys.First().Items;
        return (int.MaxValue, 1, lead.Length, lead.Length > 0 ? lead[0] : 0);
    }

    private bool TryRecognise(IntegerPolynomial h, out int t, out int n1, out int n2)
    {
        if (!_recognised.TryGetValue(h, out var r))
        {
            r.Found = Recognise(h, out r.T, out r.N1, out r.N2);
            _recognised[h] = r;
        }

        t = r.T;
        n1 = r.N1;
        n2 = r.N2;
        return r.Found;
    }

    private bool Recognise(IntegerPolynomial h, out int t, out int n1, out int n2)
    {
        t = n1 = n2 = -1;
        if (h.Degree != 2) return false;
        var lead = h.Terms.Keys.First().Items;
        if (lead.Length != 2) return false;
        int a = lead[0], b = lead[1];
        if (_ix.ColumnOf(a) < 0 || _ix.ColumnOf(b) < 0) return false;
        int level = _ix.LayerOf(a);
        if (level != _ix.LayerOf(b) || level >= _ix.LayerCount) return false;
        if (_ix.ColumnOf(a) != _ix.ColumnOf(b)) return false;
        int r1 = _ix.RowOf(a), r2 = _ix.RowOf(b);
        var template = GramTemplate(level, System.Math.Min(r1, r2), System.Math.Max(r1, r2));
        if (!SameTerms(template, h)) return false;
        if (r1 != r2 && _ix.Segment.IsGateLevel[level]) return false;
        t = level;
        n1 = System.Math.Min(r1, r2);
        n2 = System.Math.Max(r1, r2);
        return true;
    }

    private static bool SameTerms(IntegerPolynomial x, IntegerPolynomial y)
    {
        if (x.TermCount != y.TermCount) return false;
        foreach (var kv in x.Terms)
            if (!y.Terms.TryGetValue(kv.Key, out var c) || c != kv.Value) return false;
        return true;
    }

    private string Explicit(IntegerPolynomial h, bool latex)
    {
        var sb = new StringBuilder();
        int printed = 0;
        foreach (var kv in h.Terms)
        {
            if (printed == MaxPrintedTerms)
            {
                sb.Append(latex ? " + \\dots" : " + ...").Append(Inv($" ({h.TermCount} terms)"));
                break;
            }

            long c = kv.Value;
            sb.Append(printed == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + "));
            long abs = System.Math.Abs(c);
            var factors = Monomial.Factors(kv.Key).Select(f => Variable(f.Variable, latex) + (f.Exponent > 1 ? "^" + f.Exponent.ToString(CultureInfo.InvariantCulture) : "")).ToList();
            if (abs != 1) factors.Insert(0, abs.ToString(CultureInfo.InvariantCulture));
            sb.Append(string.Join(latex ? "\\," : "*", factors));
            printed++;
        }

        return sb.ToString();
    }

    private string Variable(int local, bool latex)
    {
        int t = _ix.LayerOf(local), r = _ix.RowOf(local), c = _ix.ColumnOf(local);
        var l = _ix.Layers[t];
        string name = c < 0 ? l.BiasName : l.WeightName;
        if (latex) name = LawText.Tex(name);
        return c < 0 ? Inv($"{name}[{r}]") : Inv($"{name}[{r},{c}]");
    }

    private static string Inv(System.FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
