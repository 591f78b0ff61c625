using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;
using ConservationCodegen.Engine.Symmetries;

namespace ConservationCodegen.Engine.GatedUnits;

/// <summary>
/// A segment that starts with a gated linear unit act(W₁x) ⊙ W₂x, as a component: the gate weights W₁ (first in θ)
/// followed by the segment's up path W₂ → (gate) → W₃ → …. The loss depends on θ only through W₁ itself and the
/// path-lifting of the up path (the gate values multiply each unit's paths whatever they are), so φ = (W₁, φ_up): the
/// Jacobian fields of W₁'s coordinates are the constant fields e_k, which commute with every field and are orthogonal to
/// the up path's, and the up path's fields are exactly those of the same segment with a ReLU-gated hidden level. Laws,
/// counts and certificates are therefore those of the up path, found by the dense-segment machinery unchanged, with W₁
/// adding D_gate to dim W_φ and to the Lie rank and no law (docs/certificates.md, "Gated linear units"). Valid when the
/// gate activation has no rescaling symmetry and the unit's input is a cut (checked by <see cref="ModelComponents"/>).
/// </summary>
internal sealed class GatedUnitSegment : IComponent
{
    private readonly DenseSegment _up;
    private readonly int _gate;
    private readonly GramFamily? _gateBalances;
    private readonly List<LawFamily> _families;

    public GatedUnitSegment(ModelDescription model, Segment segment)
    {
        int k = segment.FirstLayer;
        var unit = (GatedLinearUnitSpec)model.Layers[k];
        _gate = (int)unit.GateWeightCount;
        ParameterStart = segment.ParameterStart - _gate;
        // Families numbered from the gate weights' start, so their local polynomials are in this component's variables.
        _up = new DenseSegment(model, segment, segment.Index, ParameterStart);
        _families = new List<LawFamily>(_up.LawFamilies);
        if (unit.HasBeta)
        {
            // A trainable Swish β in the gate: act_{β/c}(c·z) = c·act_β(z), so (W₁[j,:], β_j, W₃[:,j]) ↦ (c·, /c, /c) keeps
            // the model, and ‖W₁[j,:]‖² − β_j² − ‖W₃[:,j]‖² is conserved (Noether for that linear generator).
            var down = model.Layers[k + 1];
            var layout = new GramLayout(model.GateOffset(k), unit.Inputs, -1, model.WeightOffset(k + 1), down.Outputs, unit.Outputs, Beta: model.BetaOffset(k));
            var names = new GramNames(unit.GateName, null, down.WeightName, Beta: unit.BetaName);
            _gateBalances = new GramFamily(LawKind.NeuronBalance, k, layout, names, segment.Index, ParameterStart, "Gate" + (k + 1).ToString(CultureInfo.InvariantCulture));
            _families.Add(_gateBalances);
            CountUnavailable = string.Format(CultureInfo.InvariantCulture,
                "the gated linear unit of layer {0} has a trainable Swish β in its gate, which is not polynomial, so no exact model of its gradient fields is available (its gate balances and the up path's laws are exact)", k + 1);
        }
        else
        {
            CountUnavailable = _up.CountUnavailable;
            Theorem = _up.Theorem is { } inner ? new WithFreeCoordinates(inner, _gate) : null;
        }
    }

    /// <summary>True when the segment starts with a gated linear unit.</summary>
    public static bool Applies(ModelDescription model, Segment segment) => model.Layers[segment.FirstLayer] is GatedLinearUnitSpec;

    /// <summary>The up path as a dense segment (its variables start <see cref="GateWeightCount"/> after this component's).</summary>
    internal DenseSegment UpPath => _up;

    /// <summary>Number of gate weights, the first variables of the component.</summary>
    internal int GateWeightCount => _gate;

    public int Index => _up.Index;

    public int ParameterStart { get; }

    public int ParameterCount => _gate + _up.ParameterCount;

    public int FirstLayer => _up.FirstLayer;

    public int LastLayer => _up.LastLayer;

    public IReadOnlyList<LawFamily> LawFamilies => _families;

    public CountTheorem? Theorem { get; }

    public string? CountUnavailable { get; }

    public IReadOnlyList<RotationSymmetry> RotationSymmetries => _up.RotationSymmetries;

    public ILawVerifier CreateVerifier(WorkMeter meter) => new Verifier(_up.CreateVerifier(meter), _gate, _gateBalances);

    public FieldExpression RandomGradient(DeterministicRandom rng)
    {
        var constant = new uint[_gate];
        for (int i = 0; i < constant.Length; i++) constant[i] = rng.NextNonZeroMod();
        return new Field(constant, _up.RandomGradient(rng));
    }

    // With a gate β the up path's search would treat β as a free coordinate of its fields; only the families are listed.
    public ILawSearch CreateSearch(AnalysisOptions options, DeterministicRandom rng, WorkMeter meter) => _gateBalances is null
        ? new Search(_up.CreateSearch(options, rng, meter), _gate)
        : new NoLawSearch("its gated linear unit has a trainable Swish β, for which this version searches no laws beyond the balances");

    public LawFamily? FamilyOf(IntegerPolynomial local) => Shift(local, -_gate) is { } up ? _up.FamilyOf(up) : null;

    /// <summary>The gate balances ‖W₁[j,:]‖² − β_j² − ‖W₃[:,j]‖² of a unit with a trainable Swish β; null without one.</summary>
    internal GramFamily? GateBalances => _gateBalances;

    public ConservationLaw NameGeneral(IntegerPolynomial local, int generalIndex) => _up.NameGeneral(Shift(local, -_gate)!, generalIndex);

    public (int, int, int, int) OrderKey(IntegerPolynomial local) => Shift(local, -_gate) is { } up ? _up.OrderKey(up) : (int.MaxValue, 2, 0, 0);

