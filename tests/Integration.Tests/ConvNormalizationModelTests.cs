using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Training;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// Generated members of normalised convolutions (BatchNorm per channel over the batch and positions, LayerNorm and
/// RMSNorm over the channels at each position): the laws equal their closed forms (unrolled and through the loop
/// kernels, whose run-time texts name a kernel column by input channel and tap), the forward pass and gradient equal
/// <see cref="ConvNormReference"/> and its central differences, every law is orthogonal to that gradient, SGD under the
/// monitor keeps every law, and the real networks' gradient fields leave exactly the certified number of laws.
/// </summary>
public sealed class ConvNormalizationModelTests
{
    private static readonly ConvNormReference BatchNormReference = new(
        ConvNormReference.Conv1d(2, 3, 7, 3, padding: 1, bias: true, norm: Normalization.BatchNorm, act: ConvNormReference.ReLU),
        ConvNormReference.Conv1d(3, 4, 7, 3, stride: 2, act: ConvNormReference.ReLU),
        ConvNormReference.Dense(12, 2, bias: true));

    private static readonly ConvNormReference LayerNormReference = new(
        ConvNormReference.Conv2d(1, 2, 5, 5, 3, 3, padding: 1, bias: true, act: ConvNormReference.ReLU),
        ConvNormReference.Conv2d(2, 3, 5, 5, 2, 2, bias: true, norm: Normalization.LayerNorm, act: ConvNormReference.Tanh),
        ConvNormReference.Dense(48, 2));

    private static readonly ConvNormReference RmsNormReference = new(
        ConvNormReference.Conv1d(2, 3, 6, 2, bias: true, norm: Normalization.RmsNorm, act: ConvNormReference.ReLU),
        ConvNormReference.Dense(15, 2));

    private static readonly ConvNormReference WideReference = new(
        ConvNormReference.Conv2d(3, 16, 6, 6, 3, 3, padding: 1, bias: true, norm: Normalization.LayerNorm, act: ConvNormReference.Gelu),
        ConvNormReference.Conv2d(16, 8, 6, 6, 3, 3, stride: 2, norm: Normalization.BatchNorm, act: ConvNormReference.ReLU),
        ConvNormReference.Dense(32, 3, bias: true));

    private static readonly ConvNormReference BatchNormAffineReference = new(
        ConvNormReference.Conv1d(2, 3, 7, 3, padding: 1, norm: Normalization.BatchNorm, act: ConvNormReference.ReLU, scale: true, shift: true),
        ConvNormReference.Conv1d(3, 4, 7, 3, stride: 2, act: ConvNormReference.ReLU),
        ConvNormReference.Dense(12, 2, bias: true));

    private static readonly ConvNormReference LayerNormAffineReference = new(
        ConvNormReference.Conv2d(1, 3, 5, 5, 2, 2, bias: true, norm: Normalization.LayerNorm, act: ConvNormReference.ReLU, scale: true, shift: true),
        ConvNormReference.Dense(48, 2));

    private static readonly ConvNormReference WideAffineReference = new(
        ConvNormReference.Conv2d(3, 16, 6, 6, 3, 3, padding: 1, norm: Normalization.BatchNorm, act: ConvNormReference.ReLU, scale: true, shift: true),
        ConvNormReference.Conv2d(16, 8, 6, 6, 3, 3, stride: 2, act: ConvNormReference.ReLU),
        ConvNormReference.Dense(32, 3, bias: true));

    private static readonly ConvNormReference AffineOutputReference = new(
        ConvNormReference.Conv1d(1, 2, 4, 2, norm: Normalization.BatchNorm, scale: true, shift: true));

    private delegate double LossAndGradient(double[] theta, double[] inputs, double[] targets, int batch, double[] gradient);

    private sealed record Case(IConservationModel Model, ConvNormReference Reference, int InputWidth, int OutputWidth, Action<double[], double[], int, double[]> Forward, LossAndGradient Gradient);

