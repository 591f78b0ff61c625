using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.NormalizedBlocks;

/// <summary>
/// A random gradient field of a segment whose last block is normalised (docs/certificates.md, "Normalisation"): the loss
/// is f∘φ with f invariant under the normalisation's group acting on φ, so its gradients are Jφᵀu with u orthogonal to
/// the group's orbit at φ. For two cotangents r, s that vanish on the orbit's translation directions,
/// u = ⟨s, φ⟩r − ⟨r, φ⟩s is orthogonal to φ as well, and these span all such u; the field is
/// Jφᵀu = S_s∇S_r − S_r∇S_s with S_r = ⟨r, φ⟩, evaluated by gated passes (S_r is linear in the last block's parameters,
/// so S_r = Σ_e θ_e ∂S_r/∂θ_e over them). LayerNorm: one pair with output gates summing to zero (centred across the
/// output units); RMSNorm: one pair of plain gates. BatchNorm: the same per output unit c, with r_c = ρ_c e_c ⊗ g_r and
/// s_c = σ_c e_c ⊗ g_s sharing the gates g_r, g_s behind the output and zero on the effective bias, summed over c:
/// Σ_c S_{s,c}∇S_{r,c} − S_{r,c}∇S_{s,c}, where Σ_c a_c∇S_{r,c} is one gated pass with output gates a_c·ρ_c per jet
/// coefficient of a, so a field costs O(D) passes' work whatever the number of units.
/// </summary>
internal sealed class ProjectedGradientField : FieldExpression
{
    private readonly ModelDescription _model;
    private readonly Segment _segment;
    private readonly Gates _r;
    private readonly Gates _s;
    private readonly bool _perUnit;
    private readonly int _lastStart;
    private readonly int _rowLength;
    private readonly int _outputs;

    private ProjectedGradientField(ModelDescription model, Segment segment, Gates r, Gates s, bool perUnit)
    {
        _model = model;
        _segment = segment;
        _r = r;
        _s = s;
        _perUnit = perUnit;
        int levels = segment.LevelCount;
        _lastStart = segment.LayerParameterOffset[levels - 1];
        _outputs = segment.LevelWidth[levels - 1];
        _rowLength = model.Shapes[segment.LastLayer].RowLength;
    }

    /// <summary>A random field of the segment for its last block's normalisation.</summary>
    public static ProjectedGradientField Random(ModelDescription model, Segment segment, NormalizationKind kind, DeterministicRandom rng)
    {
        int outputs = segment.LevelWidth[segment.LevelCount - 1];
        Gates Draw(uint[] output, bool dropBias) => Gates.Random(model, segment, rng).WithOutput(output, dropBias);
        return kind switch
        {
            NormalizationKind.BatchNorm => new ProjectedGradientField(model, segment, Draw(Plain(outputs, rng), true), Draw(Plain(outputs, rng), true), perUnit: true),
            NormalizationKind.LayerNorm => new ProjectedGradientField(model, segment, Draw(Centred(outputs, rng), false), Draw(Centred(outputs, rng), false), perUnit: false),
            _ => new ProjectedGradientField(model, segment, Draw(Plain(outputs, rng), false), Draw(Plain(outputs, rng), false), perUnit: false),
        };
    }

    private static uint[] Plain(int n, DeterministicRandom rng)
    {
        var g = new uint[n];
        for (int i = 0; i < n; i++) g[i] = rng.NextNonZeroMod();
        return g;
    }

    private static uint[] Centred(int n, DeterministicRandom rng)
    {
        var g = Plain(n, rng);
        uint sum = 0;
        for (int i = 0; i < n - 1; i++) sum = ModP.Add(sum, g[i]);
        g[n - 1] = ModP.Neg(sum);
        return g;
    }

    public override int Length => 1;

    public override uint[] Evaluate(uint[] theta, int size)
    {
        int n = theta.Length / size;
        var gr = GatedGradient.Evaluate(_model, _segment, _r, theta, size);
        var gs = GatedGradient.Evaluate(_model, _segment, _s, theta, size);
        var acc = new ulong[n * size];
        if (!_perUnit)
        {
            // S_s∇S_r − S_r∇S_s with S = Σ over the last block's parameters of θ_e·∂S/∂θ_e.
            var sr = Scalar(theta, gr, _lastStart, n, size);
            var ss = Scalar(theta, gs, _lastStart, n, size);
            var minusSr = Negated(sr);
            for (int i = 0; i < n; i++)
            {
                JetAlgebra.MulAdd(acc, i * size, ss, 0, gr, i * size, size);
                JetAlgebra.MulAdd(acc, i * size, minusSr, 0, gs, i * size, size);
            }
        }
        else
        {
            // Per-unit scalars S_{r,c} from unit c's row of the last block, then Σ_c S_{s,c}∇S_{r,c} − S_{r,c}∇S_{s,c}.
            var sr = new uint[_outputs][];
            var ss = new uint[_outputs][];
            for (int c = 0; c < _outputs; c++)
            {
                int start = _lastStart + c * _rowLength;
                sr[c] = Scalar(theta, gr, start, start + _rowLength, size);
                ss[c] = Scalar(theta, gs, start, start + _rowLength, size);
            }

            WeightedGradient(acc, _r, ss, theta, size, negate: false);
            WeightedGradient(acc, _s, sr, theta, size, negate: true);
        }

        var result = new uint[n * size];
        for (int i = 0; i < result.Length; i++) result[i] = ModP.Reduce(acc[i]);
        return result;
    }

    // acc ±= Σ_c a_c·∇S_{g,c} for jets a_c: ∇ of the gated sum with output gates a_c·ρ_c is linear in the gates, so each jet
    // coefficient m of a takes one pass, and its result is multiplied by the monomial ε^m (added at the masks k | m,
    // k ∩ m = ∅).
    private void WeightedGradient(ulong[] acc, Gates gates, uint[][] a, uint[] theta, int size, bool negate)
    {
        int n = theta.Length / size;
        var rho = gates.LevelGates[gates.LevelGates.Length - 1]!;
        for (int m = 0; m < size; m++)
        {
            var output = new uint[_outputs];
            bool any = false;
            for (int c = 0; c < _outputs; c++)
            {
                uint v = ModP.Mul(a[c][m], rho[c]);
                output[c] = negate ? ModP.Neg(v) : v;
                any |= v != 0;
            }

            if (!any) continue;
            var g = GatedGradient.Evaluate(_model, _segment, gates.WithOutput(output, dropLastBias: false), theta, size);
            for (int i = 0; i < n; i++)
                for (int k = 0; k < size; k++)
                    if ((k & m) == 0) acc[i * size + (k | m)] = ModP.Fold(acc[i * size + (k | m)] + g[i * size + k]);
        }
    }

    private static uint[] Negated(uint[] jet)
    {
        var r = new uint[jet.Length];
        for (int m = 0; m < jet.Length; m++) r[m] = ModP.Neg(jet[m]);
        return r;
    }

    // Σ_{e ∈ [from, to)} θ_e·∂S/∂θ_e as a jet.
    private static uint[] Scalar(uint[] theta, uint[] gradient, int from, int to, int size)
    {
        var acc = new ulong[size];
        for (int e = from; e < to; e++) JetAlgebra.MulAdd(acc, 0, theta, e * size, gradient, e * size, size);
        var s = new uint[size];
        for (int m = 0; m < size; m++) s[m] = ModP.Reduce(acc[m]);
        return s;
    }
}
