using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// The rotation charges J = ⟨Xa, b⟩/τ of a linear two-layer net (docs/certificates.md §9): exactly orthogonal to every
/// phase-space generator (symbolic, test side), independent in number equal to the engine's momentum count when the net
/// has more than one input or output, and constant along a numerically integrated momentum flow as e^{t/τ}⟨Xθ, θ̇⟩.
/// </summary>
public sealed class MomentumChargeTests
{
    // X_E θ for the rotation E = e_i e_jᵀ − e_j e_iᵀ of the hidden level of a bias-free inputs-hidden-outputs net
    // (W₁ [hidden, inputs] then W₂ [outputs, hidden], row-major): (E W₁, −W₂ E), as a linear map on any vector.
    private static double[] Rotate(double[] v, int inputs, int hidden, int outputs, int i, int j)
    {
        var r = new double[v.Length];
        int w2 = hidden * inputs;
        for (int c = 0; c < inputs; c++)
        {
            r[i * inputs + c] += v[j * inputs + c];
            r[j * inputs + c] -= v[i * inputs + c];
        }

        for (int o = 0; o < outputs; o++)
        {
            r[w2 + o * hidden + i] += v[w2 + o * hidden + j];
            r[w2 + o * hidden + j] -= v[w2 + o * hidden + i];
        }

        return r;
    }

    private static SymbolicLieRank.Poly Charge(int inputs, int hidden, int outputs, int i, int j)
    {
        int d = hidden * (inputs + outputs);
        var j1 = new SymbolicLieRank.Poly();
        // J = Σ_v (X a)_v b_v, X read off column by column from the linear map.
        for (int u = 0; u < d; u++)
        {
            var e = new double[d];
            e[u] = 1;
            var column = Rotate(e, inputs, hidden, outputs, i, j);
            for (int v = 0; v < d; v++)
            {
                if (column[v] == 0) continue;
                j1.AddProduct(SymbolicLieRank.Poly.Variable(u), SymbolicLieRank.Poly.Variable(d + v), column[v] > 0 ? 1 : 2147483646);
            }
        }

        return j1;
    }

    [Theory]
    [InlineData(2, 2, 2)]
    [InlineData(2, 3, 2)]
    [InlineData(2, 3, 1)]
    [InlineData(1, 3, 1)]
    public void ChargesAreExactlyOrthogonalToEveryGenerator(int inputs, int hidden, int outputs)
    {
        var model = TestModels.Linear(inputs, hidden, outputs);
        int d = model.ParameterCount;
        var generators = SymbolicMomentumRank.Generators(model);
        for (int i = 0; i < hidden; i++)
            for (int j = i + 1; j < hidden; j++)
            {
                var charge = Charge(inputs, hidden, outputs, i, j);
                charge.IsZero.ShouldBeFalse();
                foreach (var y in generators)
                {
                    var product = new SymbolicLieRank.Poly();
                    for (int v = 0; v < 2 * d; v++) product.AddProduct(charge.Derivative(v), y[v], 1);
                    product.IsZero.ShouldBeTrue();
                }
            }
    }

    [Theory]
    [InlineData(2, 2, 2)]
    [InlineData(2, 3, 2)]
    [InlineData(2, 3, 1)]
    [InlineData(1, 3, 2)]
    public void ChargesAccountForEveryMomentumLawOfNonScalarTwoLayerNets(int inputs, int hidden, int outputs)
    {
        var model = TestModels.Linear(inputs, hidden, outputs);
        var count = MomentumAnalysis.Count(model, new AnalysisOptions { WorkBudget = long.MaxValue });
        // The charges' gradients at a random real point: their rank is the number of independent charges.
        var rng = new Random(3);
        int d = model.ParameterCount;
        var a = Enumerable.Range(0, d).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var b = Enumerable.Range(0, d).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var rows = new List<double[]>();
        for (int i = 0; i < hidden; i++)
            for (int j = i + 1; j < hidden; j++)
            {
                // ∇_a J = Xᵀb = −Xb, ∇_b J = Xa.
                var xb = Rotate(b, inputs, hidden, outputs, i, j);
                var xa = Rotate(a, inputs, hidden, outputs, i, j);
                rows.Add(xb.Select(x => -x).Concat(xa).ToArray());
            }

        NumericRank(rows).ShouldBe(hidden * (hidden - 1) / 2);
        count.IndependentLawCount.ShouldBe(hidden * (hidden - 1) / 2);
    }