    private static Case Of(string name) => name switch
    {
        nameof(ConvBatchNormNet) => new(new ConvBatchNormNet(), BatchNormReference, ConvBatchNormNet.InputWidth, ConvBatchNormNet.OutputWidth,
            (t, x, n, y) => ConvBatchNormNet.Forward(t, x, n, y), (t, x, y, n, g) => ConvBatchNormNet.ComputeLossAndGradient(t, x, y, n, Loss.MeanSquaredError, g)),
        nameof(ConvLayerNormNet) => new(new ConvLayerNormNet(), LayerNormReference, ConvLayerNormNet.InputWidth, ConvLayerNormNet.OutputWidth,
            (t, x, n, y) => ConvLayerNormNet.Forward(t, x, n, y), (t, x, y, n, g) => ConvLayerNormNet.ComputeLossAndGradient(t, x, y, n, Loss.MeanSquaredError, g)),
        nameof(ConvRmsNormNet) => new(new ConvRmsNormNet(), RmsNormReference, ConvRmsNormNet.InputWidth, ConvRmsNormNet.OutputWidth,
            (t, x, n, y) => ConvRmsNormNet.Forward(t, x, n, y), (t, x, y, n, g) => ConvRmsNormNet.ComputeLossAndGradient(t, x, y, n, Loss.MeanSquaredError, g)),
        nameof(ConvBatchNormAffineNet) => new(new ConvBatchNormAffineNet(), BatchNormAffineReference, ConvBatchNormAffineNet.InputWidth, ConvBatchNormAffineNet.OutputWidth,
            (t, x, n, y) => ConvBatchNormAffineNet.Forward(t, x, n, y), (t, x, y, n, g) => ConvBatchNormAffineNet.ComputeLossAndGradient(t, x, y, n, Loss.MeanSquaredError, g)),
        nameof(ConvLayerNormAffineNet) => new(new ConvLayerNormAffineNet(), LayerNormAffineReference, ConvLayerNormAffineNet.InputWidth, ConvLayerNormAffineNet.OutputWidth,
            (t, x, n, y) => ConvLayerNormAffineNet.Forward(t, x, n, y), (t, x, y, n, g) => ConvLayerNormAffineNet.ComputeLossAndGradient(t, x, y, n, Loss.MeanSquaredError, g)),
        nameof(WideConvBatchNormAffineNet) => new(new WideConvBatchNormAffineNet(), WideAffineReference, WideConvBatchNormAffineNet.InputWidth, WideConvBatchNormAffineNet.OutputWidth,
            (t, x, n, y) => WideConvBatchNormAffineNet.Forward(t, x, n, y), (t, x, y, n, g) => WideConvBatchNormAffineNet.ComputeLossAndGradient(t, x, y, n, Loss.MeanSquaredError, g)),
        nameof(ConvBatchNormAffineOutputNet) => new(new ConvBatchNormAffineOutputNet(), AffineOutputReference, ConvBatchNormAffineOutputNet.InputWidth, ConvBatchNormAffineOutputNet.OutputWidth,
            (t, x, n, y) => ConvBatchNormAffineOutputNet.Forward(t, x, n, y), (t, x, y, n, g) => ConvBatchNormAffineOutputNet.ComputeLossAndGradient(t, x, y, n, Loss.MeanSquaredError, g)),
        _ => new(new WideConvLayerNormNet(), WideReference, WideConvLayerNormNet.InputWidth, WideConvLayerNormNet.OutputWidth,
            (t, x, n, y) => WideConvLayerNormNet.Forward(t, x, n, y), (t, x, y, n, g) => WideConvLayerNormNet.ComputeLossAndGradient(t, x, y, n, Loss.MeanSquaredError, g)),
    };

