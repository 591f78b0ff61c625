namespace ConservationCodegen.Engine.Arithmetic;

/// <summary>Arithmetic modulo the Mersenne prime p = 2³¹ − 1 (fast folding reduction, performance.md §4.2).</summary>
public static class ModP
{
    /// <summary>The prime.</summary>
    public const uint P = 2147483647u;

    /// <summary>Reduces any 64-bit value below 2⁶² + 2³² to [0, p).</summary>
    public static uint Reduce(ulong x)
    {
        x = (x & P) + (x >> 31);
        x = (x & P) + (x >> 31);
        return x >= P ? (uint)(x - P) : (uint)x;
    }

    /// <summary>One folding step: keeps values below 2³² when x &lt; 2⁶³.</summary>
    public static ulong Fold(ulong x) => (x & P) + (x >> 31);

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
