using System;
using System.Collections.Generic;
using ConservationCodegen.Internal;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The runtime law kernels (<see cref="GramLaws"/>) against naive loops written from the definitions, on odd shapes
/// that leave vector tails and partial register blocks, with and without a bias, diagonal and triangle.
/// </summary>
public class GramLawsKernelTests
{
    // One hidden layer inside a longer θ: W_in [width, inputs] at 5, then b (if any), then W_out [outputs, width], then 3 spare.
    private sealed record Layer(int Inputs, int Width, int Outputs, bool HasBias)
    {
        public int InWeights => 5;

        public int Bias => HasBias ? InWeights + Width * Inputs : -1;

        public int OutWeights => InWeights + Width * Inputs + (HasBias ? Width : 0);

        public int Length => OutWeights + Outputs * Width + 3;

        public int Count(bool diagonal) => diagonal ? Width : Width * (Width + 1) / 2;

        public IEnumerable<(int I, int J)> Entries(bool diagonal)
        {
            for (int i = 0; i < Width; i++)
                for (int j = i; j <= (diagonal ? i : Width - 1); j++) yield return (i, j);
        }

        // Σ_r s_r u_r[i]·v_r[j] over the stacked rows (W_in columns, b, W_out rows), and Σ |terms| for the tolerance.
        public (double Value, double Magnitude) Product(double[] u, double[] v, int i, int j)
        {
            double sum = 0, magnitude = 0;
            void Add(double term)
            {
                sum += term;
                magnitude += Math.Abs(term);
            }

            for (int c = 0; c < Inputs; c++) Add(u[InWeights + i * Inputs + c] * v[InWeights + j * Inputs + c]);
            if (HasBias) Add(u[Bias + i] * v[Bias + j]);
            for (int l = 0; l < Outputs; l++) Add(-u[OutWeights + l * Width + i] * v[OutWeights + l * Width + j]);
            return (sum, magnitude);
        }

        public void Evaluate(double[] theta, bool diagonal, double scale, double[] d) =>
            GramLaws.Evaluate(theta, InWeights, Inputs, Bias, OutWeights, Outputs, Width, diagonal, scale, d);

        public void Bilinear(double[] x, double[] y, bool diagonal, double[] d) =>
            GramLaws.EvaluateBilinear(x, y, InWeights, Inputs, Bias, OutWeights, Outputs, Width, diagonal, d);

        public void Change(double[] theta, double[] delta, bool diagonal, double[] d) =>
            GramLaws.EvaluateChange(theta, delta, InWeights, Inputs, Bias, OutWeights, Outputs, Width, diagonal, d);

        public override string ToString() => $"{Inputs}-{Width}-{Outputs}{(HasBias ? "+b" : "")}";
    }

    public static TheoryData<int, int, int, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, bool>();
        foreach (var (n, h, m) in new[] { (1, 1, 1), (3, 3, 2), (17, 1, 3), (3, 17, 33), (33, 33, 17), (17, 20, 1), (5, 40, 7), (2, 9, 0), (4, 7, 3), (6, 23, 5), (1, 15, 2), (9, 12, 3), (10, 12, 4) })
        {
            data.Add(n, h, m, false);
            data.Add(n, h, m, true);
        }

