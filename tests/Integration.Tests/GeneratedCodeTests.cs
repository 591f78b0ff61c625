using System;
using System.Linq;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>Generated φ, Jacobians and laws against independent references (compile-and-run).</summary>
public sealed class GeneratedCodeTests
{
    [Theory]
    [MemberData(nameof(GeneratedModel.PhiNames), MemberType = typeof(GeneratedModel))]
    public void Phi_matches_the_path_definition(string name)
    {
        var m = GeneratedModel.Get(name);
        var theta = m.RandomTheta(new Random(1));
        var phi = new double[m.PhiLength];
        m.Phi(theta, phi);
        var reference = Reference.Phi(m.Layers, theta);
        reference.Length.ShouldBe(m.PhiLength);
        for (int i = 0; i < phi.Length; i++) phi[i].ShouldBe(reference[i], 1e-12 * (1 + Math.Abs(reference[i])), $"component {i}");
    }

    [Theory]
    [MemberData(nameof(GeneratedModel.PhiNames), MemberType = typeof(GeneratedModel))]
    public void Jacobian_matches_central_finite_differences(string name)
    {
        var m = GeneratedModel.Get(name);
        var theta = m.RandomTheta(new Random(2));
        var jacobian = new double[m.PhiLength * m.ParameterCount];
        m.Jacobian(theta, jacobian);
        var plus = new double[m.PhiLength];
        var minus = new double[m.PhiLength];
        const double h = 1e-5;
        for (int j = 0; j < m.ParameterCount; j++)
        {
            double saved = theta[j];
            theta[j] = saved + h;
            m.Phi(theta, plus);
            theta[j] = saved - h;
            m.Phi(theta, minus);
            theta[j] = saved;
            for (int i = 0; i < m.PhiLength; i++)
                jacobian[i * m.ParameterCount + j].ShouldBe((plus[i] - minus[i]) / (2 * h), 1e-7, $"d phi[{i}] / d theta[{j}]");
        }
    }

    [Theory]
    [MemberData(nameof(GeneratedModel.PhiNames), MemberType = typeof(GeneratedModel))]
    public void Jvp_and_vjp_match_the_dense_jacobian(string name)
    {
        var m = GeneratedModel.Get(name);
        var rng = new Random(3);
        var theta = m.RandomTheta(rng);
        var v = m.RandomTheta(rng);
        var w = Enumerable.Range(0, m.PhiLength).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var jacobian = new double[m.PhiLength * m.ParameterCount];
        m.Jacobian(theta, jacobian);
        var jv = new double[m.PhiLength];
        var wj = new double[m.ParameterCount];
        m.Jvp(theta, v, jv);
        m.Vjp(theta, w, wj);
        for (int i = 0; i < m.PhiLength; i++)
        {
            double expected = 0;
            for (int j = 0; j < m.ParameterCount; j++) expected += jacobian[i * m.ParameterCount + j] * v[j];
            jv[i].ShouldBe(expected, 1e-11 * (1 + Math.Abs(expected)));
        }

        for (int j = 0; j < m.ParameterCount; j++)
        {
            double expected = 0;
            for (int i = 0; i < m.PhiLength; i++) expected += w[i] * jacobian[i * m.ParameterCount + j];
            wj[j].ShouldBe(expected, 1e-11 * (1 + Math.Abs(expected)));
        }
    }

    [Theory]
    [MemberData(nameof(GeneratedModel.PhiNames), MemberType = typeof(GeneratedModel))]
    public void Jvp_matches_central_differences_of_phi_and_vjp_is_its_adjoint(string name)
    {
        // Independent of the dense Jacobian (which the loop kernel builds from its own JVP): φ is a polynomial of
        // degree ≤ depth, so the central difference along v is exact up to O(h²) and rounding.
        var m = GeneratedModel.Get(name);
        var rng = new Random(5);
        var theta = m.RandomTheta(rng);
        var v = m.RandomTheta(rng);
        var w = Enumerable.Range(0, m.PhiLength).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        const double h = 1e-5;
        var plus = new double[m.PhiLength];
        var minus = new double[m.PhiLength];
        m.Phi(theta.Select((t, j) => t + h * v[j]).ToArray(), plus);
        m.Phi(theta.Select((t, j) => t - h * v[j]).ToArray(), minus);
        var jv = new double[m.PhiLength];
        m.Jvp(theta, v, jv);
        double adjointLeft = 0;
        for (int i = 0; i < m.PhiLength; i++)
        {
            double difference = (plus[i] - minus[i]) / (2 * h);
            jv[i].ShouldBe(difference, 1e-7 * (1 + Math.Abs(difference)), $"component {i}");
            adjointLeft += w[i] * difference;
        }

        var wj = new double[m.ParameterCount];
        m.Vjp(theta, w, wj);
        double adjointRight = wj.Zip(v, (a, b) => a * b).Sum();
        adjointRight.ShouldBe(adjointLeft, 1e-7 * (1 + Math.Abs(adjointLeft)));
    }

