using System;
using Shouldly;

namespace ConservationCodegen.Integration.Tests;

/// <summary>Checks a gradient against central differences of a loss (step 1e-6; the error is O(h²), far below 1e-7).</summary>
internal static class CentralDifferences
{
    /// <summary>Every <paramref name="stride"/>-th entry of <paramref name="gradient"/> against (L(θ + h e_i) − L(θ − h e_i)) / 2h.</summary>
    public static void ShouldMatch(double[] theta, double[] gradient, Func<double[], double> loss, int stride = 1)
    {
        var probe = (double[])theta.Clone();
        for (int i = 0; i < theta.Length; i += stride)
        {
            probe[i] = theta[i] + 1e-6;
            double up = loss(probe);
            probe[i] = theta[i] - 1e-6;
            double down = loss(probe);
            probe[i] = theta[i];
            gradient[i].ShouldBe((up - down) / 2e-6, 1e-7, $"θ[{i}]");
        }
    }
}