        return data;
    }

    private static double[] Random(Random rng, int length)
    {
        var v = new double[length];
        for (int k = 0; k < length; k++) v[k] = rng.NextDouble() * 2 - 1;
        return v;
    }

    private static void ShouldBeClose(double actual, double expected, double magnitude, string what) =>
        actual.ShouldBe(expected, 1e-12 * (magnitude + 1e-300), what);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_kernel_matches_the_naive_definition(int inputs, int width, int outputs, bool bias)
    {
        var layer = new Layer(inputs, width, outputs, bias);
        var rng = new Random(inputs * 1000 + width * 10 + outputs);
        double[] theta = Random(rng, layer.Length), delta = Random(rng, layer.Length), x = Random(rng, layer.Length), y = Random(rng, layer.Length);
        foreach (bool diagonal in new[] { true, false })
        {
            int n = layer.Count(diagonal);
            double[] q = new double[n + 1], b = new double[n + 1], change = new double[n + 1];
            q[n] = b[n] = change[n] = 42; // a canary past the laws
            layer.Evaluate(theta, diagonal, -0.75, q);
            layer.Bilinear(x, y, diagonal, b);
            layer.Change(theta, delta, diagonal, change);
            int k = 0;
            foreach (var (i, j) in layer.Entries(diagonal))
            {
                string at = $"{layer} {(diagonal ? "diagonal" : "triangle")} ({i},{j})";
                var expected = layer.Product(theta, theta, i, j);
                ShouldBeClose(q[k], -0.75 * expected.Value, 0.75 * expected.Magnitude, "Q " + at);

                var xy = layer.Product(x, y, i, j);
                var yx = layer.Product(y, x, i, j);
                ShouldBeClose(b[k], 0.5 * (xy.Value + yx.Value), xy.Magnitude + yx.Magnitude, "B " + at);

                // θ_iΔ_j + Δ_iθ_j + Δ_iΔ_j, summed over the stacked rows.
                var td = layer.Product(theta, delta, i, j);
                var dt = layer.Product(delta, theta, i, j);
                var dd = layer.Product(delta, delta, i, j);
                ShouldBeClose(change[k], td.Value + dt.Value + dd.Value, td.Magnitude + dt.Magnitude + dd.Magnitude, "change " + at);
                k++;
            }

            k.ShouldBe(n);
            q[n].ShouldBe(42);
            b[n].ShouldBe(42);
            change[n].ShouldBe(42);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_kernels_satisfy_the_polarisation_identities(int inputs, int width, int outputs, bool bias)
    {
        var layer = new Layer(inputs, width, outputs, bias);
        var rng = new Random(7 + inputs + width + outputs);
        double[] theta = Random(rng, layer.Length), delta = Random(rng, layer.Length);
        foreach (bool diagonal in new[] { true, false })
        {
            int n = layer.Count(diagonal);
            double[] q = new double[n], bThetaTheta = new double[n], bThetaDelta = new double[n], bDeltaDelta = new double[n], change = new double[n];
            layer.Evaluate(theta, diagonal, 1d, q);
            layer.Bilinear(theta, theta, diagonal, bThetaTheta);
            layer.Bilinear(theta, delta, diagonal, bThetaDelta);
            layer.Bilinear(delta, delta, diagonal, bDeltaDelta);
            layer.Change(theta, delta, diagonal, change);
            int k = 0;
            foreach (var (i, j) in layer.Entries(diagonal))
            {
                double magnitude = layer.Product(theta, theta, i, j).Magnitude + layer.Product(delta, delta, i, j).Magnitude
                    + layer.Product(theta, delta, i, j).Magnitude + layer.Product(delta, theta, i, j).Magnitude;
                ShouldBeClose(bThetaTheta[k], q[k], magnitude, $"B(θ,θ) = Q(θ) at ({i},{j})");
                ShouldBeClose(change[k], 2 * bThetaDelta[k] + bDeltaDelta[k], 4 * magnitude, $"change = 2B(θ,Δ) + B(Δ,Δ) at ({i},{j})");
                k++;
            }
        }
    }

    [Fact]
    public void The_change_is_exact_where_differencing_loses_it()
    {
        // With Δ ~ 1e-9·θ, Q(θ+Δ) − Q(θ) by differencing keeps only ~7 digits; the expansion keeps all of them.
        var layer = new Layer(40, 24, 9, true);
        var rng = new Random(3);
        var theta = Random(rng, layer.Length);
        var delta = Random(rng, layer.Length);
        for (int k = 0; k < delta.Length; k++) delta[k] *= 1e-9;
        foreach (bool diagonal in new[] { true, false })
        {
            int n = layer.Count(diagonal);
            var change = new double[n];
            layer.Change(theta, delta, diagonal, change);
            int e = 0;
            foreach (var (i, j) in layer.Entries(diagonal))
            {
                var td = layer.Product(theta, delta, i, j);
                var dt = layer.Product(delta, theta, i, j);
                var dd = layer.Product(delta, delta, i, j);
                ShouldBeClose(change[e++], td.Value + dt.Value + dd.Value, td.Magnitude + dt.Magnitude, $"({i},{j})");
            }
        }
    }

    [Fact]
    public void A_warmed_up_call_allocates_nothing()
    {
        // Width 300 exceeds the stack buffer of the diagonal change, so the pooled path is covered as well.
        foreach (var layer in new[] { new Layer(17, 33, 5, true), new Layer(20, 300, 4, false) })
        {
            var theta = Random(new Random(1), layer.Length);
            var delta = Random(new Random(2), layer.Length);
            foreach (bool diagonal in new[] { true, false })
            {
                var d = new double[layer.Count(diagonal)];
                void Calls()
                {
                    layer.Evaluate(theta, diagonal, 1d, d);
                    layer.Bilinear(theta, delta, diagonal, d);
                    layer.Change(theta, delta, diagonal, d);
                }

                Calls();
                long before = GC.GetAllocatedBytesForCurrentThread();
                Calls();
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                allocated.ShouldBe(0L, $"{layer} {(diagonal ? "diagonal" : "triangle")}");
            }
        }
    }

    [Fact]
    public void Shapes_outside_theta_or_a_short_destination_are_refused()
    {
        var layer = new Layer(3, 4, 2, true);
        var theta = new double[layer.Length];
        Should.Throw<ArgumentException>(() => layer.Evaluate(theta, false, 1d, new double[layer.Count(false) - 1]));
        Should.Throw<ArgumentOutOfRangeException>(() =>
            GramLaws.Evaluate(theta, layer.InWeights, layer.Inputs, layer.Bias, layer.Length - 1, layer.Outputs, layer.Width, true, 1d, new double[4]));
        Should.Throw<ArgumentException>(() => layer.Bilinear(theta, new double[layer.Length - 1], true, new double[4]));
    }
}
