using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ConservationCodegen.Training;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>
/// What monitoring costs next to the step it watches, for 784-128-10 (the law benchmarks' model) and a batch of 64: one forward+backward pass
/// (<see cref="LossAndGradient"/>), the optimizer's step alone, and the monitored step (prediction, step, exact
/// observed change, laws, check, record). Monitoring cost = monitored step − optimizer step; target ≤ 5% of one
/// forward+backward pass. Also the convenient instance <c>ComputeConservedQuantities()</c> against the span overload.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class MonitorBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8));
    }

    private const int Batch = 64;
    private readonly ReluBias784x128x10 _model = new();
    private double[] _theta = Array.Empty<double>(), _gradient = Array.Empty<double>(), _inputs = Array.Empty<double>(), _targets = Array.Empty<double>();
    private double[] _laws = Array.Empty<double>();
    private Sgd _sgd = null!, _sgdAlone = null!;
    private HeavyBall _heavyBall = null!, _heavyBallAlone = null!;
    private ConservationMonitor _sgdMonitor = null!, _heavyBallMonitor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _theta = new double[ReluBias784x128x10.ParameterCount];
        for (int i = 0; i < _theta.Length; i++) _theta[i] = (rng.NextDouble() - 0.5) * 0.05;
        _gradient = new double[_theta.Length];
        _inputs = new double[Batch * ReluBias784x128x10.InputWidth];
        for (int i = 0; i < _inputs.Length; i++) _inputs[i] = rng.NextDouble();
        _targets = new double[Batch * ReluBias784x128x10.OutputWidth];
        for (int b = 0; b < Batch; b++) _targets[b * 10 + rng.Next(10)] = 1;
        _laws = new double[ReluBias784x128x10.PolynomialLawCount];
        ReluBias784x128x10.ComputeLossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, _gradient);
        // Tiny steps so thousands of benchmark iterations leave θ essentially where it was.
        _sgd = new Sgd(1e-9);
        _sgdAlone = new Sgd(1e-9);
        _heavyBall = new HeavyBall(1e-9, 0.9);
        _heavyBallAlone = new HeavyBall(1e-9, 0.9);
        _sgdMonitor = new ConservationMonitor(_model, _sgd, new MonitorOptions { MaxRecordedLaws = 128 });
        _heavyBallMonitor = new ConservationMonitor(_model, _heavyBall, new MonitorOptions { MaxRecordedLaws = 128 });
        _model.SetParameters(_theta);
    }

    [Benchmark(Baseline = true, Description = "ComputeLossAndGradient (batch 64)")]
    public double LossAndGradient() => ReluBias784x128x10.ComputeLossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, _gradient);

    [Benchmark(Description = "Sgd.Step alone")]
    public void SgdStep() => _sgdAlone.Step(_theta, _gradient);

    [Benchmark(Description = "monitored Sgd step")]
    public void MonitoredSgdStep() => _sgdMonitor.Step(_theta, _gradient);

    [Benchmark(Description = "HeavyBall.Step alone")]
    public void HeavyBallStep() => _heavyBallAlone.Step(_theta, _gradient);

    [Benchmark(Description = "monitored HeavyBall step")]
    public void MonitoredHeavyBallStep() => _heavyBallMonitor.Step(_theta, _gradient);

    [Benchmark(Description = "Sgd.Step, then the laws at θ'")]
    public void SgdStepThenLaws()
    {
        _sgdAlone.Step(_theta, _gradient);
        ReluBias784x128x10.ComputeConservedQuantities(_theta, _laws);
    }

    [Benchmark(Description = "laws at g, Sgd.Step, laws at θ'")]
    public void LawsStepLaws()
    {
        ReluBias784x128x10.ComputeConservedQuantities(_gradient, _laws);
        _sgdAlone.Step(_theta, _gradient);
        ReluBias784x128x10.ComputeConservedQuantities(_theta, _laws);
    }

    [Benchmark(Description = "laws, span overload")]
    public void LawsSpan() => ReluBias784x128x10.ComputeConservedQuantities(_theta, _laws);

    [Benchmark(Description = "laws, instance ComputeConservedQuantities()")]
    public double LawsInstance() => _model.ComputeConservedQuantities()[0];
}
