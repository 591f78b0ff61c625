using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ConservationCodegen.Training;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>A linear 784-128-10 pair with a bias: one level of width 128, 8,128 momentum charges.</summary>
#pragma warning disable CCG0101
[ConservationModel]
public partial class LinearBias784x128x10
{
    [Dense(784, 128, Bias = nameof(B1))]
    public double[,] W1 = new double[128, 784];
    public double[] B1 = new double[128];

    [Dense(128, 10)]
    public double[,] W2 = new double[10, 128];
}
#pragma warning restore CCG0101

/// <summary>
/// What the heavy-ball momentum-charge check costs next to the step it checks, on a linear 784-128-10 model and a batch
/// of 64: one forward+backward pass, <c>HeavyBall.Step</c> alone and with <c>CheckMomentumCharges</c> (the per-step
/// check is a random projection of the 8,128 charges, one pass over the level's parameters), and the full
/// <c>ComputeMomentumCharges</c> (what naming a violation costs, once).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class MomentumChargeBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8));
    }

    private const int Batch = 64;
    private readonly LinearBias784x128x10 _model = new();
    private double[] _theta = Array.Empty<double>(), _gradient = Array.Empty<double>(), _inputs = Array.Empty<double>(), _targets = Array.Empty<double>();
    private double[] _charges = Array.Empty<double>();
    private HeavyBall _plain = null!, _checked = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _theta = new double[LinearBias784x128x10.ParameterCount];
        for (int i = 0; i < _theta.Length; i++) _theta[i] = (rng.NextDouble() - 0.5) * 0.05;
        _gradient = new double[_theta.Length];
        _inputs = new double[Batch * LinearBias784x128x10.InputWidth];
        for (int i = 0; i < _inputs.Length; i++) _inputs[i] = rng.NextDouble();
        _targets = new double[Batch * LinearBias784x128x10.OutputWidth];
        for (int b = 0; b < Batch; b++) _targets[b * 10 + rng.Next(10)] = 1;
        _charges = new double[LinearBias784x128x10.MomentumChargeCount];
        LinearBias784x128x10.ComputeLossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, _gradient);
        // Tiny steps so thousands of iterations leave θ essentially where it was (and the true gradient stays one:
        // the check flags nothing, as in a correct run).
        _plain = new HeavyBall(1e-9, 0.9);
        _checked = new HeavyBall(1e-9, 0.9);
        _checked.CheckMomentumCharges(_model);
    }

    [Benchmark(Baseline = true, Description = "ComputeLossAndGradient (batch 64)")]
    public double LossAndGradient() => LinearBias784x128x10.ComputeLossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, _gradient);

    [Benchmark(Description = "HeavyBall.Step alone")]
    public void Plain() => _plain.Step(_theta, _gradient);

    [Benchmark(Description = "HeavyBall.Step with the charge check")]
    public void Checked() => _checked.Step(_theta, _gradient);

    [Benchmark(Description = "ComputeMomentumCharges (all 8,128)")]
    public void Full() => LinearBias784x128x10.ComputeMomentumCharges(_theta, _gradient, _charges);
}
