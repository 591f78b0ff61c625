using System;
using System.Collections;
using System.Collections.Generic;

namespace ConservationCodegen.Engine.Laws;

/// <summary>A run of consecutive laws of one group in <see cref="Analysis.AnalysisResult.Laws"/>.</summary>
/// <param name="Group">The laws' group, e.g. "Hidden1".</param>
/// <param name="Kind">What the laws are.</param>
/// <param name="Layer">0-based layer whose outputs hold the group's neurons (−1 for laws found by the search).</param>
/// <param name="Start">Index of the run's first law.</param>
/// <param name="Count">Number of laws in the run.</param>
public sealed record LawGroupRun(string Group, LawKind Kind, int Layer, int Start, int Count);

/// <summary>
/// The laws of a model in canonical order. A whole family is one entry, and its members are made when asked for: a
/// 7,000-wide linear hidden layer has 24.5 million Gram laws, which as objects would take gigabytes. Small lists are
/// materialised once, so callers that index the same law repeatedly get the same object.
/// </summary>
internal sealed class LawList : IReadOnlyList<ConservationLaw>
{
    /// <summary>Lists with at most this many laws hold them as objects.</summary>
    public const int MaterialisedLimit = 100_000;

    private readonly List<(LawFamily? Family, ConservationLaw? Single, int Start)> _runs = new();
    private ConservationLaw[]? _materialised;

    public int Count { get; private set; }

    public void AddFamily(LawFamily family)
    {
        if (family.Count == 0) return;
        _runs.Add((family, null, Count));
        Count += family.Count;
    }

    public void Add(ConservationLaw law)
    {
        _runs.Add((null, law, Count));
        Count++;
    }

    /// <summary>Ends construction: small lists become arrays.</summary>
    public LawList Seal()
    {
        if (Count <= MaterialisedLimit)
        {
            var all = new ConservationLaw[Count];
            for (int i = 0; i < Count; i++) all[i] = Create(i);
            _materialised = all;
        }

        return this;
    }

    /// <summary>Consecutive runs of one group, in order (O(families), whatever the number of laws).</summary>
    public List<LawGroupRun> GroupRuns()
    {
        var runs = new List<LawGroupRun>();
        foreach (var (family, single, start) in _runs)
        {
            string group = family?.Group ?? single!.Group;
            var kind = family?.Kind ?? single!.Kind;
            int layer = family?.Layer ?? single!.Layer;
            int count = family?.Count ?? 1;
            if (runs.Count > 0 && runs[runs.Count - 1].Group == group && runs[runs.Count - 1].Kind == kind)
                runs[runs.Count - 1] = runs[runs.Count - 1] with { Count = runs[runs.Count - 1].Count + count };
            else runs.Add(new LawGroupRun(group, kind, layer, start, count));
        }

        return runs;
    }

    /// <summary>Largest degree of any law (1 when there is none), from the runs.</summary>
    public int MaxDegree()
    {
        int max = 1;
        foreach (var (family, single, _) in _runs) max = Math.Max(max, family?.Degree ?? single!.Degree);
        return max;
    }

    /// <summary>The family whose members are exactly the laws from <paramref name="index"/> on, in member order, or null.</summary>
    public LawFamily? WholeFamilyAt(int index)
    {
        if ((uint)index >= (uint)Count) return null;
        int run = RunOf(index);
        return _runs[run].Start == index ? _runs[run].Family : null;
    }

    public ConservationLaw this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return _materialised is { } all ? all[index] : Create(index);
        }
    }

    private ConservationLaw Create(int index)
    {
        var (family, single, start) = _runs[RunOf(index)];
        return family is not null ? family.Law(index - start) : single!;
    }

    // The run holding law `index` (binary search over the runs' starts).
    private int RunOf(int index)
    {
        int lo = 0, hi = _runs.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_runs[mid].Start <= index) lo = mid;
            else hi = mid - 1;
        }

        return lo;
    }

    public IEnumerator<ConservationLaw> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
