using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ConservationCodegen.Internal;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>
/// The layered network kernel (<see cref="LayeredNetwork"/>) on a batch of 64: a small ResNet-style convolutional net on
/// 3×8×8 inputs (Conv2d 3→16 3×3 padding 1, ReLU; two residual blocks of two Conv2d 16→16 3×3 padding 1 + ReLU;
/// Dense 1,024→10), forward and forward+backward; and the dense 784-128-10 ReLU model through
/// <see cref="LayeredNetwork"/> against the generated <c>ComputeLossAndGradient</c> (<see cref="DenseNetwork"/>), after
/// checking that both give the same loss and gradient.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class NetworkBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8));
            WithBuildTimeout(TimeSpan.FromMinutes(10));
        }
    }

    private const int Batch = 64;
    private LayeredNetwork _resNet = null!, _dense = null!;
    private double[] _resTheta = Array.Empty<double>(), _resInputs = Array.Empty<double>(), _resTargets = Array.Empty<double>();
    private double[] _resOutputs = Array.Empty<double>(), _resGradient = Array.Empty<double>();
    private double[] _theta = Array.Empty<double>(), _inputs = Array.Empty<double>(), _targets = Array.Empty<double>(), _gradient = Array.Empty<double>();

    /// <summary>The ResNet-style blocks and their parameter count.</summary>
    public static (NetworkBlock[] Blocks, int ParameterCount) ResNet()
    {
        int offset = 0;
        NetworkBlock Conv(int inChannels, int outChannels)
        {
            int weights = offset;
            offset += outChannels * inChannels * 9;
            int bias = offset;
            offset += outChannels;
            return NetworkBlock.Conv2d(weights, inChannels, outChannels, 8, 8, 3, 3, padding: 1, bias: bias).WithActivation(Activation.ReLU);
        }

        var blocks = new List<NetworkBlock> { Conv(3, 16), Conv(16, 16), Conv(16, 16).WithResidualFrom(1), Conv(16, 16), Conv(16, 16).WithResidualFrom(3) };
        blocks.Add(NetworkBlock.Dense(offset, 1024, 10, offset + 10240));
        return (blocks.ToArray(), offset + 10250);
    }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var (blocks, count) = ResNet();
        _resNet = new LayeredNetwork(count, blocks);
        _resTheta = Uniform(rng, count, 0.2);
        _resInputs = Uniform(rng, Batch * _resNet.InputWidth, 1);
        _resTargets = OneHot(rng, 10);
        _resOutputs = new double[Batch * 10];
        _resGradient = new double[count];

        // 784-128-10 with ReLU and a first-layer bias, laid out as the generated model lays it out.
        _dense = new LayeredNetwork(ReluBias784x128x10.ParameterCount, new[]
        {
            NetworkBlock.Dense(0, 784, 128, 100352).WithActivation(Activation.ReLU),
            NetworkBlock.Dense(100480, 128, 10),
        });
        _theta = Uniform(rng, ReluBias784x128x10.ParameterCount, 0.05);
        _inputs = Uniform(rng, Batch * 784, 1);
        _targets = OneHot(rng, 10);
        _gradient = new double[_theta.Length];
        var expected = new double[_theta.Length];
        double a = _dense.LossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, _gradient);
        double b = ReluBias784x128x10.ComputeLossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, expected);
        if (Math.Abs(a - b) > 1e-12 * Math.Abs(b)) throw new InvalidOperationException($"LayeredNetwork loss {a} differs from the generated {b}.");
        for (int i = 0; i < expected.Length; i++)
            if (Math.Abs(_gradient[i] - expected[i]) > 1e-12 * (1 + Math.Abs(expected[i])))
                throw new InvalidOperationException($"Gradient entry {i} differs: {_gradient[i]} against {expected[i]}.");
    }

    private static double[] Uniform(Random rng, int n, double scale)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (rng.NextDouble() * 2 - 1) * scale;
        return v;
    }

    private static double[] OneHot(Random rng, int width)
    {
        var t = new double[Batch * width];
        for (int b = 0; b < Batch; b++) t[b * width + rng.Next(width)] = 1;
        return t;
    }

    [Benchmark(Description = "ResNet 3×8×8, forward (batch 64)")]
    public void ResNetForward() => _resNet.Forward(_resTheta, _resInputs, Batch, _resOutputs);

    [Benchmark(Description = "ResNet 3×8×8, forward+backward (batch 64)")]
    public double ResNetLossAndGradient() => _resNet.LossAndGradient(_resTheta, _resInputs, _resTargets, Batch, Loss.SoftmaxCrossEntropy, _resGradient);

    [Benchmark(Baseline = true, Description = "784-128-10, generated ComputeLossAndGradient (DenseNetwork)")]
    public double DenseGenerated() => ReluBias784x128x10.ComputeLossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, _gradient);

    [Benchmark(Description = "784-128-10, LayeredNetwork.LossAndGradient")]
    public double DenseLayered() => _dense.LossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, _gradient);
}
