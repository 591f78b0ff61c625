using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ConservationCodegen.Training;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The input angular momentum J = skew(W₁ᵀV₁) of models declared with <c>InputSymmetry = InputSymmetry.Rotation</c>:
/// the generated member against its definition written here; along gradient descent and heavy ball on a loss that is
/// exactly rotation invariant — the population loss E[½(f(x) − c)²] of a two-layer ReLU net without first-layer bias under
/// x ~ N(0, I), with its exact gradient written here from the closed forms E[relu(w·x)relu(v·x)] = ‖w‖‖v‖(sin α +
/// (π − α)cos α)/(2π) and E[relu(w·x)] = ‖w‖/√(2π), checked against central differences — it stays at rounding (gradient
/// descent) or scales by exactly β, and β(1 − ηλ) with decoupled weight decay (heavy ball); and on a finite data set the
/// monitor flags it at the first step while every law still holds.
/// </summary>
public sealed class InputRotationTests
{
    private const int Inputs = 4, Hidden = 3, Parameters = Hidden * Inputs + Hidden; // IsotropicRelu: W1 [3,4] at 0, W2 [1,3] at 12
    private const double Target = 0.7;
    private static readonly double U = Math.Pow(2, -53);

    // ---- The rotation-invariant loss and its exact gradient ----

    private static double Norm(ReadOnlySpan<double> w)
    {
        double s = 0;
        foreach (double x in w) s += x * x;
        return Math.Sqrt(s);
    }

    // E[relu(w·x) relu(v·x)] for x ~ N(0, I) and the angle α between w and v (the arc-cosine kernel of degree 1).
    private static (double Value, double Alpha) Kernel(ReadOnlySpan<double> w, ReadOnlySpan<double> v)
    {
        double nw = Norm(w), nv = Norm(v), dot = 0;
        for (int i = 0; i < w.Length; i++) dot += w[i] * v[i];
        double cos = Math.Clamp(dot / (nw * nv), -1, 1), alpha = Math.Acos(cos);
        return (nw * nv * (Math.Sin(alpha) + (Math.PI - alpha) * cos) / (2 * Math.PI), alpha);
    }

    private static ReadOnlySpan<double> Row(double[] t, int j) => t.AsSpan(j * Inputs, Inputs);

    /// <summary>E_x[½(Σ_j a_j relu(w_j·x) − c)²], x ~ N(0, I): rotation invariant, since it depends on norms and angles only.</summary>
    private static double PopulationLoss(double[] t)
    {
        double loss = 0.5 * Target * Target;
        for (int j = 0; j < Hidden; j++)
        {
            double aj = t[Hidden * Inputs + j];
            loss -= Target * aj * Norm(Row(t, j)) / Math.Sqrt(2 * Math.PI);
            for (int k = 0; k < Hidden; k++) loss += 0.5 * aj * t[Hidden * Inputs + k] * Kernel(Row(t, j), Row(t, k)).Value;
        }

        return loss;
    }

    /// <summary>
    /// The exact gradient: ∂L/∂a_j = Σ_k a_k K(w_j, w_k) − c‖w_j‖/√(2π); ∂L/∂w_j = ½a_j²·w_j + Σ_{k≠j} a_j a_k ∇_w K(w_j, w_k) −
    /// c a_j ŵ_j/√(2π), with ∇_w K(w, v) = ((π − α)v + ‖v‖ sin α ŵ)/(2π).
    /// </summary>
    private static void PopulationGradient(double[] t, double[] g) => PopulationGradient(t, g, new double[g.Length]);

