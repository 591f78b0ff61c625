namespace ConservationCodegen.Engine.Fields;

using System.Runtime.CompilerServices;
using ConservationCodegen.Engine.Arithmetic;

/// <summary>
/// Truncated multivariate jets over GF(p): q infinitesimals with εᵢ² = 0, stored as 2^q coefficients indexed
/// by subset masks. Nested forward mode on the factored φ gives the higher directional derivatives that Lie
/// brackets of gradient fields need (docs/engine.md, "Count"), without symbolic expansion.
/// </summary>
internal static class JetAlgebra
{
    /// <summary>acc[m] += Σ_{s⊆m} a[s]·b[m∖s] (acc entries kept below 2⁴¹ by folding).</summary>
    [MethodImpl(HotLoop.Optimized)]
    public static void MulAdd(ulong[] acc, int accOffset, uint[] a, int aOffset, uint[] b, int bOffset, int size)
    {
        if (size == 1)
        {
            acc[accOffset] = ModP.Fold(acc[accOffset] + (ulong)a[aOffset] * b[bOffset]);
            return;
        }

        for (int m = 0; m < size; m++)
        {
            ulong sum = acc[accOffset + m];
            int s = m;
            while (true)
            {
                sum = ModP.Fold(sum + (ulong)a[aOffset + s] * b[bOffset + (m ^ s)]);
                if (s == 0) break;
                s = (s - 1) & m;
            }

            acc[accOffset + m] = sum;
        }
    }

    /// <summary>Adds the jet <paramref name="b"/> scaled by a constant.</summary>
    [MethodImpl(HotLoop.Optimized)]
    public static void ScaleAdd(ulong[] acc, int accOffset, uint[] b, int bOffset, uint scale, int size)
    {
        for (int m = 0; m < size; m++)
            acc[accOffset + m] = ModP.Fold(acc[accOffset + m] + (ulong)scale * b[bOffset + m]);
    }

    /// <summary>Lifts jets with q infinitesimals to q + 1, adding ε_{q+1}·direction.</summary>
    public static uint[] Lift(uint[] values, uint[] direction, int count, int size)
    {
        var r = new uint[count * size * 2];
        for (int i = 0; i < count; i++)
        {
            for (int m = 0; m < size; m++)
            {
                r[i * 2 * size + m] = values[i * size + m];
                r[i * 2 * size + size + m] = direction[i * size + m];
            }
        }

        return r;
    }

    /// <summary>The ε_{q+1} coefficient of jets with q + 1 infinitesimals (a jet with q).</summary>
    public static uint[] TopDerivative(uint[] values, int count, int size)
    {
        var r = new uint[count * size];
        for (int i = 0; i < count; i++)
            for (int m = 0; m < size; m++)
                r[i * size + m] = values[i * 2 * size + size + m];
        return r;
    }
}
