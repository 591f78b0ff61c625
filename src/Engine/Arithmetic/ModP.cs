namespace ConservationCodegen.Engine.Arithmetic;

/// <summary>
/// Arithmetic modulo the prime p = 2²⁶ − 5 (docs/certificates.md §5). Below 2²⁶ a product of two residues is below
/// 2⁵², so it is exact in a double: the rank kernels run FFLAS-style on SIMD doubles
/// (the Lie-rank elimination). Reduction folds with 2²⁶ ≡ 5 (pseudo-Mersenne), with no division.
/// </summary>
public static class ModP
{
    /// <summary>The prime.</summary>
    public const uint P = 67108859u;

    private const int Bits = 26;
    private const ulong LowMask = (1UL << Bits) - 1;

    /// <summary>Reduces any 64-bit value to [0, p).</summary>
    public static uint Reduce(ulong x)
    {
        x = (x & LowMask) + 5 * (x >> Bits); // < 2²⁶ + 5·2³⁸
        x = (x & LowMask) + 5 * (x >> Bits); // < 2²⁶ + 5·2¹⁵ < 2p
        return x >= P ? (uint)(x - P) : (uint)x;
    }

    /// <summary>
    /// One folding step, congruent to x: any 64-bit value comes back below 2⁴¹, so a folded accumulator plus
    /// a few products of residues (each below 2⁵²) never overflows.
    /// </summary>
    public static ulong Fold(ulong x) => (x & LowMask) + 5 * (x >> Bits);

    public static uint Add(uint a, uint b)
    {
        uint s = a + b;
        return s >= P ? s - P : s;
    }

    public static uint Sub(uint a, uint b) => a >= b ? a - b : a + P - b;

    public static uint Neg(uint a) => a == 0 ? 0 : P - a;

    public static uint Mul(uint a, uint b) => Reduce((ulong)a * b);

    public static uint Pow(uint a, ulong e)
    {
        uint result = 1;
        while (e > 0)
        {
            if ((e & 1) != 0) result = Mul(result, a);
            a = Mul(a, a);
            e >>= 1;
        }

        return result;
    }

    /// <summary>Multiplicative inverse (a ≠ 0).</summary>
    public static uint Inverse(uint a) => Pow(a, P - 2);

    /// <summary>Maps a signed integer into the field.</summary>
    public static uint FromLong(long v)
    {
        long r = v % P;
        return (uint)(r < 0 ? r + P : r);
    }

    /// <summary>The symmetric representative in (−p/2, p/2].</summary>
    public static long ToSigned(uint a) => a > P / 2 ? (long)a - P : a;
}