    // The same, and per entry the sum of the absolute values of the terms it adds up (the scale of its rounding: near a
    // stationary point the gradient is far smaller than its terms).
    private static void PopulationGradient(double[] t, double[] g, double[] scale)
    {
        Array.Clear(g);
        Array.Clear(scale);
        for (int j = 0; j < Hidden; j++)
        {
            var wj = Row(t, j);
            double aj = t[Hidden * Inputs + j], nj = Norm(wj);
            double ga = -Target * nj / Math.Sqrt(2 * Math.PI), sa = Math.Abs(ga);
            for (int k = 0; k < Hidden; k++)
            {
                double term = t[Hidden * Inputs + k] * Kernel(wj, Row(t, k)).Value;
                ga += term;
                sa += Math.Abs(term);
            }

            g[Hidden * Inputs + j] = ga;
            scale[Hidden * Inputs + j] = sa;
            for (int i = 0; i < Inputs; i++)
            {
                double a = 0.5 * aj * aj * wj[i], b = Target * aj * wj[i] / nj / Math.Sqrt(2 * Math.PI);
                g[j * Inputs + i] = a - b;
                scale[j * Inputs + i] = Math.Abs(a) + Math.Abs(b);
            }

            for (int k = 0; k < Hidden; k++)
            {
                if (k == j) continue;
                var wk = Row(t, k);
                double ak = t[Hidden * Inputs + k], nk = Norm(wk);
                double alpha = Kernel(wj, wk).Alpha;
                for (int i = 0; i < Inputs; i++)
                {
                    double term = aj * ak * ((Math.PI - alpha) * wk[i] + nk * Math.Sin(alpha) * wj[i] / nj) / (2 * Math.PI);
                    g[j * Inputs + i] += term;
                    scale[j * Inputs + i] += Math.Abs(term);
                }
            }
        }
    }

    private static double[] Start(int seed)
    {
        var rng = new Random(seed);
        var t = new double[Parameters];
        for (int i = 0; i < t.Length; i++) t[i] = rng.NextDouble() * 1.2 - 0.6;
        return t;
    }

    // ---- The definition of the input angular momentum ----

    /// <summary>J[i,j] = Σ_r W[r,i]V[r,j] − V[r,i]W[r,j], i &lt; j row by row, and its magnitude Σ_r |W[r,i]V[r,j]| + |V[r,i]W[r,j]|.</summary>
    private static (double[] Values, double[] Magnitudes) Definition(double[] theta, double[] v, int offset, int rows, int columns)
    {
        int count = columns * (columns - 1) / 2, k = 0;
        var values = new double[count];
        var magnitudes = new double[count];
        for (int i = 0; i < columns; i++)
            for (int j = i + 1; j < columns; j++, k++)
                for (int r = 0; r < rows; r++)
                {
                    double a = theta[offset + r * columns + i] * v[offset + r * columns + j], b = v[offset + r * columns + i] * theta[offset + r * columns + j];
                    values[k] += a - b;
                    magnitudes[k] += Math.Abs(a) + Math.Abs(b);
                }

        return (values, magnitudes);
    }

    private static double[] Generated(IConservationModel model, double[] theta, double[] v)
    {
        var j = new double[model.InputAngularMomentumCount];
        model.ComputeInputAngularMomentum(theta, v, j);
        return j;
    }

    private static double[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
    }

    [Fact]
    public void Generated_member_matches_its_definition()
    {
        foreach (var (model, offset, rows, columns) in new (IConservationModel, int, int, int)[]
                 {
                     (new IsotropicRelu(), 0, 3, 4), (new BiasedIsotropicNet(), 0, 4, 5),
                 })
        {
            var theta = Random(model.ParameterCount, 1);
            var v = Random(model.ParameterCount, 2);
            var (expected, magnitudes) = Definition(theta, v, offset, rows, columns);
            var actual = Generated(model, theta, v);
            actual.Length.ShouldBe(columns * (columns - 1) / 2);
            for (int k = 0; k < actual.Length; k++) Math.Abs(actual[k] - expected[k]).ShouldBeLessThanOrEqualTo(8 * U * magnitudes[k]);
            // Only W1 enters: the bias and later layers change nothing.
            var other = (double[])theta.Clone();
            for (int i = rows * columns; i < other.Length; i++) other[i] += 1;
            Generated(model, other, v).ShouldBe(actual);
        }

        IsotropicRelu.InputAngularMomentumCount.ShouldBe(6);
        IsotropicRelu.InputAngularMomentumNames.ShouldBe(new[] { "InputRotation[0,1]", "InputRotation[0,2]", "InputRotation[0,3]", "InputRotation[1,2]", "InputRotation[1,3]", "InputRotation[2,3]" });
        IConservationModel m = new BiasedIsotropicNet();
        m.InputAngularMomentumCount.ShouldBe(10);
        m.InputAngularMomentumNames[9].ShouldBe("InputRotation[3,4]");
        m.InputAngularMomentumLevel.ShouldBe(new MomentumChargeLevel("InputRotation", 0, 0, 0, -1, 0, 4, 5));
        // The declaration changes no law: the same laws as without it (one balance per ReLU unit here).
        IsotropicRelu.LawNames.Count.ShouldBe(Hidden);
    }

