using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;
using ConservationCodegen.Engine.Symmetries;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// A segment of a layered model (layers between non-homogeneous activations and skip ends: dense layers, convolutions,
/// diagonal layers, seen through their <see cref="LayerShape"/>) as a component: its law families (a Gram family at
/// every hidden level inside a linear run of full layers, a balance family behind every homogeneous activation and next
/// to every diagonal layer), the
/// theorems that count its laws (<see cref="PathIncidenceTheorem"/>, <see cref="TwoLayerLinearTheorem"/>), its
/// gated gradient fields, its exact verifier and its parity-class search.
/// </summary>
internal sealed class DenseSegment : IComponent
{
    private readonly SegmentIndexing _ix;
    private readonly LawNamer _namer;
    private readonly List<GramFamily> _families = new();

    public DenseSegment(ModelDescription model, Segment segment)
        : this(model, segment, segment.Index, segment.ParameterStart)
    {
    }

    /// <summary>A segment whose families are numbered as members of a larger component (a residual region).</summary>
    public DenseSegment(ModelDescription model, Segment segment, int componentIndex, int componentStart)
    {
        _ix = new SegmentIndexing(model, segment);
        _namer = new LawNamer(_ix);
        int T = _ix.LayerCount;
        var rotations = new List<RotationSymmetry>();
        for (int t = 1; t < T; t++)
        {
            int layer = segment.FirstLayer + t - 1;
            var inLayer = model.Layers[layer];
            var outLayer = model.Layers[layer + 1];
            var layout = _ix.GramLayout(t);
            var names = GramNames.For(inLayer.WeightName, inLayer.HasBias ? inLayer.BiasName : null, outLayer.WeightName,
                inLayer, model.Shapes[layer], outLayer, model.Shapes[layer + 1]);
            bool balances = _ix.IsBalanceLevel(t);
            _families.Add(new GramFamily(balances ? LawKind.NeuronBalance : LawKind.GramEntry, layer, layout, names, componentIndex, componentStart));

            // Inside a linear run of full layers, W ↦ RW, b ↦ Rb, W' ↦ W'Rᵀ with R orthogonal (applied to every tap)
            // keeps every block product: so(width) acts on the level, and (docs/certificates.md) nothing else
            // antisymmetric does; behind a homogeneous activation, or next to a diagonal layer, no rotation keeps φ.
            int w = inLayer.Outputs;
            if (!balances && w >= 2) rotations.Add(new RotationSymmetry(layer, w, w * (w - 1) / 2));
        }

        RotationSymmetries = rotations;
        Theorem = ChooseTheorem(segment);
    }

    public int Index => _ix.Segment.Index;

    public int ParameterStart => _ix.Segment.ParameterStart;

    public int ParameterCount => _ix.Segment.ParameterCount;

    public int FirstLayer => _ix.Segment.FirstLayer;

    public int LastLayer => _ix.Segment.LastLayer;

    public IReadOnlyList<LawFamily> LawFamilies => _families;

    public CountTheorem? Theorem { get; }

    public string? CountUnavailable => null;

    public IReadOnlyList<RotationSymmetry> RotationSymmetries { get; }

    /// <summary>
    /// An upper bound on the degree in θ of every gated gradient field: each path crosses every layer of the segment at
    /// most once and picks up one parameter there, so φ has degree ≤ the layer count and its gradient one less.
    /// </summary>
    internal int GradientDegreeBound => _ix.LayerCount - 1;

    /// <summary>
    /// The hidden levels that carry so(width) — inside a linear run of full layers, width ≥ 2, the levels of
    /// <see cref="RotationSymmetries"/> — as the layouts of their incoming and outgoing parameters.
    /// </summary>
    internal IEnumerable<GramLayout> RotationLevels
    {
        get
        {
            for (int t = 1; t < _ix.LayerCount; t++)
                if (!_ix.IsBalanceLevel(t) && _ix.Width(t) >= 2) yield return _ix.GramLayout(t);
        }
    }

