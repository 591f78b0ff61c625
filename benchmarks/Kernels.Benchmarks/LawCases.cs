using System;
using System.Collections.Generic;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>Generated law evaluation of one model: <c>ComputeConservedQuantities(theta, destination)</c>.</summary>
public delegate void GeneratedLaws(ReadOnlySpan<double> theta, Span<double> destination);

/// <summary>Generated drift prediction: <c>PredictStepDrift(gradient, learningRate, destination)</c>.</summary>
public delegate void GeneratedDrift(ReadOnlySpan<double> gradient, double learningRate, Span<double> destination);

/// <summary>A benchmark model: its generated members, and its hidden layers for the hand-written kernels.</summary>
public sealed record LawCase(string Name, int ParameterCount, int LawCount, LawLayer[] Layers, GeneratedLaws Laws, GeneratedDrift Drift, bool Unrolled)
{
    public override string ToString() => Name;

    private static LawCase Relu(string name, int d, int laws, int[] widths, bool[] biases, GeneratedLaws l, GeneratedDrift g, bool unrolled = false) =>
        new(name, d, laws, LawLayer.Chain(widths, biases, diagonal: true), l, g, unrolled);

    private static LawCase Linear(string name, int d, int laws, int[] widths, GeneratedLaws l, GeneratedDrift g, bool unrolled = false) =>
        new(name, d, laws, LawLayer.Chain(widths, new bool[widths.Length], diagonal: false), l, g, unrolled);

    /// <summary>Every case by name (the name is the benchmark parameter: at most 20 characters, or BenchmarkDotNet truncates it; "unr" = unrolled).</summary>
    public static readonly IReadOnlyDictionary<string, LawCase> All = Build(
        Relu("relu+b 784-128-10", ReluBias784x128x10.ParameterCount, ReluBias784x128x10.PolynomialLawCount, [784, 128, 10], [true, false],
            ReluBias784x128x10.ComputeConservedQuantities, ReluBias784x128x10.PredictStepDrift),
        Relu("relu 784-512-256-10", Relu784x512x256x10.ParameterCount, Relu784x512x256x10.PolynomialLawCount, [784, 512, 256, 10], [false, false, false],
            Relu784x512x256x10.ComputeConservedQuantities, Relu784x512x256x10.PredictStepDrift),
        Linear("linear 32-32-32", Linear32.ParameterCount, Linear32.PolynomialLawCount, [32, 32, 32], Linear32.ComputeConservedQuantities, Linear32.PredictStepDrift),
        Linear("linear 64-64-64", Linear64.ParameterCount, Linear64.PolynomialLawCount, [64, 64, 64], Linear64.ComputeConservedQuantities, Linear64.PredictStepDrift),
        Linear("linear 128-128-128", Linear128.ParameterCount, Linear128.PolynomialLawCount, [128, 128, 128], Linear128.ComputeConservedQuantities, Linear128.PredictStepDrift),
        Linear("linear 512-512-512", Linear512.ParameterCount, Linear512.PolynomialLawCount, [512, 512, 512], Linear512.ComputeConservedQuantities, Linear512.PredictStepDrift),
        Linear("linear 3-4-2 unr", Linear3x4x2.ParameterCount, Linear3x4x2.PolynomialLawCount, [3, 4, 2], Linear3x4x2.ComputeConservedQuantities, Linear3x4x2.PredictStepDrift, unrolled: true),
        Linear("linear 8-8-8", Linear8.ParameterCount, Linear8.PolynomialLawCount, [8, 8, 8], Linear8.ComputeConservedQuantities, Linear8.PredictStepDrift),
        Linear("linear 12-12-12", Linear12.ParameterCount, Linear12.PolynomialLawCount, [12, 12, 12], Linear12.ComputeConservedQuantities, Linear12.PredictStepDrift),
        Relu("relu+b 16-32-8", ReluBias16x32x8.ParameterCount, ReluBias16x32x8.PolynomialLawCount, [16, 32, 8], [true, false],
            ReluBias16x32x8.ComputeConservedQuantities, ReluBias16x32x8.PredictStepDrift),
        Linear("linear 2-2-2 unr", Linear2.ParameterCount, Linear2.PolynomialLawCount, [2, 2, 2], Linear2.ComputeConservedQuantities, Linear2.PredictStepDrift, unrolled: true),
        Linear("linear 4x10", Linear4Deep.ParameterCount, Linear4Deep.PolynomialLawCount, [4, 4, 4, 4, 4, 4, 4, 4, 4, 4],
            Linear4Deep.ComputeConservedQuantities, Linear4Deep.PredictStepDrift),
        Relu("relu+b 4-8-2 unr", ReluBias4x8x2.ParameterCount, ReluBias4x8x2.PolynomialLawCount, [4, 8, 2], [true, false],
            ReluBias4x8x2.ComputeConservedQuantities, ReluBias4x8x2.PredictStepDrift, unrolled: true));

    private static Dictionary<string, LawCase> Build(params LawCase[] cases)
    {
        var all = new Dictionary<string, LawCase>();
        foreach (var c in cases) all.Add(c.Name, c);
        return all;
    }
}