    [Fact]
    public void Float_overload_matches_the_definition()
    {
        var theta = Random(Parameters, 3).Select(x => (double)(float)x).ToArray();
        var v = Random(Parameters, 4).Select(x => (double)(float)x).ToArray();
        var (expected, magnitudes) = Definition(theta, v, 0, Hidden, Inputs);
        var actual = new float[FloatIsotropicRelu.InputAngularMomentumCount];
        FloatIsotropicRelu.ComputeInputAngularMomentum(theta.Select(x => (float)x).ToArray(), v.Select(x => (float)x).ToArray(), actual);
        for (int k = 0; k < actual.Length; k++)
            Math.Abs(actual[k] - expected[k]).ShouldBeLessThanOrEqualTo(Math.Pow(2, -24) * Math.Abs(expected[k]) + 8 * U * magnitudes[k]);
    }

    [Fact]
    public void Models_without_the_declaration_have_no_entries()
    {
        IConservationModel model = new ReluBias();
        model.InputAngularMomentumCount.ShouldBe(0);
        model.InputAngularMomentumNames.ShouldBeEmpty();
        model.InputAngularMomentumLevel.ShouldBeNull();
        Should.Throw<ArgumentException>(() => model.ComputeInputAngularMomentum(new double[1], new double[model.ParameterCount], Span<double>.Empty));
        var monitor = new ConservationMonitor(model, new Sgd(0.1));
        monitor.ChecksInputRotation.ShouldBeFalse();
        monitor.Summary().ShouldNotContain("Input angular momentum");
    }

    [Fact]
    public void The_population_loss_is_rotation_invariant_and_its_gradient_exact()
    {
        var theta = Start(5);
        var g = new double[Parameters];
        PopulationGradient(theta, g);
        const double h = 1e-5;
        for (int i = 0; i < Parameters; i++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (PopulationLoss(plus) - PopulationLoss(minus)) / (2 * h);
            Math.Abs(fd - g[i]).ShouldBeLessThan(1e-8, $"parameter {i}");
        }

        // W1 ↦ W1·R for a rotation R (Gram–Schmidt of a random matrix): the loss does not change.
        var r = Random(Inputs * Inputs, 6);
        for (int c = 0; c < Inputs; c++)
        {
            for (int p = 0; p < c; p++)
            {
                double d = 0;
                for (int i = 0; i < Inputs; i++) d += r[i * Inputs + c] * r[i * Inputs + p];
                for (int i = 0; i < Inputs; i++) r[i * Inputs + c] -= d * r[i * Inputs + p];
            }

            double n = 0;
            for (int i = 0; i < Inputs; i++) n += r[i * Inputs + c] * r[i * Inputs + c];
            for (int i = 0; i < Inputs; i++) r[i * Inputs + c] /= Math.Sqrt(n);
        }

        var rotated = (double[])theta.Clone();
        for (int j = 0; j < Hidden; j++)
            for (int c = 0; c < Inputs; c++)
            {
                double s = 0;
                for (int i = 0; i < Inputs; i++) s += theta[j * Inputs + i] * r[i * Inputs + c];
                rotated[j * Inputs + c] = s;
            }

        Math.Abs(PopulationLoss(rotated) - PopulationLoss(theta)).ShouldBeLessThan(1e-14);
        Math.Abs(rotated[0] - theta[0]).ShouldBeGreaterThan(1e-3); // R really moved W1
    }

