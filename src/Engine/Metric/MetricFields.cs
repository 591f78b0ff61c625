using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Fields;

namespace ConservationCodegen.Engine.Metric;

/// <summary>
/// M·χ for a constant diagonal metric M (layer-wise learning rates): every coordinate of a field χ
/// times a fixed factor modulo p. Evaluated on jets like every field, so its brackets need nothing else.
/// </summary>
internal sealed class ScaledField : FieldExpression
{
    private readonly FieldExpression _chi;
    private readonly uint[] _scale;

    /// <param name="chi">A field on n variables.</param>
    /// <param name="scale">The n diagonal entries of M modulo p (component-local order).</param>
    public ScaledField(FieldExpression chi, uint[] scale)
    {
        _chi = chi;
        _scale = scale;
    }

    public override int Length => _chi.Length;

    public override uint[] Evaluate(uint[] theta, int size)
    {
        var value = _chi.Evaluate(theta, size);
        int n = value.Length / size;
        for (int i = 0; i < n; i++)
        {
            uint s = _scale[i];
            for (int m = 0; m < size; m++) value[i * size + m] = ModP.Mul(s, value[i * size + m]);
        }

        return value;
    }
}

/// <summary>
/// θ ⊙ χ(θ): the field of the entropic mirror flow θ̇ = −diag(θ)∇L built from a gradient field χ of φ, multiplied
/// coordinate by coordinate on jets (so the product rule of its derivatives is exact, and brackets work unchanged).
/// </summary>
internal sealed class MirrorField : FieldExpression
{
    private readonly FieldExpression _chi;

    public MirrorField(FieldExpression chi) => _chi = chi;

    public override int Length => _chi.Length;

    public override uint[] Evaluate(uint[] theta, int size)
    {
        var value = _chi.Evaluate(theta, size);
        int n = value.Length / size;
        var result = new uint[value.Length];
        var acc = new ulong[size];
        for (int i = 0; i < n; i++)
        {
            System.Array.Clear(acc, 0, size);
            JetAlgebra.MulAdd(acc, 0, theta, i * size, value, i * size, size);
            for (int m = 0; m < size; m++) result[i * size + m] = ModP.Reduce(acc[m]);
        }

        return result;
    }
}
