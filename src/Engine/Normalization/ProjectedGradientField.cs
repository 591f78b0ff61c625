using System.Collections.Generic;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Normalization;

/// <summary>
/// A random gradient field of a segment whose last block is normalised (docs/certificates.md, "Normalisation"): the loss
/// is f∘φ with f invariant under the normalisation's group acting on φ, so its gradients are Jφᵀu with u orthogonal to
/// the group's orbit at φ. For two cotangents r, s that vanish on the orbit's translation directions,
/// u = ⟨s, φ⟩r − ⟨r, φ⟩s is orthogonal to φ as well, and these span all such u; the field is
/// Jφᵀu = S_s∇S_r − S_r∇S_s with S_r = ⟨r, φ⟩, evaluated by two gated passes (S_r is linear in the last block's
/// parameters, so S_r = Σ_e θ_e ∂S_r/∂θ_e over them). Per normalisation: BatchNorm one pair per output unit c, with r
/// and s supported on the paths ending at c and zero on the effective bias; LayerNorm one pair with output gates
/// summing to zero (centred across the output units); RMSNorm one pair of plain gates.
/// </summary>
internal sealed class ProjectedGradientField : FieldExpression
{
    private readonly ModelDescription _model;
    private readonly Segment _segment;
    private readonly List<(Gates R, Gates S)> _pairs;
    private readonly int _lastStart;

    public ProjectedGradientField(ModelDescription model, Segment segment, List<(Gates R, Gates S)> pairs)
    {
        _model = model;
        _segment = segment;
        _pairs = pairs;
        _lastStart = segment.LayerParameterOffset[segment.LevelCount - 1];
    }

    /// <summary>A random field of the segment for its last block's normalisation.</summary>
    public static ProjectedGradientField Random(ModelDescription model, Segment segment, NormalizationKind kind, DeterministicRandom rng)
    {
        int outputs = segment.LevelWidth[segment.LevelCount - 1];
        var pairs = new List<(Gates, Gates)>();
        Gates Draw(uint[] output, bool dropBias) => Gates.Random(model, segment, rng).WithOutput(output, dropBias);
        switch (kind)
        {
            case NormalizationKind.BatchNorm:
                for (int c = 0; c < outputs; c++) pairs.Add((Draw(Unit(outputs, c, rng), true), Draw(Unit(outputs, c, rng), true)));
                break;
            case NormalizationKind.LayerNorm:
                pairs.Add((Draw(Centred(outputs, rng), false), Draw(Centred(outputs, rng), false)));
                break;
            default:
                pairs.Add((Draw(Plain(outputs, rng), false), Draw(Plain(outputs, rng), false)));
                break;
        }

        return new ProjectedGradientField(model, segment, pairs);
    }

    private static uint[] Unit(int n, int c, DeterministicRandom rng)
    {
        var g = new uint[n];
        g[c] = rng.NextNonZeroMod();
        return g;
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
        var acc = new ulong[n * size];
        foreach (var (r, s) in _pairs)
        {
            var gr = GatedGradient.Evaluate(_model, _segment, r, theta, size);
            var gs = GatedGradient.Evaluate(_model, _segment, s, theta, size);
            var sr = Scalar(theta, gr, n, size);
            var ss = Scalar(theta, gs, n, size);
            var minusSr = new uint[size];
            for (int m = 0; m < size; m++) minusSr[m] = ModP.Neg(sr[m]);
            for (int i = 0; i < n; i++)
            {
                JetAlgebra.MulAdd(acc, i * size, ss, 0, gr, i * size, size);
                JetAlgebra.MulAdd(acc, i * size, minusSr, 0, gs, i * size, size);
            }
        }

        var result = new uint[n * size];
        for (int i = 0; i < result.Length; i++) result[i] = ModP.Reduce(acc[i]);
        return result;
    }

    // ⟨r, φ(θ)⟩ = Σ over the last block's parameters of θ_e·∂⟨r, φ⟩/∂θ_e: every component of φ is linear in them.
    private uint[] Scalar(uint[] theta, uint[] gradient, int n, int size)
    {
        var acc = new ulong[size];
        for (int e = _lastStart; e < n; e++) JetAlgebra.MulAdd(acc, 0, theta, e * size, gradient, e * size, size);
        var s = new uint[size];
        for (int m = 0; m < size; m++) s[m] = ModP.Reduce(acc[m]);
        return s;
    }
}
