using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;
using ConservationCodegen.Engine.Symmetries;

namespace ConservationCodegen.Engine.HomogeneousUnits;

/// <summary>
/// A segment of dense layers with at least one k-homogeneous unit level (RePU or Power, k ≥ 2) or a Swish level with a
/// trainable β. Its network output is not a path-lifting, so the dense chain's φ, verifier and theorems do not apply.
/// Laws: one family per hidden level, each member established by Noether's theorem for the level's checked symmetry
/// (<see cref="NoetherVerifier"/>): a balance ‖w^in_j‖² + b_j² − k‖w^out_j‖² (− β_j² for Swish-β) per unit behind a
/// homogeneous or Swish-β activation, the Gram entries at an identity level. Count: when every activation of the
/// segment is polynomial once its pattern is fixed (identity, ReLU, Abs, RePU, Power), by the Lie rank of the fields
/// <see cref="PolynomialUnitField"/>; otherwise (Swish-β, leaky ReLU) not computed, <see cref="CountUnavailable"/> says why.
/// </summary>
internal sealed class HomogeneousUnitSegment : IComponent
{
    private readonly ParameterMap _map;
    private readonly List<GramFamily> _families = new();
    private readonly int[] _degrees;
    private readonly bool[] _gated;
    private readonly bool[] _signGate;
    private readonly List<GramLayout> _rotationLevels = new();