    [Fact]
    public void ChargeIsConstantAlongTheMomentumFlow()
    {
        // τθ̈ + θ̇ = −∇L for L = ½‖Y − W₂W₁X‖² on a 2-3-2 net, integrated by RK4 on (θ, θ̇).
        const int inputs = 2, hidden = 3, outputs = 2, samples = 4;
        const double tau = 0.7, dt = 1e-3;
        int d = hidden * (inputs + outputs);
        var rng = new Random(5);
        double[] Random(int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var x = Random(inputs * samples);
        var y = Random(outputs * samples);
        double[] Gradient(double[] th)
        {
            var g = new double[d];
            int w2 = hidden * inputs;
            for (int n = 0; n < samples; n++)
            {
                var h = new double[hidden];
                for (int r = 0; r < hidden; r++)
                    for (int c = 0; c < inputs; c++) h[r] += th[r * inputs + c] * x[n * inputs + c];
                var e = new double[outputs];
                for (int o = 0; o < outputs; o++)
                {
                    for (int r = 0; r < hidden; r++) e[o] += th[w2 + o * hidden + r] * h[r];
                    e[o] -= y[n * outputs + o];
                }

                for (int o = 0; o < outputs; o++)
                    for (int r = 0; r < hidden; r++) g[w2 + o * hidden + r] += e[o] * h[r];
                for (int r = 0; r < hidden; r++)
                {
                    double back = 0;
                    for (int o = 0; o < outputs; o++) back += th[w2 + o * hidden + r] * e[o];
                    for (int c = 0; c < inputs; c++) g[r * inputs + c] += back * x[n * inputs + c];
                }
            }

            return g;
        }

        (double[], double[]) Derivative(double[] th, double[] v)
        {
            var g = Gradient(th);
            return (v, v.Select((vi, k) => (-g[k] - vi) / tau).ToArray());
        }

        double Charge(double t, double[] th, double[] v) =>
            Math.Exp(t / tau) * Rotate(th, inputs, hidden, outputs, 0, 2).Select((xi, k) => xi * v[k]).Sum();

        var theta = Random(d);
        var velocity = Random(d);
        double start = Charge(0, theta, velocity), time = 0;
        Math.Abs(start).ShouldBeGreaterThan(1e-3);
        for (int step = 0; step < 2000; step++)
        {
            var (k1t, k1v) = Derivative(theta, velocity);
            var (k2t, k2v) = Derivative(Add(theta, k1t, dt / 2), Add(velocity, k1v, dt / 2));
            var (k3t, k3v) = Derivative(Add(theta, k2t, dt / 2), Add(velocity, k2v, dt / 2));
            var (k4t, k4v) = Derivative(Add(theta, k3t, dt), Add(velocity, k3v, dt));
            for (int k = 0; k < d; k++)
            {
                theta[k] += dt / 6 * (k1t[k] + 2 * k2t[k] + 2 * k3t[k] + k4t[k]);
                velocity[k] += dt / 6 * (k1v[k] + 2 * k2v[k] + 2 * k3v[k] + k4v[k]);
            }

            time += dt;
        }

        Charge(time, theta, velocity).ShouldBe(start, 1e-8);
        // The plain angular momentum ⟨Xθ, θ̇⟩ is not conserved: it decays like e^{−t/τ}.
        Math.Abs(Charge(time, theta, velocity) * Math.Exp(-time / tau) - start).ShouldBeGreaterThan(1e-3);
    }

    private static double[] Add(double[] v, double[] w, double h) => v.Select((vi, k) => vi + h * w[k]).ToArray();

    private static int NumericRank(List<double[]> rows)
    {
        var m = rows.Select(r => (double[])r.Clone()).ToList();
        int rank = 0, columns = m[0].Length;
        for (int c = 0; c < columns && rank < m.Count; c++)
        {
            int pivot = Enumerable.Range(rank, m.Count - rank).OrderByDescending(r => Math.Abs(m[r][c])).First();
            if (Math.Abs(m[pivot][c]) < 1e-9) continue;
            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            for (int r = rank + 1; r < m.Count; r++)
            {
                double f = m[r][c] / m[rank][c];
                for (int k = c; k < columns; k++) m[r][k] -= f * m[rank][k];
            }

            rank++;
        }

        return rank;
    }
}
