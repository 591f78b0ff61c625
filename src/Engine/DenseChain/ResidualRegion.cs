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

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Consecutive segments joined at the ends of skip connections (docs/certificates.md, "Cuts"). Each segment keeps its
/// own laws, and each residual stream — unit c of the levels a chain of skips joins — keeps one more: the sum of their
/// balances (<see cref="StreamFamily"/>). The count is certified by the path-incidence theorem on the region's graph,
/// skips included, when every level the skips join is behind a positively homogeneous activation and every skipped
/// branch has one inside; otherwise by the exact computation on the gated fields of the graph with skips
/// (<see cref="RegionGradientField"/>). A skip that spans an activation without a rescaling symmetry leaves the region
/// uncounted.
/// </summary>
internal sealed class ResidualRegion : IComponent
{
    private readonly List<LawFamily> _families = new();

    public ResidualRegion(ModelStructure structure, IReadOnlyList<Segment> segments)
    {
        Model = structure.Model;
        var model = Model;
        Index = segments[0].Index;
        ParameterStart = segments[0].ParameterStart;
        ParameterCount = segments.Sum(s => s.ParameterCount);
        FirstLayer = segments[0].FirstLayer;
        LastLayer = segments[segments.Count - 1].LastLayer;
        Parts = segments.Select(s => new DenseSegment(model, s, Index, ParameterStart)).ToList();
        foreach (var part in Parts) _families.AddRange(part.LawFamilies);
        RotationSymmetries = Parts.SelectMany(p => p.RotationSymmetries).ToList();

        string? unavailable = null;
        var skips = new List<(int Source, int Target)>();
        for (int k = 0; k < model.Layers.Count; k++)
        {
            int from = model.Layers[k].ResidualFrom;
            if (from < 0) continue;
            int source = from - 1; // the level whose output the skip reads: layer from − 1's output, −1 for the model input
            bool sourceInside = source >= FirstLayer - 1 && source <= LastLayer, targetInside = k >= FirstLayer && k <= LastLayer;
            if (sourceInside && targetInside) skips.Add((source, k));
            else if (sourceInside && source < LastLayer || targetInside && k < LastLayer)
                unavailable ??= string.Format(CultureInfo.InvariantCulture,
                    "the skip connection into layer {0} spans an activation without a rescaling symmetry, and this version does not analyse laws along such a skip", k + 1);
        }

        Skips = skips;

        // Units joined by skips (unit c to unit c) form the classes of the region's graph.
        int levels = LastLayer - FirstLayer + 2;
        int Width(int level) => level == FirstLayer - 1 ? model.Shapes[FirstLayer].Inputs : model.Shapes[level].Outputs;
        var offset = new int[levels + 1];
        for (int g = FirstLayer - 1; g <= LastLayer; g++) offset[g - FirstLayer + 2] = offset[g - FirstLayer + 1] + Width(g);
        var parent = Enumerable.Range(0, offset[levels]).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        int Node(int level, int unit) => offset[level - FirstLayer + 1] + unit;
        foreach (var (source, target) in skips)
        {
            if (Width(source) != Width(target))
            {
                unavailable ??= string.Format(CultureInfo.InvariantCulture,
                    "the skip connection into layer {0} adds {1} units to {2}, which this version does not map unit to unit", target + 1, Width(source), Width(target));
                continue;
            }

            for (int c = 0; c < Width(source); c++) parent[Find(Node(source, c))] = Find(Node(target, c));
        }

        // A class touching the region's input or output cannot be rescaled (inputs are data, outputs feed the loss).
        var open = new HashSet<int>();
        for (int c = 0; c < Width(FirstLayer - 1); c++) open.Add(Find(Node(FirstLayer - 1, c)));
        for (int c = 0; c < Width(LastLayer); c++) open.Add(Find(Node(LastLayer, c)));
        var members = new Dictionary<int, List<int>>();
        for (int g = FirstLayer; g < LastLayer; g++)
        {
            int root = Find(Node(g, 0));
            if (open.Contains(root)) continue;
            if (!members.TryGetValue(root, out var list)) members[root] = list = new List<int>();
            list.Add(g);
        }

        var roots = new HashSet<int>();
        for (int g = FirstLayer; g < LastLayer; g++)
            for (int c = 0; c < Width(g); c++)
            {
                int root = Find(Node(g, c));
                if (!open.Contains(root)) roots.Add(root);
            }

        int hiddenClasses = roots.Count;

        // One stream family per chain of levels (unit 0's class stands for every unit: skips map c to c).
        foreach (var levelsOfStream in members.Values.Where(l => l.Count >= 2 && l.All(g => Width(g) == Width(l[0]))))
        {
            var balances = levelsOfStream.Select(Balance).ToList();
            _families.Add(new StreamFamily(balances, Index, ParameterStart));
        }

        CountUnavailable = unavailable;
        Theorem = unavailable is null && Certifiable() ? new PathIncidenceTheorem(ParameterCount, hiddenClasses, _families, string.Format(CultureInfo.InvariantCulture,
            "its φ is the path-lifting of its layers and skip connections, every level a skip joins being behind a positively homogeneous activation, so the path-incidence rank at θ = 1 bounds the count by its {0} classes of hidden units joined by skips, whose balances are independent laws (docs/certificates.md)", hiddenClasses)) : null;
    }