    [Fact]
    public void Counts_certificates_and_layout()
    {
        // BatchNorm's 3 channel scales and 3 dead biases, then one balance per ReLU channel of K2 with the head.
        ConvBatchNormNet.IndependentLawCount.ShouldBe(3 + 3 + 4);
        ConvBatchNormNet.LawsAreComplete.ShouldBeTrue();
        ConvBatchNormNet.CountCertificate.ShouldBe("theorem:normalized-layer+theorem:path-incidence");
        // The 2 ReLU channels of K1 balance with K2, whose LayerNorm adds its scale, 2·2·2 column sums and the bias sum.
        ConvLayerNormNet.IndependentLawCount.ShouldBe(2 + 1 + 8 + 1);
        ConvLayerNormNet.LawsAreComplete.ShouldBeTrue();
        ConvLayerNormNet.CountCertificate.ShouldBe("theorem:normalized-path-incidence+theorem:path-incidence");
        ConvRmsNormNet.IndependentLawCount.ShouldBe(1);
        // LayerNorm (1 + 3·3·3 + 1) behind the input, BatchNorm's 8 channel scales behind GELU.
        WideConvLayerNormNet.IndependentLawCount.ShouldBe(1 + 27 + 1 + 8);
        WideConvLayerNormNet.PolynomialLawCount.ShouldBe(WideConvLayerNormNet.IndependentLawCount);
        WideConvLayerNormNet.LawsAreComplete.ShouldBeTrue();
        foreach (var name in new[] { nameof(ConvBatchNormNet), nameof(ConvLayerNormNet), nameof(ConvRmsNormNet), nameof(WideConvLayerNormNet) })
        {
            var c = Of(name);
            c.Model.ParameterCount.ShouldBe(c.Reference.Parameters, name);
        }

        (ConvBatchNormNet.B1Offset, ConvBatchNormNet.K2Offset, ConvBatchNormNet.W3Offset).ShouldBe((18, 21, 57));
        (WideConvLayerNormNet.B1Offset, WideConvLayerNormNet.K2Offset, WideConvLayerNormNet.W3Offset).ShouldBe((432, 448, 1600));
    }

    [Fact]
    public void Laws_equal_their_closed_forms()
    {
        // BatchNorm on K1 [3, 2, 3]: ‖K1[c]‖², B1[c]; K2 [4, 3, 3] channel c against W3's columns 3c…3c+2 (3 positions).
        var t = TestVectors.Uniform(ConvBatchNormNet.ParameterCount, 5);
        var expected = new Dictionary<string, double>();
        for (int c = 0; c < 3; c++)
        {
            expected[$"Norm1[{c}]"] = LawChecks.Square(t.Skip(c * 6).Take(6));
            expected[$"Shift1[{c}]"] = t[18 + c];
        }

        for (int c = 0; c < 4; c++)
            expected[$"Hidden2[{c}]"] = LawChecks.Square(t.Skip(21 + c * 9).Take(9)) - LawChecks.Square(Enumerable.Range(0, 2).SelectMany(o => Enumerable.Range(3 * c, 3).Select(j => t[57 + o * 12 + j])));
        LawChecks.ShouldEqual(expected, t, ConvBatchNormNet.LawNames, (a, d) => ConvBatchNormNet.ComputeConservedQuantities(a, d));
        ConvBatchNormNet.LawFormulas[0].ShouldBe("|K1[0,:,:]|^2");

        // LayerNorm on K2 [3, 2, 2, 2] with B2: the K1 channels' balances, ‖K2‖² + ‖B2‖², Σ_o K2[o, i, y, x], Σ B2.
        t = TestVectors.Uniform(ConvLayerNormNet.ParameterCount, 6);
        int k2 = 20, b2 = 44;
        double K2(int o, int i, int y, int x) => t[k2 + ((o * 2 + i) * 2 + y) * 2 + x];
        expected = new Dictionary<string, double> { ["Norm2"] = LawChecks.Square(t.Skip(k2).Take(27)), ["Shift2[bias]"] = t.Skip(b2).Take(3).Sum() };
        for (int c = 0; c < 2; c++)
            expected[$"Hidden1[{c}]"] = LawChecks.Square(t.Skip(c * 9).Take(9)) + t[18 + c] * t[18 + c]
                - LawChecks.Square(Enumerable.Range(0, 3).SelectMany(o => Enumerable.Range(0, 4).Select(p => K2(o, c, p / 2, p % 2))));
        for (int i = 0; i < 2; i++)
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 2; x++) expected[$"Shift2[{(i * 2 + y) * 2 + x}]"] = Enumerable.Range(0, 3).Sum(o => K2(o, i, y, x));
        LawChecks.ShouldEqual(expected, t, ConvLayerNormNet.LawNames, (a, d) => ConvLayerNormNet.ComputeConservedQuantities(a, d));
        ConvLayerNormNet.LawFormulas[ConvLayerNormNet.LawNames.ToList().IndexOf("Shift2[6]")].ShouldBe("sum(K2[:,1,1,0])");

