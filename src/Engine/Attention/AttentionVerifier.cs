using System.Collections.Generic;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Attention;

/// <summary>
/// Exact check of a candidate law of an attention block. W_φ is the direct sum of the pairs' spaces and is zero on the
/// dead key bias, so h is a law when (a) its monomials in dead parameters alone are dropped (their gradient lies where
/// every gradient of the loss is zero) and (b) every other monomial lies in one pair's parameters and each pair's part
/// is a law of that pair, checked by the pair's own exact verifier. A monomial mixing pairs, or a pair with a dead
/// parameter, is not decided here: the candidate is rejected (never accepted unverified).
/// </summary>
internal sealed class AttentionVerifier : ILawVerifier
{
    private readonly IReadOnlyList<HeadPair> _pairs;
    private readonly int[] _pairOf;
    private readonly int[] _localIndex;
    private readonly bool[] _dead;
    private readonly WorkMeter _meter;
    private readonly ILawVerifier?[] _verifiers;

    public AttentionVerifier(int parameterCount, IReadOnlyList<HeadPair> pairs, IEnumerable<int> dead, WorkMeter meter)
    {
        _pairs = pairs;
        _meter = meter;
        _pairOf = new int[parameterCount];
        _localIndex = new int[parameterCount];
        _dead = new bool[parameterCount];
        for (int i = 0; i < parameterCount; i++) _pairOf[i] = -1;
        for (int p = 0; p < pairs.Count; p++)
            for (int i = 0; i < pairs[p].ToBlock.Length; i++)
            {
                _pairOf[pairs[p].ToBlock[i]] = p;
                _localIndex[pairs[p].ToBlock[i]] = i;
            }

        foreach (int i in dead) _dead[i] = true;
        _verifiers = new ILawVerifier?[pairs.Count];
    }

    public bool Verify(IntegerPolynomial h) => Verify(h, symmetricEnds: false);

    public bool Verify(IntegerPolynomial h, bool symmetricEnds)
    {
        var parts = new Dictionary<int, IntegerPolynomial>();
        foreach (var term in h.Terms)
        {
            var items = term.Key.Items;
            bool allDead = true;
            foreach (int v in items) allDead &= v >= 0 && v < _dead.Length && _dead[v];
            if (allDead) continue;
            int pair = -2;
            var local = new int[items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                int v = items[i];
                if (v < 0 || v >= _pairOf.Length || _pairOf[v] < 0) return false;
                if (pair != -2 && _pairOf[v] != pair) return false;
                pair = _pairOf[v];
                local[i] = _localIndex[v];
            }

            if (!parts.TryGetValue(pair, out var part)) parts[pair] = part = new IntegerPolynomial();
            part.Add(Monomial.Of(local), term.Value);
        }

        foreach (var kv in parts)
        {
            var verifier = _verifiers[kv.Key] ??= _pairs[kv.Key].Segment.CreateVerifier(_meter);
            if (!verifier.Verify(kv.Value, symmetricEnds)) return false;
        }

        return true;
    }
}
