using System;
using ConservationCodegen.Internal;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// The φ loop kernel with taps and diagonal layers (<see cref="LayeredFactorization.WithTaps"/>): φ against the path
/// products written out here, its invariance under the rescaling symmetry of each hidden unit, the JVP against central
/// differences of φ and the VJP against the transposed Jacobian.
/// </summary>
public sealed class LayeredFactorizationTapsTests
{
    // Conv1d 2→3 (kernel 2, bias) → ReLU → dense 12→2 (bias) reading 3 channels × 4 positions: K [3, 2, 2] at 0, b1 at 12,
    // W [2, 12] at 15, b2 at 39. Levels: L1 = 2·2 + 1 = 5, L2 = 12·5 + 1 = 61.
    private static readonly int[] ConvDescriptor = { 1, 2, 1, 0, 2, 3, 12, 2, 0, 1, 15, 3, 2, 39, 4, 0 };
    private const int ConvParameters = 41, ConvPhi = 122;

    // Dense 2→3 → ReLU → diagonal 3 (bias) → ReLU → dense 3→2: W1 [3, 2] at 0, u at 6, b at 9, W3 [2, 3] at 12.
    // Levels: L1 = 2, L2 = 1·2 + 1 = 3, L3 = 3·3 = 9.
    private static readonly int[] DiagonalDescriptor = { 1, 3, 1, 0, 2, 3, -1, 1, 0, 1, 6, 3, 3, 9, 1, 1, 1, 12, 3, 2, -1, 1, 0 };
    private const int DiagonalParameters = 18, DiagonalPhi = 18;

    private static double[] ConvPaths(double[] t)
    {
        var phi = new double[ConvPhi];
        for (int x = 0; x < 2; x++)
        {
            for (int y = 0; y < 3; y++)
                for (int s = 0; s < 4; s++)
                {
                    double w = t[15 + x * 12 + y * 4 + s];
                    int at = x * 61 + (y * 4 + s) * 5;
                    for (int c = 0; c < 2; c++)
                        for (int k = 0; k < 2; k++) phi[at + c * 2 + k] = w * t[(y * 2 + c) * 2 + k]; // input c, tap k → channel y, position s → output x
                    phi[at + 4] = w * t[12 + y];                                                       // the bias of channel y starts the path
                }

            phi[x * 61 + 60] = t[39 + x];
        }

        return phi;
    }

    private static double[] DiagonalPaths(double[] t)
    {
        var phi = new double[DiagonalPhi];
        for (int x = 0; x < 2; x++)
            for (int y = 0; y < 3; y++)
            {
                int at = x * 9 + y * 3;
                double w = t[12 + x * 3 + y];
                phi[at] = w * t[6 + y] * t[0 + y * 2];     // input 0 → y → y → x
                phi[at + 1] = w * t[6 + y] * t[1 + y * 2]; // input 1 → y → y → x
                phi[at + 2] = w * t[9 + y];                // the diagonal layer's bias at unit y
            }

        return phi;
    }

    public static TheoryData<string> Models() => new() { "conv", "diagonal" };

    private static (LayeredFactorization Kernel, Func<double[], double[]> Paths, int Parameters) Model(string name) => name == "conv"
        ? (LayeredFactorization.WithTaps(ConvParameters, ConvPhi, ConvDescriptor), ConvPaths, ConvParameters)
        : (LayeredFactorization.WithTaps(DiagonalParameters, DiagonalPhi, DiagonalDescriptor), DiagonalPaths, DiagonalParameters);

    [Theory]
    [MemberData(nameof(Models))]
    public void PhiIsThePathProducts(string name)
    {
        var (kernel, paths, d) = Model(name);
        var theta = TestVectors.Uniform(d, 1);
        var phi = new double[kernel.PhiLength];
        kernel.ComputePhi(theta, phi);
        var expected = paths(theta);
        for (int i = 0; i < phi.Length; i++) phi[i].ShouldBe(expected[i], 1e-15, $"component {i}");
    }

    [Fact]
    public void PhiIsInvariantUnderRescalingAHiddenChannel()
    {
        // Channel 1 of the convolution: its kernels and bias × 3, the dense weights reading it ÷ 3.
        var (kernel, _, d) = Model("conv");
        var theta = TestVectors.Uniform(d, 2);
        var scaled = (double[])theta.Clone();
        for (int i = 4; i < 8; i++) scaled[i] *= 3;
        scaled[13] *= 3;
        for (int x = 0; x < 2; x++)
            for (int s = 0; s < 4; s++) scaled[15 + x * 12 + 4 + s] /= 3;
        double[] phi = new double[ConvPhi], phiScaled = new double[ConvPhi];
        kernel.ComputePhi(theta, phi);
        kernel.ComputePhi(scaled, phiScaled);
        for (int i = 0; i < phi.Length; i++) phiScaled[i].ShouldBe(phi[i], 1e-14 * (1 + Math.Abs(phi[i])));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void JvpAndVjpMatchTheJacobianOfPhi(string name)
    {
        var (kernel, paths, d) = Model(name);
        int n = kernel.PhiLength;
        var theta = TestVectors.Uniform(d, 3);
        var v = TestVectors.Uniform(d, 4);
        var w = TestVectors.Uniform(n, 5);

        // φ is of degree ≤ 3 in θ, so the central difference is exact up to rounding and an h² term.
        const double h = 1e-5;
        var plus = (double[])theta.Clone();
        var minus = (double[])theta.Clone();
        for (int i = 0; i < d; i++)
        {
            plus[i] += h * v[i];
            minus[i] -= h * v[i];
        }

        double[] fPlus = paths(plus), fMinus = paths(minus), jvp = new double[n];
        kernel.JacobianTimes(theta, v, jvp);
        for (int i = 0; i < n; i++) jvp[i].ShouldBe((fPlus[i] - fMinus[i]) / (2 * h), 1e-8, $"JVP component {i}");

        var jacobian = new double[n * d];
        kernel.ComputeJacobian(theta, jacobian);
        var vjp = new double[d];
        kernel.JacobianTransposeTimes(theta, w, vjp);
        for (int j = 0; j < d; j++)
        {
            double expected = 0;
            for (int i = 0; i < n; i++) expected += jacobian[i * d + j] * w[i];
            vjp[j].ShouldBe(expected, 1e-12, $"VJP entry {j}");
        }
    }

    [Fact]
    public void LinearRunsOfConvolutionsAreRefused()
    {
        // One block of two layers, one with taps.
        Should.Throw<NotSupportedException>(() => LayeredFactorization.WithTaps(100, 10, new[] { 1, 1, 2, 0, 2, 3, -1, 2, 0, 12, 3, 2, -1, 1, 0 }));
        Should.Throw<ArgumentException>(() => LayeredFactorization.WithTaps(100, 10, new[] { 1, 1, 1, 0, 2, 3, -1, 1, 1 }));
    }
}
