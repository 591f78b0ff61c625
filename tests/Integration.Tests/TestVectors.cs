using System;
using System.Linq;

namespace ConservationCodegen.Integration.Tests;

/// <summary>Reproducible random vectors with entries uniform in [−scale, scale].</summary>
public static class TestVectors
{
    public static double[] Uniform(int n, Random rng, double scale = 1) => Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * scale).ToArray();

    public static double[] Uniform(int n, int seed, double scale = 1) => Uniform(n, new Random(seed), scale);
}
