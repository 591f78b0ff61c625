using System.Linq;
using System.Collections.Generic;
using System;
using BenchmarkDotNet.Attributes;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>
/// Generated <c>ComputePhi</c>, <c>JacobianTimes</c> (JVP) and <c>JacobianTransposeTimes</c> (VJP) against hand-written
/// loops (<see cref="IHandPhi"/>) on the same θ, per model of <c>PhiModels.cs</c>. The generated φ is the baseline, so
/// the Ratio column reads hand/generated for the φ rows and JVP/φ, VJP/φ for the others.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class PhiBenchmarks
{
    private delegate void ThetaTo(ReadOnlySpan<double> theta, Span<double> destination);
    private delegate void ThetaAndVectorTo(ReadOnlySpan<double> theta, ReadOnlySpan<double> vector, Span<double> destination);

    private ThetaTo _phi = null!;
    private ThetaAndVectorTo _jvp = null!, _vjp = null!;
    private IHandPhi _hand = null!;
    private double[] _theta = null!, _v = null!, _w = null!, _out = null!, _gradient = null!;

    // PHI_MODELS="Linear 10-12-10;ReLU 3-4-2" runs only those (default: all).
    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    public static IEnumerable<string> Models()
    {
        var all = new[] { "Mnist 784-128-10", "ReLU 784-32-16-10", "ReLU 16-16-16-4", "Chain 64x4", "Pair 200x3", "ReLU 3-4-2", "ReLU 8-8-8", "Linear 8-8-8", "Linear 10-12-10" };
        var chosen = Environment.GetEnvironmentVariable("PHI_MODELS");
        return string.IsNullOrEmpty(chosen) ? all : all.Where(m => chosen.Split(';').Contains(m));
    }

    [GlobalSetup]
    public void Setup()
    {
        var (d, length, phi, jvp, vjp, hand) = Model switch
        {
            "Mnist 784-128-10" => Case(PhiMnist.ParameterCount, PhiMnist.PhiLength, PhiMnist.ComputePhi, PhiMnist.JacobianTimes, PhiMnist.JacobianTransposeTimes, new HandGatedPair(784, 128, 10)),
            "ReLU 784-32-16-10" => Case(PhiRelu3.ParameterCount, PhiRelu3.PhiLength, PhiRelu3.ComputePhi, PhiRelu3.JacobianTimes, PhiRelu3.JacobianTransposeTimes, new HandGatedTriple(784, 32, 16, 10)),
            "ReLU 16-16-16-4" => Case(PhiRelu16.ParameterCount, PhiRelu16.PhiLength, PhiRelu16.ComputePhi, PhiRelu16.JacobianTimes, PhiRelu16.JacobianTransposeTimes, new HandGatedTriple(16, 16, 16, 4)),
            "Chain 64x4" => Case(PhiChain64.ParameterCount, PhiChain64.PhiLength, PhiChain64.ComputePhi, PhiChain64.JacobianTimes, PhiChain64.JacobianTransposeTimes, new HandLinearChain(64, 64, 64, 64)),
            "Pair 200x3" => Case(PhiPair200.ParameterCount, PhiPair200.PhiLength, PhiPair200.ComputePhi, PhiPair200.JacobianTimes, PhiPair200.JacobianTransposeTimes, new HandLinearChain(200, 200, 200)),
            "ReLU 3-4-2" => Case(PhiSmallRelu.ParameterCount, PhiSmallRelu.PhiLength, PhiSmallRelu.ComputePhi, PhiSmallRelu.JacobianTimes, PhiSmallRelu.JacobianTransposeTimes, new HandGatedPair(3, 4, 2)),
            "ReLU 8-8-8" => Case(PhiRelu8.ParameterCount, PhiRelu8.PhiLength, PhiRelu8.ComputePhi, PhiRelu8.JacobianTimes, PhiRelu8.JacobianTransposeTimes, new HandGatedPair(8, 8, 8)),
            "Linear 8-8-8" => Case(PhiLinear8.ParameterCount, PhiLinear8.PhiLength, PhiLinear8.ComputePhi, PhiLinear8.JacobianTimes, PhiLinear8.JacobianTransposeTimes, new HandLinearChain(8, 8, 8)),
            "Linear 10-12-10" => Case(PhiLinear10.ParameterCount, PhiLinear10.PhiLength, PhiLinear10.ComputePhi, PhiLinear10.JacobianTimes, PhiLinear10.JacobianTransposeTimes, new HandLinearChain(10, 12, 10)),
            _ => throw new ArgumentException(Model),
        };
        (_phi, _jvp, _vjp, _hand) = (phi, jvp, vjp, hand);

        var rng = new Random(7);
        _theta = Random(rng, d);
        _v = Random(rng, d);
        _w = Random(rng, length);
        _out = new double[length];
        _gradient = new double[d];
        var expected = new double[length];
        _phi(_theta, _out);
        _hand.Phi(_theta, expected);
        Agree(_out, expected, "phi vs hand loop");
        _hand.PhiTensor(_theta, expected);
        Agree(_out, expected, "phi vs hand TensorPrimitives");
        _jvp(_theta, _v, _out);
        _hand.Jvp(_theta, _v, expected);
        Agree(_out, expected, "JVP vs hand");
        var expectedGradient = new double[d];
        _vjp(_theta, _w, _gradient);
        _hand.Vjp(_theta, _w, expectedGradient);
        Agree(_gradient, expectedGradient, "VJP vs hand");
    }

    [Benchmark(Baseline = true, Description = "φ generated")]
    public void Phi() => _phi(_theta, _out);

    [Benchmark(Description = "φ hand loop")]
    public void HandPhi() => _hand.Phi(_theta, _out);

    [Benchmark(Description = "φ hand TensorPrimitives")]
    public void HandPhiTensor() => _hand.PhiTensor(_theta, _out);

    [Benchmark(Description = "JVP generated")]
    public void Jvp() => _jvp(_theta, _v, _out);

    [Benchmark(Description = "JVP hand loop")]
    public void HandJvp() => _hand.Jvp(_theta, _v, _out);

    [Benchmark(Description = "VJP generated")]
    public void Vjp() => _vjp(_theta, _w, _gradient);

    [Benchmark(Description = "VJP hand loop")]
    public void HandVjp() => _hand.Vjp(_theta, _w, _gradient);

    // Method groups need a delegate type to become one; this names it once for every model.
    private static (int D, int Length, ThetaTo Phi, ThetaAndVectorTo Jvp, ThetaAndVectorTo Vjp, IHandPhi Hand) Case(
        int d, int length, ThetaTo phi, ThetaAndVectorTo jvp, ThetaAndVectorTo vjp, IHandPhi hand) => (d, length, phi, jvp, vjp, hand);

    private static double[] Random(Random rng, int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.NextDouble() * 2 - 1;
        return x;
    }

    // Relative to the largest entry: sums reordered by SIMD differ by rounding only.
    private static void Agree(double[] actual, double[] expected, string what)
    {
        double scale = 1, worst = 0;
        foreach (var e in expected) scale = Math.Max(scale, Math.Abs(e));
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        if (worst > 1e-12 * scale) throw new InvalidOperationException($"{what}: differs by {worst:G3} (scale {scale:G3}).");
    }
}
