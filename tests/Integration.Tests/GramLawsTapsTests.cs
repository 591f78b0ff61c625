using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Internal;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The law kernels' taps, degree and β overloads (<see cref="GramLaws"/>) against Q = A Aᵀ + b bᵀ − k Σ_p B_pᵀ B_p −
/// diag(β²) written entry by entry here, and the laws they evaluate against the gradients of <see cref="LayeredNetwork"/>:
/// a conserved quadratic h has ⟨∇h, g⟩ = 2B(θ, g) = 0 for every loss gradient g.
/// </summary>
public sealed class GramLawsTapsTests
{
    // A hidden level inside a longer θ: A [width, inputs] at 3, then b, then β, then B [outputs, width, taps], then 2 spare.
    private sealed record Level(int Inputs, int Width, int Outputs, int Taps, int Degree, bool HasBias, bool HasBeta)
    {
        public int InWeights => 3;

        public int Bias => HasBias ? InWeights + Width * Inputs : -1;

        public int Beta => HasBeta ? InWeights + Width * Inputs + (HasBias ? Width : 0) : -1;

        public int OutWeights => InWeights + Width * Inputs + (HasBias ? Width : 0) + (HasBeta ? Width : 0);

        public int Length => OutWeights + Outputs * Width * Taps + 2;

        public int Count(bool diagonal) => diagonal ? Width : Width * (Width + 1) / 2;

        public IEnumerable<(int I, int J)> Entries(bool diagonal)
        {
            for (int i = 0; i < Width; i++)
                for (int j = i; j <= (diagonal ? i : Width - 1); j++) yield return (i, j);
        }

        // Σ u·v over the terms of Q[i, j] with their signs (−k on B, −1 on β at i = j), and Σ |terms| for the tolerance.
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
            for (int r = 0; r < Outputs; r++)
                for (int p = 0; p < Taps; p++) Add(-Degree * u[OutWeights + (r * Width + i) * Taps + p] * v[OutWeights + (r * Width + j) * Taps + p]);
            if (HasBeta && i == j) Add(-u[Beta + i] * v[Beta + i]);
            return (sum, magnitude);
        }

