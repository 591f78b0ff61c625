using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Fields;

namespace ConservationCodegen.Engine.Momentum;

/// <summary>
/// A random element of the span of the momentum flow's phase-space generators built from one gradient field χ of φ
/// (docs/certificates.md, "Momentum flow"): on the phase space (a, b) ∈ ℝ^{2D}, with χ(a − s·b) = Σ_k s^k c_k(a, b),
/// Y_k = (c_{k−1}, c_k) for k = 0…m+1 (c_{−1} = c_{m+1} = 0), and this field is Σ_k r_k·Y_k with fixed random r_k.
/// The c_k come exactly from χ evaluated at a − s_j·b for m + 1 distinct s_j and the inverse Vandermonde matrix, on
/// jets like every field, so brackets of these fields are evaluated by <see cref="BracketField"/> unchanged.
/// </summary>
internal sealed class MomentumGeneratorField : FieldExpression
{
    private readonly FieldExpression _chi;
    private readonly uint[,] _inverse;
    private readonly uint[] _weights;

    /// <param name="chi">A gradient field of φ on D variables, polynomial in θ of degree ≤ <paramref name="degree"/>.</param>
    /// <param name="degree">An upper bound m of χ's degree (a larger bound only adds zero coefficients).</param>
    /// <param name="inverse">V⁻¹ of <see cref="VandermondeInverse.For"/>(m), shared between fields.</param>
    /// <param name="rng">Draws the m + 2 combination weights r_k.</param>
    public MomentumGeneratorField(FieldExpression chi, int degree, uint[,] inverse, DeterministicRandom rng)
    {
        _chi = chi;
        _inverse = inverse;
        _weights = new uint[degree + 2];
        for (int k = 0; k < _weights.Length; k++) _weights[k] = rng.NextNonZeroMod();
    }

    public override int Length => _chi.Length;

    /// <summary>Evaluates at the phase-space point (a, b) given as 2D jets: a first, then b.</summary>
    public override uint[] Evaluate(uint[] state, int size)
    {
        int d = state.Length / size / 2, m = _weights.Length - 2, half = d * size;
        var values = new uint[m + 1][];
        var theta = new uint[half];
        for (int j = 0; j <= m; j++)
        {
            uint s = VandermondeInverse.Node(j);
            for (int i = 0; i < half; i++) theta[i] = ModP.Sub(state[i], ModP.Mul(s, state[half + i]));
            values[j] = _chi.Evaluate(theta, size);
        }

        // a-part Σ_k r_{k+1}·c_k and b-part Σ_k r_k·c_k, with c_k = Σ_j V⁻¹[k, j]·values_j folded in per node.
        var result = new uint[2 * half];
        var aPart = new ulong[half];
        var bPart = new ulong[half];
        for (int j = 0; j <= m; j++)
        {
            ulong toA = 0, toB = 0;
            for (int k = 0; k <= m; k++)
            {
                toA += (ulong)ModP.Mul(_weights[k + 1], _inverse[k, j]);
                toB += (ulong)ModP.Mul(_weights[k], _inverse[k, j]);
            }

            uint wa = ModP.Reduce(toA), wb = ModP.Reduce(toB);
            var v = values[j];
            for (int i = 0; i < half; i++)
            {
                aPart[i] = ModP.Fold(aPart[i] + (ulong)wa * v[i]);
                bPart[i] = ModP.Fold(bPart[i] + (ulong)wb * v[i]);
            }
        }

        for (int i = 0; i < half; i++)
        {
            result[i] = ModP.Reduce(aPart[i]);
            result[half + i] = ModP.Reduce(bPart[i]);
        }

        return result;
    }
}