    /// <summary>The dense indexing of the segment (tests and the numeric symmetry search use it).</summary>
    internal SegmentIndexing Indexing => _ix;

    // The hypotheses are read off the structure: which levels are gates, which layers are diagonal, how many layers,
    // which have biases.
    private CountTheorem? ChooseTheorem(Segment segment)
    {
        int T = _ix.LayerCount;
        int hidden = 0;
        for (int t = 1; t < T; t++) hidden += _ix.Width(t);
        if (PathIncidenceTheorem.Applies(_ix)) return new PathIncidenceTheorem(ParameterCount, hidden, _families);
        bool plain = _ix.Taps(1) == 1 && _ix.Taps(2) == 1;
        // With both biases, φ's constant part W₂b₁ + b₂ mixes them and no theorem is used (docs/certificates.md §4).
        bool biases = _ix.HasBias(1) || _ix.HasBias(2), bothBiases = _ix.HasBias(1) && _ix.HasBias(2);
        if (T == 2 && !segment.IsGateLevel[1] && !_ix.IsDiagonal(1) && !_ix.IsDiagonal(2) && !bothBiases && (plain || !biases))
        {
            // φ = (K₂[:, :, q] K₁[:, :, p])_{p,q} = U Vᵀ with U[(o, q), c] = K₂[o, c, q] and V[(i, p), c] = K₁[c, i, p]:
            // a dense pair with contracted sizes m = inputs·taps₁, n = outputs·taps₂ (docs/certificates.md §4). A dense
            // first-layer bias is one more row of V (an input fixed at 1); a dense output bias is its own coordinate of φ.
            int inputs = _ix.Width(0) * _ix.Taps(1) + (_ix.HasBias(1) ? 1 : 0);
            int outputBiases = _ix.HasBias(2) ? _ix.Width(2) : 0;
            return new TwoLayerLinearTheorem(inputs, _ix.Width(1), _ix.Width(2) * _ix.Taps(2), _families[0], outputBiases, biases);
        }

        return null;
    }

    public ILawVerifier CreateVerifier(WorkMeter meter) => new LawVerifier(_ix, meter);

    // Under softmax cross-entropy the segment that ends the model gets a centred output gate (Gates.CentredAtOutput).
    public FieldExpression RandomGradient(DeterministicRandom rng)
    {
        var gates = Gates.Random(_ix.Model, _ix.Segment, rng);
        if (CentredOutput) gates = gates.CentredAtOutput();
        return new GatedGradientField(_ix.Model, _ix.Segment, gates);
    }

    /// <summary>True when the segment ends the model and the model's loss is softmax cross-entropy: its fields are centred at the output.</summary>
    internal bool CentredOutput => _ix.Model.Loss == OutputLoss.SoftmaxCrossEntropy && LastLayer == _ix.Model.Layers.Count - 1;

    // The parity-class search is written for dense one-tap layers; elsewhere no search beyond the families runs, and
    // the analysis says so.
    public ILawSearch CreateSearch(AnalysisOptions options, DeterministicRandom rng, WorkMeter meter) =>
        _ix.IsPlain ? new SegmentLawSearch(_ix, options, rng, meter) : new NoLawSearch();

    public LawFamily? FamilyOf(IntegerPolynomial local)
    {
        int t = _namer.RecognisedLevel(local);
        return t >= 1 ? _families[t - 1] : null;
    }

    public ConservationLaw NameGeneral(IntegerPolynomial local, int generalIndex) => _namer.Name(local, generalIndex, _families);

    public (int, int, int, int) OrderKey(IntegerPolynomial local) => _namer.OrderKey(local);
}

/// <summary>The segments of a model, one <see cref="DenseSegment"/> each.</summary>
internal static class DenseChainComponents
{
    public static List<DenseSegment> Of(ModelDescription model) =>
        new ModelStructure(model).Segments.Select(s => new DenseSegment(model, s)).ToList();
}
