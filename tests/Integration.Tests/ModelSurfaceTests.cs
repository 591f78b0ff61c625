using System;
using System.Linq;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>The typed surface users call: constants, layout, result struct, float overloads, segments.</summary>
public sealed class ModelSurfaceTests
{
    [Fact]
    public void Relu_with_bias_has_one_balance_per_hidden_neuron_and_is_complete()
    {
        ReluWithBias.ParameterCount.ShouldBe(3 * 4 + 4 + 4 * 2 + 2);
        ReluWithBias.PolynomialLawCount.ShouldBe(4);
        ReluWithBias.IndependentLawCount.ShouldBe(4);
        ReluWithBias.LawsAreComplete.ShouldBeTrue();
        ReluWithBias.LawFormulas[0].ShouldBe("|W1[0,:]|^2 + B1[0]^2 - |W2[:,0]|^2");
    }

    [Fact]
    public void Typed_result_matches_the_span_overload_and_the_closed_form()
    {
        var model = new ReluWithBias();
        var theta = GeneratedModel.Get("ReluWithBias").RandomTheta(new Random(7));
        model.SetParameters(theta);
        var copy = new double[theta.Length];
        model.CopyParametersTo(copy);
        copy.ShouldBe(theta);
        model.W1[1, 2].ShouldBe(theta[1 * 3 + 2]);
        model.B1[3].ShouldBe(theta[12 + 3]);

        var q = model.ComputeConservedQuantities();
        var span = new double[ReluWithBias.PolynomialLawCount];
        ReluWithBias.ComputeConservedQuantities(theta, span);
        q.Count.ShouldBe(4);
        q.ToArray().ShouldBe(span);
        for (int j = 0; j < 4; j++)
        {
            double incoming = Enumerable.Range(0, 3).Sum(c => model.W1[j, c] * model.W1[j, c]) + model.B1[j] * model.B1[j];
            double outgoing = Enumerable.Range(0, 2).Sum(o => model.W2[o, j] * model.W2[o, j]);
            q.Hidden1[j].ShouldBe(incoming - outgoing, 1e-14);
            q[j].ShouldBe(q.Hidden1[j]);
        }

        q.MaxAbsDifference(q).ShouldBe(0);
        model.W1[0, 0] += 1;
        model.ComputeConservedQuantities().MaxAbsDifference(q).ShouldBeGreaterThan(0.1);
    }

    [Fact]
    public void Deep_linear_gram_laws_form_symmetric_matrices()
    {
        var model = new DeepLinear();
        var theta = GeneratedModel.Get("DeepLinear").RandomTheta(new Random(8));
        model.SetParameters(theta);
        var q = model.ComputeConservedQuantities();
        // Hidden1 = W1 W1ᵀ − W2ᵀ W2 (4×4), W2 stored flat row-major [3, 4].
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                double expected = Enumerable.Range(0, 3).Sum(c => model.W1[i, c] * model.W1[j, c])
                                - Enumerable.Range(0, 3).Sum(o => model.W2[o * 4 + i] * model.W2[o * 4 + j]);
                q.Hidden1[i, j].ShouldBe(expected, 1e-13);
            }

        DeepLinear.PolynomialLawCount.ShouldBe(10 + 6);
        DeepLinear.LawsAreComplete.ShouldBeTrue();
    }

    [Fact]
    public void Tanh_cuts_the_model_and_no_law_crosses_it()
    {
        // Segments: W1,B1 →relu→ W2 | tanh | W3. Laws live on the ReLU hidden layer only.
        TanhInTheMiddle.PolynomialLawCount.ShouldBe(4);
        TanhInTheMiddle.LawNames.ShouldAllBe(n => n.StartsWith("Hidden1", StringComparison.Ordinal));
        TanhInTheMiddle.LawFormulas.ShouldAllBe(f => !f.Contains("W3"));
        TanhInTheMiddle.PhiLength.ShouldBe(3 * (4 * (3 + 1)) + 2 * 3);
    }

    [Fact]
    public void Float_overloads_agree_with_double_to_single_precision()
    {
        var model = new TanhInTheMiddle();
        var theta = GeneratedModel.Get("TanhInTheMiddle").RandomTheta(new Random(9));
        model.SetParameters(theta);
        var thetaF = new float[TanhInTheMiddle.ParameterCount];
        model.CopyParametersTo(thetaF);
        var lawsF = new float[TanhInTheMiddle.PolynomialLawCount];
        TanhInTheMiddle.ComputeConservedQuantities(thetaF, lawsF);
        var wide = thetaF.Select(x => (double)x).ToArray();
        var laws = new double[TanhInTheMiddle.PolynomialLawCount];
        TanhInTheMiddle.ComputeConservedQuantities(wide, laws);
        for (int k = 0; k < laws.Length; k++) ((double)lawsF[k]).ShouldBe(laws[k], 1e-6 * (1 + Math.Abs(laws[k])));
        var phiF = new float[TanhInTheMiddle.PhiLength];
        TanhInTheMiddle.ComputePhi(thetaF, phiF);
        var phi = new double[TanhInTheMiddle.PhiLength];
        TanhInTheMiddle.ComputePhi(wide, phi);
        for (int i = 0; i < phi.Length; i++) ((double)phiF[i]).ShouldBe(phi[i], 1e-6 * (1 + Math.Abs(phi[i])));
    }

    [Fact]
    public void Argument_lengths_are_checked()
    {
        Should.Throw<ArgumentException>(() => ReluWithBias.ComputePhi(new double[3], new double[ReluWithBias.PhiLength]));
        Should.Throw<ArgumentException>(() => LargeLinear.ComputePhi(new double[LargeLinear.ParameterCount], new double[2]));
        Should.Throw<ArgumentException>(() => ReluWithBias.ComputeConservedQuantities(new double[ReluWithBias.ParameterCount], new double[1]));
    }
}
