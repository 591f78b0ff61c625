using System;
using System.Collections.Generic;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;
using ConservationCodegen.Engine.Symmetries;

namespace ConservationCodegen.Engine.NormalizedBlocks;

/// <summary>
/// A segment of a dense chain whose last block is normalised (BatchNorm, LayerNorm, RMSNorm; docs/certificates.md,
/// "Normalisation"). The normalisation cuts the model after the block, and the loss depends on the segment's φ only
/// through the normalised values, so it is f∘φ with f invariant under the normalisation's group acting on φ. Laws:
/// the segment's own families (laws of φ for every f, so laws here), plus the normalisation's scale and translation
/// laws on the last block, which replace the balances its units would have. Count: by
/// <see cref="NormalizedLayerTheorem"/> when the block is alone, by <see cref="NormalizedPathIncidenceTheorem"/> after
/// a path-lifting, otherwise computed from the projected fields
/// (<see cref="ProjectedGradientField"/>).
/// </summary>
internal sealed class NormalizedSegment : IComponent
{
    private readonly DenseSegment _inner;
    private readonly ModelDescription _model;
    private readonly Segment _segment;
    private readonly NormalizationKind _kind;
    private readonly bool _scaleSymmetry;
    private readonly List<LawFamily> _families;

    public NormalizedSegment(ModelDescription model, Segment segment)
    {
        _model = model;
        _segment = segment;
        _inner = new DenseSegment(model, segment);
        var layer = new NormalizedLayer(model, segment.LastLayer);
        _kind = layer.Kind;
        _scaleSymmetry = layer.HasScaleSymmetry;
        _families = new List<LawFamily>(_inner.LawFamilies);
        foreach (var kind in new[] { LawKind.NormalizationScale, LawKind.NormalizationShift })
            if (NormalizationFamily.CountOf(kind, layer) > 0) _families.Add(NormalizationFamily.Create(kind, layer, segment.Index, segment.ParameterStart));
        int hidden = 0;
        for (int t = 1; t < segment.LevelCount - 1; t++) hidden += segment.LevelWidth[t];
        Theorem = NormalizedLayerTheorem.Applies(model, segment) ? new NormalizedLayerTheorem(layer, segment.ParameterCount)
            : NormalizedPathIncidenceTheorem.Applies(model, segment, _inner.Indexing) ? new NormalizedPathIncidenceTheorem(layer, segment.ParameterCount, hidden, _inner.LawFamilies)
            : null;
    }

    /// <summary>True when the segment ends with a normalised block.</summary>
    public static bool Applies(ModelDescription model, Segment segment) => model.Layers[segment.LastLayer].Normalization != NormalizationKind.None;

    public int Index => _segment.Index;

    public int ParameterStart => _segment.ParameterStart;

    public int ParameterCount => _segment.ParameterCount;

    public int FirstLayer => _segment.FirstLayer;

    public int LastLayer => _segment.LastLayer;

    public IReadOnlyList<LawFamily> LawFamilies => _families;

    public CountTheorem? Theorem { get; }

    // The projected fields of the computed count assume the scale symmetry, which ε > 0 breaks; the theorems do not.
    public string? CountUnavailable => _scaleSymmetry || Theorem is not null ? null
        : "its normalisation has NormEpsilon > 0, which breaks the scale symmetry the computed count assumes (the theorems cover a normalised block alone or after a path-lifting)";

    // A rotation inside a linear run of the segment keeps φ, hence the normalised values.
    public IReadOnlyList<RotationSymmetry> RotationSymmetries => _inner.RotationSymmetries;

    public ILawVerifier CreateVerifier(WorkMeter meter) => new NormalizationVerifier(_inner.CreateVerifier(meter), _model, _segment, meter);

    public FieldExpression RandomGradient(DeterministicRandom rng) => ProjectedGradientField.Random(_model, _segment, _kind, rng);

    public ILawSearch CreateSearch(AnalysisOptions options, DeterministicRandom rng, WorkMeter meter) => new NoNormalizationSearch();

    public LawFamily? FamilyOf(IntegerPolynomial local) => null;

    // The search finds nothing here, so no law outside the families is ever named.
    public ConservationLaw NameGeneral(IntegerPolynomial local, int generalIndex) =>
        throw new InvalidOperationException("Normalised segments have no laws outside their families.");

    public (int, int, int, int) OrderKey(IntegerPolynomial local) => (0, 0, 0, 0);

    private sealed class NoNormalizationSearch : ILawSearch
    {
        public int Rejected => 0;

        public int ExhaustiveDegree => 0;

        public string? NotSearched => "no search for further polynomial laws runs on a segment that ends with a normalisation";

        public List<IntegerPolynomial> FindDegreeTwo() => new();

        public List<IntegerPolynomial> FindHigherDegree(IReadOnlyList<IntegerPolynomial> known, List<string> notes) => new();
    }
}
