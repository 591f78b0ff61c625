using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ConservationCodegen.Internal;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>
/// <see cref="GramLaws.EvaluateBilinear"/> and <see cref="GramLaws.EvaluateChange"/> called directly, against the
/// hand-written TensorPrimitives kernels (the baseline of each category) and the scalar reference loops, for one
/// hidden layer: balances (ReLU) or the whole Gram triangle (linear).
/// </summary>
[Config(typeof(LawBenchmarkConfig))]
public class LawKernelBenchmarks
{
    private static readonly Dictionary<string, LawLayer> s_layers = new()
    {
        ["bal 784-128-10 +b"] = LawLayer.Chain([784, 128, 10], [true, false], diagonal: true)[0],
        ["bal 784-512-256"] = LawLayer.Chain([784, 512, 256], [false, false], diagonal: true)[0],
        ["Gram 32-32-32"] = LawLayer.Chain([32, 32, 32], [false, false], diagonal: false)[0],
        ["Gram 64-64-64"] = LawLayer.Chain([64, 64, 64], [false, false], diagonal: false)[0],
        ["Gram 128-128-128"] = LawLayer.Chain([128, 128, 128], [false, false], diagonal: false)[0],
        ["Gram 512-512-512"] = LawLayer.Chain([512, 512, 512], [false, false], diagonal: false)[0],
    };

    private LawLayer _l;
    private double[] _theta = [], _delta = [], _y = [], _u = [], _values = [];

    public static IEnumerable<string> Layers => s_layers.Keys;

    [ParamsSource(nameof(Layers))]
    public string Layer { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _l = s_layers[Layer];
        int length = _l.OutWeights + _l.Outputs * _l.Width;
        var rng = new Random(5);
        _theta = LawAgreement.Random(rng, length);
        _delta = LawAgreement.Random(rng, length);
        _y = LawAgreement.Random(rng, length);
        _u = new double[length];
        _values = new double[_l.Count];

        var check = new LawAgreement(Layer, _l.Count);
        check.Expect("bilinear, scalar", d => ScalarLaws.Bilinear(_theta, _y, _l, d));
        check.Agree("bilinear, TensorPrimitives", d => TensorPrimitivesLaws.Bilinear(_theta, _y, _l, d));
        check.Agree("bilinear, GramLaws", d => GramLaws.EvaluateBilinear(_theta, _y, _l.InWeights, _l.Inputs, _l.Bias, _l.OutWeights, _l.Outputs, _l.Width, _l.Diagonal, d));
        check.Expect("change, scalar", d => ScalarLaws.Change(_theta, _delta, _l, d));
        check.Agree("change, TensorPrimitives", d => TensorPrimitivesLaws.Change(_theta, _delta, _l, _u, d));
        check.Agree("change, GramLaws", d => GramLaws.EvaluateChange(_theta, _delta, _l.InWeights, _l.Inputs, _l.Bias, _l.OutWeights, _l.Outputs, _l.Width, _l.Diagonal, d));
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Bilinear")]
    public void BilinearTensorPrimitives() => TensorPrimitivesLaws.Bilinear(_theta, _y, _l, _values);

    [Benchmark, BenchmarkCategory("Bilinear")]
    public void BilinearGramLaws() =>
        GramLaws.EvaluateBilinear(_theta, _y, _l.InWeights, _l.Inputs, _l.Bias, _l.OutWeights, _l.Outputs, _l.Width, _l.Diagonal, _values);

    [Benchmark, BenchmarkCategory("Bilinear")]
    public void BilinearScalar() => ScalarLaws.Bilinear(_theta, _y, _l, _values);

    [Benchmark(Baseline = true), BenchmarkCategory("Change")]
    public void ChangeTensorPrimitives() => TensorPrimitivesLaws.Change(_theta, _delta, _l, _u, _values);

    [Benchmark, BenchmarkCategory("Change")]
    public void ChangeGramLaws() =>
        GramLaws.EvaluateChange(_theta, _delta, _l.InWeights, _l.Inputs, _l.Bias, _l.OutWeights, _l.Outputs, _l.Width, _l.Diagonal, _values);

    [Benchmark, BenchmarkCategory("Change")]
    public void ChangeScalar() => ScalarLaws.Change(_theta, _delta, _l, _values);
}