    [Theory]
    [MemberData(nameof(GeneratedModel.PhiNames), MemberType = typeof(GeneratedModel))]
    public void Phi_jvp_and_vjp_allocate_nothing_after_a_warm_up_call(string name)
    {
        var m = GeneratedModel.Get(name);
        var rng = new Random(6);
        var theta = m.RandomTheta(rng);
        var v = m.RandomTheta(rng);
        var w = Enumerable.Range(0, m.PhiLength).Select(_ => rng.NextDouble()).ToArray();
        var phi = new double[m.PhiLength];
        var gradient = new double[m.ParameterCount];
        m.Phi(theta, phi);
        m.Jvp(theta, v, phi);
        m.Vjp(theta, w, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        m.Phi(theta, phi);
        m.Jvp(theta, v, phi);
        m.Vjp(theta, w, gradient);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public void Loop_kernel_gives_every_thread_the_same_results()
    {
        // Generated code holds one kernel instance per model; concurrent callers must not share work buffers.
        var m = GeneratedModel.Get("LargeMixed");
        var rng = new Random(8);
        var thetas = Enumerable.Range(0, 4).Select(_ => m.RandomTheta(rng)).ToArray();
        var w = Enumerable.Range(0, m.PhiLength).Select(_ => rng.NextDouble()).ToArray();
        var expected = thetas.Select(t =>
        {
            var g = new double[m.ParameterCount];
            m.Vjp(t, w, g);
            return g;
        }).ToArray();
        System.Threading.Tasks.Parallel.For(0, 400, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var g = new double[m.ParameterCount];
            m.Vjp(thetas[i % 4], w, g);
            g.ShouldBe(expected[i % 4]);
        });
    }

    [Fact]
    public void Sparse_jacobian_matches_dense_on_its_pattern_and_is_zero_elsewhere()
    {
        var theta = GeneratedModel.Get("ReluWithBias").RandomTheta(new Random(4));
        var dense = new double[ReluWithBias.PhiLength * ReluWithBias.ParameterCount];
        ReluWithBias.ComputeJacobian(theta, dense);
        var values = new double[ReluWithBias.JacobianNonZeroCount];
        ReluWithBias.ComputeJacobianSparse(theta, values);
        var starts = ReluWithBias.JacobianRowStarts.ToArray();
        var columns = ReluWithBias.JacobianColumnIndices.ToArray();
        starts.Length.ShouldBe(ReluWithBias.PhiLength + 1);
        var rebuilt = new double[dense.Length];
        for (int i = 0; i < ReluWithBias.PhiLength; i++)
            for (int k = starts[i]; k < starts[i + 1]; k++) rebuilt[i * ReluWithBias.ParameterCount + columns[k]] = values[k];
        rebuilt.ShouldBe(dense);
        values.Count(v => v == 0).ShouldBe(0); // the pattern is tight at a generic point
    }

    [Theory]
    [MemberData(nameof(GeneratedModel.Names), MemberType = typeof(GeneratedModel))]
    public void Named_laws_equal_the_closed_forms_of_math_md(string name)
    {
        // Independent of the engine: HiddenK[i,j] and HiddenK[i] are entries of W_k W_kᵀ + b_k b_kᵀ − W_{k+1}ᵀ W_{k+1},
        // so values and order are checked together, whether the laws were unrolled or run by the loop kernel.
        var m = GeneratedModel.Get(name);
        var theta = m.RandomTheta(new Random(9));
        var values = new double[m.LawCount];
        m.Laws(theta, values);
        int named = 0;
        for (int k = 0; k < m.LawCount; k++)
        {
            var match = System.Text.RegularExpressions.Regex.Match(m.LawNames[k], @"^Hidden(\d+)\[(\d+)(?:,(\d+))?\]$");
            if (!match.Success) continue;
            int layer = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
            int i = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            int j = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : i;
            double expected = Reference.Gram(m.Layers, theta, layer, i, j);
            values[k].ShouldBe(expected, 1e-12 * (1 + Math.Abs(expected)), m.LawNames[k]);
            named++;
        }

        named.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void The_loop_kernel_writes_balances_and_the_triangle_in_law_order()
    {
        // Layer 1: 3 → 4 with bias, layer 2: 4 → 2. θ = W1 (12), b1 (4), W2 (8).
        TestLayer[] layers = [new(3, 4, Activation.ReLU, true), new(4, 2)];
        var theta = Enumerable.Range(0, 24).Select(i => Math.Sin(i + 1.0)).ToArray();
        var diagonal = new double[4];
        Internal.GramLaws.Evaluate(theta, 0, 3, 12, 16, 2, 4, true, 2.0, diagonal);
        for (int i = 0; i < 4; i++) diagonal[i].ShouldBe(2.0 * Reference.Gram(layers, theta, 0, i, i), 1e-14);
        var triangle = new double[10];
        Internal.GramLaws.Evaluate(theta, 0, 3, 12, 16, 2, 4, false, 1.0, triangle);
        int k = 0;
        for (int i = 0; i < 4; i++)
            for (int j = i; j < 4; j++)
                triangle[k++].ShouldBe(Reference.Gram(layers, theta, 0, i, j), 1e-14, $"({i},{j})");
    }

    [Theory]
    [MemberData(nameof(GeneratedModel.Names), MemberType = typeof(GeneratedModel))]
    public void Every_law_stays_constant_along_an_rk4_gradient_flow(string name)
    {
        var m = GeneratedModel.Get(name);
        var rng = new Random(5);
        var theta = m.RandomTheta(rng, 0.7);
        int inputs = m.Layers[0].Inputs, outputs = m.Layers[^1].Outputs;
        var xs = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, inputs).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();
        var ys = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, outputs).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();
        var before = new double[m.LawCount];
        m.Laws(theta, before);
        m.LawCount.ShouldBeGreaterThan(0);

        const double dt = 1e-3;
        var k1 = new double[theta.Length];
        var k2 = new double[theta.Length];
        var k3 = new double[theta.Length];
        var k4 = new double[theta.Length];
        var tmp = new double[theta.Length];
        double lossStart = Reference.LossAndGradient(m.Layers, theta, xs, ys, k1), loss = lossStart;
        for (int step = 0; step < 500; step++)
        {
            // θ' = −∇L(θ)
            Reference.LossAndGradient(m.Layers, theta, xs, ys, k1);
            for (int i = 0; i < tmp.Length; i++) tmp[i] = theta[i] - 0.5 * dt * k1[i];
            Reference.LossAndGradient(m.Layers, tmp, xs, ys, k2);
            for (int i = 0; i < tmp.Length; i++) tmp[i] = theta[i] - 0.5 * dt * k2[i];
            Reference.LossAndGradient(m.Layers, tmp, xs, ys, k3);
            for (int i = 0; i < tmp.Length; i++) tmp[i] = theta[i] - dt * k3[i];
            Reference.LossAndGradient(m.Layers, tmp, xs, ys, k4);
            for (int i = 0; i < theta.Length; i++) theta[i] -= dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }

        loss = Reference.LossAndGradient(m.Layers, theta, xs, ys, k1);
        loss.ShouldBeLessThan(lossStart); // the flow really moved
        var after = new double[m.LawCount];
        m.Laws(theta, after);
        double scale = 1 + before.Max(Math.Abs);
        for (int k = 0; k < after.Length; k++) Math.Abs(after[k] - before[k]).ShouldBeLessThan(1e-7 * scale, $"law {k}");
    }