    [Fact]
    public void Gradient_descent_keeps_it_at_rounding_for_hundreds_of_steps()
    {
        var model = new IsotropicRelu();
        var theta = Start(7);
        var g = new double[Parameters];
        var scale = new double[Parameters];
        var step = new double[Parameters];
        double largest = 0, firstLoss = PopulationLoss(theta), worst = 0;
        for (int k = 0; k < 400; k++)
        {
            PopulationGradient(theta, g, scale);
            for (int i = 0; i < Parameters; i++) step[i] = -0.05 * g[i];
            var next = theta.Zip(step, (a, b) => a + b).ToArray();
            // The velocity of the step actually taken (θ_{k+1} − θ_k) and the gradient itself: both give 0 to rounding.
            var delta = next.Zip(theta, (a, b) => a - b).ToArray();
            // Rounding: of the sums (the magnitude), of the gradient's own terms (‖θ‖·‖scale‖), and for the step of θ_{k+1}
            // itself (‖θ‖·‖θ_{k+1}‖, the difference carries it).
            foreach (var (v, rounding) in new[] { (delta, Norm(theta) * (Norm(next) + 0.05 * Norm(scale))), (g, Norm(theta) * Norm(scale)) })
            {
                var j = Generated(model, theta, v);
                var (_, magnitudes) = Definition(theta, v, 0, Hidden, Inputs);
                for (int e = 0; e < j.Length; e++)
                {
                    worst = Math.Max(worst, Math.Abs(j[e]) / (U * (magnitudes[e] + rounding)));
                    largest = Math.Max(largest, magnitudes[e]);
                }
            }

            theta = next;
        }

        PopulationLoss(theta).ShouldBeLessThan(0.5 * firstLoss); // it trained
        largest.ShouldBeGreaterThan(1e-3);                        // the entries' terms are far from 0
        worst.ShouldBeLessThan(64);                               // J itself is rounding
    }

    [Fact]
    public void Sgd_monitor_sees_no_violation_on_rotation_invariant_data()
    {
        foreach (var optimizer in new Optimizer[] { new Sgd(0.05), new Sgd(0.05, 0.01), new Sgd(0.05, 0.01, WeightDecayMode.Decoupled) })
        {
            var monitor = new ConservationMonitor(new IsotropicRelu(), optimizer);
            var theta = Start(8);
            var g = new double[Parameters];
            for (int k = 0; k < 300; k++)
            {
                PopulationGradient(theta, g);
                monitor.Step(theta, g);
            }

            monitor.ChecksInputRotation.ShouldBeTrue();
            monitor.InputRotationViolationCount.ShouldBe(0);
            monitor.ViolationCount.ShouldBe(0); // the population gradient is a true gradient of the model: the laws hold too
            monitor.Summary().ShouldContain("Input angular momentum (6): J = 0 held at every step");
        }
    }