    // The theorem's hypotheses on the region's graph: every segment is a path-lifting, every level a skip joins is a
    // gate, and every skipped branch passes a gate (so a path through the branch and the skip beside it are different
    // components of φ, not one sum).
    private bool Certifiable()
    {
        foreach (var part in Parts)
        {
            if (!PathIncidenceTheorem.Applies(part.Indexing)) return false;
            if (part.LastLayer < LastLayer && !IsGate(Model.Layers[part.LastLayer].Activation)) return false;
        }

        foreach (var (source, target) in Skips)
        {
            bool gated = false;
            for (int m = source + 1; m < target; m++) gated |= IsGate(Model.Layers[m].Activation);
            if (!gated) return false;
        }

        return true;
    }

    private static bool IsGate(ActivationKind kind) => kind != ActivationKind.Identity && ActivationKinds.IsPositivelyHomogeneous(kind);

    // The balance family of level g (the output of layer g), as a segment would build it, numbered in this region.
    private GramFamily Balance(int g)
    {
        var model = Model;
        var inLayer = model.Layers[g];
        var outLayer = model.Layers[g + 1];
        var inShape = model.Shapes[g];
        var outShape = model.Shapes[g + 1];
        var layout = new GramLayout(model.WeightOffset(g), inShape.RowLength, inLayer.HasBias ? model.BiasOffset(g) : -1,
            model.WeightOffset(g + 1), outShape.Diagonal ? 1 : outShape.Outputs, inShape.Outputs, OutTaps: outShape.Diagonal ? 1 : outShape.Taps);
        var names = GramNames.For(inLayer.WeightName, inLayer.HasBias ? inLayer.BiasName : null, outLayer.WeightName, inLayer, inShape, outLayer, outShape);
        return new GramFamily(LawKind.NeuronBalance, g, layout, names, Index, ParameterStart);
    }

    /// <summary>
    /// Groups of consecutive segments joined where a segment ends only because a skip connection starts or ends there.
    /// A residual sum x + g(x) whose x is a cut is a cut too (<see cref="ModelStructure.IsCutLevel"/>); the segments are
    /// not joined there when joining would put a component that is only analysed alone next to the skip: after
    /// x + down(unit(x)) (a gated linear unit's segment), or before a segment that ends with a normalised block. (Other
    /// regions keep their joint analysis, whose φ runs through the skips.)
    /// </summary>
    public static List<List<Segment>> Groups(ModelStructure structure)
    {
        var groups = new List<List<Segment>>();
        List<Segment>? current = null;
        var segments = structure.Segments;
        var model = structure.Model;
        var layers = model.Layers;
        for (int i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            current ??= new List<Segment>();
            current.Add(segment);
            int end = segment.LastLayer;
            bool cutHere = ModelStructure.IsUnitSumFromCut(model, end)
                || i + 1 < segments.Count && layers[segments[i + 1].LastLayer].Normalization != NormalizationKind.None && ModelStructure.IsCutLevel(model, end);
            bool joined = end < layers.Count - 1 && !ActivationKinds.CutsModel(layers[end])
                && layers[end] is not SelfAttentionSpec && layers[end + 1] is not SelfAttentionSpec && !cutHere;
            if (!joined)
            {
                groups.Add(current);
                current = null;
            }
        }

        if (current is not null) groups.Add(current);
        return groups;
    }

    public ModelDescription Model { get; }

    /// <summary>
    /// An upper bound on the degree in θ of every gated gradient field: a path through the region picks up at most one
    /// parameter per layer (none on a skip), so φ has degree ≤ the layer count and its gradient one less.
    /// </summary>
    internal int GradientDegreeBound => LastLayer - FirstLayer;

    /// <summary>The segments of the region.</summary>
    public IReadOnlyList<DenseSegment> Parts { get; }

    /// <summary>Skip connections inside the region: (source level, target level), a level being the output of a layer (first layer − 1: the region's input).</summary>
    public IReadOnlyList<(int Source, int Target)> Skips { get; }

    public int Index { get; }

    public int ParameterStart { get; }

    public int ParameterCount { get; }

    public int FirstLayer { get; }

    public int LastLayer { get; }

    public IReadOnlyList<LawFamily> LawFamilies => _families;

    public CountTheorem? Theorem { get; }

    public string? CountUnavailable { get; }

    public IReadOnlyList<RotationSymmetry> RotationSymmetries { get; }

    public ILawVerifier CreateVerifier(WorkMeter meter) => new RegionVerifier(this, meter);

    public FieldExpression RandomGradient(DeterministicRandom rng) => new RegionGradientField(this, rng);

    public ILawSearch CreateSearch(AnalysisOptions options, DeterministicRandom rng, WorkMeter meter) => new NoLawSearch();

    public LawFamily? FamilyOf(IntegerPolynomial local) => null;

    public ConservationLaw NameGeneral(IntegerPolynomial local, int generalIndex) =>
        throw new InvalidOperationException("No search runs on a region joined by skip connections.");

    public (int, int, int, int) OrderKey(IntegerPolynomial local) => (0, 0, 0, 0);
}
