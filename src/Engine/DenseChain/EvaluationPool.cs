using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.DenseChain;

/// <summary>
/// Random (θ, χ(θ)) pairs mod p for one segment, grown on demand. Each pair turns a candidate law
/// Σ c_α θ^α into one linear equation Σ c_α ⟨∇θ^α(θ), χ(θ)⟩ = 0 (docs/mathematics.md §3: the search of MGP §2.4, by evaluation).
/// </summary>
internal sealed class EvaluationPool : ILawEquations
{
    private readonly SegmentIndexing _ix;
    private readonly DeterministicRandom _rng;
    private readonly WorkMeter _meter;
    private readonly List<(uint[] Theta, uint[] Field)> _pairs = new();

    public EvaluationPool(SegmentIndexing indexing, DeterministicRandom rng, WorkMeter meter)
    {
        _ix = indexing;
        _rng = rng;
        _meter = meter;
    }

    public (uint[] Theta, uint[] Field) Get(int index)
    {
        while (_pairs.Count <= index)
        {
            int n = _ix.Segment.ParameterCount;
            var theta = new uint[n];
            for (int i = 0; i < n; i++) theta[i] = _rng.NextNonZeroMod();
            var field = GatedGradient.Evaluate(_ix.Model, _ix.Segment, Gates.Random(_ix.Model, _ix.Segment, _rng), theta, 1);
            _meter.Charge(3L * n, "law search");
            _pairs.Add((theta, field));
        }

        return _pairs[index];
    }

    /// <summary>The equation row of the given monomials at pair <paramref name="index"/>.</summary>
    [MethodImpl(HotLoop.Optimized)]
    public uint[] Row(int index, IReadOnlyList<IntArrayKey> monomials)
    {
        var (theta, field) = Get(index);
        var row = new uint[monomials.Count];
        for (int j = 0; j < monomials.Count; j++)
        {
            var items = monomials[j].Items;
            ulong sum = 0;
            for (int k = 0; k < items.Length; k++)
            {
                if (k > 0 && items[k] == items[k - 1]) continue;
                // ∂θ^α/∂θ_a = e_a θ^{α − e_a}: multiply all other factors.
                ulong term = field[items[k]];
                int exponent = 0;
                for (int l = 0; l < items.Length; l++)
                {
                    if (items[l] == items[k] && exponent++ == 0) continue;
                    term = ModP.Mul((uint)term, theta[items[l]]);
                }

                term = ModP.Mul((uint)term, (uint)exponent);
                sum = ModP.Fold(sum + term);
            }

            row[j] = ModP.Reduce(sum);
        }

        return row;
    }
}
