using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;
using ConservationCodegen.Engine.Symmetries;

namespace ConservationCodegen.Engine.Attention;

/// <summary>
/// A multi-head self-attention block as a component. The loss sees it only through the per-head products of its
/// linear pairs (<see cref="HeadPair"/>), which have disjoint parameters, so W_φ is the direct sum of the pairs' and the
/// key bias is dead (zero gradient). Laws: per head the query–key Gram W_Q^a W_Q^aᵀ + b_Q b_Qᵀ − W_K^a W_K^aᵀ − b_K b_Kᵀ
/// and the value–output Gram W_V^a W_V^aᵀ + b_V b_Vᵀ − W_O^aᵀ W_O^a (head a's rows and columns), and each key-bias
/// entry. Count: the sum of the pairs' two-layer linear counts plus the dead key bias (<see cref="AttentionTheorem"/>),
/// or the exact computation on the sum of the pairs' gradient fields. Which blocks may surround it is checked by
/// <see cref="AttentionCuts"/>.
/// </summary>
internal sealed class AttentionBlock : IComponent
{
    private readonly SelfAttentionSpec _block;
    private readonly List<HeadPair> _pairs;
    private readonly List<LawFamily> _families = new();
    private readonly Dictionary<LawFamily, HeadPair> _pairOf = new();
    private readonly DeadParameterFamily? _deadKeyBias;

    public AttentionBlock(ModelDescription model, Segment segment)
    {
        _block = (SelfAttentionSpec)model.Layers[segment.FirstLayer];
        Index = segment.Index;
        ParameterStart = segment.ParameterStart;
        ParameterCount = segment.ParameterCount;
        FirstLayer = LastLayer = segment.FirstLayer;
        _pairs = HeadPair.Of(_block);
        int d = _block.ModelDim, r = _block.HeadDim, layer = FirstLayer, start = ParameterStart;
        long p = _block.Projection;
        string number = (layer + 1).ToString(CultureInfo.InvariantCulture);
        foreach (var pair in _pairs)
        {
            int first = pair.Head * r;
            var slices = new List<GramSlice>();
            if (!pair.IsValueOutput)
            {
                slices.Add(new GramSlice(1, start + _block.QueryOffset, d, 1, d, _block.WeightName, "[#,:]"));
                if (_block.HasQueryBias) slices.Add(new GramSlice(1, start + _block.QueryBiasOffset, 1, 0, 1, _block.QueryBiasName, "[#]"));
                slices.Add(new GramSlice(-1, start + _block.KeyOffset, d, 1, d, _block.KeyName, "[#,:]"));
                if (_block.HasKeyBias) slices.Add(new GramSlice(-1, start + _block.KeyBiasOffset, 1, 0, 1, _block.KeyBiasName, "[#]"));
            }
            else
            {
                slices.Add(new GramSlice(1, start + _block.ValueOffset, d, 1, d, _block.ValueName, "[#,:]"));
                if (_block.HasValueBias) slices.Add(new GramSlice(1, start + _block.ValueBiasOffset, 1, 0, 1, _block.ValueBiasName, "[#]"));
                slices.Add(new GramSlice(-1, start + _block.OutputOffset, 1, p, d, _block.OutputName, "[:,#]"));
            }

            string group = "Attention" + number + "Head" + pair.Head.ToString(CultureInfo.InvariantCulture) + (pair.IsValueOutput ? "ValueOutput" : "QueryKey");
            var family = new SliceGramFamily(group, layer, first, r, slices, pair.Segment.LawFamilies[0].RankUpperBound, Index, start);
            _families.Add(family);
            _pairOf[family] = pair;
        }

        if (_block.HasKeyBias)
        {
            _deadKeyBias = new DeadParameterFamily("Attention" + number + "KeyBias", _block.KeyBiasName, layer,
                checked((int)(start + _block.KeyBiasOffset)), checked((int)p), Index, start);
            _families.Add(_deadKeyBias);
        }

        Theorem = new AttentionTheorem(_pairs, _pairOf, _deadKeyBias);
        // so(r) acts on the units of every pair (one record for the block: the same algebra on each of its 2·heads pairs).
        RotationSymmetries = r >= 2 ? new List<RotationSymmetry> { new(layer, r, _pairs.Count * (r * (r - 1) / 2)) } : new List<RotationSymmetry>();
    }

    public int Index { get; }

    public int ParameterStart { get; }

    public int ParameterCount { get; }

    public int FirstLayer { get; }

    public int LastLayer { get; }

    public IReadOnlyList<LawFamily> LawFamilies => _families;

    public CountTheorem? Theorem { get; }

    public string? CountUnavailable => null;

    /// <summary>so(headDim) on every pair's units, which conserves nothing: one record, of the total dimension.</summary>
    public IReadOnlyList<RotationSymmetry> RotationSymmetries { get; }

    /// <summary>Block-local indices of the key bias (dead parameters), empty without one.</summary>
    private IEnumerable<int> DeadLocal()
    {
        if (!_block.HasKeyBias) yield break;
        for (long i = 0; i < _block.Projection; i++) yield return checked((int)(_block.KeyBiasOffset + i));
    }

    public ILawVerifier CreateVerifier(WorkMeter meter) => new AttentionVerifier(ParameterCount, _pairs, DeadLocal(), meter);

    public FieldExpression RandomGradient(DeterministicRandom rng) =>
        new BlockField(ParameterCount, _pairs.Select(p => (p.Segment.RandomGradient(rng), p.ToBlock)).ToList());

    public ILawSearch CreateSearch(AnalysisOptions options, DeterministicRandom rng, WorkMeter meter) => new NoLawSearch(
        "it is an attention block, for which this version searches no laws beyond the heads' Gram entries and the dead key bias");

    public LawFamily? FamilyOf(IntegerPolynomial local) => null;

    // Laws beyond the families come only from the exact computation's elimination (never in the theorem's path); they
    // are written term by term over θ.
    public ConservationLaw NameGeneral(IntegerPolynomial local, int generalIndex)
    {
        var global = new IntegerPolynomial();
        foreach (var kv in local.Terms) global.Add(new IntArrayKey(kv.Key.Items.Select(v => v + ParameterStart).ToArray()), kv.Value);
        string text = string.Join(" + ", global.Terms.Select(kv => kv.Value.ToString(CultureInfo.InvariantCulture) + "*" +
            string.Join("*", kv.Key.Items.Select(v => "theta[" + v.ToString(CultureInfo.InvariantCulture) + "]"))));
        return new ConservationLaw("Attention" + (FirstLayer + 1).ToString(CultureInfo.InvariantCulture) + "Law" + generalIndex.ToString(CultureInfo.InvariantCulture),
            Index, text, text, global);
    }

    public (int, int, int, int) OrderKey(IntegerPolynomial local) => (FirstLayer, 0, 0, 0);
}