        public override string ToString() => $"{Inputs}-{Width}-{Outputs}×{Taps} k={Degree}{(HasBias ? " +b" : "")}{(HasBeta ? " +β" : "")}";
    }

    public static TheoryData<int, int, int, int, int, bool, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, int, int, bool, bool>();
        // Small levels take the entry-by-entry path; 17 wide with 9 taps the blocked triangle.
        foreach (var (n, w, m) in new[] { (1, 1, 1), (3, 2, 2), (2, 5, 1), (5, 17, 3), (9, 12, 4) })
            foreach (int taps in new[] { 1, 3, 9 })
                foreach (var (degree, bias, beta) in new[] { (1, true, false), (2, false, false), (3, true, true), (1, false, true) })
                    data.Add(n, w, m, taps, degree, bias, beta);
        return data;
    }

    private static void Close(double actual, double expected, double magnitude, string what) =>
        actual.ShouldBe(expected, 1e-12 * (magnitude + 1e-300), what);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EachKernelMatchesTheDefinition(int inputs, int width, int outputs, int taps, int degree, bool bias, bool beta)
    {
        var level = new Level(inputs, width, outputs, taps, degree, bias, beta);
        var rng = new Random(inputs * 7919 + width * 104729 + taps * 31 + degree);
        double[] theta = TestVectors.Uniform(level.Length, rng), delta = TestVectors.Uniform(level.Length, rng);
        double[] x = TestVectors.Uniform(level.Length, rng), y = TestVectors.Uniform(level.Length, rng);
        foreach (bool diagonal in new[] { true, false })
        {
            int n = level.Count(diagonal);
            double[] q = new double[n + 1], b = new double[n + 1], change = new double[n + 1];
            q[n] = b[n] = change[n] = 42; // a canary past the laws
            GramLaws.Evaluate(theta, level.InWeights, inputs, level.Bias, level.OutWeights, outputs, width, taps, degree, level.Beta, diagonal, -0.5, q);
            GramLaws.EvaluateBilinear(x, y, level.InWeights, inputs, level.Bias, level.OutWeights, outputs, width, taps, degree, level.Beta, diagonal, b);
            GramLaws.EvaluateChange(theta, delta, level.InWeights, inputs, level.Bias, level.OutWeights, outputs, width, taps, degree, level.Beta, diagonal, change);
            int k = 0;
            foreach (var (i, j) in level.Entries(diagonal))
            {
                string at = $"{level} {(diagonal ? "diagonal" : "triangle")} ({i},{j})";
                var expected = level.Product(theta, theta, i, j);
                Close(q[k], -0.5 * expected.Value, 0.5 * expected.Magnitude, "Q " + at);
                var xy = level.Product(x, y, i, j);
                var yx = level.Product(y, x, i, j);
                Close(b[k], 0.5 * (xy.Value + yx.Value), xy.Magnitude + yx.Magnitude, "B " + at);
                var td = level.Product(theta, delta, i, j);
                var dt = level.Product(delta, theta, i, j);
                var dd = level.Product(delta, delta, i, j);
                Close(change[k], td.Value + dt.Value + dd.Value, td.Magnitude + dt.Magnitude + dd.Magnitude, "change " + at);
                k++;
            }

            q[n].ShouldBe(42);
            b[n].ShouldBe(42);
            change[n].ShouldBe(42);
        }
    }

    [Fact]
    public void TheDefaultsAreTheOriginalKernels()
    {
        var level = new Level(6, 23, 5, 1, 1, true, false);
        var theta = TestVectors.Uniform(level.Length, 12);
        var delta = TestVectors.Uniform(level.Length, 13);
        foreach (bool diagonal in new[] { true, false })
        {
            int n = level.Count(diagonal);
            double[] plain = new double[n], extended = new double[n];
            GramLaws.Evaluate(theta, level.InWeights, 6, level.Bias, level.OutWeights, 5, 23, diagonal, 1.5, plain);
            GramLaws.Evaluate(theta, level.InWeights, 6, level.Bias, level.OutWeights, 5, 23, 1, 1, -1, diagonal, 1.5, extended);
            extended.ShouldBe(plain);
            GramLaws.EvaluateChange(theta, delta, level.InWeights, 6, level.Bias, level.OutWeights, 5, 23, diagonal, plain);
            GramLaws.EvaluateChange(theta, delta, level.InWeights, 6, level.Bias, level.OutWeights, 5, 23, 1, 1, -1, diagonal, extended);
            extended.ShouldBe(plain);
        }
    }

    [Fact]
    public void ShapesOutsideThetaAreRefused()
    {
        var level = new Level(3, 4, 2, 9, 2, true, true);
        var theta = new double[level.Length];
        Should.Throw<ArgumentOutOfRangeException>(() =>
            GramLaws.Evaluate(theta, level.InWeights, 3, level.Bias, level.OutWeights, 2, 4, 10, 2, level.Beta, true, 1d, new double[4]));
        Should.Throw<ArgumentOutOfRangeException>(() =>
            GramLaws.Evaluate(theta, level.InWeights, 3, level.Bias, level.OutWeights, 2, 4, 9, 2, level.Length - 2, true, 1d, new double[4]));
        Should.Throw<ArgumentOutOfRangeException>(() =>
            GramLaws.Evaluate(theta, level.InWeights, 3, level.Bias, level.OutWeights, 2, 4, 0, 2, level.Beta, true, 1d, new double[4]));
    }

    /// <summary>
    /// A model, the hidden level whose laws are checked (as the GramLayout the engine would emit for it) and whether the
    /// whole Gram triangle is conserved (a linear join) or only its diagonal.
    /// </summary>
    public sealed record Case(string Name, ReferenceNetwork Model, int InWeights, int Inputs, int Bias, int OutWeights, int Outputs, int Width,
        int Taps, int Degree, int Beta, bool Triangle)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Conserved()
    {
        var data = new TheoryData<Case>();
        // Conv2d 2→3 (3×3, stride 2, padding 1) → ReLU → Conv2d 3→2 (2×2): one balance per hidden channel, summed over taps.
        var conv = new ReferenceNetwork(
            new ReferenceNetwork.Block("conv2d", 2, 3, Height: 5, Width: 5, KernelHeight: 3, KernelWidth: 3, Stride: 2, Padding: 1, Bias: true, Act: Activation.ReLU),
            new ReferenceNetwork.Block("conv2d", 3, 2, Height: 3, Width: 3, KernelHeight: 2, KernelWidth: 2, Bias: true));
        data.Add(new Case("conv-relu-conv", conv, 0, 18, 54, 57, 2, 3, 4, 1, -1, false));
        // Conv1d 2→3 (k 3, padding 1) → leaky ReLU → dense over the 3 channels × 6 positions: taps = positions.
        var dense = new ReferenceNetwork(
            new ReferenceNetwork.Block("conv1d", 2, 3, Width: 6, KernelWidth: 3, Padding: 1, Bias: true, Act: Activation.LeakyReLU, Slope: 0.2),
            new ReferenceNetwork.Block("dense", 18, 2));
        data.Add(new Case("conv-leaky-dense", dense, 0, 6, 18, 21, 2, 3, 6, 1, -1, false));
        // Conv1d → identity → Conv1d: the whole Gram matrix over channels (GL(3) acting as 1×1 channel mixing).
        var linear = new ReferenceNetwork(
            new ReferenceNetwork.Block("conv1d", 2, 3, Width: 7, KernelWidth: 2, Stride: 2, Bias: true),
            new ReferenceNetwork.Block("conv1d", 3, 2, Width: 3, KernelWidth: 3, Padding: 1));
        data.Add(new Case("conv-linear-conv", linear, 0, 4, 12, 15, 2, 3, 3, 1, -1, true));
        // Dense 3→4 → RePU (k = 3) → dense 4→2: ‖w_in‖² + b² − 3‖w_out‖².
        var repu = new ReferenceNetwork(
            new ReferenceNetwork.Block("dense", 3, 4, Bias: true, Act: Activation.RePU, Degree: 3),
            new ReferenceNetwork.Block("dense", 4, 2, Bias: true));
        data.Add(new Case("dense-repu3-dense", repu, 0, 3, 12, 16, 2, 4, 1, 3, -1, false));
        // Diagonal → Power (k = 2) → dense: A has one entry per unit.
        var power = new ReferenceNetwork(
            new ReferenceNetwork.Block("diagonal", 3, 3, Bias: true, Act: Activation.Power, Degree: 2),
            new ReferenceNetwork.Block("dense", 3, 2));
        data.Add(new Case("diagonal-power2-dense", power, 0, 1, 3, 6, 2, 3, 1, 2, -1, false));
        // Dense 3→4 → Swish with trainable β → dense 4→2: ‖w_in‖² + b² − ‖w_out‖² − β².
        var swish = new ReferenceNetwork(
            new ReferenceNetwork.Block("dense", 3, 4, Bias: true, Act: Activation.Swish, Beta: true),
            new ReferenceNetwork.Block("dense", 4, 2, Bias: true));
        data.Add(new Case("dense-swishβ-dense", swish, 0, 3, 12, 20, 2, 4, 1, 1, 16, false));
        // Dense → ReLU → diagonal: B has one row.
        var diagonal = new ReferenceNetwork(
            new ReferenceNetwork.Block("dense", 3, 4, Act: Activation.ReLU),
            new ReferenceNetwork.Block("diagonal", 4, 4, Bias: true));
        data.Add(new Case("dense-relu-diagonal", diagonal, 0, 3, -1, 12, 1, 4, 1, 1, -1, false));
        return data;
    }

    [Theory]
    [MemberData(nameof(Conserved))]
    public void TheLawsAreOrthogonalToEveryLossGradient(Case c)
    {
        var network = c.Model.Network();
        int batch = 6;
        int n = c.Triangle ? c.Width * (c.Width + 1) / 2 : c.Width;
        foreach (var loss in new[] { Loss.MeanSquaredError, Loss.SoftmaxCrossEntropy })
            for (int seed = 0; seed < 3; seed++)
            {
                var theta = TestVectors.Uniform(c.Model.ParameterCount, 100 + seed);
                var inputs = TestVectors.Uniform(batch * c.Model.InputWidth, 200 + seed, 2);
                var targets = TestVectors.Uniform(batch * c.Model.OutputWidth, 300 + seed);
                if (loss == Loss.SoftmaxCrossEntropy) targets = targets.Select(Math.Abs).ToArray();
                var g = new double[theta.Length];
                network.LossAndGradient(theta, inputs, targets, batch, loss, g);

                // d/dt h(θ − t g) at t = 0 is −2B(θ, g): zero for a conserved h; the bound is Σ|θ_p g_p| over the terms.
                var rate = new double[n];
                GramLaws.EvaluateBilinear(theta, g, c.InWeights, c.Inputs, c.Bias, c.OutWeights, c.Outputs, c.Width, c.Taps, c.Degree, c.Beta, !c.Triangle, rate);
                double bound = (1 + c.Degree) * theta.Zip(g, (t, v) => Math.Abs(t * v)).Sum();
                bound.ShouldBeGreaterThan(1e-3);
                foreach (double r in rate) Math.Abs(r).ShouldBeLessThan(1e-12 * bound, $"{c.Name}, {loss}, seed {seed}");

                // The same level read with the wrong degree or without β is not conserved: the check can fail.
                if (c.Degree != 1 || c.Beta >= 0)
                {
                    GramLaws.EvaluateBilinear(theta, g, c.InWeights, c.Inputs, c.Bias, c.OutWeights, c.Outputs, c.Width, c.Taps, 1, -1, true, rate);
                    rate.Max(Math.Abs).ShouldBeGreaterThan(1e-6 * bound, c.Name);
                }
            }
    }
}