    // Heavy ball written out: v_{k+1} = βv_k + g_k + λ_c θ_k, θ_{k+1} = (1 − ηλ_d)θ_k − ηv_{k+1}, from a non-zero buffer so
    // that j_k = J(θ_{k−1}, v_k) is not 0: j_{k+1} = β(1 − ηλ_d) j_k exactly.
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.02, 0.0)]
    [InlineData(0.0, 0.02)]
    public void Heavy_ball_scales_it_by_beta_every_step(double coupled, double decoupled)
    {
        const double eta = 0.03, beta = 0.9;
        var model = new IsotropicRelu();
        var theta = Start(9);
        var v = Random(Parameters, 10).Select(x => 0.1 * x).ToArray();
        var g = new double[Parameters];
        var scale = new double[Parameters];
        double factor = beta * (1 - eta * decoupled);
        double[]? previous = null, previousMagnitude = null;
        double worst = 0, first = 0, betaOnlyMiss = 0;
        for (int k = 0; k < 300; k++)
        {
            PopulationGradient(theta, g, scale);
            var next = new double[Parameters];
            for (int i = 0; i < Parameters; i++) next[i] = beta * v[i] + g[i] + coupled * theta[i];
            var j = Generated(model, theta, next); // j_{k+1} = J(θ_k, v_{k+1})
            var (_, magnitude) = Definition(theta, next, 0, Hidden, Inputs);
            if (previous is null) first = j.Max(Math.Abs);
            else
            {
                for (int e = 0; e < j.Length; e++)
                {
                    // Rounding of the sums, of θ_k = θ_{k−1} − ηv_k (‖θ‖·‖v‖) and of the gradient's own terms (‖θ‖·‖scale‖).
                    double allowance = U * (magnitude[e] + factor * previousMagnitude![e] + Norm(theta) * (Norm(next) + Norm(v) + Norm(scale)));
                    worst = Math.Max(worst, Math.Abs(j[e] - factor * previous[e]) / allowance);
                    if (k == 1) betaOnlyMiss = Math.Max(betaOnlyMiss, Math.Abs(j[e] - beta * previous[e]) / allowance);
                }
            }

            (previous, previousMagnitude) = (j, magnitude);
            for (int i = 0; i < Parameters; i++) theta[i] = (1 - eta * decoupled) * theta[i] - eta * next[i];
            v = next;
        }

        first.ShouldBeGreaterThan(1e-3); // a real charge, not 0
        worst.ShouldBeLessThan(64);
        // Decoupled decay really changes the factor: β alone misses it by far more than rounding.
        if (decoupled != 0) betaOnlyMiss.ShouldBeGreaterThan(1e6);
    }

    [Fact]
    public void Heavy_ball_monitor_sees_no_violation_on_rotation_invariant_data()
    {
        // Rates at which 300 steps stay away from the stationary point: there the gradient is far smaller than the terms it
        // is computed from, and its own rounding outgrows the allowance (relative to ‖θ‖‖v‖; docs/training.md).
        foreach (var optimizer in new[] { new HeavyBall(0.005, 0.9), new HeavyBall(0.005, 0.8, dampening: 0.3, weightDecay: 0.02) })
        {
            var monitor = new ConservationMonitor(new IsotropicRelu(), optimizer);
            var theta = Start(11);
            var g = new double[Parameters];
            for (int k = 0; k < 300; k++)
            {
                PopulationGradient(theta, g);
                monitor.Step(theta, g);
            }

            monitor.ChecksInputRotation.ShouldBeTrue();
            optimizer.InputRotationModel.ShouldBeSameAs(monitor.Model);
            monitor.InputRotationViolationCount.ShouldBe(0);
            monitor.ViolationCount.ShouldBe(0);
            monitor.Summary().ShouldContain("Input angular momentum (6): j' = μj held at every step");
        }
    }

    // The allowance follows the largest velocity of the run (the gradient's rounding near a stationary point follows its
    // terms, not its size); it still sees a small error in the gradient of one input's weights late in training, at the
    // steps where an allowance from the current velocity would have started to flag correct gradients.
    [Fact]
    public void Near_the_stationary_point_a_small_gradient_error_is_still_flagged_at_its_step()
    {
        foreach (var (optimizer, at) in new (Optimizer, int)[] { (new Sgd(0.05), 1500), (new HeavyBall(0.005, 0.9), 1790) })
        {
            var monitor = new ConservationMonitor(new IsotropicRelu(), optimizer);
            var theta = Start(11);
            var g = new double[Parameters];
            double first = 0, last = 0;
            for (int k = 0; k <= at; k++)
            {
                PopulationGradient(theta, g);
                if (k == 0) first = Norm(g);
                if (k == at)
                {
                    last = Norm(g);
                    for (int r = 0; r < Hidden; r++) g[r * Inputs] *= 1 + 1e-4; // input 0's column of the W1 gradient
                }

                monitor.Step(theta, g);
            }

            (last / first).ShouldBeInRange(1e-8, 1e-4); // close to the stationary point, still far from rounding
            monitor.InputRotationViolationCount.ShouldBe(1);
            monitor.InputRotationViolations[0].Step.ShouldBe(at);
        }
    }

    [Fact]
    public void Nesterov_and_adam_do_not_check_it_and_say_so()
    {
        foreach (var optimizer in new Optimizer[] { new HeavyBall(0.03, 0.9, nesterov: true), new Adam(0.01) })
        {
            var monitor = new ConservationMonitor(new IsotropicRelu(), optimizer);
            monitor.ChecksInputRotation.ShouldBeFalse();
            monitor.Summary().ShouldContain("Input angular momentum (6): not checked");
        }
    }

    // ---- Negative control: a finite data set is not rotation invariant ----

    private static (double[] X, double[] Y) FiniteData(int samples, int seed)
    {
        var rng = new Random(seed);
        var x = new double[samples * Inputs];
        for (int i = 0; i < x.Length; i++) x[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return (x, Enumerable.Repeat(Target, samples).ToArray());
    }

    [Fact]
    public void A_finite_data_set_is_flagged_at_the_first_step_while_the_laws_hold()
    {
        const int samples = 32;
        var (x, y) = FiniteData(samples, 12);
        foreach (var optimizer in new Optimizer[] { new Sgd(0.05), new HeavyBall(0.03, 0.9) })
        {
            var log = new StringWriter();
            var monitor = new ConservationMonitor(new IsotropicRelu(), optimizer, new MonitorOptions { Log = log });
            var theta = Start(13);
            var g = new double[Parameters];
            var j = new double[6];
            IsotropicRelu.ComputeLossAndGradient(theta, x, y, samples, Loss.MeanSquaredError, g);
            IsotropicRelu.ComputeInputAngularMomentum(theta, g, j);
            for (int k = 0; k < 20; k++)
            {
                IsotropicRelu.ComputeLossAndGradient(theta, x, y, samples, Loss.MeanSquaredError, g);
                monitor.Step(theta, g);
            }

            monitor.ViolationCount.ShouldBe(0); // a true gradient of the finite-data loss: every law holds
            monitor.InputRotationViolationCount.ShouldBeGreaterThan(0);
            var first = monitor.InputRotationViolations[0];
            first.Step.ShouldBe(0);
            // It names the entry that moved most: the largest |J(θ_0, g_0)| entry, computed by the generated member.
            int largest = Array.IndexOf(j, j.MaxBy(Math.Abs));
            first.EntryName.ShouldBe(IsotropicRelu.InputAngularMomentumNames[largest]);
            Math.Abs(first.EntryChange).ShouldBe(Math.Abs(j[largest]), 1e-12 * Math.Abs(j[largest]));
            first.Message.ShouldContain("not rotation invariant");
            log.ToString().ShouldContain("Step 0, input angular momentum");
            monitor.Summary().ShouldContain($"the first at step 0 ({first.EntryName})");

            string path = Path.Combine(Path.GetTempPath(), $"ccg-input-rotation-{Guid.NewGuid():N}.json");
            try
            {
                monitor.WriteJson(path);
                using var json = JsonDocument.Parse(File.ReadAllText(path));
                json.RootElement.GetProperty("checksInputRotation").GetBoolean().ShouldBeTrue();
                json.RootElement.GetProperty("inputRotationViolationCount").GetInt32().ShouldBe(monitor.InputRotationViolationCount);
                var exported = json.RootElement.GetProperty("inputRotationViolations")[0];
                exported.GetProperty("step").GetInt32().ShouldBe(0);
                exported.GetProperty("entry").GetString().ShouldBe(first.EntryName);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void Throw_on_violation_throws_after_the_step()
    {
        const int samples = 16;
        var (x, y) = FiniteData(samples, 14);
        var monitor = new ConservationMonitor(new IsotropicRelu(), new Sgd(0.05), new MonitorOptions { ThrowOnViolation = true });
        var theta = Start(15);
        var before = (double[])theta.Clone();
        var g = new double[Parameters];
        IsotropicRelu.ComputeLossAndGradient(theta, x, y, samples, Loss.MeanSquaredError, g);
        var thrown = Should.Throw<InputRotationViolationException>(() => monitor.Step(theta, g));
        thrown.Violation.Step.ShouldBe(0);
        monitor.StepCount.ShouldBe(1); // the step completed
        theta.ShouldNotBe(before);
    }

    [Fact]
    public void Float_training_is_checked_with_single_precision_allowances()
    {
        const int samples = 32;
        var (x, y) = FiniteData(samples, 16);
        foreach (bool finite in new[] { false, true })
        {
            var monitor = new ConservationMonitor(new FloatIsotropicRelu(), new Sgd(0.05), MonitorOptions.SinglePrecision);
            var theta = Start(17).Select(v => (double)(float)v).ToArray();
            var g = new double[Parameters];
            for (int k = 0; k < 200; k++)
            {
                if (finite) FloatIsotropicRelu.ComputeLossAndGradient(theta, x, y, samples, Loss.MeanSquaredError, g);
                else PopulationGradient(theta, g);
                for (int i = 0; i < Parameters; i++) g[i] = (float)g[i];   // a float gradient
                monitor.Step(theta, g);
                for (int i = 0; i < Parameters; i++) theta[i] = (float)theta[i]; // float parameters
            }

            if (finite) monitor.InputRotationViolations[0].Step.ShouldBe(0);
            else monitor.InputRotationViolationCount.ShouldBe(0);
        }
    }
}
