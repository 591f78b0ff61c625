using System;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>
/// The [GlobalSetup] check of the law benchmarks: every implementation must match the last expected values to
/// rounding (1e-12 relative to the largest entry), or the run stops before timing anything.
/// </summary>
public sealed class LawAgreement(string what, int count)
{
    private double[] _expected = [];
    private string _reference = "";

    public static double[] Random(Random rng, int length)
    {
        var v = new double[length];
        for (int k = 0; k < length; k++) v[k] = rng.NextDouble() * 2 - 1;
        return v;
    }

    public delegate void Fill(Span<double> destination);

    /// <summary>Sets the values the following <see cref="Agree"/> calls compare with.</summary>
    public void Expect(string name, Fill fill)
    {
        _reference = name;
        _expected = new double[count];
        fill(_expected);
    }

    public void Agree(string name, Fill fill)
    {
        var actual = new double[count];
        fill(actual);
        double largest = 0;
        foreach (double e in _expected) largest = Math.Max(largest, Math.Abs(e));
        for (int k = 0; k < count; k++)
            if (!(Math.Abs(actual[k] - _expected[k]) <= 1e-12 * largest))
                throw new InvalidOperationException($"{what}: {name} gives {actual[k]} at {k}, {_reference} gives {_expected[k]}.");
    }
}
