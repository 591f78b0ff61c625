using System;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

public delegate void ThetaTo(ReadOnlySpan<double> theta, Span<double> destination);
public delegate void ThetaAndVectorTo(ReadOnlySpan<double> theta, ReadOnlySpan<double> vector, Span<double> destination);
public delegate void DriftOf(ReadOnlySpan<double> gradient, double learningRate, Span<double> destination);

/// <summary>The generated static surface of one model, gathered so every test can run on every model.</summary>
public sealed record GeneratedModel(
    string Name, TestLayer[] Layers, int ParameterCount, int PhiLength, int LawCount, int IndependentLawCount,
    ThetaTo Phi, ThetaTo Jacobian, ThetaAndVectorTo Jvp, ThetaAndVectorTo Vjp, ThetaTo Laws, DriftOf Drift,
    System.Collections.Generic.IReadOnlyList<string> LawNames)
{
    public override string ToString() => Name;

    public static GeneratedModel[] All =>
    [
        new("ReluWithBias", [new(3, 4, Activation.ReLU, true), new(4, 2, Bias: true)],
            ReluWithBias.ParameterCount, ReluWithBias.PhiLength, ReluWithBias.PolynomialLawCount, ReluWithBias.IndependentLawCount,
            ReluWithBias.ComputePhi, ReluWithBias.ComputeJacobian, ReluWithBias.JacobianTimes, ReluWithBias.JacobianTransposeTimes,
            ReluWithBias.ComputeConservedQuantities, ReluWithBias.PredictStepDrift, ReluWithBias.LawNames),
        new("DeepLinear", [new(3, 4), new(4, 3), new(3, 2)],
            DeepLinear.ParameterCount, DeepLinear.PhiLength, DeepLinear.PolynomialLawCount, DeepLinear.IndependentLawCount,
            DeepLinear.ComputePhi, DeepLinear.ComputeJacobian, DeepLinear.JacobianTimes, DeepLinear.JacobianTransposeTimes,
            DeepLinear.ComputeConservedQuantities, DeepLinear.PredictStepDrift, DeepLinear.LawNames),
        new("LargeLinear", [new(6, 8), new(8, 8), new(8, 5)],
            LargeLinear.ParameterCount, LargeLinear.PhiLength, LargeLinear.PolynomialLawCount, LargeLinear.IndependentLawCount,
            LargeLinear.ComputePhi, LargeLinear.ComputeJacobian, LargeLinear.JacobianTimes, LargeLinear.JacobianTransposeTimes,
            LargeLinear.ComputeConservedQuantities, LargeLinear.PredictStepDrift, LargeLinear.LawNames),
        new("WideLinear", [new(16, 20), new(20, 16), new(16, 8)],
            WideLinear.ParameterCount, WideLinear.PhiLength, WideLinear.PolynomialLawCount, WideLinear.IndependentLawCount,
            WideLinear.ComputePhi, WideLinear.ComputeJacobian, WideLinear.JacobianTimes, WideLinear.JacobianTransposeTimes,
            WideLinear.ComputeConservedQuantities, WideLinear.PredictStepDrift, WideLinear.LawNames),
        new("LargeRelu", [new(6, 8, Activation.ReLU, true), new(8, 8, Activation.LeakyReLU, true), new(8, 4, Bias: true)],
            LargeRelu.ParameterCount, LargeRelu.PhiLength, LargeRelu.PolynomialLawCount, LargeRelu.IndependentLawCount,
            LargeRelu.ComputePhi, LargeRelu.ComputeJacobian, LargeRelu.JacobianTimes, LargeRelu.JacobianTransposeTimes,
            LargeRelu.ComputeConservedQuantities, LargeRelu.PredictStepDrift, LargeRelu.LawNames),
        new("ReluThenLinearRun", [new(3, 4, Activation.ReLU), new(4, 3, Bias: true), new(3, 2)],
            ReluThenLinearRun.ParameterCount, ReluThenLinearRun.PhiLength, ReluThenLinearRun.PolynomialLawCount, ReluThenLinearRun.IndependentLawCount,
            ReluThenLinearRun.ComputePhi, ReluThenLinearRun.ComputeJacobian, ReluThenLinearRun.JacobianTimes, ReluThenLinearRun.JacobianTransposeTimes,
            ReluThenLinearRun.ComputeConservedQuantities, ReluThenLinearRun.PredictStepDrift, ReluThenLinearRun.LawNames),
        new("TanhInTheMiddle", [new(3, 4, Activation.ReLU, true), new(4, 3, Activation.Tanh), new(3, 2)],
            TanhInTheMiddle.ParameterCount, TanhInTheMiddle.PhiLength, TanhInTheMiddle.PolynomialLawCount, TanhInTheMiddle.IndependentLawCount,
            TanhInTheMiddle.ComputePhi, TanhInTheMiddle.ComputeJacobian, TanhInTheMiddle.JacobianTimes, TanhInTheMiddle.JacobianTransposeTimes,
            TanhInTheMiddle.ComputeConservedQuantities, TanhInTheMiddle.PredictStepDrift, TanhInTheMiddle.LawNames),
        new("NestedLinear", [new(2, 3), new(3, 2)],
            Outer.NestedLinear.ParameterCount, Outer.NestedLinear.PhiLength, Outer.NestedLinear.PolynomialLawCount, Outer.NestedLinear.IndependentLawCount,
            Outer.NestedLinear.ComputePhi, Outer.NestedLinear.ComputeJacobian, Outer.NestedLinear.JacobianTimes, Outer.NestedLinear.JacobianTransposeTimes,
            Outer.NestedLinear.ComputeConservedQuantities, Outer.NestedLinear.PredictStepDrift, Outer.NestedLinear.LawNames),
    ];

    /// <summary>
    /// <see cref="All"/> and models for the φ tests only: LargeMixed is deep enough that the RK4 law test's fixed step
    /// leaves discretisation error above its tolerance.
    /// </summary>
    public static GeneratedModel[] WithPhiOnly =>
    [
        .. All,
        new("LargeMixed", [new(6, 8), new(8, 8, Bias: true), new(8, 8, Activation.Tanh), new(8, 8, Activation.ReLU, true), new(8, 8), new(8, 3, Bias: true)],
            LargeMixed.ParameterCount, LargeMixed.PhiLength, LargeMixed.PolynomialLawCount, LargeMixed.IndependentLawCount,
            LargeMixed.ComputePhi, LargeMixed.ComputeJacobian, LargeMixed.JacobianTimes, LargeMixed.JacobianTransposeTimes,
            LargeMixed.ComputeConservedQuantities, LargeMixed.PredictStepDrift, LargeMixed.LawNames),
    ];

    public static TheoryData<string> Names => NamesOf(All);

    public static TheoryData<string> PhiNames => NamesOf(WithPhiOnly);

    private static TheoryData<string> NamesOf(GeneratedModel[] models)
    {
        var data = new TheoryData<string>();
        foreach (var m in models) data.Add(m.Name);
        return data;
    }

    public static GeneratedModel Get(string name) => Array.Find(WithPhiOnly, m => m.Name == name)!;

    public double[] RandomTheta(Random rng, double scale = 1)
    {
        var theta = new double[ParameterCount];
        for (int i = 0; i < theta.Length; i++) theta[i] = scale * (rng.NextDouble() * 2 - 1);
        return theta;
    }
}