    /// <summary>h with every variable moved by <paramref name="by"/>, or null when a variable would fall below 0 (a gate weight).</summary>
    internal static IntegerPolynomial? Shift(IntegerPolynomial h, int by)
    {
        var shifted = new IntegerPolynomial();
        foreach (var term in h.Terms)
        {
            var items = (int[])term.Key.Items.Clone();
            for (int i = 0; i < items.Length; i++)
            {
                items[i] += by;
                if (items[i] < 0) return null;
            }

            shifted.Add(new IntArrayKey(items), term.Value);
        }

        return shifted;
    }

    // A law has ∂h/∂W₁ = 0 (the fields e_k on W₁ are in W_φ), so a polynomial with a gate variable is no law; any other is
    // a law exactly when it is one of the up path. With a trainable Swish β in the gate, the up path's laws (which hold
    // whatever the gate values are) and the gate balances (a nonzero multiple of a member: the symmetry above) are laws;
    // nothing else is accepted, and no polynomial with β is handed to the up path, which does not know β.
    private sealed class Verifier : ILawVerifier
    {
        private readonly ILawVerifier _up;
        private readonly int _gate;
        private readonly GramFamily? _gateBalances;

        public Verifier(ILawVerifier up, int gate, GramFamily? gateBalances)
        {
            _up = up;
            _gate = gate;
            _gateBalances = gateBalances;
        }

        public bool Verify(IntegerPolynomial h) => Verify(h, symmetricEnds: false);

        public bool Verify(IntegerPolynomial h, bool symmetricEnds)
        {
            if (h.IsZero) return false;
            if (_gateBalances is { } balances)
            {
                // The gate weights come first (local 0 …): unit j's balance is the only member with W₁[j, :] in it.
                int beta = balances.Layout.Beta - balances.Layout.InWeights, width = balances.Layout.Width, inputs = balances.Layout.Inputs;
                int least = h.Variables().Min();
                if (least < width * inputs && IsMultiple(h, balances.LocalPolynomial(least / inputs))) return true;
                foreach (int v in h.Variables())
                    if (v >= beta && v < beta + width) return false;
            }

            return Shift(h, -_gate) is { } up && _up.Verify(up, symmetricEnds);
        }

        // h = c·g for a rational c ≠ 0, term by term.
        private static bool IsMultiple(IntegerPolynomial h, IntegerPolynomial g)
        {
            if (h.TermCount != g.TermCount) return false;
            long? num = null, den = null;
            foreach (var term in g.Terms)
            {
                if (!h.Terms.TryGetValue(term.Key, out long value)) return false;
                if (num is null)
                {
                    (num, den) = (value, term.Value);
                    continue;
                }

                if (value * den != num * term.Value) return false;
            }

            return num is not null && num != 0;
        }
    }

    // A random element of W_φ: a random constant on the gate weights beside a random field of the up path.
    private sealed class Field : FieldExpression
    {
        private readonly uint[] _constant;
        private readonly FieldExpression _up;

        public Field(uint[] constant, FieldExpression up)
        {
            _constant = constant;
            _up = up;
        }

        public override int Length => 1;

        public override uint[] Evaluate(uint[] theta, int size)
        {
            int gate = _constant.Length, n = theta.Length / size;
            var upTheta = new uint[(n - gate) * size];
            System.Array.Copy(theta, gate * size, upTheta, 0, upTheta.Length);
            var up = _up.Evaluate(upTheta, size);
            var result = new uint[n * size];
            for (int i = 0; i < gate; i++) result[i * size] = _constant[i];
            System.Array.Copy(up, 0, result, gate * size, up.Length);
            return result;
        }
    }

    // The up path's search, its laws moved into this component's variables.
    private sealed class Search : ILawSearch
    {
        private readonly ILawSearch _up;
        private readonly int _gate;

        public Search(ILawSearch up, int gate)
        {
            _up = up;
            _gate = gate;
        }

        public int Rejected => _up.Rejected;

        public int ExhaustiveDegree => _up.ExhaustiveDegree;

        public string? NotSearched => _up.NotSearched;

        public List<IntegerPolynomial> FindDegreeTwo() => Moved(_up.FindDegreeTwo());

        public List<IntegerPolynomial> FindHigherDegree(IReadOnlyList<IntegerPolynomial> known, List<string> notes)
        {
            var up = new List<IntegerPolynomial>();
            foreach (var h in known)
                if (Shift(h, -_gate) is { } u) up.Add(u);
            return Moved(_up.FindHigherDegree(up, notes));
        }

        private List<IntegerPolynomial> Moved(List<IntegerPolynomial> laws)
        {
            var result = new List<IntegerPolynomial>(laws.Count);
            foreach (var h in laws) result.Add(Shift(h, _gate)!);
            return result;
        }
    }

    // The up path's theorem with the gate weights as free coordinates: the same laws, D_gate more in dim W_φ.
    private sealed class WithFreeCoordinates : CountTheorem
    {
        private readonly CountTheorem _inner;
        private readonly int _gate;

        public WithFreeCoordinates(CountTheorem inner, int gate)
        {
            _inner = inner;
            _gate = gate;
        }

        public override string Name => _inner.Name;

        public override string Statement => string.Format(CultureInfo.InvariantCulture,
            "{0}; the {1} gate weights of its gated linear unit are free coordinates of φ, which add to dim W_φ and to no law (docs/certificates.md)",
            _inner.Statement, _gate);

        public override int IndependentLawCount => _inner.IndependentLawCount;

        public override int? DimW => _inner.DimW + _gate;

        public override int? BracketRounds => _inner.BracketRounds;

        public override int LawRank(IReadOnlyCollection<LawFamily> verified) => _inner.LawRank(verified);
    }
}