        t = TestVectors.Uniform(ConvRmsNormNet.ParameterCount, 7);
        LawChecks.ShouldEqual(new Dictionary<string, double> { ["Norm1"] = LawChecks.Square(t.Take(15)) }, t, ConvRmsNormNet.LawNames, (a, d) => ConvRmsNormNet.ComputeConservedQuantities(a, d));

        // Through the loop kernels, names and formulas written at run time: K1 [16, 3, 3, 3], K2 [8, 16, 3, 3] without bias.
        t = TestVectors.Uniform(WideConvLayerNormNet.ParameterCount, 8);
        expected = new Dictionary<string, double> { ["Norm1"] = LawChecks.Square(t.Take(448)), ["Shift1[bias]"] = t.Skip(432).Take(16).Sum() };
        var formulas = new Dictionary<string, string> { ["Norm1"] = "|K1|^2 + |B1|^2", ["Shift1[bias]"] = "sum(B1)" };
        for (int i = 0; i < 3; i++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 3; x++)
                {
                    int j = (i * 3 + y) * 3 + x;
                    expected[$"Shift1[{j}]"] = Enumerable.Range(0, 16).Sum(o => t[o * 27 + j]);
                    formulas[$"Shift1[{j}]"] = $"sum(K1[:,{i},{y},{x}])";
                }

        for (int c = 0; c < 8; c++)
        {
            expected[$"Norm2[{c}]"] = LawChecks.Square(t.Skip(448 + c * 144).Take(144));
            formulas[$"Norm2[{c}]"] = $"|K2[{c},:,:,:]|^2";
        }

