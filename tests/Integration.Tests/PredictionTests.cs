using System;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Training;
using MathNet.Numerics.LinearAlgebra;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The linear-pair predictions against direct computation: Q's eigenvalues (MathNet), the sharpness against the top
/// eigenvalue of the Hessian of ½‖Y − UVᵀ‖² by finite differences of the loss written here, the rate bound c against
/// gradient-flow integrations (RK4) and gradient descent through a generated model, and the edge-of-stability check
/// against gradient descent started next to a minimum.
/// </summary>
public sealed class PredictionTests
{
    private static Matrix<double> Random(int rows, int columns, int seed, double scale)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => scale * (2 * rng.NextDouble() - 1));
    }

    private static LinearPairPrediction Predict(Matrix<double> u, Matrix<double> v) =>
        LinearPairPrediction.FromFactors(u.ToRowMajorArray(), v.ToRowMajorArray(), u.RowCount, v.RowCount, u.ColumnCount);

    private static double[] Eigenvalues(Matrix<double> symmetric) =>
        symmetric.Evd(Symmetricity.Symmetric).EigenValues.Select(x => x.Real).OrderByDescending(x => x).ToArray();

    // The loss of the factorisation, written here: ½‖Y − UVᵀ‖².
    private static double Loss(Matrix<double> y, Matrix<double> u, Matrix<double> v) => 0.5 * Math.Pow((y - u * v.Transpose()).FrobeniusNorm(), 2);

    [Theory]
    [InlineData(2, 2, 5, 1)]
    [InlineData(3, 2, 4, 2)]
    [InlineData(2, 3, 2, 3)]
    [InlineData(1, 1, 1, 4)]
    public void Sharpness_is_the_top_Hessian_eigenvalue_at_a_zero_residual_point(int n, int m, int r, int seed)
    {
        var u = Random(n, r, seed, 1.2);
        var v = Random(m, r, seed + 10, 0.8);
        var y = u * v.Transpose(); // zero residual
        var prediction = Predict(u, v);

        // Hessian of the loss by central second differences, over θ = (U, V) entry by entry.
        var theta = u.ToRowMajorArray().Concat(v.ToRowMajorArray()).ToArray();
        int d = theta.Length;
        double LossAt(double[] t) => Loss(y, Matrix<double>.Build.Dense(n, r, (i, j) => t[i * r + j]), Matrix<double>.Build.Dense(m, r, (i, j) => t[n * r + i * r + j]));
        const double h = 1e-4;
        var hessian = Matrix<double>.Build.Dense(d, d);
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++)
            {
                double Shifted(double si, double sj)
                {
                    var t = (double[])theta.Clone();
                    t[i] += si;
                    t[j] += sj;
                    return LossAt(t);
                }

                double value = (Shifted(h, h) - Shifted(h, -h) - Shifted(-h, h) + Shifted(-h, -h)) / (4 * h * h);
                hessian[i, j] = hessian[j, i] = value;
            }

        double top = Eigenvalues(hessian)[0];
        prediction.Sharpness.ShouldBe(top, 1e-5 * top);
        // The bounds from Q (and ‖Y‖₂) hold, and are exact for scalars.
        prediction.SharpnessLowerBound.ShouldBeLessThanOrEqualTo(top + 1e-6);
        double norm = y.L2Norm();
        prediction.MinimumSharpnessBound(norm).ShouldBeLessThanOrEqualTo(top + 1e-6);
        if (n == 1 && m == 1 && r == 1) prediction.MinimumSharpnessBound(norm).ShouldBe(top, 1e-6);
    }

    [Theory]
    [InlineData(2, 2, 5, 1)]
    [InlineData(3, 2, 6, 2)]
    [InlineData(2, 2, 1, 3)]
    public void Eigenvalues_and_rate_bound_agree_with_the_factors(int n, int m, int r, int seed)
    {
        var u = Random(n, r, seed, 1.5);
        var v = Random(m, r, seed + 20, 0.5);
        var prediction = Predict(u, v);
        var q = u.TransposeThisAndMultiply(u) - v.TransposeThisAndMultiply(v);
        var expected = Eigenvalues(q);
        for (int i = 0; i < r; i++) prediction.ImbalanceEigenvalues[i].ShouldBe(expected[i], 1e-12 * (1 + Math.Abs(expected[0])));
        // c bounds λ_min(UUᵀ) + λ_min(VVᵀ), the rate of the loss's decay at this point, from below.
        double rate = Eigenvalues(u * u.Transpose()).Min() + Eigenvalues(v * v.Transpose()).Min();
        prediction.ConvergenceRate.ShouldBeLessThanOrEqualTo(rate + 1e-12);
        // From Q alone: the same c and bound, no sharpness.
        var fromQ = LinearPairPrediction.FromImbalance(q.ToRowMajorArray(), n, m, r);
        fromQ.ConvergenceRate.ShouldBe(prediction.ConvergenceRate, 1e-12);
        fromQ.SharpnessLowerBound.ShouldBe(prediction.SharpnessLowerBound, 1e-12);
        double.IsNaN(fromQ.Sharpness).ShouldBeTrue();
    }

    [Fact]
    public void Eigenvalues_from_Q_alone_are_sorted_and_match_known_spectra_and_the_power_traces()
    {
        // Known spectra, in descending order, including repeated and zero eigenvalues.
        var known = new (Matrix<double> Q, double[] Spectrum)[]
        {
            (Matrix<double>.Build.DenseIdentity(7) * 2.5, Enumerable.Repeat(2.5, 7).ToArray()),
            (Matrix<double>.Build.Dense(5, 5), new double[5]),
            // (i + 1)(j + 1) = xxᵀ with ‖x‖² = 1 + 4 + … + 36 = 91: rank one.
            (Matrix<double>.Build.Dense(6, 6, (i, j) => (i + 1.0) * (j + 1.0)), new[] { 91.0, 0, 0, 0, 0, 0 }),
            (Matrix<double>.Build.DenseOfDiagonalArray(new[] { 3.0, -1, 3, 0, -1 }), new[] { 3.0, 3, 0, -1, -1 }),
        };
        foreach (var (q, spectrum) in known)
        {
            var prediction = LinearPairPrediction.FromImbalance(q.ToRowMajorArray(), 1, 1, q.RowCount);
            for (int i = 0; i < spectrum.Length; i++) prediction.ImbalanceEigenvalues[i].ShouldBe(spectrum[i], 1e-12 * 100);
        }

        // A random symmetric 60 × 60: descending, and Σλ^k = tr(Q^k) for k = 1, 2, 3 (which fix the spectrum's moments).
        var rng = new Random(21);
        var a = Matrix<double>.Build.Dense(60, 60, (_, _) => rng.NextDouble() - 0.5);
        var sym = a + a.Transpose();
        var values = LinearPairPrediction.FromImbalance(sym.ToRowMajorArray(), 1, 1, 60).ImbalanceEigenvalues.ToArray();
        for (int i = 1; i < values.Length; i++) values[i].ShouldBeLessThanOrEqualTo(values[i - 1]);
        var power = Matrix<double>.Build.DenseIdentity(60);
        for (int k = 1; k <= 3; k++)
        {
            power *= sym;
            double trace = power.Trace(), sum = values.Sum(x => Math.Pow(x, k));
            sum.ShouldBe(trace, 1e-10 * (1 + values.Sum(x => Math.Pow(Math.Abs(x), k))), $"k = {k}");
        }
    }

    [Theory]
    [InlineData(2, 2, 5, 1.6, 0.3)]
    [InlineData(2, 2, 5, 0.3, 1.6)]
    [InlineData(3, 1, 2, 0.3, 1.6)]
    public void Loss_stays_under_the_rate_bound_along_gradient_flow(int n, int m, int r, double uScale, double vScale)
    {
        // r = 5 ≥ n + m: with U large (V large) λ_n(Q) > 0 (−λ_{r−m+1}(Q) > 0) and c > 0. With r = 2 < n = 3 only the
        // term of V counts (UUᵀ is singular), and it alone must bound the rate.
        var u = Random(n, r, 5, uScale);
        var v = Random(m, r, 6, vScale);
        var y = Random(n, m, 7, 2.0);
        var prediction = Predict(u, v);
        prediction.ConvergenceRate.ShouldBeGreaterThan(0.3); // the bound says something
        var q0 = u.TransposeThisAndMultiply(u) - v.TransposeThisAndMultiply(v);

        // RK4 on U̇ = E V, V̇ = Eᵀ U (E = Y − UVᵀ), the gradient flow of ½‖Y − UVᵀ‖².
        double l0 = Loss(y, u, v), dt = 1e-3;
        (Matrix<double>, Matrix<double>) Field(Matrix<double> a, Matrix<double> b)
        {
            var e = y - a * b.Transpose();
            return (e * b, e.Transpose() * a);
        }

        int checks = 0;
        for (int k = 1; k <= 20_000; k++)
        {
            var (k1u, k1v) = Field(u, v);
            var (k2u, k2v) = Field(u + dt / 2 * k1u, v + dt / 2 * k1v);
            var (k3u, k3v) = Field(u + dt / 2 * k2u, v + dt / 2 * k2v);
            var (k4u, k4v) = Field(u + dt * k3u, v + dt * k3v);
            u += dt / 6 * (k1u + 2 * k2u + 2 * k3u + k4u);
            v += dt / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
            double loss = Loss(y, u, v), bound = Math.Exp(-2 * prediction.ConvergenceRate * k * dt) * l0;
            if (bound < 1e-20) break;
            loss.ShouldBeLessThanOrEqualTo(bound * (1 + 1e-9), $"t = {k * dt}");
            checks++;
        }

        checks.ShouldBeGreaterThan(1000);
        (u.TransposeThisAndMultiply(u) - v.TransposeThisAndMultiply(v) - q0).FrobeniusNorm().ShouldBeLessThan(1e-8); // Q kept: the integration is the flow
    }

    [Fact]
    public void Gradient_descent_through_a_generated_model_stays_under_the_bound()
    {
        // Unit inputs e_1, e_2 with targets Y's columns: the mean loss is ½‖Y − W2W1‖²/2, gradient flow time ηk/2.
        IConservationModel model = new PredictFactorPair();
        var theta = new double[model.ParameterCount];
        var w1 = Random(5, 2, 8, 0.3);
        var w2 = Random(2, 5, 9, 1.5);
        w1.ToRowMajorArray().CopyTo(theta, PredictFactorPair.W1Offset);
        w2.ToRowMajorArray().CopyTo(theta, PredictFactorPair.W2Offset);
        var y = Random(2, 2, 10, 2.0);
        var inputs = new double[] { 1, 0, 0, 1 };
        var targets = new double[] { y[0, 0], y[1, 0], y[0, 1], y[1, 1] };
        var pair = ConservationPredictions.LinearPairs(model).Single();
        pair.IsWholeModel.ShouldBeTrue();
        var prediction = ConservationPredictions.PredictLinearPair(model, theta, pair);
        prediction.ConvergenceRate.ShouldBeGreaterThan(0.3);
        var gradient = new double[theta.Length];
        const double eta = 0.002;
        double l0 = PredictFactorPair.ComputeLossAndGradient(theta, inputs, targets, 2, ConservationCodegen.Loss.MeanSquaredError, gradient);
        for (int k = 1; k <= 20_000; k++)
        {
            for (int i = 0; i < theta.Length; i++) theta[i] -= eta * gradient[i];
            double loss = PredictFactorPair.ComputeLossAndGradient(theta, inputs, targets, 2, ConservationCodegen.Loss.MeanSquaredError, gradient);
            double bound = Math.Exp(-2 * prediction.ConvergenceRate * eta * k / 2) * l0;
            if (bound < 1e-20) break;
            loss.ShouldBeLessThanOrEqualTo(bound, $"step {k}");
        }
    }

    [Fact]
    public void Model_predictions_read_the_pair_from_theta_and_from_the_laws()
    {
        IConservationModel model = new PredictFactorPair();
        var theta = Enumerable.Range(0, model.ParameterCount).Select(i => Math.Sin(1.7 * i + 0.3)).ToArray();
        var pair = ConservationPredictions.LinearPairs(model).Single();
        (pair.Layer, pair.HiddenWidth, pair.OutputWidth, pair.InputWidth, pair.RunLength, pair.LawGroup).ShouldBe((0, 5, 2, 2, 2, "Hidden1"));
        // U = W2 (2×5), V = W1ᵀ (2×5).
        var w1 = Matrix<double>.Build.Dense(5, 2, (i, j) => theta[PredictFactorPair.W1Offset + i * 2 + j]);
        var w2 = Matrix<double>.Build.Dense(2, 5, (i, j) => theta[PredictFactorPair.W2Offset + i * 5 + j]);
        var direct = Predict(w2, w1.Transpose());
        var fromTheta = ConservationPredictions.PredictLinearPair(model, theta, pair);
        fromTheta.Sharpness.ShouldBe(direct.Sharpness, 1e-12);
        var laws = new double[model.LawCount];
        model.ComputeLaws(theta, laws);
        var fromLaws = ConservationPredictions.PredictLinearPairFromLaws(model, laws, pair).ShouldNotBeNull();
        for (int i = 0; i < 5; i++) fromLaws.ImbalanceEigenvalues[i].ShouldBe(direct.ImbalanceEigenvalues[i], 1e-12);
        fromLaws.ConvergenceRate.ShouldBe(direct.ConvergenceRate, 1e-12);

        // A deep run lists both pairs, neither the whole model; a ReLU net has none; the hidden bias is a row of V.
        var deep = ConservationPredictions.LinearPairs(new TeleportDeepLinear());
        deep.Select(p => (p.Layer, p.RunLength, p.IsWholeModel)).ShouldBe(new[] { (0, 3, false), (1, 3, false) });
        ConservationPredictions.LinearPairs(new TeleportReluBias()).ShouldBeEmpty();
        ConservationPredictions.LinearPairs(new TeleportLinearPair()).Single().InputWidth.ShouldBe(5);
    }

    [Fact]
    public void Dense_layer_table_matches_the_generated_layout()
    {
        IConservationModel model = new TeleportLeakyAbs();
        model.DenseLayers.ShouldBe(new[]
        {
            new DenseLayerInfo(TeleportLeakyAbs.W1Offset, 3, 4, TeleportLeakyAbs.B1Offset, Activation.LeakyReLU, 0.1),
            new DenseLayerInfo(TeleportLeakyAbs.W2Offset, 4, 4, -1, Activation.Abs, 0.01),
            new DenseLayerInfo(TeleportLeakyAbs.W3Offset, 4, 2, -1, Activation.Identity, 0.01),
        });
        // Models outside plain dense chains describe no layers, and the helpers find nothing (or refuse).
        IConservationModel repu = new RepuNet();
        repu.DenseLayers.ShouldBeEmpty();
        ConservationPredictions.LinearPairs(repu).ShouldBeEmpty();
        Should.Throw<ArgumentException>(() => Teleports.RebalanceUnits(repu, new double[repu.ParameterCount])).Message.ShouldContain("no dense layers");
    }

    [Fact]
    public void Edge_of_stability_flag_flips_at_two_over_eta_as_gradient_descent_does()
    {
        var u = Random(2, 3, 11, 1.0);
        var v = Random(2, 3, 12, 1.0);
        var y = u * v.Transpose();
        var prediction = Predict(u, v);
        double s = prediction.Sharpness, critical = 2 / s;
        prediction.IsBeyondEdgeOfStability(0.99 * critical).ShouldBeFalse();
        prediction.IsBeyondEdgeOfStability(1.01 * critical).ShouldBeTrue();
        prediction.IsBeyondEdgeOfStability(new Sgd(0.99 * critical)).ShouldBeFalse();
        prediction.IsBeyondEdgeOfStability(new Sgd(1.01 * critical)).ShouldBeTrue();
        prediction.IsBeyondEdgeOfStability(new Adam(10 * critical)).ShouldBeFalse(); // no known limit: no claim
        prediction.IsBeyondEdgeOfStability(0.99 * critical, lossScale: 1.1).ShouldBeTrue();

        // Gradient descent started next to the minimum: it leaves beyond the limit and returns below it.
        double Run(double eta)
        {
            var a = u + Random(2, 3, 13, 1e-6);
            var b = v + Random(2, 3, 14, 1e-6);
            for (int k = 0; k < 150; k++)
            {
                var e = y - a * b.Transpose();
                (a, b) = (a + eta * e * b, b + eta * e.Transpose() * a);
            }

            return Loss(y, a, b);
        }

        double start = Loss(y, u + Random(2, 3, 13, 1e-6), v + Random(2, 3, 14, 1e-6));
        Run(1.15 * critical).ShouldBeGreaterThan(100 * start);
        Run(0.85 * critical).ShouldBeLessThan(start);
    }

    [Fact]
    public void Stability_limits_follow_the_optimizer()
    {
        // Plain GD on a quadratic of curvature s (weight decay λ adds λ): stable iff η(s + λ) < 2; heavy ball iff η(1−d)(s+λ) < 2(1+β).
        ConservationPredictions.StabilityLimit(new Sgd(0.1)).ShouldBe(20, 1e-12);
        ConservationPredictions.StabilityLimit(new Sgd(0.1, weightDecay: 0.5)).ShouldBe(19.5, 1e-12);
        ConservationPredictions.StabilityLimit(new HeavyBall(0.1, momentum: 0.5)).ShouldBe(30, 1e-12);
        double.IsNaN(ConservationPredictions.StabilityLimit(new HeavyBall(0.1, momentum: 0.5, nesterov: true))).ShouldBeTrue();
        // The heavy-ball limit against the iteration itself on x ↦ ½ s x²: just below it decays, just above it grows.
        double Final(double s)
        {
            var hb = new HeavyBall(0.1, momentum: 0.5);
            var x = new[] { 1.0 };
            for (int k = 0; k < 2000; k++) hb.Step(x, new[] { s * x[0] });
            return Math.Abs(x[0]);
        }

        Final(0.98 * 30).ShouldBeLessThan(1e-3);
        Final(1.02 * 30).ShouldBeGreaterThan(1e3);
    }

    [Fact]
    public void Monitor_summary_shows_the_prediction_and_the_edge_of_stability_warning()
    {
        IConservationModel model = new PredictFactorPair();
        var theta = new double[model.ParameterCount];
        Random(5, 2, 15, 0.3).ToRowMajorArray().CopyTo(theta, PredictFactorPair.W1Offset);
        Random(2, 5, 16, 1.5).ToRowMajorArray().CopyTo(theta, PredictFactorPair.W2Offset);
        var inputs = new double[] { 1, 0, 0, 1 };
        var targets = new double[] { 1, 0.5, -0.3, 2 };
        var gradient = new double[theta.Length];

        string Summarise(double eta, bool atTheta)
        {
            var t = (double[])theta.Clone();
            var monitor = new ConservationMonitor(model, new Sgd(eta));
            for (int k = 0; k < 3; k++)
            {
                PredictFactorPair.ComputeLossAndGradient(t, inputs, targets, 2, ConservationCodegen.Loss.MeanSquaredError, gradient);
                monitor.Step(t, gradient);
            }

            var laws = monitor.CurrentValues.ToArray();
            var pair = ConservationPredictions.LinearPairs(model).Single();
            var expected = atTheta ? ConservationPredictions.PredictLinearPair(model, t, pair) : ConservationPredictions.PredictLinearPairFromLaws(model, laws, pair)!;
            string summary = atTheta ? monitor.Summary(t) : monitor.Summary();
            summary.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"Rate bound c = {expected.ConvergenceRate:G4}"));
            summary.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"≥ {expected.SharpnessLowerBound:G4} for every point with this Q"));
            if (atTheta) summary.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"if the residual were zero: {expected.Sharpness:G4}"));
            summary.Contains("Edge of stability").ShouldBe(expected.IsBeyondEdgeOfStability(eta));
            return summary;
        }

        var bound = LinearPairPrediction.FromFactors(Random(2, 5, 16, 1.5).ToRowMajorArray(), Random(5, 2, 15, 0.3).Transpose().ToRowMajorArray(), 2, 2, 5).SharpnessLowerBound;
        Summarise(0.5 / bound, atTheta: false).ShouldNotContain("Edge of stability");
        Summarise(4 / bound, atTheta: false).ShouldContain("Edge of stability");
        Summarise(0.5 / bound, atTheta: true);

        // A deep linear run: the pairs are reported, nothing predicted; a ReLU net: no pair at all.
        var deep = new TeleportDeepLinear();
        var deepTheta = Enumerable.Range(0, TeleportDeepLinear.ParameterCount).Select(i => Math.Cos(i)).ToArray();
        var deepMonitor = new ConservationMonitor(deep, new Sgd(0.01));
        deepMonitor.Step(deepTheta, new double[deepTheta.Length]);
        deepMonitor.Summary().ShouldContain("linear run of 3 layers");
        deepMonitor.Summary().ShouldNotContain("Rate bound");
        var relu = new TeleportReluBias();
        var reluMonitor = new ConservationMonitor(relu, new Sgd(0.01));
        reluMonitor.Step(new double[TeleportReluBias.ParameterCount], new double[TeleportReluBias.ParameterCount]);
        reluMonitor.Summary().ShouldNotContain("Linear pair");
    }
}