    public HomogeneousUnitSegment(ModelDescription model, Segment segment)
    {
        _map = new ParameterMap(model, segment);
        int T = _map.LayerCount;
        _degrees = new int[T];
        _gated = new bool[T];
        _signGate = new bool[T];
        var rotations = new List<RotationSymmetry>();
        var swishLayers = new List<int>();
        var slopeLayers = new List<int>();
        for (int t = 1; t < T; t++)
        {
            int layer = segment.FirstLayer + t - 1;
            var inBlock = _map.Block(t);
            var outBlock = _map.Block(t + 1);
            var symmetry = LevelSymmetry.Establish(_map, t, out _);
            bool linear = inBlock.Activation == ActivationKind.Identity;
            int degree = ActivationKinds.HasDegree(inBlock.Activation) ? inBlock.ActivationDegree : 1;
            int beta = inBlock.HasBeta ? model.BetaOffset(layer) : -1;
            var layout = new GramLayout(model.WeightOffset(layer), inBlock.Inputs, inBlock.HasBias ? model.BiasOffset(layer) : -1,
                model.WeightOffset(layer + 1), outBlock.Outputs, inBlock.Outputs, Degree: degree, Beta: beta);
            var names = new GramNames(inBlock.WeightName, inBlock.HasBias ? inBlock.BiasName : null, outBlock.WeightName, Beta: inBlock.BetaName);
            // The family is proposed from the activation alone; the verifier establishes it only when the checked
            // symmetry's generator gives exactly these polynomials.
            _families.Add(new GramFamily(linear ? LawKind.GramEntry : LawKind.NeuronBalance, layer, layout, names, segment.Index, segment.ParameterStart));
            if (linear && inBlock.Outputs >= 2 && symmetry is not null)
            {
                rotations.Add(new RotationSymmetry(layer, inBlock.Outputs, inBlock.Outputs * (inBlock.Outputs - 1) / 2));
                _rotationLevels.Add(layout);
            }

            _degrees[t] = degree;
            switch (inBlock.Activation)
            {
                case ActivationKind.ReLU or ActivationKind.RePU:
                    _gated[t] = true;
                    break;
                case ActivationKind.Abs:
                    _gated[t] = _signGate[t] = true;
                    break;
                case ActivationKind.Identity or ActivationKind.Power:
                    break;
                case ActivationKind.Swish:
                    swishLayers.Add(layer + 1);
                    break;
                default:
                    slopeLayers.Add(layer + 1);
                    break;
            }
        }

        RotationSymmetries = rotations;
        var problems = new List<string>();
        if (swishLayers.Count > 0)
            problems.Add(Layers(swishLayers) + (swishLayers.Count == 1 ? " has a Swish" : " have Swish activations") + " with a trainable β, which is not polynomial, so no exact model of the gradient fields is available");
        if (slopeLayers.Count > 0)
            problems.Add(Layers(slopeLayers) + (slopeLayers.Count == 1 ? " has a leaky ReLU" : " have leaky ReLUs") + " whose slope the engine does not know, so the gradient fields cannot be modelled exactly");
        CountUnavailable = problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// The identity levels whose GL(width) symmetry was checked (those of <see cref="RotationSymmetries"/>), as the
    /// layouts of their incoming and outgoing parameters: their rotations give the momentum flow's charges.
    /// </summary>
    internal IReadOnlyList<GramLayout> RotationLevels => _rotationLevels;

    /// <summary>
    /// An upper bound on the degree of the gradient fields in θ (once the activation pattern is fixed): the
    /// pre-activation of level t + 1 has degree ≤ 1 + k_t·(that of level t), starting from 1, and a gradient loses one.
    /// Capped at <see cref="int.MaxValue"/> (the momentum count refuses large degrees anyway).
    /// </summary>
    internal int GradientDegreeBound
    {
        get
        {
            long degree = 1;
            for (int t = 1; t < _map.LayerCount; t++) degree = System.Math.Min(int.MaxValue, 1 + (long)_degrees[t] * degree);
            return (int)(degree - 1);
        }
    }

    /// <summary>True when the segment has a level that the dense chain cannot analyse: RePU, Power, or Swish with a trainable β.</summary>
    public static bool Applies(ModelDescription model, Segment segment)
    {
        for (int layer = segment.FirstLayer; layer < segment.LastLayer; layer++)
        {
            var block = model.Layers[layer];
            if (ActivationKinds.HasDegree(block.Activation) || block.Activation == ActivationKind.Swish && block.HasBeta) return true;
        }

        return false;
    }

    /// <summary>Why the count is not computed (no exact model of the gradient fields), or null when it is.</summary>
    public string? CountUnavailable { get; }

    /// <summary>
    /// True when the fields sample activation patterns rather than combine all of them: more than
    /// <see cref="MaxEnumeratedGates"/> units whose gate depends on the pattern (ReLU, RePU, Abs), or 2^H · D above
    /// <see cref="MaxEnumeratedWork"/>.
    /// </summary>
    public bool SamplesPatterns => GatedUnits > MaxEnumeratedGates || ((long)ParameterCount << GatedUnits) > MaxEnumeratedWork;

    public int Index => _map.Segment.Index;

    public int ParameterStart => _map.Segment.ParameterStart;

    public int ParameterCount => _map.Segment.ParameterCount;

    public int FirstLayer => _map.Segment.FirstLayer;

    public int LastLayer => _map.Segment.LastLayer;

    public IReadOnlyList<LawFamily> LawFamilies => _families;

    public CountTheorem? Theorem => null;

    public IReadOnlyList<RotationSymmetry> RotationSymmetries { get; }

    public ILawVerifier CreateVerifier(WorkMeter meter) => new NoetherVerifier(_map, meter);

    /// <summary>
    /// Most gated units (ReLU, RePU, Abs) for which every field combines all 2^H activation patterns with random weights;
    /// beyond, each field takes one random pattern (its rank is then a lower bound without the high-probability reading).
    /// </summary>
    public const int MaxEnumeratedGates = 8;

    /// <summary>Largest 2^H · D for which the patterns are combined: a field then costs 2^H passes over D parameters.</summary>
    public const int MaxEnumeratedWork = 1 << 15;

    private int GatedUnits
    {
        get
        {
            int h = 0;
            for (int t = 1; t < _map.LayerCount; t++)
                if (_gated[t]) h += _map.Block(t).Outputs;
            return h;
        }
    }

    public FieldExpression RandomGradient(DeterministicRandom rng)
    {
        if (CountUnavailable is not null) throw new InvalidOperationException("No field model: " + CountUnavailable);
        int T = _map.LayerCount;
        var x = new uint[_map.Block(1).Inputs];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextNonZeroMod();
        var u = new uint[_map.Block(T).Outputs];
        for (int i = 0; i < u.Length; i++) u[i] = rng.NextNonZeroMod();
        var patterns = new List<(uint[]?[], uint)>();
        if (SamplesPatterns)
        {
            patterns.Add((Pattern(_ => (rng.NextUInt64() & 1) != 0), 1));
        }
        else
        {
            // Every pattern, as the bits of p over the gated units in level order, with a random weight.
            long count = 1L << GatedUnits;
            for (long p = 0; p < count; p++)
            {
                int next = 0;
                long bits = p;
                patterns.Add((Pattern(_ => ((bits >> next++) & 1) != 0), rng.NextNonZeroMod()));
            }
        }

        return new PolynomialUnitField(_map, x, u, patterns, _degrees);
    }

    // Gate values of one pattern: `on` is asked once per gated unit, in level order.
    private uint[]?[] Pattern(Func<int, bool> on)
    {
        var gates = new uint[]?[_map.LayerCount];
        for (int t = 1; t < _map.LayerCount; t++)
        {
            if (!_gated[t]) continue;
            var g = new uint[_map.Block(t).Outputs];
            for (int i = 0; i < g.Length; i++)
            {
                bool bit = on(i);
                g[i] = _signGate[t] ? (bit ? 1u : ModP.P - 1) : (bit ? 1u : 0u);
            }

            gates[t] = g;
        }

        return gates;
    }

    public ILawSearch CreateSearch(AnalysisOptions options, DeterministicRandom rng, WorkMeter meter) => new NoLawSearch();

    public LawFamily? FamilyOf(IntegerPolynomial local) => null;

    // The search finds nothing here (NoLawSearch), so no law outside the families is ever named.
    public ConservationLaw NameGeneral(IntegerPolynomial local, int generalIndex) =>
        throw new InvalidOperationException("Segments with homogeneous units have no laws outside their families.");

    public (int, int, int, int) OrderKey(IntegerPolynomial local) => (0, 0, 0, 0);

    private static string Layers(List<int> layers) => (layers.Count == 1 ? "layer " : "layers ") +
        string.Join(", ", layers.Select(l => l.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>
/// The search of a segment with homogeneous units: its laws are established only through checked symmetries (Noether),
/// since the dense chain's exact verifier does not apply to non-path-lifting outputs; it returns nothing, and the
/// analysis reports any gap between the count and the laws.
/// </summary>
internal sealed class NoLawSearch : ILawSearch
{
    public int Rejected => 0;

    public int ExhaustiveDegree => 0;

    public string? NotSearched => "its laws come from the units' checked symmetries; no search for further polynomial laws runs on segments with RePU, Power or trainable-β Swish units";

    public List<IntegerPolynomial> FindDegreeTwo() => new();

    public List<IntegerPolynomial> FindHigherDegree(IReadOnlyList<IntegerPolynomial> known, List<string> notes) => new();
}
