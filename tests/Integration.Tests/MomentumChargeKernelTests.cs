using System;
using ConservationCodegen.Internal;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The runtime charge kernel (<see cref="MomentumCharges"/>) against a loop written from the definition, on shapes that
/// take the entry-by-entry path and the blocked one (odd widths that leave partial register blocks, slabs of rows, taps,
/// with and without a bias).
/// </summary>
public sealed class MomentumChargeKernelTests
{
    [Theory]
    [InlineData(3, 2, 2, 1, false)]       // tiny: entry by entry
    [InlineData(4, 5, 3, 1, true)]
    [InlineData(7, 13, 5, 1, true)]       // blocked, partial blocks
    [InlineData(30, 9, 11, 1, false)]
    [InlineData(6, 21, 4, 9, true)]       // taps (a kernel after the level)
    [InlineData(200, 37, 10, 1, true)]    // several slabs of rows
    public void ChargesEqualTheDefinition(int inputs, int width, int outputs, int taps, bool bias)
    {
        int inWeights = 3, biasAt = bias ? inWeights + width * inputs : -1;
        int outWeights = inWeights + width * inputs + (bias ? width : 0);
        int length = outWeights + outputs * width * taps + 2;
        var rng = new Random(inputs * 1000 + width);
        var theta = TestVectors.Uniform(length, rng);
        var v = TestVectors.Uniform(length, rng);
        int count = width * (width - 1) / 2;
        var actual = new double[count + 1];
        actual[count] = 42; // past the end: untouched
        MomentumCharges.Evaluate(theta, v, inWeights, inputs, biasAt, outWeights, outputs, width, taps, actual);
        int k = 0;
        for (int i = 0; i < width; i++)
            for (int j = i + 1; j < width; j++, k++)
            {
                double sum = 0, size = 0;
                void Pair(int a, int b)
                {
                    sum += v[a] * theta[b] - theta[a] * v[b];
                    size += Math.Abs(v[a] * theta[b]) + Math.Abs(theta[a] * v[b]);
                }

                for (int c = 0; c < inputs; c++) Pair(inWeights + i * inputs + c, inWeights + j * inputs + c);
                if (bias) Pair(biasAt + i, biasAt + j);
                for (int l = 0; l < outputs; l++)
                    for (int p = 0; p < taps; p++) Pair(outWeights + (l * width + i) * taps + p, outWeights + (l * width + j) * taps + p);
                Math.Abs(actual[k] - sum).ShouldBeLessThanOrEqualTo(1e-14 * size, $"J[{i},{j}]");
            }

        actual[count].ShouldBe(42);
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        var theta = new double[10];
        Should.Throw<ArgumentException>(() => MomentumCharges.Evaluate(theta, new double[9], 0, 2, -1, 4, 1, 2, 1, new double[1]));
        Should.Throw<ArgumentException>(() => MomentumCharges.Evaluate(theta, theta, 0, 2, -1, 4, 1, 2, 1, Span<double>.Empty));
        Should.Throw<ArgumentOutOfRangeException>(() => MomentumCharges.Evaluate(theta, theta, 0, 2, -1, 9, 1, 2, 1, new double[1]));
    }
}
