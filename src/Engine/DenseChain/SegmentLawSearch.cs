using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>Finds the verified polynomial laws of one segment (segment-local variables).</summary>
internal sealed class SegmentLawSearch : Components.ILawSearch
{
    private readonly SegmentIndexing _ix;
    private readonly AnalysisOptions _options;
    private readonly DeterministicRandom _rng;
    private readonly WorkMeter _meter;
    private readonly LawVerifier _verifier;
    private readonly ClassSolver _solver;

    public SegmentLawSearch(SegmentIndexing ix, AnalysisOptions options, DeterministicRandom rng, WorkMeter meter)
    {
        _ix = ix;
        _options = options;
        _rng = rng;
        _meter = meter;
        _verifier = new LawVerifier(ix, meter);
        _solver = new ClassSolver(new EvaluationPool(ix, rng, meter), _verifier, meter);
    }

    public int Rejected => _solver.Rejected;

    public int ExhaustiveDegree { get; private set; }

    public string? NotSearched => null;

    /// <summary>
    /// All laws of degree ≤ min(2, MaxDegree): exhaustive parity classes on small segments; otherwise the classes touching
    /// at most two neurons, except the diagonal class, whose laws are the structural families.
    /// </summary>
    public List<IntegerPolynomial> FindDegreeTwo()
    {
        int degree = System.Math.Min(2, _options.MaxDegree);
        var laws = new List<IntegerPolynomial>();
        if (_ix.Segment.ParameterCount <= _options.ExhaustiveSearchMaxParameters)
        {
            var templates = degree >= 2 ? AllGramTemplates() : new List<IntegerPolynomial>();
            foreach (var cls in LawClasses.Exhaustive(_ix, degree, _meter)) laws.AddRange(_solver.Solve(cls, templates));
            ExhaustiveDegree = degree;
            return laws;
        }

        if (degree < 2) return laws;

        // The diagonal class {θ_a²} holds exactly the balances and diagonal Gram entries (its equations say "the
        // coefficients along every path sum to zero", solved by neuron potentials): the structural families have them.
        var namer = new LawNamer(_ix);
        // Refuse early, before spending the budget, when the classes alone cannot fit in it: one solve per
        // orbit, then a transport per class.
        var classes = LawClasses.StructuredDegreeTwo(_ix).ToList();
        double estimate = classes.GroupBy(c => c.Orbit).Sum(g => ClassSolver.EstimatedCost(g.First().Monomials.Count) + 10.0 * g.Sum(c => c.Monomials.Count));
        if (!_meter.CanAfford(estimate)) throw new WorkBudgetExceededException("law search", refusedUpFront: true);

        // Permuting the neurons of a level permutes the components of φ, so h is a law exactly when its image is:
        // a class's laws, moved position by position onto another class of its orbit, are that class's laws.
        // One class per orbit is solved; every moved law is still verified exactly, and a class whose moved
        // laws fail is solved directly.
        var solvedOrbits = new Dictionary<int, (List<IntArrayKey> Monomials, List<IntegerPolynomial> Laws)>();
        foreach (var cls in classes)
        {
            if (solvedOrbits.TryGetValue(cls.Orbit, out var solved) && TryMove(solved.Monomials, solved.Laws, cls.Monomials, out var moved))
            {
                laws.AddRange(moved);
                continue;
            }

            int rejectedBefore = _solver.Rejected;
            var found = _solver.Solve(cls.Monomials, GramTemplateOf(cls.Monomials, namer));
            laws.AddRange(found);
            if (_solver.Rejected == rejectedBefore && !solvedOrbits.ContainsKey(cls.Orbit)) solvedOrbits[cls.Orbit] = (cls.Monomials, found);
        }

        return laws;
    }

    // The laws of a solved class rewritten on another class of its orbit (monomial k ↦ monomial k), each verified.
    private bool TryMove(List<IntArrayKey> from, List<IntegerPolynomial> laws, List<IntArrayKey> to, out List<IntegerPolynomial> moved)
    {
        moved = new List<IntegerPolynomial>(laws.Count);
        if (laws.Count == 0) return true;
        var position = new Dictionary<IntArrayKey, int>(from.Count);
        for (int k = 0; k < from.Count; k++) position[from[k]] = k;
        foreach (var h in laws)
        {
            var image = new IntegerPolynomial();
            foreach (var term in h.Terms) image.Add(to[position[term.Key]], term.Value);
            if (!_verifier.Verify(image)) return false;
            moved.Add(image);
        }

        return true;
    }

    // Every Gram entry shape of every hidden level: candidates for a readable basis, accepted only when computed.
    private List<IntegerPolynomial> AllGramTemplates()
    {
        var namer = new LawNamer(_ix);
        var list = new List<IntegerPolynomial>();
        for (int t = 1; t < _ix.LayerCount; t++)
            for (int a = 0; a < _ix.Width(t); a++)
                for (int b = a; b < _ix.Width(t); b++)
                    list.Add(namer.GramTemplate(t, a, b));
        return list;
    }

    // A same-level pair class {(t, a), (t, b)} of a hidden level has the Gram entry (a, b) as its readable shape.
    private IReadOnlyList<IntegerPolynomial>? GramTemplateOf(List<IntArrayKey> cls, LawNamer namer)
    {
        var first = cls[0].Items;
        if (first.Length != 2) return null;
        int x = first[0], y = first[1];
        int t = _ix.LayerOf(x);
        if (t != _ix.LayerOf(y) || t >= _ix.LayerCount || _ix.ColumnOf(x) < 0 || _ix.ColumnOf(x) != _ix.ColumnOf(y)) return null;
        return new[] { namer.GramTemplate(t, _ix.RowOf(x), _ix.RowOf(y)) };
    }

    /// <summary>
    /// Laws of degree 3…MaxDegree that are functionally new (their gradients add rank to the known laws').
    /// Products of known laws are laws too but never new, so they are not emitted.
    /// </summary>
    public List<IntegerPolynomial> FindHigherDegree(IReadOnlyList<IntegerPolynomial> known, List<string> notes)
    {
        int n = _ix.Segment.ParameterCount, k = _options.MaxDegree;
        double monomials = 1;
        for (int i = 1; i <= k; i++) monomials = monomials * (n + i) / i;
        if (monomials > _options.MaxHigherDegreeMonomials)
        {
            notes.Add(string.Format(CultureInfo.InvariantCulture,
                "Segment {0}: the degree-{1} search was skipped ({2:0} monomials exceed the limit of {3}).",
                _ix.Segment.Index, k, monomials, _options.MaxHigherDegreeMonomials));
            return new List<IntegerPolynomial>();
        }

        var candidates = new List<IntegerPolynomial>();
        foreach (var cls in LawClasses.Exhaustive(_ix, k, _meter)) candidates.AddRange(_solver.Solve(cls));
        ExhaustiveDegree = k;

        var theta = new uint[n];
        for (int i = 0; i < n; i++) theta[i] = _rng.NextNonZeroMod();
        var echelon = new ModEchelon(n, _meter.Token);
        foreach (var h in known) echelon.Insert(h.GradientMod(theta));
        var added = new List<IntegerPolynomial>();
        foreach (var h in candidates.OrderBy(c => c.Degree))
        {
            if (h.Degree <= 2) continue;
            if (echelon.Insert(h.GradientMod(theta))) added.Add(h);
        }

        return added;
    }
}