        LawChecks.ShouldEqual(expected, t, WideConvLayerNormNet.LawNames, (a, d) => WideConvLayerNormNet.ComputeConservedQuantities(a, d));
        for (int k = 0; k < WideConvLayerNormNet.PolynomialLawCount; k++)
            WideConvLayerNormNet.LawFormulas[k].ShouldBe(formulas[WideConvLayerNormNet.LawNames[k]]);
    }

    [Fact]
    public void The_affine_after_a_convolution_keeps_one_balance_per_channel_and_is_certified()
    {
        // BatchNorm's 3 channel scales (no bias), the affine's 3 balances γ_c² + β_c² − ‖K2[:,c,:]‖², K2's 4 ReLU balances.
        ConvBatchNormAffineNet.IndependentLawCount.ShouldBe(3 + 3 + 4);
        ConvBatchNormAffineNet.PolynomialLawCount.ShouldBe(ConvBatchNormAffineNet.IndependentLawCount);
        ConvBatchNormAffineNet.LawsAreComplete.ShouldBeTrue();
        ConvBatchNormAffineNet.CountCertificate.ShouldBe("theorem:normalized-layer+theorem:path-incidence");
        // LayerNorm's scale, 1·2·2 column sums and bias sum, then the affine's 3 balances against the head's 16 columns each.
        ConvLayerNormAffineNet.IndependentLawCount.ShouldBe(1 + 4 + 1 + 3);
        ConvLayerNormAffineNet.LawsAreComplete.ShouldBeTrue();
        ConvLayerNormAffineNet.CountCertificate.ShouldBe("theorem:normalized-layer+theorem:path-incidence");
        // A model ending with the affine outputs its channels × positions (2 × 3), and keeps BatchNorm's 2 scale laws.
        (ConvBatchNormAffineOutputNet.InputWidth, ConvBatchNormAffineOutputNet.OutputWidth).ShouldBe((4, 6));
        ConvBatchNormAffineOutputNet.IndependentLawCount.ShouldBe(2);
        foreach (var name in new[] { nameof(ConvBatchNormAffineNet), nameof(ConvLayerNormAffineNet), nameof(WideConvBatchNormAffineNet), nameof(ConvBatchNormAffineOutputNet) })
        {
            var c = Of(name);
            c.Model.ParameterCount.ShouldBe(c.Reference.Parameters, name);
        }

        // γ and β follow the kernel (and its bias) in θ, as a dense layer's affine does.
        (ConvBatchNormAffineNet.Gamma1Offset, ConvBatchNormAffineNet.Beta1Offset, ConvBatchNormAffineNet.K2Offset, ConvBatchNormAffineNet.W3Offset).ShouldBe((18, 21, 24, 60));
        (ConvLayerNormAffineNet.B1Offset, ConvLayerNormAffineNet.Gamma1Offset, ConvLayerNormAffineNet.Beta1Offset, ConvLayerNormAffineNet.W2Offset).ShouldBe((12, 15, 18, 21));

        // K1 [3, 2, 3], γ, β, K2 [4, 3, 3], W3 [2, 12] (4 channels × 3 positions), B3.
        var t = TestVectors.Uniform(ConvBatchNormAffineNet.ParameterCount, 9);
        double K2(int o, int c, int p) => t[24 + (o * 3 + c) * 3 + p];
        var expected = new Dictionary<string, double>();
        for (int c = 0; c < 3; c++)
        {
            expected[$"Norm1[{c}]"] = LawChecks.Square(t.Skip(c * 6).Take(6));
            expected[$"Hidden2[{c}]"] = t[18 + c] * t[18 + c] + t[21 + c] * t[21 + c]
                - LawChecks.Square(Enumerable.Range(0, 4).SelectMany(o => Enumerable.Range(0, 3).Select(p => K2(o, c, p))));
        }

        for (int c = 0; c < 4; c++)
            expected[$"Hidden3[{c}]"] = LawChecks.Square(t.Skip(24 + c * 9).Take(9)) - LawChecks.Square(Enumerable.Range(0, 2).SelectMany(o => Enumerable.Range(3 * c, 3).Select(j => t[60 + o * 12 + j])));
        LawChecks.ShouldEqual(expected, t, ConvBatchNormAffineNet.LawNames, (a, d) => ConvBatchNormAffineNet.ComputeConservedQuantities(a, d));
        ConvBatchNormAffineNet.LawFormulas[ConvBatchNormAffineNet.LawNames.ToList().IndexOf("Hidden2[1]")].ShouldBe("Gamma1[1]^2 + Beta1[1]^2 - |K2[:,1,:]|^2");

        // K1 [3, 1, 2, 2], B1, γ, β, W2 [2, 48] (3 channels × 16 positions).
        t = TestVectors.Uniform(ConvLayerNormAffineNet.ParameterCount, 10);
        expected = new Dictionary<string, double> { ["Norm1"] = LawChecks.Square(t.Take(15)), ["Shift1[bias]"] = t.Skip(12).Take(3).Sum() };
        for (int j = 0; j < 4; j++) expected[$"Shift1[{j}]"] = Enumerable.Range(0, 3).Sum(o => t[o * 4 + j]);
        for (int c = 0; c < 3; c++)
            expected[$"Hidden2[{c}]"] = t[15 + c] * t[15 + c] + t[18 + c] * t[18 + c]
                - LawChecks.Square(Enumerable.Range(0, 2).SelectMany(o => Enumerable.Range(16 * c, 16).Select(j => t[21 + o * 48 + j])));
        LawChecks.ShouldEqual(expected, t, ConvLayerNormAffineNet.LawNames, (a, d) => ConvLayerNormAffineNet.ComputeConservedQuantities(a, d));
        ConvLayerNormAffineNet.LawFormulas[ConvLayerNormAffineNet.LawNames.ToList().IndexOf("Hidden2[2]")].ShouldBe("Gamma1[2]^2 + Beta1[2]^2 - |W2[:,32:48]|^2");

        // Through the loop kernels, texts written at run time: K1 [16, 3, 3, 3] at 0, γ at 432, β at 448, K2 [8, 16, 3, 3]
        // at 464, W3 [3, 32] at 1616 (8 channels × 4 positions), B3.
        WideConvBatchNormAffineNet.IndependentLawCount.ShouldBe(16 + 16 + 8);
        WideConvBatchNormAffineNet.LawsAreComplete.ShouldBeTrue();
        t = TestVectors.Uniform(WideConvBatchNormAffineNet.ParameterCount, 11);
        expected = new Dictionary<string, double>();
        var formulas = new Dictionary<string, string>();
        for (int c = 0; c < 16; c++)
        {
            expected[$"Norm1[{c}]"] = LawChecks.Square(t.Skip(c * 27).Take(27));
            formulas[$"Norm1[{c}]"] = $"|K1[{c},:,:,:]|^2";
            int channel = c;
            expected[$"Hidden2[{c}]"] = t[432 + c] * t[432 + c] + t[448 + c] * t[448 + c]
                - LawChecks.Square(Enumerable.Range(0, 8).SelectMany(o => Enumerable.Range(0, 9).Select(p => t[464 + (o * 16 + channel) * 9 + p])));
            formulas[$"Hidden2[{c}]"] = $"Gamma1[{c}]^2 + Beta1[{c}]^2 - |K2[:,{c},:,:]|^2";
        }

        for (int c = 0; c < 8; c++)
        {
            int channel = c;
            expected[$"Hidden3[{c}]"] = LawChecks.Square(t.Skip(464 + c * 144).Take(144))
                - LawChecks.Square(Enumerable.Range(0, 3).SelectMany(o => Enumerable.Range(4 * channel, 4).Select(j => t[1616 + o * 32 + j])));
            // Run-time texts keep the slice's arithmetic (the unrolled formulas write its bounds, "[:,4:8]").
            formulas[$"Hidden3[{c}]"] = $"|K2[{c},:,:,:]|^2 - |W3[:,{c}*4:({c}+1)*4]|^2";
        }

        LawChecks.ShouldEqual(expected, t, WideConvBatchNormAffineNet.LawNames, (a, d) => WideConvBatchNormAffineNet.ComputeConservedQuantities(a, d));
        for (int k = 0; k < WideConvBatchNormAffineNet.PolynomialLawCount; k++)
            WideConvBatchNormAffineNet.LawFormulas[k].ShouldBe(formulas[WideConvBatchNormAffineNet.LawNames[k]]);
    }

    [Theory]
    [InlineData(nameof(ConvBatchNormAffineNet), 6, 1)]
    [InlineData(nameof(ConvLayerNormAffineNet), 5, 1)]
    [InlineData(nameof(WideConvBatchNormAffineNet), 4, 11)]
    [InlineData(nameof(ConvBatchNormAffineOutputNet), 3, 1)]
    [InlineData(nameof(ConvBatchNormNet), 6, 1)]
    [InlineData(nameof(ConvBatchNormNet), 1, 1)] // one sample: BatchNorm still has 7 positions per channel
    [InlineData(nameof(ConvLayerNormNet), 5, 1)]
    [InlineData(nameof(ConvRmsNormNet), 5, 1)]
    [InlineData(nameof(WideConvLayerNormNet), 4, 11)]
    public void Forward_and_gradient_equal_the_reference_and_every_law_is_orthogonal_to_the_gradient(string name, int batch, int every)
    {
        var c = Of(name);
        int d = c.Model.ParameterCount;
        var rng = new Random(31);
        var theta = TestVectors.Uniform(d, rng, 0.6);
        var x = TestVectors.Uniform(batch * c.InputWidth, rng);
        var y = TestVectors.Uniform(batch * c.OutputWidth, rng);
        var xs = NormReference.Rows(x, c.InputWidth);
        var ys = NormReference.Rows(y, c.OutputWidth);

        var forward = new double[batch * c.OutputWidth];
        c.Forward(theta, x, batch, forward);
        var expected = NormReference.Flat(c.Reference.Forward(theta, xs));
        for (int i = 0; i < forward.Length; i++) forward[i].ShouldBe(expected[i], 1e-12);

        var gradient = new double[d];
        c.Gradient(theta, x, y, batch, gradient).ShouldBe(c.Reference.Loss(theta, xs, ys), 1e-12);
        var probe = (double[])theta.Clone();
        for (int i = 0; i < d; i += every)
        {
            probe[i] = theta[i] + 1e-6;
            double up = c.Reference.Loss(probe, xs, ys);
            probe[i] = theta[i] - 1e-6;
            double down = c.Reference.Loss(probe, xs, ys);
            probe[i] = theta[i];
            gradient[i].ShouldBe((up - down) / 2e-6, 1e-7, $"θ[{i}]");
        }

        // ⟨∇h, g⟩ by the exact law change along ±εg (exact for laws of degree ≤ 2).
        var along = LawChecks.Directional(c.Model, theta, gradient);
        double scale = Math.Sqrt(LawChecks.Square(theta) * LawChecks.Square(gradient));
        for (int i = 0; i < along.Length; i++) Math.Abs(along[i]).ShouldBeLessThan(1e-12 * scale, c.Model.LawNames[i]);
        if (name == nameof(ConvBatchNormNet)) gradient.Skip(ConvBatchNormNet.B1Offset).Take(3).ShouldAllBe(v => v == 0); // the dead bias
    }

    [Theory]
    [InlineData(nameof(ConvBatchNormNet), "Norm1[1]", 6, 6)]
    [InlineData(nameof(ConvLayerNormNet), "Norm2", 20, 27)]
    [InlineData(nameof(ConvBatchNormAffineNet), "Norm1[2]", 12, 6)]
    [InlineData(nameof(ConvLayerNormAffineNet), "Norm1", 0, 15)]
    [InlineData(nameof(WideConvBatchNormAffineNet), "Norm1[3]", 3 * 27, 27)]
    [InlineData(nameof(WideConvLayerNormNet), "Norm2[3]", 448 + 3 * 144, 144)]
    public void Sgd_under_the_monitor_keeps_every_law_and_the_scale_laws_grow_by_eta_squared_g_squared(string name, string scaleLaw, int start, int length)
    {
        var c = Of(name);
        var rng = new Random(41);
        int d = c.Model.ParameterCount, batch = 8;
        var theta = TestVectors.Uniform(d, rng, 0.6);
        var x = TestVectors.Uniform(batch * c.InputWidth, rng);
        var y = TestVectors.Uniform(batch * c.OutputWidth, rng);
        var gradient = new double[d];
        const double eta = 0.05;
        var monitor = new ConservationMonitor(c.Model, new Sgd(eta));
        var before = new double[c.Model.LawCount];
        var after = new double[c.Model.LawCount];
        int law = c.Model.LawNames.ToList().IndexOf(scaleLaw);
        law.ShouldBeGreaterThanOrEqualTo(0);
        double first = c.Gradient(theta, x, y, batch, gradient), last = first;
        for (int step = 0; step < 60; step++)
        {
            last = c.Gradient(theta, x, y, batch, gradient);
            c.Model.ComputeLaws(theta, before);
            // The scale law's parameters (a channel's kernel, or the whole kernel and bias) are contiguous in θ.
            double growth = eta * eta * LawChecks.Square(gradient.Skip(start).Take(length));
            monitor.Step(theta, gradient);
            c.Model.ComputeLaws(theta, after);
            (after[law] - before[law]).ShouldBe(growth, 1e-12 * Math.Max(1, before[law]));
        }

        monitor.ViolationCount.ShouldBe(0, monitor.Summary());
        last.ShouldBeLessThan(0.9 * first);
    }

    [Theory]
    [InlineData(nameof(ConvBatchNormNet), 61, 1e-6)]
    [InlineData(nameof(ConvLayerNormNet), 67, 1e-6)]
    [InlineData(nameof(ConvRmsNormNet), 71, 1e-6)]
    [InlineData(nameof(ConvBatchNormAffineNet), 73, 1e-6)]
    [InlineData(nameof(ConvLayerNormAffineNet), 79, 1e-7)]
    public void The_real_models_gradient_fields_and_their_brackets_leave_exactly_the_certified_number_of_laws(string name, int seed, double step)
    {
        // Each loss is one batch of 8 samples through the generated network. LayerNorm and RMSNorm over 3 channels curve
        // the fields strongly: with central differences of step 1e-5 the brackets' truncation error leaves singular values
        // of 1e-6…1e-4 where the laws are (they shrink 100-fold with a 10-fold smaller step, as O(h²) does), so the step
        // is 1e-6 (those values fall to 1e-8…1e-10, the rest stay above 1e-2). The LayerNorm with its affine and ReLU read
        // by a dense head is curved more still: at step 1e-5, 1e-6, 1e-7 two spurious values measured 8e-5 and 9e-6,
        // 4e-6 and 7e-7, then below 1e-9 (the cut from 3.5e-3 down to 7.6e-10), so it takes step 1e-7 (at 1e-8 rounding
        // shows, ~7e-9).
        const int batch = 8;
        var c = Of(name);
        int laws = name switch
        {
            nameof(ConvBatchNormNet) => ConvBatchNormNet.IndependentLawCount,
            nameof(ConvLayerNormNet) => ConvLayerNormNet.IndependentLawCount,
            nameof(ConvBatchNormAffineNet) => ConvBatchNormAffineNet.IndependentLawCount,
            nameof(ConvLayerNormAffineNet) => ConvLayerNormAffineNet.IndependentLawCount,
            _ => ConvRmsNormNet.IndependentLawCount,
        };
        RealNetworkRank.ShouldLeave(laws, c.Model.ParameterCount,
            (t, x, y, g) => c.Gradient(t, x, y, batch, g), batch * c.InputWidth, batch * c.OutputWidth, seed, step: step);
    }

    [Fact]
    public void BatchNorm_over_one_value_per_channel_is_a_clear_error_and_layer_norm_needs_two_channels()
    {
        // A 1-D convolution with one output position: one sample gives each channel a single value (always 0/0).
        var blocks = new[] { ConservationCodegen.Internal.NetworkBlock.Conv1d(0, 1, 2, 3, 3).WithNormalization(Normalization.BatchNorm) };
        var network = new ConservationCodegen.Internal.LayeredNetwork(6, blocks);
        var theta = TestVectors.Uniform(6, 3);
        var error = Should.Throw<InvalidOperationException>(() => network.Forward(theta, new[] { 0.1, 0.2, 0.3 }, 1, new double[2]));
        error.Message.ShouldContain("BatchNorm over a batch of one sample with one value per channel (one output position)");
        error.Message.ShouldContain("NormEpsilon");

        // Two samples: each channel standardised over both, so its two values are ±1.
        var outputs = new double[4];
        network.Forward(theta, new[] { 0.1, 0.2, 0.3, -0.4, 0.5, 0.2 }, 2, outputs);
        outputs.Select(Math.Abs).ShouldAllBe(v => Math.Abs(v - 1) < 1e-12);
        (outputs[0] + outputs[2]).ShouldBe(0, 1e-12);

        var single = new[] { ConservationCodegen.Internal.NetworkBlock.Conv1d(0, 1, 1, 3, 2).WithNormalization(Normalization.LayerNorm) };
        Should.Throw<ArgumentException>(() => new ConservationCodegen.Internal.LayeredNetwork(2, single)).Message.ShouldContain("LayerNorm on a single output (channel)");
    }
}
