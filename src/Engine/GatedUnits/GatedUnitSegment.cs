using System.Collections.Generic;
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

    public GatedUnitSegment(ModelDescription model, Segment segment)
    {
        _gate = (int)model.Layers[segment.FirstLayer].GateWeightCount;
        ParameterStart = segment.ParameterStart - _gate;
        // Families numbered from the gate weights' start, so their local polynomials are in this component's variables.
        _up = new DenseSegment(model, segment, segment.Index, ParameterStart);
        Theorem = _up.Theorem is { } inner ? new WithFreeCoordinates(inner, _gate) : null;
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

    public IReadOnlyList<LawFamily> LawFamilies => _up.LawFamilies;

    public CountTheorem? Theorem { get; }

    public string? CountUnavailable => _up.CountUnavailable;

    public IReadOnlyList<RotationSymmetry> RotationSymmetries => _up.RotationSymmetries;

    public ILawVerifier CreateVerifier(WorkMeter meter) => new Verifier(_up.CreateVerifier(meter), _gate);

    public FieldExpression RandomGradient(DeterministicRandom rng)
    {
        var constant = new uint[_gate];
        for (int i = 0; i < constant.Length; i++) constant[i] = rng.NextNonZeroMod();
        return new Field(constant, _up.RandomGradient(rng));
    }

    public ILawSearch CreateSearch(AnalysisOptions options, DeterministicRandom rng, WorkMeter meter) => new Search(_up.CreateSearch(options, rng, meter), _gate);

    public LawFamily? FamilyOf(IntegerPolynomial local) => Shift(local, -_gate) is { } up ? _up.FamilyOf(up) : null;

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
    // a law exactly when it is one of the up path.
    private sealed class Verifier : ILawVerifier
    {
        private readonly ILawVerifier _up;
        private readonly int _gate;

        public Verifier(ILawVerifier up, int gate)
        {
            _up = up;
            _gate = gate;
        }

        public bool Verify(IntegerPolynomial h) => Verify(h, symmetricEnds: false);

        public bool Verify(IntegerPolynomial h, bool symmetricEnds) => !h.IsZero && Shift(h, -_gate) is { } up && _up.Verify(up, symmetricEnds);
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
