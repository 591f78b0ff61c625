using System;
using System.Collections.Generic;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.HomogeneousUnits;

/// <summary>
/// χ = Σ_P r_P ∇_θ ⟨u, F_P(θ; x)⟩ for a segment whose activations are polynomial once the activation pattern P is
/// fixed: at each hidden level a_t = g_t ⊙ z_t^{k_t} with z_t = W_t a_{t−1} + b_t, where the gate g_t is 1 for identity
/// and Power levels and the pattern's value for ReLU and RePU (0 or 1) and Abs (±1). F_P is a polynomial in (θ, x), so
/// with a random input x, output cotangent u and weights r_P (residues mod p) over every pattern, χ is a random element
/// of the span of the gradients of the coefficients of every F_P in x (docs/certificates.md, "Homogeneous units"); over
/// some of the patterns, an element of it. Evaluated on jets by a forward and a reverse pass per pattern, like the
/// dense chain's gated gradient.
/// </summary>
internal sealed class PolynomialUnitField : FieldExpression
{
    private readonly ParameterMap _map;
    private readonly uint[] _x;
    private readonly uint[] _u;
    private readonly IReadOnlyList<(uint[]?[] Gates, uint Weight)> _patterns;
    private readonly int[] _degrees;

    /// <param name="map">The segment.</param>
    /// <param name="x">Segment input (width of level 0).</param>
    /// <param name="u">Output cotangent (width of level T).</param>
    /// <param name="patterns">Activation patterns with their weights r_P: per hidden level t = 1…T−1 the gate values, or null for gate 1.</param>
    /// <param name="degrees">Per hidden level: the power k_t (1 for identity, ReLU and Abs levels).</param>
    public PolynomialUnitField(ParameterMap map, uint[] x, uint[] u, IReadOnlyList<(uint[]?[] Gates, uint Weight)> patterns, int[] degrees)
    {
        _map = map;
        _x = x;
        _u = u;
        _patterns = patterns;
        _degrees = degrees;
    }

    public override int Length => 1;

    public override uint[] Evaluate(uint[] theta, int size)
    {
        if (_patterns.Count == 1 && _patterns[0].Weight == 1) return EvaluatePattern(_patterns[0].Gates, theta, size);
        var sum = new uint[_map.Segment.ParameterCount * size];
        foreach (var (gates, weight) in _patterns)
        {
            var grad = EvaluatePattern(gates, theta, size);
            for (int i = 0; i < sum.Length; i++) sum[i] = ModP.Add(sum[i], ModP.Mul(grad[i], weight));
        }

        return sum;
    }

    private uint[] EvaluatePattern(uint[]?[] gates, uint[] theta, int size)
    {
        int T = _map.LayerCount;
        var a = new uint[T][];
        var slope = new uint[T][];
        a[0] = Constant(_x, size);

        // Forward: z_t = W_t a_{t−1} + b_t; a_t = g ⊙ z^k and its slope g ⊙ k z^{k−1}.
        uint[] z = a[0];
        for (int t = 1; t <= T; t++)
        {
            var block = _map.Block(t);
            int nIn = block.Inputs, nOut = block.Outputs;
            var acc = new ulong[nOut * size];
            for (int r = 0; r < nOut; r++)
            {
                for (int c = 0; c < nIn; c++) JetAlgebra.MulAdd(acc, r * size, theta, _map.Weight(t, r, c) * size, a[t - 1], c * size, size);
                if (block.HasBias) JetAlgebra.ScaleAdd(acc, r * size, theta, _map.Bias(t, r) * size, 1, size);
            }

            z = Reduce(acc);
            if (t == T) break;
            int k = _degrees[t];
            var gate = gates[t];
            var at = new uint[nOut * size];
            var st = new uint[nOut * size];
            for (int r = 0; r < nOut; r++)
            {
                uint g = gate is null ? 1u : gate[r];
                // z^{k−1} by repeated jet products (k is small).
                var power = new uint[size];
                power[0] = 1;
                for (int e = 1; e < k; e++) power = Multiply(power, 0, z, r * size, size);
                var full = Multiply(power, 0, z, r * size, size);
                uint gk = ModP.Mul(g, (uint)k);
                for (int m = 0; m < size; m++)
                {
                    at[r * size + m] = ModP.Mul(full[m], g);
                    st[r * size + m] = ModP.Mul(power[m], gk);
                }
            }

            a[t] = at;
            slope[t] = st;
        }

        // Reverse: δ_T = u; ∂W_t[r, c] = δ_t[r]·a_{t−1}[c], ∂b_t[r] = δ_t[r]; δ_{t−1} = slope ⊙ W_tᵀ δ_t.
        var grad = new uint[_map.Segment.ParameterCount * size];
        var delta = Constant(_u, size);
        for (int t = T; t >= 1; t--)
        {
            var block = _map.Block(t);
            int nIn = block.Inputs, nOut = block.Outputs;
            var tmp = new ulong[size];
            for (int r = 0; r < nOut; r++)
            {
                for (int c = 0; c < nIn; c++)
                {
                    Array.Clear(tmp, 0, size);
                    JetAlgebra.MulAdd(tmp, 0, delta, r * size, a[t - 1], c * size, size);
                    int idx = _map.Weight(t, r, c) * size;
                    for (int m = 0; m < size; m++) grad[idx + m] = ModP.Reduce(tmp[m]);
                }

                if (block.HasBias) Array.Copy(delta, r * size, grad, _map.Bias(t, r) * size, size);
            }

            if (t == 1) break;
            var back = new ulong[nIn * size];
            for (int r = 0; r < nOut; r++)
                for (int c = 0; c < nIn; c++)
                    JetAlgebra.MulAdd(back, c * size, theta, _map.Weight(t, r, c) * size, delta, r * size, size);
            var e2 = Reduce(back);
            var next = new uint[nIn * size];
            for (int c = 0; c < nIn; c++)
            {
                var product = Multiply(e2, c * size, slope[t - 1], c * size, size);
                Array.Copy(product, 0, next, c * size, size);
            }

            delta = next;
        }

        return grad;
    }

    private static uint[] Constant(uint[] values, int size)
    {
        var r = new uint[values.Length * size];
        for (int i = 0; i < values.Length; i++) r[i * size] = values[i];
        return r;
    }

    private static uint[] Reduce(ulong[] acc)
    {
        var r = new uint[acc.Length];
        for (int i = 0; i < acc.Length; i++) r[i] = ModP.Reduce(acc[i]);
        return r;
    }

    private static uint[] Multiply(uint[] a, int aOffset, uint[] b, int bOffset, int size)
    {
        var acc = new ulong[size];
        JetAlgebra.MulAdd(acc, 0, a, aOffset, b, bOffset, size);
        return Reduce(acc);
    }
}
