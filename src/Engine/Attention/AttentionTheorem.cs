using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Laws;

namespace ConservationCodegen.Engine.Attention;

/// <summary>
/// The count of an attention block whose input and output are cuts (<see cref="AttentionCuts"/>): the loss depends on
/// the block only through its heads' query–key and value–output products, on disjoint parameters, so W_φ and its Lie
/// closure are direct sums and the count is the sum of the pairs' counts — each a two-layer linear pair counted by
/// Marcotte, Gribonval and Peyré (2023, Cor. 4.4), a query or value bias being an input fixed at 1 — plus one law per
/// dead key-bias entry (docs/certificates.md, "Attention").
/// </summary>
internal sealed class AttentionTheorem : CountTheorem
{
    private readonly IReadOnlyDictionary<LawFamily, HeadPair> _pairOf;
    private readonly DeadParameterFamily? _dead;
    private readonly int _heads;

    public AttentionTheorem(IReadOnlyList<HeadPair> pairs, IReadOnlyDictionary<LawFamily, HeadPair> pairOf, DeadParameterFamily? dead)
    {
        _pairOf = pairOf;
        _dead = dead;
        _heads = pairs.Count / 2;
        IndependentLawCount = pairs.Sum(p => p.Segment.Theorem!.IndependentLawCount) + (dead?.Count ?? 0);
        DimW = pairs.Sum(p => p.Segment.Theorem!.DimW ?? 0);
    }

    public override string Name => "attention-heads";

    public override string Statement => string.Format(CultureInfo.InvariantCulture,
        "its {0} head{1} see the loss only through their query–key and value–output products, which have disjoint parameters, so its count is the sum of theirs, each a two-layer linear pair (Marcotte, Gribonval and Peyré 2023, Cor. 4.4){2}: {3} independent laws. This is complete for every loss of those products; the attention's own losses are a narrower family, for which more laws than these are not excluded",
        _heads, _heads == 1 ? "" : "s", _dead is null ? "" : ", plus one law per key-bias entry, which has zero gradient", IndependentLawCount);

    public override int IndependentLawCount { get; }

    public override int? DimW { get; }

    public override int? BracketRounds => null;

    // The Gram of a pair has its pair's rank; the dead key bias adds its entries. Without the key-bias family a query–key
    // Gram still carries −b_K b_Kᵀ, and the sum below is then only a lower bound: never more than established.
    public override int LawRank(IReadOnlyCollection<LawFamily> verified)
    {
        int rank = 0;
        foreach (var f in verified)
        {
            if (_pairOf.TryGetValue(f, out var pair)) rank += pair.Segment.Theorem!.IndependentLawCount;
            else if (ReferenceEquals(f, _dead)) rank += _dead!.Count;
        }

        return rank;
    }
}
