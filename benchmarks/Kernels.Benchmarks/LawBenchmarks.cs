using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ConservationCodegen.Internal;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>
/// Generated <c>ComputeConservedQuantities</c> and <c>PredictStepDrift</c> against the hand-written TensorPrimitives
/// kernels (the baseline of each category) and the scalar reference loops, on the same random θ and gradient. Above
/// the unrolling cap the generated code calls <see cref="GramLaws"/>; below it the laws are straight-line code.
/// </summary>
[Config(typeof(LawBenchmarkConfig))]
public class LawBenchmarks
{
    private const double LearningRate = 0.01;
    private LawCase _case = null!;
    private double[] _theta = [], _gradient = [], _values = [];

    // LAW_MODELS="linear 8-8-8 unr;linear 2-2-2 unr" runs only those (default: all).
    public static IEnumerable<string> Models()
    {
        var chosen = Environment.GetEnvironmentVariable("LAW_MODELS");
        return string.IsNullOrEmpty(chosen) ? LawCase.All.Keys : LawCase.All.Keys.Where(m => chosen.Split(';').Contains(m));
    }

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _case = LawCase.All[Model];
        var rng = new Random(11);
        _theta = LawAgreement.Random(rng, _case.ParameterCount);
        _gradient = LawAgreement.Random(rng, _case.ParameterCount);
        _values = new double[_case.LawCount];

        // Every implementation must give the same laws and drift before anything is timed.
        var check = new LawAgreement(Model, _case.LawCount);
        check.Expect("laws, scalar", d => Each(d, (l, s) => ScalarLaws.Evaluate(_theta, l, 1d, s)));
        check.Agree("laws, TensorPrimitives", d => Each(d, (l, s) => TensorPrimitivesLaws.Evaluate(_theta, l, 1d, s)));
        check.Agree("laws, generated", d => _case.Laws(_theta, d));
        check.Agree("laws, GramLaws", d => Each(d, (l, s) => GramLaws.Evaluate(_theta, l.InWeights, l.Inputs, l.Bias, l.OutWeights, l.Outputs, l.Width, l.Diagonal, 1d, s)));
        check.Expect("drift, scalar", d => Each(d, (l, s) => ScalarLaws.Evaluate(_gradient, l, LearningRate * LearningRate, s)));
        check.Agree("drift, TensorPrimitives", d => Each(d, (l, s) => TensorPrimitivesLaws.Evaluate(_gradient, l, LearningRate * LearningRate, s)));
        check.Agree("drift, generated", d => _case.Drift(_gradient, LearningRate, d));
    }

    private delegate void LayerKernel(LawLayer layer, Span<double> destination);

    // The hidden layers' laws follow each other in the destination.
    private void Each(Span<double> destination, LayerKernel kernel)
    {
        int at = 0;
        foreach (var layer in _case.Layers)
        {
            kernel(layer, destination.Slice(at, layer.Count));
            at += layer.Count;
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Laws")]
    public void LawsTensorPrimitives()
    {
        int at = 0;
        foreach (var layer in _case.Layers)
        {
            TensorPrimitivesLaws.Evaluate(_theta, layer, 1d, _values.AsSpan(at, layer.Count));
            at += layer.Count;
        }
    }

    [Benchmark, BenchmarkCategory("Laws")]
    public void LawsGenerated() => _case.Laws(_theta, _values);

    // The runtime loop kernel called directly: what the generated code calls above the unrolling cap, so the unrolled
    // rows say where straight-line code stops paying for its size.
    [Benchmark, BenchmarkCategory("Laws")]
    public void LawsGramLaws()
    {
        int at = 0;
        foreach (var l in _case.Layers)
        {
            GramLaws.Evaluate(_theta, l.InWeights, l.Inputs, l.Bias, l.OutWeights, l.Outputs, l.Width, l.Diagonal, 1d, _values.AsSpan(at, l.Count));
            at += l.Count;
        }
    }

    [Benchmark, BenchmarkCategory("Laws")]
    public void LawsScalar()
    {
        int at = 0;
        foreach (var layer in _case.Layers)
        {
            ScalarLaws.Evaluate(_theta, layer, 1d, _values.AsSpan(at, layer.Count));
            at += layer.Count;
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Drift")]
    public void DriftTensorPrimitives()
    {
        int at = 0;
        foreach (var layer in _case.Layers)
        {
            TensorPrimitivesLaws.Evaluate(_gradient, layer, LearningRate * LearningRate, _values.AsSpan(at, layer.Count));
            at += layer.Count;
        }
    }

    [Benchmark, BenchmarkCategory("Drift")]
    public void DriftGenerated() => _case.Drift(_gradient, LearningRate, _values);

    [Benchmark, BenchmarkCategory("Drift")]
    public void DriftScalar()
    {
        int at = 0;
        foreach (var layer in _case.Layers)
        {
            ScalarLaws.Evaluate(_gradient, layer, LearningRate * LearningRate, _values.AsSpan(at, layer.Count));
            at += layer.Count;
        }
    }
}
