using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Training;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The generated momentum charges against their definition written here (J[i, j] = Σ_k v[e_i,k]·θ[e_j,k] − θ[e_i,k]·v[e_j,k]
/// over the entries e_i of unit i: its incoming row, its bias and its outgoing column, every tap), their exact β-geometric
/// decay along heavy-ball training, and the heavy-ball and monitor check flagging clipping, an L1 penalty and a wrong
/// gradient at the first step they occur — and nothing in correct runs.
/// </summary>
public sealed class MomentumChargeTests
{
    private const int Batch = 8, Samples = 64;

    // Unit i's entries in θ at one hidden level, in the same order for every unit (so entry k of units i and j pair up).
    private static int[][] DenseLevel(int inOffset, int inputs, int biasOffset, int outOffset, int outputs, int width)
    {
        var units = new int[width][];
        for (int i = 0; i < width; i++)
        {
            var e = new List<int>();
            for (int c = 0; c < inputs; c++) e.Add(inOffset + i * inputs + c);
            if (biasOffset >= 0) e.Add(biasOffset + i);
            for (int l = 0; l < outputs; l++) e.Add(outOffset + l * width + i);
            units[i] = e.ToArray();
        }

        return units;
    }

    private sealed record Case(IConservationModel Model, int[][][] Levels, string[] LevelNames, Func<double[], double[], double[], int, double[], double> Gradient, int Inputs, int Outputs);

    private static Case Create(string name) => name switch
    {
        nameof(ChargePair) => new(new ChargePair(), new[] { DenseLevel(0, 5, 30, 36, 4, 6) }, new[] { "Hidden1" },
            (t, x, y, b, g) => ChargePair.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g), 5, 4),
        nameof(FloatChargePair) => new(new FloatChargePair(), new[] { DenseLevel(0, 5, 30, 36, 4, 6) }, new[] { "Hidden1" },
            (t, x, y, b, g) => FloatChargePair.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g), 5, 4),
        nameof(DeepLinearChain) => new(new DeepLinearChain(), new[] { DenseLevel(0, 4, -1, 24, 5, 6), DenseLevel(24, 6, -1, 54, 3, 5) }, new[] { "Hidden1", "Hidden2" },
            (t, x, y, b, g) => DeepLinearChain.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g), 4, 3),
        // W1 [4,3] at 0, W2 [4,4] at 12 (skip around it), W3 [5,4] at 28, W4 [2,5] at 48: the level between W3 and W4.
        nameof(ResidualThenLinear) => new(new ResidualThenLinear(), new[] { DenseLevel(28, 4, -1, 48, 2, 5) }, new[] { "Hidden3" },
            (t, x, y, b, g) => ResidualThenLinear.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g), 3, 2),
        // W1 [3,3] at 0, B1 at 9, W2 [4,3] at 12, B2 at 24, W3 [2,4] at 28: the identity level between W2 and W3.
        nameof(RepuThenLinear) => new(new RepuThenLinear(), new[] { DenseLevel(12, 3, 24, 28, 2, 4) }, new[] { "Hidden2" },
            (t, x, y, b, g) => RepuThenLinear.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g), 3, 2),
        // G1 [4,3] at 0, U1 [4,3] at 12, W3 [5,4] at 24, W4 [2,5] at 44: the identity level between W3 and W4.
        nameof(GluThenLinear) => new(new GluThenLinear(), new[] { DenseLevel(24, 4, -1, 44, 2, 5) }, new[] { "Hidden2" },
            (t, x, y, b, g) => GluThenLinear.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g), 3, 2),
        _ => new(new Conv2dNet(), new[] { Conv2dLevel() }, new[] { "Hidden2" },
            (t, x, y, b, g) => Conv2dNet.ComputeLossAndGradient(t, x, y, b, Loss.MeanSquaredError, g), 25, 2),
    };

    // Conv2dNet: K1 [2,1,3,3] (18) and B1 (2), then K2 [2,2,3,3] at 20 (channel i's row: 18 entries), K3 [3,2,3,3] at 56
    // (channel i's column: for each output channel l, its 9 taps).
    private static int[][] Conv2dLevel()
    {
        var units = new int[2][];
        for (int i = 0; i < 2; i++)
        {
            var e = new List<int>();
            for (int c = 0; c < 18; c++) e.Add(20 + i * 18 + c);
            for (int l = 0; l < 3; l++)
                for (int p = 0; p < 9; p++) e.Add(56 + (l * 2 + i) * 9 + p);
            units[i] = e.ToArray();
        }

        return units;
    }

    // The definition, and its magnitude Σ|terms| (the scale of its rounding).
    private static (double[] Values, double[] Magnitudes) Charges(int[][][] levels, IReadOnlyList<double> theta, IReadOnlyList<double> v)
    {
        var values = new List<double>();
        var magnitudes = new List<double>();
        foreach (var units in levels)
            for (int i = 0; i < units.Length; i++)
                for (int j = i + 1; j < units.Length; j++)
                {
                    double sum = 0, size = 0;
                    for (int k = 0; k < units[i].Length; k++)
                    {
                        double a = v[units[i][k]] * theta[units[j][k]], b = theta[units[i][k]] * v[units[j][k]];
                        sum += a - b;
                        size += Math.Abs(a) + Math.Abs(b);
                    }

                    values.Add(sum);
                    magnitudes.Add(size);
                }

        return (values.ToArray(), magnitudes.ToArray());
    }

    private static readonly string[] ModelNames = { nameof(ChargePair), nameof(FloatChargePair), nameof(DeepLinearChain), nameof(Conv2dNet), nameof(ResidualThenLinear), nameof(RepuThenLinear), nameof(GluThenLinear) };

    public static TheoryData<string> Models() => new(ModelNames);

    [Theory]
    [MemberData(nameof(Models))]
    public void ChargesEqualTheirDefinitionAndAreNamedLikeTheLaws(string name)
    {
        var c = Create(name);
        var model = c.Model;
        var rng = new Random(3);
        var theta = TestVectors.Uniform(model.ParameterCount, rng);
        var v = TestVectors.Uniform(model.ParameterCount, rng);
        var (expected, magnitudes) = Charges(c.Levels, theta, v);
        model.MomentumChargeCount.ShouldBe(expected.Length);
        var actual = new double[model.MomentumChargeCount];
        model.ComputeMomentumCharges(theta, v, actual);
        for (int k = 0; k < expected.Length; k++) Math.Abs(actual[k] - expected[k]).ShouldBeLessThanOrEqualTo(1e-14 * magnitudes[k], $"charge {k}");
        expected.Max(Math.Abs).ShouldBeGreaterThan(0.1); // not vacuous

        // Named like the Gram laws of the same level: "Hidden1[i,j]", pairs row by row, every one also a law name.
        var names = model.MomentumChargeNames;
        names.Count.ShouldBe(expected.Length);
        int at = 0;
        for (int l = 0; l < c.Levels.Length; l++)
            for (int i = 0; i < c.Levels[l].Length; i++)
                for (int j = i + 1; j < c.Levels[l].Length; j++) names[at++].ShouldBe($"{c.LevelNames[l]}[{i},{j}]");
        foreach (var n in names) model.LawNames.ShouldContain(n);
        model.MomentumChargeLevels.Select(l => l.Name).ShouldBe(c.LevelNames);
    }

    [Fact]
    public void FloatOverloadRoundsTheDoubleCharges()
    {
        var rng = new Random(4);
        var theta = TestVectors.Uniform(FloatChargePair.ParameterCount, rng).Select(x => (float)x).ToArray();
        var v = TestVectors.Uniform(FloatChargePair.ParameterCount, rng).Select(x => (float)x).ToArray();
        var single = new float[FloatChargePair.MomentumChargeCount];
        FloatChargePair.ComputeMomentumCharges(theta, v, single);
        var wide = new double[FloatChargePair.MomentumChargeCount];
        FloatChargePair.ComputeMomentumCharges(theta.Select(x => (double)x).ToArray(), v.Select(x => (double)x).ToArray(), wide);
        for (int k = 0; k < wide.Length; k++) single[k].ShouldBe((float)wide[k]);
    }

    [Fact]
    public void AModelWithoutChargesWritesNothingAndChecksLengths()
    {
        IConservationModel model = new ReluBias();
        model.MomentumChargeCount.ShouldBe(0);
        ReluBias.MomentumChargeCount.ShouldBe(0);
        model.MomentumChargeNames.ShouldBeEmpty();
        model.MomentumChargeLevels.ShouldBeEmpty();
        var destination = new[] { 42.0 };
        model.ComputeMomentumCharges(new double[model.ParameterCount], new double[model.ParameterCount], destination);
        destination[0].ShouldBe(42.0);
        Should.Throw<ArgumentException>(() => model.ComputeMomentumCharges(new double[3], new double[model.ParameterCount], destination));
    }

    [Fact]
    public void TheInterfaceDefaultsAreNoCharges()
    {
        IConservationModel model = new NoChargesModel();
        model.MomentumChargeCount.ShouldBe(0);
        model.MomentumChargeNames.ShouldBeEmpty();
        model.MomentumChargeLevels.ShouldBeEmpty();
        model.ComputeMomentumCharges(new double[2], new double[2], Span<double>.Empty);
        Should.Throw<ArgumentException>(() => model.ComputeMomentumCharges(new double[1], new double[2], Span<double>.Empty));
    }

    private sealed class NoChargesModel : IConservationModel
    {
        public int ParameterCount => 2;
        public int LawCount => 0;
        public IReadOnlyList<string> LawNames => Array.Empty<string>();
        public IReadOnlyList<string> LawFormulas => Array.Empty<string>();
        public IReadOnlyList<int> LawDegrees => Array.Empty<int>();
        public void CopyParametersTo(Span<double> theta) => theta.Clear();
        public void SetParameters(ReadOnlySpan<double> theta) { }
        public void ComputeLaws(ReadOnlySpan<double> theta, Span<double> destination) { }
        public void ComputeLawChange(ReadOnlySpan<double> theta, ReadOnlySpan<double> delta, Span<double> destination) { }
        public void ComputeLawBilinear(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination) { }
        public void ComputeLawMagnitudes(ReadOnlySpan<double> theta, Span<double> destination) { }
    }

    private static (double[] X, double[] Y) Data(Case c, Random rng) =>
        (TestVectors.Uniform(Samples * c.Inputs, rng), TestVectors.Uniform(Samples * c.Outputs, rng));

    public static TheoryData<string, double, double, double, double> Runs()
    {
        var data = new TheoryData<string, double, double, double, double>();
        foreach (var model in ModelNames)
        {
            data.Add(model, 0.02, 0.9, 0, 0);
            data.Add(model, 0.03, 0.8, 0.3, 0.02); // dampening and coupled weight decay
        }

        return data;
    }

    /// <summary>
    /// Heavy ball written out here from a random (non-zero) buffer, on minibatch gradients with a changing learning rate:
    /// j_{k+1} = β j_k to rounding at every one of 120 steps, with charges that are far from zero.
    /// </summary>
    [Theory]
    [MemberData(nameof(Runs))]
    public void ChargesAreExactlyBetaGeometricAlongHeavyBallTraining(string name, double eta, double beta, double dampening, double decay)
    {
        var c = Create(name);
        var rng = new Random(11);
        var (x, y) = Data(c, rng);
        // A run already under way: θ_{−1} and v_0 anywhere, θ_0 = θ_{−1} − ηv_0 (j_0 is whatever they give).
        var previous = TestVectors.Uniform(c.Model.ParameterCount, rng, 0.5);
        var v = TestVectors.Uniform(c.Model.ParameterCount, rng, 0.5);
        var theta = previous.Select((p, i) => p - eta * v[i]).ToArray();
        var g = new double[theta.Length];
        var j = new double[c.Model.MomentumChargeCount];
        var (j0, _) = Charges(c.Levels, previous, v);
        c.Model.ComputeMomentumCharges(previous, v, j);
        j0.Max(Math.Abs).ShouldBeGreaterThan(0.05);
        double[] last = j.ToArray(), lastSize = Charges(c.Levels, previous, v).Magnitudes;
        double scale = 1;
        for (int step = 0; step < 120; step++)
        {
            int start = step * Batch % Samples;
            c.Gradient(theta, x.AsSpan(start * c.Inputs, Batch * c.Inputs).ToArray(), y.AsSpan(start * c.Outputs, Batch * c.Outputs).ToArray(), Batch, g);
            double rate = eta * (1 + 0.5 * Math.Sin(step));
            var before = theta.ToArray();
            for (int i = 0; i < theta.Length; i++)
            {
                v[i] = beta * v[i] + (1 - dampening) * (g[i] + decay * theta[i]);
                theta[i] -= rate * v[i];
            }

            c.Model.ComputeMomentumCharges(before, v, j);
            var (reference, size) = Charges(c.Levels, before, v);
            scale *= beta;
            for (int k = 0; k < j.Length; k++)
            {
                Math.Abs(j[k] - reference[k]).ShouldBeLessThanOrEqualTo(1e-13 * size[k]);
                // Exact recurrence: only the rounding of θ, v and the gradient, a small multiple of u·(terms).
                Math.Abs(j[k] - beta * last[k]).ShouldBeLessThanOrEqualTo(64 * 1.1e-16 * (size[k] + beta * lastSize[k]), $"step {step}, charge {k}");
                Math.Abs(j[k] - scale * j0[k]).ShouldBeLessThanOrEqualTo(1e-9 * (1 + Math.Abs(j0[k])), $"β^k j_0, step {step}, charge {k}");
            }

            last = j.ToArray();
            lastSize = size;
        }
    }

    /// <summary>The float-storage model trained in float arithmetic (θ, v and the gradient rounded to float each step).</summary>
    [Fact]
    public void ChargesAreBetaGeometricInFloatTraining()
    {
        var c = Create(nameof(FloatChargePair));
        var rng = new Random(12);
        var (x, y) = Data(c, rng);
        float[] F(double[] a) => a.Select(z => (float)z).ToArray();
        var xs = F(x);
        var ys = F(y);
        const float beta = 0.9f, eta = 0.02f;
        var previous = F(TestVectors.Uniform(c.Model.ParameterCount, rng, 0.5));
        var v = F(TestVectors.Uniform(c.Model.ParameterCount, rng, 0.5));
        var theta = previous.Select((p, i) => p - eta * v[i]).ToArray();
        var g = new float[theta.Length];
        var j = new float[FloatChargePair.MomentumChargeCount];
        FloatChargePair.ComputeMomentumCharges(previous, v, j);
        var last = j.ToArray();
        var lastSize = Charges(c.Levels, previous.Select(z => (double)z).ToArray(), v.Select(z => (double)z).ToArray()).Magnitudes;
        last.Max(Math.Abs).ShouldBeGreaterThan(0.05f);
        double u = Math.Pow(2, -24);
        for (int step = 0; step < 120; step++)
        {
            int start = step * Batch % Samples;
            FloatChargePair.ComputeLossAndGradient(theta, xs.AsSpan(start * 5, Batch * 5), ys.AsSpan(start * 4, Batch * 4), Batch, Loss.MeanSquaredError, g);
            var before = theta.ToArray();
            for (int i = 0; i < theta.Length; i++)
            {
                v[i] = beta * v[i] + g[i];
                theta[i] -= eta * v[i];
            }

            FloatChargePair.ComputeMomentumCharges(before, v, j);
            var size = Charges(c.Levels, before.Select(z => (double)z).ToArray(), v.Select(z => (double)z).ToArray()).Magnitudes;
            for (int k = 0; k < j.Length; k++)
                ((double)Math.Abs(j[k] - beta * last[k])).ShouldBeLessThanOrEqualTo(16 * u * (size[k] + beta * lastSize[k]), $"step {step}, charge {k}");
            last = j.ToArray();
            lastSize = size;
        }
    }

    /// <summary>
    /// With ThrowOnViolation the monitor throws after a bad step that it has measured and recorded, so a loop that
    /// catches the exception can go on: it then sees exactly what a twin monitor without throwing records, step by step
    /// (the heavy-ball law recurrence carries a bad step's error into later steps, decaying by μ; the charges do not).
    /// </summary>
    [Fact]
    public void ThrowOnViolationThrowsAfterTheStepAndTrainingCanGoOn()
    {
        var c = Create(nameof(ChargePair));
        var rng = new Random(8);
        var (x, y) = Data(c, rng);
        var theta = TestVectors.Uniform(c.Model.ParameterCount, rng, 0.5);
        var twinTheta = theta.ToArray();
        var monitor = new ConservationMonitor(c.Model, new HeavyBall(0.02, momentum: 0.9), new MonitorOptions { ThrowOnViolation = true });
        var twin = new ConservationMonitor(c.Model, new HeavyBall(0.02, momentum: 0.9));
        var g = new double[theta.Length];
        var thrown = new List<(int Step, Type Kind)>();
        for (int step = 0; step < 12; step++)
        {
            int start = step * Batch % Samples;
            var xb = x.AsSpan(start * c.Inputs, Batch * c.Inputs).ToArray();
            var yb = y.AsSpan(start * c.Outputs, Batch * c.Outputs).ToArray();
            c.Gradient(twinTheta, xb, yb, Batch, g);
            if (step == 3) Corrupt("clip", g, twinTheta, c.Model);
            twin.Step(twinTheta, g);
            c.Gradient(theta, xb, yb, Batch, g);
            if (step == 3) Corrupt("clip", g, theta, c.Model);
            try
            {
                monitor.Step(theta, g);
            }
            catch (Exception e) when (e is LawViolationException or MomentumChargeViolationException)
            {
                thrown.Add((step, e.GetType()));
                monitor.StepCount.ShouldBe(step + 1); // the bad step is complete and recorded
            }
        }

        theta.ShouldBe(twinTheta);
        monitor.StepCount.ShouldBe(12);
        monitor.ChargeViolations.Select(v => v.Step).ShouldBe(new[] { 3 }); // kept once, not once per later step
        twin.ChargeViolations.Select(v => v.Step).ShouldBe(new[] { 3 });
        monitor.ChargeViolationCount.ShouldBe(1);
        // Steps with a violation in the twin (its Violations list keeps only the first MaxReportedViolations).
        var twinSteps = twin.Statistics.Where(t => t.WorstMismatch > 1).Select(t => t.Step).Concat(twin.ChargeViolations.Select(v => v.Step)).Distinct().OrderBy(s => s).ToArray();
        twinSteps.ShouldContain(3);
        thrown.Select(t => t.Step).ShouldBe(twinSteps);
        thrown[0].ShouldBe((3, typeof(LawViolationException))); // a law violation of the same step comes first
        for (int step = 0; step < 12; step++)
            monitor.Statistics[step].WorstMismatch.ShouldBe(twin.Statistics[step].WorstMismatch);
    }

    public static TheoryData<string, string> Corruptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in ModelNames)
            foreach (var kind in new[] { "none", "clip", "l1", "wrong-gradient" })
                data.Add(model, kind);
        return data;
    }

    // What a training loop may do to the gradient from step 7 on: per-coordinate clipping at the median |g|, an L1
    // penalty λ·sign(θ), or a backward-pass bug that scales the gradient of the first charged level's incoming weights by
    // 1.1 (a bug in a layer outside every linear run, such as Conv2dNet's first kernel, is invisible to the charges).
    private static void Corrupt(string kind, double[] g, double[] theta, IConservationModel model)
    {
        switch (kind)
        {
            case "clip":
                double limit = g.Select(Math.Abs).OrderBy(a => a).ElementAt(g.Length / 2);
                for (int i = 0; i < g.Length; i++) g[i] = Math.Clamp(g[i], -limit, limit);
                break;
            case "l1":
                for (int i = 0; i < g.Length; i++) g[i] += 1e-3 * Math.Sign(theta[i]);
                break;
            case "wrong-gradient":
                var level = model.MomentumChargeLevels[0];
                for (int i = level.InWeights; i < level.InWeights + level.Inputs * level.Width; i++) g[i] *= 1.1;
                break;
        }
    }

    /// <summary>
    /// HeavyBall's own check and the monitor's: no violation in a correct run (charges ≡ 0 from the zero buffer, checked
    /// here against the definition), and a violation exactly at step 7 when the gradient is clipped, penalised or wrong.
    /// </summary>
    [Theory]
    [MemberData(nameof(Corruptions))]
    public void HeavyBallAndMonitorFlagTheFirstCorruptedStepOnly(string name, string kind)
    {
        var c = Create(name);
        var rng = new Random(21);
        var (x, y) = Data(c, rng);
        var theta = TestVectors.Uniform(c.Model.ParameterCount, rng, 0.5);
        var alone = new HeavyBall(0.02, momentum: 0.85, dampening: 0.1, weightDecay: 0.01);
        alone.CheckMomentumCharges(c.Model);
        var watched = new HeavyBall(0.02, momentum: 0.85, dampening: 0.1, weightDecay: 0.01);
        var monitor = new ConservationMonitor(c.Model, watched);
        monitor.ChecksMomentumCharges.ShouldBeTrue();
        watched.ChargeModel.ShouldBeSameAs(c.Model);
        var thetaWatched = theta.ToArray();
        var g = new double[theta.Length];
        var charges = new double[c.Model.MomentumChargeCount];
        double worst = 0;
        for (int step = 0; step < 120; step++)
        {
            int start = step * Batch % Samples;
            var xb = x.AsSpan(start * c.Inputs, Batch * c.Inputs).ToArray();
            var yb = y.AsSpan(start * c.Outputs, Batch * c.Outputs).ToArray();
            var before = theta.ToArray();
            c.Gradient(theta, xb, yb, Batch, g);
            if (step >= 7) Corrupt(kind, g, theta, c.Model);
            alone.Step(theta, g);
            c.Gradient(thetaWatched, xb, yb, Batch, g);
            if (step >= 7) Corrupt(kind, g, thetaWatched, c.Model);
            monitor.Step(thetaWatched, g);
            if (kind == "none")
            {
                // From the zero buffer every charge stays 0 up to rounding.
                var (values, sizes) = Charges(c.Levels, before, alone.Velocity.ToArray());
                for (int k = 0; k < values.Length; k++) Math.Abs(values[k]).ShouldBeLessThanOrEqualTo(1e-12 * sizes[k] + 1e-300, $"step {step}");
                worst = System.Math.Max(worst, alone.LastChargeMismatch);
            }
        }

        if (kind == "none")
        {
            worst.ShouldBeLessThan(1);
            alone.ChargeViolationCount.ShouldBe(0);
            monitor.ChargeViolations.ShouldBeEmpty();
            monitor.Summary().ShouldContain("j' = μj held at every step");
            // The charges are laws of the momentum flow: the summary must not also say that momentum keeps none.
            monitor.Summary().ShouldNotContain("keeps no conservation law");
            return;
        }

        alone.ChargeViolations.ShouldNotBeEmpty();
        alone.ChargeViolations[0].Step.ShouldBe(7);
        alone.ChargeViolations[0].ChargeName.ShouldStartWith("Hidden");
        alone.ChargeViolations[0].Message.ShouldContain("Step 7");
        monitor.ChargeViolations.ShouldNotBeEmpty();
        monitor.ChargeViolations[0].Step.ShouldBe(7);
        monitor.Summary().ShouldContain("first at step 7");

        // The JSON export carries them.
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ccg-charges-{name}-{kind}-{Environment.ProcessId}.json");
        try
        {
            monitor.WriteJson(file);
            using var document = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(file));
            var root = document.RootElement;
            root.GetProperty("checksMomentumCharges").GetBoolean().ShouldBeTrue();
            root.GetProperty("chargeViolationCount").GetInt32().ShouldBe(monitor.ChargeViolationCount);
            var first = root.GetProperty("chargeViolations")[0];
            first.GetProperty("step").GetInt32().ShouldBe(7);
            first.GetProperty("charge").GetString().ShouldBe(monitor.ChargeViolations[0].ChargeName);
            first.GetProperty("message").GetString().ShouldBe(monitor.ChargeViolations[0].Message);
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }

    /// <summary>
    /// One step on a random vector that is not a gradient gives the charges a non-zero value (flagged at step 0, and
    /// only there); from then on true gradients make them exactly β-geometric, which HeavyBall checks without a flag.
    /// </summary>
    /// <summary>
    /// One corrupted step (clipping at step 7 only) under the monitor: the laws and the charges are flagged at step 7 and
    /// nowhere else — the monitor restarts heavy ball's law recurrence from the actual state after a flagged step.
    /// </summary>
    [Fact]
    public void OneBadStepIsFlaggedOnceByTheLawsAndTheCharges()
    {
        var c = Create(nameof(DeepLinearChain));
        var rng = new Random(5);
        var (x, y) = Data(c, rng);
        var theta = TestVectors.Uniform(c.Model.ParameterCount, rng, 0.5);
        var monitor = new ConservationMonitor(c.Model, new HeavyBall(0.02, momentum: 0.9, weightDecay: 0.01));
        var g = new double[theta.Length];
        for (int step = 0; step < 60; step++)
        {
            int start = step * Batch % Samples;
            c.Gradient(theta, x.AsSpan(start * c.Inputs, Batch * c.Inputs).ToArray(), y.AsSpan(start * c.Outputs, Batch * c.Outputs).ToArray(), Batch, g);
            if (step == 7) Corrupt("clip", g, theta, c.Model);
            monitor.Step(theta, g);
        }

        // WorstMismatch: the step's largest |observed − predicted| over its allowance (above 1: flagged).
        var flagged = monitor.Statistics.Where(s => s.WorstMismatch > 1).Select(s => s.Step).ToArray();
        flagged.ShouldBe(new[] { 7 });
        monitor.Violations.ShouldNotBeEmpty();
        monitor.ChargeViolations.Select(v => v.Step).Distinct().ShouldBe(new[] { 7 });
    }

    [Fact]
    public void HeavyBallChecksNonZeroChargesAsTheyDecay()
    {
        var c = Create(nameof(DeepLinearChain));
        var rng = new Random(31);
        var (x, y) = Data(c, rng);
        var theta = TestVectors.Uniform(c.Model.ParameterCount, rng, 0.5);
        var optimizer = new HeavyBall(0.02, momentum: 0.9, weightDecay: 0.01);
        optimizer.CheckMomentumCharges(c.Model);
        var g = new double[theta.Length];
        double[]? first = null;
        for (int step = 0; step < 100; step++)
        {
            if (step == 0) g = TestVectors.Uniform(theta.Length, rng);
            else
            {
                int start = step * Batch % Samples;
                c.Gradient(theta, x.AsSpan(start * c.Inputs, Batch * c.Inputs).ToArray(), y.AsSpan(start * c.Outputs, Batch * c.Outputs).ToArray(), Batch, g);
            }

            var before = theta.ToArray();
            optimizer.Step(theta, g);
            var (values, _) = Charges(c.Levels, before, optimizer.Velocity.ToArray());
            first ??= values;
            if (step > 0)
                for (int k = 0; k < values.Length; k++)
                    Math.Abs(values[k] - Math.Pow(0.9, step) * first[k]).ShouldBeLessThanOrEqualTo(1e-10 * (1 + Math.Abs(first[k])));
        }

        first!.Max(Math.Abs).ShouldBeGreaterThan(0.01);
        optimizer.ChargeViolationCount.ShouldBe(1);
        optimizer.ChargeViolations[0].Step.ShouldBe(0);

        // A reset optimizer starts again from the zero buffer: its first step is checked against j = 0, and passes.
        optimizer.Reset();
        c.Gradient(theta, x.AsSpan(0, Batch * c.Inputs).ToArray(), y.AsSpan(0, Batch * c.Outputs).ToArray(), Batch, g);
        optimizer.Step(theta, g);
        optimizer.ChargeViolationCount.ShouldBe(1);
        optimizer.LastChargeMismatch.ShouldBeLessThan(1);
    }

    [Fact]
    public void FloatMonitorFlagsClippingAndNotCorrectRuns()
    {
        foreach (var kind in new[] { "none", "clip" })
        {
            var c = Create(nameof(FloatChargePair));
            var rng = new Random(41);
            var (x, y) = Data(c, rng);
            var theta = TestVectors.Uniform(c.Model.ParameterCount, rng, 0.5).Select(z => (double)(float)z).ToArray();
            var monitor = new ConservationMonitor(c.Model, new HeavyBall(0.02, 0.9), MonitorOptions.SinglePrecision);
            monitor.ChecksMomentumCharges.ShouldBeTrue();
            var g = new float[theta.Length];
            for (int step = 0; step < 120; step++)
            {
                int start = step * Batch % Samples;
                var xs = x.Skip(start * 5).Take(Batch * 5).Select(z => (float)z).ToArray();
                var ys = y.Skip(start * 4).Take(Batch * 4).Select(z => (float)z).ToArray();
                FloatChargePair.ComputeLossAndGradient(theta.Select(z => (float)z).ToArray(), xs, ys, Batch, Loss.MeanSquaredError, g);
                var wide = g.Select(z => (double)z).ToArray();
                if (step >= 7) Corrupt(kind, wide, theta, c.Model);
                monitor.Step(theta, wide);
                for (int i = 0; i < theta.Length; i++) theta[i] = (float)theta[i];
            }

            if (kind == "none") monitor.ChargeViolations.ShouldBeEmpty();
            else monitor.ChargeViolations[0].Step.ShouldBe(7);
        }
    }

    [Fact]
    public void NesterovCannotCheckCharges()
    {
        Should.Throw<InvalidOperationException>(() => new HeavyBall(0.02, 0.9, nesterov: true).CheckMomentumCharges(new ChargePair()));
        new ConservationMonitor(new ChargePair(), new HeavyBall(0.02, 0.9, nesterov: true)).ChecksMomentumCharges.ShouldBeFalse();
        new ConservationMonitor(new ChargePair(), new Sgd(0.02)).ChecksMomentumCharges.ShouldBeFalse();
        new ConservationMonitor(new ReluBias(), new HeavyBall(0.02, 0.9)).ChecksMomentumCharges.ShouldBeFalse();
    }
}
