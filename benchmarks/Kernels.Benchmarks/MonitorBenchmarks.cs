using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ConservationCodegen.Training;

namespace ConservationCodegen.Kernels.Benchmarks.Monitor;

/// <summary>The MNIST-sized model of the monitor target (784 → 128 ReLU → 10, biases).</summary>
[ConservationModel]
public partial class MonitoredMlp
{
    [Dense(784, 128, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[128, 784];
    public double[] B1 = new double[128];

    [Dense(128, 10, Bias = nameof(B2))]
    public double[,] W2 = new double[10, 128];
    public double[] B2 = new double[10];
}

/// <summary>
/// What monitoring costs next to the step it watches, for 784-128-10 and a batch of 64: one forward+backward pass
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
    private readonly MonitoredMlp _model = new();
    private double[] _theta = Array.Empty<double>(), _gradient = Array.Empty<double>(), _inputs = Array.Empty<double>(), _targets = Array.Empty<double>();
    private double[] _laws = Array.Empty<double>();
    private Sgd _sgd = null!, _sgdAlone = null!;
    private HeavyBall _heavyBall = null!, _heavyBallAlone = null!;
    private ConservationMonitor _sgdMonitor = null!, _heavyBallMonitor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _theta = new double[MonitoredMlp.ParameterCount];
        for (int i = 0; i < _theta.Length; i++) _theta[i] = (rng.NextDouble() - 0.5) * 0.05;
        _gradient = new double[_theta.Length];
        _inputs = new double[Batch * MonitoredMlp.InputWidth];
        for (int i = 0; i < _inputs.Length; i++) _inputs[i] = rng.NextDouble();
        _targets = new double[Batch * MonitoredMlp.OutputWidth];
        for (int b = 0; b < Batch; b++) _targets[b * 10 + rng.Next(10)] = 1;
        _laws = new double[MonitoredMlp.PolynomialLawCount];
        MonitoredMlp.ComputeLossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, _gradient);
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
    public double LossAndGradient() => MonitoredMlp.ComputeLossAndGradient(_theta, _inputs, _targets, Batch, Loss.SoftmaxCrossEntropy, _gradient);

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
        MonitoredMlp.ComputeConservedQuantities(_theta, _laws);
    }

    [Benchmark(Description = "laws at g, Sgd.Step, laws at θ'")]
    public void LawsStepLaws()
    {
        MonitoredMlp.ComputeConservedQuantities(_gradient, _laws);
        _sgdAlone.Step(_theta, _gradient);
        MonitoredMlp.ComputeConservedQuantities(_theta, _laws);
    }

    [Benchmark(Description = "laws, span overload")]
    public void LawsSpan() => MonitoredMlp.ComputeConservedQuantities(_theta, _laws);

    [Benchmark(Description = "laws, instance ComputeConservedQuantities()")]
    public double LawsInstance() => _model.ComputeConservedQuantities()[0];
}
