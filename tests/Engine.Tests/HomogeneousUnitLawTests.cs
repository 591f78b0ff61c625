using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// The per-unit laws of RePU, Power and Swish-β levels against independent truth: the closed forms, orthogonality to MSE
/// loss gradients by finite differences of a forward pass written here (<see cref="UnitNetwork"/>), and constancy along
/// a numerically integrated gradient flow.
/// </summary>
public sealed class HomogeneousUnitLawTests
{
    public static IEnumerable<object[]> Networks()
    {
        yield return new object[] { new[] { 2, 3, 2 }, new[] { "repu:3" }, true };
        yield return new object[] { new[] { 3, 2, 2 }, new[] { "power:2" }, false };
        yield return new object[] { new[] { 2, 3, 1 }, new[] { "power:3" }, true };
        yield return new object[] { new[] { 2, 3, 2 }, new[] { "swish-beta" }, true };
        yield return new object[] { new[] { 2, 3, 3, 2 }, new[] { "repu:2", "relu" }, true };
        yield return new object[] { new[] { 2, 2, 3, 1 }, new[] { "swish-beta", "power:2" }, false };
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void LawsAreTheClosedFormsWithDegreeAndBeta(int[] widths, string[] activations, bool bias)
    {
        var net = new UnitNetwork(widths, activations, bias);
        var result = TestModels.Analyze(net.Model());
        result.Status.ShouldBe(AnalysisStatus.Completed);
        result.Laws.Count.ShouldBe(widths.Skip(1).Take(widths.Length - 2).Sum());
        var rng = new Random(3);
        var theta = TestModels.RandomTheta(net.Parameters, rng);
        foreach (var law in result.Laws)
        {
            law.Kind.ShouldBe(LawKind.NeuronBalance);
            law.Evaluate(theta).ShouldBe(net.Balance(theta, law.Layer, law.Row, net.Degree(law.Layer)), 1e-12);
        }
    }

    [Fact]
    public void FormulasShowTheDegreeAndBeta()
    {
        var repu = TestModels.Analyze(new UnitNetwork(new[] { 2, 3, 2 }, new[] { "repu:3" }, true).Model());
        repu.Laws[1].Formula.ShouldBe("|W1[1,:]|^2 + b1[1]^2 - 3|W2[:,1]|^2");
        repu.Laws[1].LatexFormula.ShouldContain("- 3\\,\\lVert W_{2}[:,1]\\rVert^2");
        var swish = TestModels.Analyze(new UnitNetwork(new[] { 2, 3, 2 }, new[] { "swish-beta" }, true).Model());
        swish.Laws[0].Formula.ShouldBe("|W1[0,:]|^2 + b1[0]^2 - |W2[:,0]|^2 - Beta1[0]^2");
        var family = (GramFamily)swish.Laws[0].Family!;
        family.Layout.Beta.ShouldBe(9);
        family.Layout.Degree.ShouldBe(1);
        family.TextFormats(diagonal: true).Formula.ShouldBe("|W1[{0},:]|^2 + b1[{0}]^2 - |W2[:,{0}]|^2 - Beta1[{0}]^2");
        ((GramFamily)repu.Laws[0].Family!).Layout.Degree.ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryLawIsOrthogonalToMseGradients(int[] widths, string[] activations, bool bias)
    {
        var net = new UnitNetwork(widths, activations, bias);
        var result = TestModels.Analyze(net.Model());
        var rng = new Random(5);
        for (int trial = 0; trial < 3; trial++)
        {
            var theta = TestModels.RandomTheta(net.Parameters, rng);
            var xs = UnitNetwork.RandomRows(rng, 6, widths[0], 2);
            var ys = UnitNetwork.RandomRows(rng, 6, widths[^1], 2);
            var g = net.LossGradient(theta, xs, ys);
            double gNorm = Math.Sqrt(g.Sum(v => v * v));
            gNorm.ShouldBeGreaterThan(1e-3);
            foreach (var law in result.Laws)
            {
                var dh = law.Gradient(theta);
                double dot = dh.Zip(g, (a, b) => a * b).Sum();
                Math.Abs(dot).ShouldBeLessThan(1e-7 * Math.Sqrt(dh.Sum(v => v * v)) * gNorm, law.ToString());
            }
        }
    }

    // The test can tell a law from a near miss: the balance with the wrong constant (k = 1 at a degree-3 level) is not
    // orthogonal to the same gradients.
    [Fact]
    public void TheBalanceWithTheWrongDegreeIsNotOrthogonal()
    {
        var net = new UnitNetwork(new[] { 2, 3, 2 }, new[] { "repu:3" }, true);
        var rng = new Random(8);
        var theta = TestModels.RandomTheta(net.Parameters, rng);
        for (int i = 0; i < 6; i++) theta[i] = Math.Abs(theta[i]) + 0.2; // units active for positive inputs
        var xs = UnitNetwork.RandomRows(rng, 6, 2).Select(r => r.Select(Math.Abs).ToArray()).ToArray();
        var ys = UnitNetwork.RandomRows(rng, 6, 2, 2);
        var g = net.LossGradient(theta, xs, ys);
        double Dot(int degree)
        {
            double s = 0;
            var t = (double[])theta.Clone();
            for (int p = 0; p < theta.Length; p++)
            {
                t[p] = theta[p] + 1e-6;
                double up = net.Balance(t, 0, 0, degree);
                t[p] = theta[p] - 1e-6;
                double down = net.Balance(t, 0, 0, degree);
                t[p] = theta[p];
                s += (up - down) / 2e-6 * g[p];
            }

            return s;
        }

        Math.Abs(Dot(3)).ShouldBeLessThan(1e-6);
        Math.Abs(Dot(1)).ShouldBeGreaterThan(1e-3);
    }

    // θ̇ = −∇L integrated by RK4 (small steps, finite-difference gradients): the laws stay constant to the integration
    // accuracy while θ moves and the loss falls; the wrong-degree balance drifts.
    [Theory]
    [InlineData(new[] { 2, 3, 1 }, "repu:3")]
    [InlineData(new[] { 2, 2, 1 }, "power:2")]
    [InlineData(new[] { 2, 2, 1 }, "swish-beta")]
    public void LawsStayConstantAlongTheGradientFlow(int[] widths, string activation)
    {
        var net = new UnitNetwork(widths, new[] { activation }, bias: true);
        var result = TestModels.Analyze(net.Model());
        var rng = new Random(13);
        var theta = TestModels.RandomTheta(net.Parameters, rng);
        var xs = UnitNetwork.RandomRows(rng, 5, widths[0]);
        var ys = UnitNetwork.RandomRows(rng, 5, widths[^1]);
        double[] Velocity(double[] t) => net.LossGradient(t, xs, ys, 1e-6).Select(v => -v).ToArray();
        double[] Step(double[] t, double[] v, double h) => t.Zip(v, (a, b) => a + h * b).ToArray();

        var start = (double[])theta.Clone();
        var laws0 = result.Laws.Select(l => l.Evaluate(theta)).ToArray();
        double wrong0 = net.Balance(theta, 0, 0, net.Degree(0) + 1);
        double loss0 = net.Loss(theta, xs, ys);
        const double dt = 0.002;
        for (int step = 0; step < 500; step++)
        {
            var k1 = Velocity(theta);
            var k2 = Velocity(Step(theta, k1, dt / 2));
            var k3 = Velocity(Step(theta, k2, dt / 2));
            var k4 = Velocity(Step(theta, k3, dt));
            for (int i = 0; i < theta.Length; i++) theta[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }

        Math.Sqrt(theta.Zip(start, (a, b) => (a - b) * (a - b)).Sum()).ShouldBeGreaterThan(0.05);
        net.Loss(theta, xs, ys).ShouldBeLessThan(loss0);
        for (int i = 0; i < laws0.Length; i++) result.Laws[i].Evaluate(theta).ShouldBe(laws0[i], 1e-7, result.Laws[i].ToString());
        Math.Abs(net.Balance(theta, 0, 0, net.Degree(0) + 1) - wrong0).ShouldBeGreaterThan(1e-4);
    }
}
