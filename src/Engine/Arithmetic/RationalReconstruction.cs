using System.Numerics;

namespace ConservationCodegen.Engine.Arithmetic;

/// <summary>Wang's rational reconstruction: the unique n/d ≡ a (mod p) with |n|, d ≤ √(p/2), if any.</summary>
public static class RationalReconstruction
{
    private const long Bound = 5792; // ⌊√(p/2)⌋ for p = 2²⁶ − 5: laws with coefficients up to 5792 reconstruct

    public static bool TryReconstruct(uint a, out long numerator, out long denominator)
    {
        long r0 = ModP.P, r1 = a, t0 = 0, t1 = 1;
        while (r1 > Bound)
        {
            long q = r0 / r1;
            (r0, r1) = (r1, r0 - q * r1);
            (t0, t1) = (t1, t0 - q * t1);
        }

        if (t1 == 0 || System.Math.Abs(t1) > Bound)
        {
            numerator = 0;
            denominator = 1;
            return false;
        }

        numerator = t1 < 0 ? -r1 : r1;
        denominator = System.Math.Abs(t1);
        return BigInteger.GreatestCommonDivisor(numerator, denominator).IsOne || numerator == 0;
    }
}
