using System;
using System.Linq;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The generated law change and polarisation against the laws themselves: B(θ, θ) = h(θ), η²B(g, g) = the predicted
/// gradient-descent drift, and h(θ + Δ) − h(θ) both by differencing (large Δ) and by the scaling identity
/// 2sB(θ, u) + s²B(u, u) (tiny Δ = s·u, where differencing would lose every digit).
/// </summary>
public sealed class LawAlgebraTests
{
    private static double[] Random(int n, int seed, double scale = 1) => TestVectors.Uniform(n, seed, scale);

    public static TheoryData<string> Models => new() { nameof(ReluBias), nameof(DeepLinearChain), nameof(MnistMlp), nameof(FloatLeaky), nameof(EveryActivation) };

    private static IConservationModel Create(string name) => name switch
    {
        nameof(ReluBias) => new ReluBias(),
        nameof(DeepLinearChain) => new DeepLinearChain(),
        nameof(MnistMlp) => new MnistMlp(),
        nameof(FloatLeaky) => new FloatLeaky(),
        _ => new EveryActivation(),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void PolarisationAndChangeAgreeWithTheLaws(string name)
    {
        var model = Create(name);
        int d = model.ParameterCount, n = model.LawCount;
        n.ShouldBeGreaterThan(0);
        model.LawDegrees.ShouldAllBe(degree => degree == 2);
        var theta = Random(d, 1);
        var u = Random(d, 2);
        var laws = new double[n];
        var bilinear = new double[n];
        model.ComputeLaws(theta, laws);
        model.ComputeLawBilinear(theta, theta, bilinear);
        for (int k = 0; k < n; k++) bilinear[k].ShouldBe(laws[k], 1e-12 * (1 + Math.Abs(laws[k])));

        // Large update: the change equals the difference of two evaluations to rounding.
        var moved = theta.Zip(u, (a, b) => a + b).ToArray();
        var after = new double[n];
        var change = new double[n];
        model.ComputeLaws(moved, after);
        model.ComputeLawChange(theta, u, change);
        for (int k = 0; k < n; k++) change[k].ShouldBe(after[k] - laws[k], 1e-11 * (1 + Math.Abs(laws[k]) + Math.Abs(after[k])));

        // Tiny update: Δ = s·u. Differencing would leave ~1e-16/1e-9 relative noise; the expansion keeps the digits.
        const double s = 1e-9;
        var thetaU = new double[n];
        var uu = new double[n];
        model.ComputeLawBilinear(theta, u, thetaU);
        model.ComputeLawBilinear(u, u, uu);
        model.ComputeLawChange(theta, u.Select(v => s * v).ToArray(), change);
        for (int k = 0; k < n; k++)
        {
            double expected = 2 * s * thetaU[k] + s * s * uu[k];
            change[k].ShouldBe(expected, 1e-13 * (s * (Math.Abs(thetaU[k]) + 1)));
        }
    }

    public static TheoryData<string> MagnitudeModels => new() { nameof(ReluBias), nameof(DeepLinearChain), nameof(FloatLeaky) };

    // (inputs, outputs, linear, bias) of the layers, from the declarations.
    private static (int In, int Out, bool Linear, bool Bias)[] LayersOf(string name) => name switch
    {
        nameof(ReluBias) => new[] { (6, 10, false, true), (10, 8, false, true), (8, 3, true, true) },
        nameof(DeepLinearChain) => new[] { (4, 6, true, false), (6, 5, true, false), (5, 3, true, false) },
        _ => new[] { (5, 16, false, true), (16, 16, false, true), (16, 3, true, false) },
    };

    [Theory]
    [MemberData(nameof(MagnitudeModels))]
    public void MagnitudesAreTheSumsOfTheLawsAbsoluteTerms(string name)
    {
        // From the definition: for level k, Σ_c |W_k[i,c] W_k[j,c]| + |b_i b_j| + Σ_l |W_{k+1}[l,i] W_{k+1}[l,j]|, over
        // the Gram triangle of a linear level or the diagonal of a gated one, in the generated order.
        var model = Create(name);
        var layers = LayersOf(name);
        var theta = Random(model.ParameterCount, 11);
        var offsets = new int[layers.Length + 1];
        for (int k = 0; k < layers.Length; k++) offsets[k + 1] = offsets[k] + layers[k].In * layers[k].Out + (layers[k].Bias ? layers[k].Out : 0);
        var expected = new System.Collections.Generic.List<double>();
        for (int k = 0; k + 1 < layers.Length; k++)
        {
            var (n, h, linear, bias) = layers[k];
            int m = layers[k + 1].Out;
            for (int i = 0; i < h; i++)
                for (int j = i; j < (linear ? h : i + 1); j++)
                {
                    double sum = 0;
                    for (int c = 0; c < n; c++) sum += Math.Abs(theta[offsets[k] + i * n + c] * theta[offsets[k] + j * n + c]);
                    if (bias) sum += Math.Abs(theta[offsets[k] + n * h + i] * theta[offsets[k] + n * h + j]);
                    for (int l = 0; l < m; l++) sum += Math.Abs(theta[offsets[k + 1] + l * h + i] * theta[offsets[k + 1] + l * h + j]);
                    expected.Add(sum);
                }
        }

        var magnitudes = new double[model.LawCount];
        model.ComputeLawMagnitudes(theta, magnitudes);
        magnitudes.Length.ShouldBe(expected.Count);
        for (int k = 0; k < magnitudes.Length; k++) magnitudes[k].ShouldBe(expected[k], 1e-12 * expected[k]);
    }

    [Fact]
    public void BilinearOfTheGradientIsThePredictedDriftOverEtaSquared()
    {
        var theta = Random(ReluBias.ParameterCount, 3);
        var g = Random(ReluBias.ParameterCount, 4);
        var drift = new double[ReluBias.PolynomialLawCount];
        var bilinear = new double[drift.Length];
        const double eta = 0.03;
        ReluBias.PredictStepDrift(g, eta, drift);
        ReluBias.ComputeLawBilinear(g, g, bilinear);
        for (int k = 0; k < drift.Length; k++) (eta * eta * bilinear[k]).ShouldBe(drift[k], 1e-15);

        // The same through the loop kernels (MNIST size is over the unrolling cap).
        var bigTheta = Random(MnistMlp.ParameterCount, 5);
        var bigDrift = new double[MnistMlp.PolynomialLawCount];
        var bigBilinear = new double[bigDrift.Length];
        MnistMlp.PredictStepDrift(bigTheta, eta, bigDrift);
        MnistMlp.ComputeLawBilinear(bigTheta, bigTheta, bigBilinear);
        for (int k = 0; k < bigDrift.Length; k++) (eta * eta * bigBilinear[k]).ShouldBe(bigDrift[k], 1e-12 * (1 + Math.Abs(bigDrift[k])));
    }

    [Fact]
    public void FloatOverloadsOfTheLawMembersRoundTheDoubleResults()
    {
        var theta = Random(FloatLeaky.ParameterCount, 6).Select(v => (float)v).ToArray();
        var delta = Random(FloatLeaky.ParameterCount, 7, 0.1).Select(v => (float)v).ToArray();
        var wideTheta = theta.Select(v => (double)v).ToArray();
        var wideDelta = delta.Select(v => (double)v).ToArray();
        int n = FloatLeaky.PolynomialLawCount;
        var f = new float[n];
        var e = new double[n];
        FloatLeaky.ComputeLawChange(theta, delta, f);
        FloatLeaky.ComputeLawChange(wideTheta, wideDelta, e);
        f.ShouldBe(e.Select(v => (float)v).ToArray());
        FloatLeaky.ComputeLawBilinear(theta, delta, f);
        FloatLeaky.ComputeLawBilinear(wideTheta, wideDelta, e);
        f.ShouldBe(e.Select(v => (float)v).ToArray());
        FloatLeaky.PredictStepDrift(delta, 0.1, f);
        FloatLeaky.PredictStepDrift(wideDelta, 0.1, e);
        f.ShouldBe(e.Select(v => (float)v).ToArray());

        var jvp = new float[FloatLeaky.PhiLength];
        var wideJvp = new double[FloatLeaky.PhiLength];
        FloatLeaky.JacobianTimes(theta, delta, jvp);
        FloatLeaky.JacobianTimes(wideTheta, wideDelta, wideJvp);
        jvp.ShouldBe(wideJvp.Select(v => (float)v).ToArray());
        var vjp = new float[FloatLeaky.ParameterCount];
        var wideVjp = new double[FloatLeaky.ParameterCount];
        var w = Random(FloatLeaky.PhiLength, 8);
        FloatLeaky.JacobianTransposeTimes(theta, w.Select(v => (float)v).ToArray(), vjp);
        FloatLeaky.JacobianTransposeTimes(wideTheta, w.Select(v => (double)(float)v).ToArray(), wideVjp);
        vjp.ShouldBe(wideVjp.Select(v => (float)v).ToArray());
    }

    [Fact]
    public void FloatSparseJacobianRoundsTheDoubleValues()
    {
        var model = new Outer.FloatPair();
        model.ShouldBeAssignableTo<IConservationModel>();
        var theta = Random(Outer.FloatPair.ParameterCount, 9).Select(v => (float)v).ToArray();
        var values = new float[Outer.FloatPair.JacobianNonZeroCount];
        var wide = new double[values.Length];
        Outer.FloatPair.ComputeJacobianSparse(theta, values);
        Outer.FloatPair.ComputeJacobianSparse(theta.Select(v => (double)v).ToArray(), wide);
        values.ShouldBe(wide.Select(v => (float)v).ToArray());
        values.ShouldContain(v => v != 0);
    }
}