    [Theory]
    [MemberData(nameof(GeneratedModel.Names), MemberType = typeof(GeneratedModel))]
    public void Plain_gradient_descent_drift_equals_the_prediction(string name)
    {
        var m = GeneratedModel.Get(name);
        var rng = new Random(6);
        var theta = m.RandomTheta(rng, 0.5);
        int inputs = m.Layers[0].Inputs, outputs = m.Layers[^1].Outputs;
        var xs = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, inputs).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();
        var ys = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, outputs).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var g = new double[theta.Length];
        var before = new double[m.LawCount];
        var after = new double[m.LawCount];
        var predicted = new double[m.LawCount];
        const double eta = 0.05;
        for (int step = 0; step < 20; step++)
        {
            Reference.LossAndGradient(m.Layers, theta, xs, ys, g);
            m.Laws(theta, before);
            m.Drift(g, eta, predicted);
            for (int i = 0; i < theta.Length; i++) theta[i] -= eta * g[i];
            m.Laws(theta, after);
            for (int k = 0; k < after.Length; k++)
            {
                predicted[k].ShouldNotBe(double.NaN);
                // Rounding of the two law evaluations is the only allowed difference.
                (after[k] - before[k]).ShouldBe(predicted[k], 1e-13 * (1 + Math.Abs(before[k]) + Math.Abs(after[k])) * m.ParameterCount, $"law {k} at step {step}");
            }
        }
    }
}
