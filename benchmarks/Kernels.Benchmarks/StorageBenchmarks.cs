using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MathNet.Numerics.LinearAlgebra;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>784-128-10 ReLU with bias stored as jagged arrays (see <see cref="StorageBenchmarks"/>).</summary>
[ConservationModel]
public partial class JaggedReluBias784x128x10
{
    [Dense(784, 128, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[][] W1 = Enumerable.Range(0, 128).Select(_ => new double[784]).ToArray();
    public double[] B1 = new double[128];

    [Dense(128, 10)]
    public double[][] W2 = Enumerable.Range(0, 10).Select(_ => new double[128]).ToArray();
}

/// <summary>784-128-10 ReLU with bias stored in MathNet.Numerics dense matrices and a vector.</summary>
[ConservationModel]
public partial class MathNetReluBias784x128x10
{
    [Dense(784, 128, Activation = Activation.ReLU, Bias = nameof(B1))]
    public Matrix<double> W1 = Matrix<double>.Build.Dense(128, 784);
    public Vector<double> B1 = Vector<double>.Build.Dense(128);

    [Dense(128, 10)]
    public Matrix<double> W2 = Matrix<double>.Build.Dense(10, 128);
}

/// <summary>
/// Copy-out and copy-in of θ (D = 101,770) for the same model in three storage kinds: rectangular arrays (one block
/// copy per member, the baseline), jagged arrays (one block per row) and MathNet dense matrices (tiled transposition of
/// the column-major storage), against copying a MathNet matrix through <c>ToRowMajorArray</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class StorageBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8));
    }

    private readonly ReluBias784x128x10 _rectangular = new();
    private readonly JaggedReluBias784x128x10 _jagged = new();
    private readonly MathNetReluBias784x128x10 _mathNet = new();
    private double[] _theta = Array.Empty<double>();

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _theta = Enumerable.Range(0, ReluBias784x128x10.ParameterCount).Select(_ => rng.NextDouble()).ToArray();
        _rectangular.SetParameters(_theta);
        _jagged.SetParameters(_theta);
        _mathNet.SetParameters(_theta);
        var a = new double[_theta.Length];
        var b = new double[_theta.Length];
        _jagged.CopyParametersTo(a);
        _mathNet.CopyParametersTo(b);
        if (!a.AsSpan().SequenceEqual(_theta) || !b.AsSpan().SequenceEqual(_theta)) throw new InvalidOperationException("storage kinds disagree");
    }

    [Benchmark(Baseline = true)]
    public void CopyOutRectangular() => _rectangular.CopyParametersTo(_theta);

    [Benchmark]
    public void CopyOutJagged() => _jagged.CopyParametersTo(_theta);

    [Benchmark]
    public void CopyOutMathNet() => _mathNet.CopyParametersTo(_theta);

    [Benchmark]
    public void CopyOutMathNetThroughRowMajorArray()
    {
        _mathNet.W1.ToRowMajorArray().CopyTo(_theta, ReluBias784x128x10.W1Offset);
        _mathNet.B1.ToArray().CopyTo(_theta, ReluBias784x128x10.B1Offset);
        _mathNet.W2.ToRowMajorArray().CopyTo(_theta, ReluBias784x128x10.W2Offset);
    }

    [Benchmark]
    public void CopyInRectangular() => _rectangular.SetParameters(_theta);

    [Benchmark]
    public void CopyInJagged() => _jagged.SetParameters(_theta);

    [Benchmark]
    public void CopyInMathNet() => _mathNet.SetParameters(_theta);
}
