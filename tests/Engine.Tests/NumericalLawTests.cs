using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Phi;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>Every returned law checked in floating point against an independent φ: ∇h·∇φ_i ≈ 0 at random θ.</summary>
public sealed class NumericalLawTests
{
    private static readonly ActivationKind[] Homogeneous = { ActivationKind.ReLU, ActivationKind.Identity, ActivationKind.LeakyReLU, ActivationKind.Abs };
    // Every activation a plain dense chain takes as written (RePU and Power need an ActivationDegree of their own).
    private static readonly ActivationKind[] All = Enum.GetValues<ActivationKind>().Where(k => !ActivationKinds.HasDegree(k)).ToArray();

    public static IEnumerable<object[]> Models()
    {
        yield return new object[] { TestModels.Linear(2, 3, 2) };
        yield return new object[] { TestModels.Linear(1, 2, 2, 1) };
        yield return new object[] { TestModels.Relu(true, 3, 4, 2) };
        yield return new object[] { TestModels.Relu(true, 2, 3, 3, 2) };
        yield return new object[] { ModelDescription.FromWidths(new[] { 3, 4, 3, 2 }, new[] { ActivationKind.ReLU, ActivationKind.Identity }, true) };
        yield return new object[] { ModelDescription.FromWidths(new[] { 2, 3, 3, 2 }, new[] { ActivationKind.Tanh, ActivationKind.Identity }, true) };
        foreach (var m in TestModels.RandomArchitectures(12, 7, All, maxWidth: 4)) yield return new object[] { m };
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryLawIsOrthogonalToEveryJacobianRow(ModelDescription model)
    {
        var result = TestModels.Analyze(model, maxDegree: model.ParameterCount <= 10 ? 4 : 2);
        result.Status.ShouldBe(AnalysisStatus.Completed);
        var rng = new Random(11);
        for (int trial = 0; trial < 3; trial++)
        {
            var theta = TestModels.RandomTheta(model.ParameterCount, rng);
            var jacobian = FiniteDifferenceJacobian(model, theta);
            foreach (var law in result.Laws)
            {
                var g = law.Gradient(theta);
                double scale = g.Sum(Math.Abs) + 1;
                foreach (var row in jacobian)
                {
                    double dot = g.Zip(row, (a, b) => a * b).Sum();
                    Math.Abs(dot).ShouldBeLessThan(1e-7 * scale * (row.Sum(Math.Abs) + 1), $"{law.Name} = {law.Formula} in {model}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void EnginePhiMatchesTheDefinition(ModelDescription model)
    {
        var theta = TestModels.RandomTheta(model.ParameterCount, new Random(5));
        var engine = PhiMap.Evaluate(model, theta);
        var reference = ReferencePhi.Evaluate(model, theta);
        engine.Length.ShouldBe(reference.Count);
        PhiMap.Length(model).ShouldBe(reference.Count);
        var a = engine.OrderBy(x => x).ToArray();
        var b = reference.OrderBy(x => x).ToArray();
        for (int i = 0; i < a.Length; i++) a[i].ShouldBe(b[i], 1e-12);
    }

    [Fact]
    public void LawsStayConstantAlongTheGradientFlowOfAnMseLoss()
    {
        // Integrate θ̇ = −∇L with RK4, L = ½‖φ(θ)‖²-style loss through a forward pass with ReLU gates frozen
        // by smooth data: use a linear net so the flow is smooth everywhere.
        var model = TestModels.Linear(3, 4, 2);
        var result = TestModels.Analyze(model);
        var rng = new Random(3);
        var theta = TestModels.RandomTheta(model.ParameterCount, rng);
        var x = Enumerable.Range(0, 8).Select(_ => TestModels.RandomTheta(3, rng)).ToArray();
        var y = Enumerable.Range(0, 8).Select(_ => TestModels.RandomTheta(2, rng)).ToArray();
        double[] Grad(double[] t)
        {
            // L = ½ Σ_s ‖W2 W1 x_s − y_s‖², gradient by central differences of the loss (independent of the engine).
            double Loss(double[] p)
            {
                double sum = 0;
                for (int s = 0; s < x.Length; s++)
                {
                    var h = new double[4];
                    for (int r = 0; r < 4; r++) for (int c = 0; c < 3; c++) h[r] += p[r * 3 + c] * x[s][c];
                    for (int o = 0; o < 2; o++)
                    {
                        double v = -y[s][o];
                        for (int r = 0; r < 4; r++) v += p[12 + o * 4 + r] * h[r];
                        sum += 0.5 * v * v;
                    }
                }

                return sum;
            }

            var g = new double[t.Length];
            for (int i = 0; i < t.Length; i++)
            {
                var plus = (double[])t.Clone();
                var minus = (double[])t.Clone();
                plus[i] += 1e-6;
                minus[i] -= 1e-6;
                g[i] = (Loss(plus) - Loss(minus)) / 2e-6;
            }

            return g;
        }

        var before = result.Laws.Select(l => l.Evaluate(theta)).ToArray();
        double dt = 0.01;
        for (int step = 0; step < 200; step++)
        {
            var k1 = Grad(theta);
            var k2 = Grad(theta.Zip(k1, (a, b) => a - 0.5 * dt * b).ToArray());
            var k3 = Grad(theta.Zip(k2, (a, b) => a - 0.5 * dt * b).ToArray());
            var k4 = Grad(theta.Zip(k3, (a, b) => a - dt * b).ToArray());
            for (int i = 0; i < theta.Length; i++) theta[i] -= dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }

        var after = result.Laws.Select(l => l.Evaluate(theta)).ToArray();
        for (int i = 0; i < before.Length; i++) after[i].ShouldBe(before[i], 1e-6, result.Laws[i].Name);
    }

    internal static List<double[]> FiniteDifferenceJacobian(ModelDescription model, double[] theta)
    {
        // φ is affine in each parameter separately, so central differences are exact up to rounding.
        int d = model.ParameterCount;
        var rows = new List<double[]>();
        var baseline = ReferencePhi.Evaluate(model, theta);
        for (int i = 0; i < baseline.Count; i++) rows.Add(new double[d]);
        for (int j = 0; j < d; j++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += 0.5;
            minus[j] -= 0.5;
            var p = ReferencePhi.Evaluate(model, plus);
            var m = ReferencePhi.Evaluate(model, minus);
            for (int i = 0; i < rows.Count; i++) rows[i][j] = p[i] - m[i];
        }

        return rows;
    }
}
