using System.Collections.Generic;
using System;
using System.Linq;
using ConservationCodegen.Training;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// Generated members of models with self-attention: the laws equal the per-head Grams written here (unrolled and
/// through the loop kernel), they are orthogonal to the exact gradient of an attention forward pass written here
/// (with its own backward pass, checked against central differences), and SGD under the monitor keeps every law up to
/// its exact predicted change while the key bias never moves.
/// </summary>
public sealed class AttentionModelTests
{
    private static double[] Random(int n, Random rng, double scale = 1) => Enumerable.Range(0, n).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray();

    [Fact]
    public void Counts_and_certificates()
    {
        // 2 heads × (3 + 3) Gram entries + 4 key-bias entries, certified by the sum of the heads' two-layer counts.
        TinyAttention.PolynomialLawCount.ShouldBe(16);
        TinyAttention.IndependentLawCount.ShouldBe(16);
        TinyAttention.CountCertificate.ShouldBe("theorem:attention-heads");
        TinyAttention.LawsAreComplete.ShouldBeTrue();
        TinyAttention.ParameterCount.ShouldBe(4 * 12 + 3 * 4);
        (TinyAttention.BQOffset, TinyAttention.WKOffset, TinyAttention.BKOffset, TinyAttention.WVOffset, TinyAttention.BVOffset, TinyAttention.WOOffset)
            .ShouldBe((12, 16, 28, 32, 44, 48));
        AttentionBetweenCuts.LawsAreComplete.ShouldBeTrue();
        AttentionBetweenCuts.PolynomialLawCount.ShouldBe(2 * 6 + 3);
        WideAttention.IndependentLawCount.ShouldBe(4 * 2 * (32 * 33 / 2));
        WideAttention.LawsAreComplete.ShouldBeTrue();
        TinyAttention.LawNames.ShouldContain("Attention1Head1QueryKey[0,1]");
        TinyAttention.LawFormulas[TinyAttention.LawNames.ToList().IndexOf("Attention1Head1QueryKey[0,1]")]
            .ShouldBe("<WQ[2,:], WQ[3,:]> + BQ[2]*BQ[3] - <WK[2,:], WK[3,:]> - BK[2]*BK[3]");
    }

    [Fact]
    public void Laws_equal_the_head_grams_unrolled_and_through_the_kernel()
    {
        var rng = new Random(5);
        var tiny = new double[TinyAttention.ParameterCount];
        Random(tiny.Length, rng).CopyTo(tiny, 0);
        CheckGrams(tiny, new AttentionNet(3, 2, 2, true, true, true), (t, d) => TinyAttention.ComputeConservedQuantities(t, d), TinyAttention.PolynomialLawCount);
        var wide = Random(WideAttention.ParameterCount, rng);
        CheckGrams(wide, new AttentionNet(128, 4, 32, true, false, true), (t, d) => WideAttention.ComputeConservedQuantities(t, d), WideAttention.PolynomialLawCount);

        // Names and formulas of the kernel path are written at run time, with the heads' rows.
        WideAttention.LawNames[0].ShouldBe("Attention1Head0QueryKey[0,0]");
        WideAttention.LawFormulas[WideAttention.LawNames.ToList().IndexOf("Attention1Head3ValueOutput[0,1]")]
            .ShouldBe("<WV[96,:], WV[97,:]> + BV[96]*BV[97] - <WO[:,96], WO[:,97]>");

        // The typed view and the instance overload read the members.
        var model = new TinyAttention();
        model.SetParameters(tiny);
        var q = model.ComputeConservedQuantities();
        var net = new AttentionNet(3, 2, 2, true, true, true);
        q.Attention1Head1ValueOutput[1, 0].ShouldBe(net.ValueOutputGram(tiny, 1)[0, 1], 1e-13);
    }

    private static void CheckGrams(double[] theta, AttentionNet net, LawChecks.LawEvaluation laws, int count)
    {
        var values = new double[count];
        laws(theta, values);
        int k = 0, r = net.R;
        for (int a = 0; a < net.Heads; a++)
        {
            foreach (var gram in new[] { net.QueryKeyGram(theta, a), net.ValueOutputGram(theta, a) })
                for (int i = 0; i < r; i++)
                    for (int j = i; j < r; j++) values[k++].ShouldBe(gram[i, j], 1e-10 * (1 + Math.Abs(gram[i, j])));
        }

        for (int i = 0; k < count; i++) values[k++].ShouldBe(theta[net.Bk + i]);
    }

    [Fact]
    public void The_generated_forward_pass_and_gradient_equal_the_attention_net_of_the_tests()
    {
        var net = new AttentionNet(3, 2, 2, true, true, true);
        var rng = new Random(17);
        int batch = 3, tokens = 4;
        var theta = Random(net.Count, rng);
        var (x, y) = (Random(batch * tokens * 3, rng), Random(batch * tokens * 3, rng));
        TinyAttention.InputWidth.ShouldBe(tokens * 3);
        TinyAttention.OutputWidth.ShouldBe(tokens * 3);

        var outputs = new double[batch * tokens * 3];
        TinyAttention.Forward(theta, x, batch, outputs);
        // The net's loss is ½‖Y − target‖² summed over samples and tokens: at target 0 it is ½‖Y‖².
        double sumOfSquares = 0.5 * outputs.Sum(v => v * v);
        net.LossAndGradient(theta, x, new double[x.Length], tokens, null, batch).ShouldBe(sumOfSquares, 1e-12 * (1 + sumOfSquares));

        // The generated loss is the mean over the batch's tokens: the net's loss and gradient divided by batch·tokens.
        var expected = new double[net.Count];
        double expectedLoss = net.LossAndGradient(theta, x, y, tokens, expected, batch) / (batch * tokens);
        var gradient = new double[net.Count];
        TinyAttention.ComputeLossAndGradient(theta, x, y, batch, Loss.MeanSquaredError, gradient).ShouldBe(expectedLoss, 1e-12);
        for (int i = 0; i < net.Count; i++) gradient[i].ShouldBe(expected[i] / (batch * tokens), 1e-12);
        for (int i = 0; i < 4; i++) Math.Abs(gradient[net.Bk + i]).ShouldBeLessThan(1e-14);
    }

    [Fact]
    public void Sgd_through_the_generated_gradient_of_a_model_with_attention_keeps_every_law_under_the_monitor()
    {
        // tanh dense → x + attention(x) → ReLU → dense ReLU → dense, float members; softmax cross-entropy per token.
        IConservationModel model = new AttentionBetweenCuts();
        var rng = new Random(23);
        int batch = 4, tokens = 5, d = model.ParameterCount;
        var theta = Random(d, rng, 0.6);
        var inputs = Random(batch * AttentionBetweenCuts.InputWidth, rng);
        var targets = new double[batch * AttentionBetweenCuts.OutputWidth];
        for (int row = 0; row < batch * tokens; row++) targets[row * 2 + rng.Next(2)] = 1;
        var gradient = new double[d];

        // Backpropagation agrees with central differences of the generated loss.
        AttentionBetweenCuts.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.SoftmaxCrossEntropy, gradient);
        var scratch = new double[d];
        CentralDifferences.ShouldMatch(theta, gradient, t => AttentionBetweenCuts.ComputeLossAndGradient(t, inputs, targets, batch, Loss.SoftmaxCrossEntropy, scratch), stride: 3);

        var monitor = new ConservationMonitor(model, new Sgd(0.1));
        double first = AttentionBetweenCuts.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.SoftmaxCrossEntropy, gradient), last = first;
        for (int step = 0; step < 80; step++)
        {
            last = AttentionBetweenCuts.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.SoftmaxCrossEntropy, gradient);
            monitor.Step(theta, gradient);
        }

        monitor.ViolationCount.ShouldBe(0, monitor.Summary());
        last.ShouldBeLessThan(first);
    }

    [Fact]
    public void A_two_block_transformer_trains_under_the_monitor_with_every_law_kept()
    {
        // Heads: 2 × (10 + 10) per attention block; units: one balance per SwiGLU hidden unit (16 per block).
        TwoBlockTransformer.IndependentLawCount.ShouldBe(2 * 40 + 2 * 16);
        TwoBlockTransformer.LawsAreComplete.ShouldBeTrue();
        TwoBlockTransformer.CountCertificate.ShouldBe("theorem:attention-heads+theorem:path-incidence");

        IConservationModel model = new TwoBlockTransformer();
        var rng = new Random(31);
        int batch = 3, d = model.ParameterCount;
        var theta = Random(d, rng, 0.4);
        var inputs = Random(batch * TwoBlockTransformer.InputWidth, rng);
        var targets = Random(batch * TwoBlockTransformer.OutputWidth, rng);
        var gradient = new double[d];
        TwoBlockTransformer.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.MeanSquaredError, gradient);

        // Backpropagation through both blocks agrees with central differences of the generated loss.
        var scratch = new double[d];
        CentralDifferences.ShouldMatch(theta, gradient, t => TwoBlockTransformer.ComputeLossAndGradient(t, inputs, targets, batch, Loss.MeanSquaredError, scratch), stride: 11);

        // Every law is orthogonal to that gradient.
        var along = new double[model.LawCount];
        model.ComputeLawBilinear(theta, gradient, along);
        double scale = Math.Sqrt(theta.Sum(v => v * v) * gradient.Sum(v => v * v));
        for (int i = 0; i < along.Length; i++) Math.Abs(along[i]).ShouldBeLessThan(1e-12 * scale, model.LawNames[i]);

        var monitor = new ConservationMonitor(model, new Sgd(0.05));
        double first = TwoBlockTransformer.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.MeanSquaredError, gradient), last = first;
        for (int step = 0; step < 100; step++)
        {
            last = TwoBlockTransformer.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.MeanSquaredError, gradient);
            monitor.Step(theta, gradient);
        }

        monitor.ViolationCount.ShouldBe(0, monitor.Summary());
        last.ShouldBeLessThan(0.9 * first);
    }

    [Theory]
    [InlineData(nameof(TinyAttention))]
    [InlineData(nameof(AttentionWithHead))]
    [InlineData(nameof(AttentionBetweenCuts))]
    public void The_real_models_gradient_fields_and_their_brackets_leave_exactly_the_certified_number_of_laws(string name)
    {
        // Independent of φ: the rank of the real network's gradient fields and their brackets (RealNetworkRank).
        (int d, int laws, RealNetworkRank.Gradient loss, int inputWidth, int outputWidth) = name switch
        {
            nameof(TinyAttention) => (TinyAttention.ParameterCount, TinyAttention.IndependentLawCount,
                (RealNetworkRank.Gradient)((t, x, y, g) => TinyAttention.ComputeLossAndGradient(t, x, y, 1, Loss.MeanSquaredError, g)), TinyAttention.InputWidth, TinyAttention.OutputWidth),
            nameof(AttentionWithHead) => (AttentionWithHead.ParameterCount, AttentionWithHead.IndependentLawCount,
                (RealNetworkRank.Gradient)((t, x, y, g) => AttentionWithHead.ComputeLossAndGradient(t, x, y, 1, Loss.MeanSquaredError, g)), AttentionWithHead.InputWidth, AttentionWithHead.OutputWidth),
            _ => (AttentionBetweenCuts.ParameterCount, AttentionBetweenCuts.IndependentLawCount,
                (RealNetworkRank.Gradient)((t, x, y, g) => AttentionBetweenCuts.ComputeLossAndGradient(t, x, y, 1, Loss.MeanSquaredError, g)), AttentionBetweenCuts.InputWidth, AttentionBetweenCuts.OutputWidth),
        };
        RealNetworkRank.ShouldLeave(laws, d, loss, inputWidth, outputWidth, seed: 41);
    }

    [Fact]
    public void The_hand_written_backward_pass_matches_central_differences()
    {
        var net = new AttentionNet(3, 2, 2, true, true, true);
        var rng = new Random(9);
        var theta = Random(net.Count, rng);
        var (x, y) = (Random(4 * 3, rng), Random(4 * 3, rng));
        var g = new double[net.Count];
        net.LossAndGradient(theta, x, y, 4, g);
        var probe = (double[])theta.Clone();
        for (int i = 0; i < net.Count; i++)
        {
            probe[i] = theta[i] + 1e-6;
            double up = net.LossAndGradient(probe, x, y, 4, null);
            probe[i] = theta[i] - 1e-6;
            double down = net.LossAndGradient(probe, x, y, 4, null);
            probe[i] = theta[i];
            g[i].ShouldBe((up - down) / 2e-6, 1e-7);
        }
    }

    [Fact]
    public void Every_law_is_orthogonal_to_the_exact_gradient_and_sgd_under_the_monitor_keeps_them()
    {
        IConservationModel model = new TinyAttention();
        var net = new AttentionNet(3, 2, 2, true, true, true);
        var rng = new Random(21);
        var theta = Random(net.Count, rng, 0.7);
        var (x, y) = (Random(5 * 4 * 3, rng), Random(5 * 4 * 3, rng));
        var gradient = new double[net.Count];
        net.LossAndGradient(theta, x, y, 4, gradient, samples: 5);
        var along = new double[model.LawCount];
        model.ComputeLawBilinear(theta, gradient, along);
        double scale = Math.Sqrt(theta.Sum(v => v * v) * gradient.Sum(v => v * v));
        for (int i = 0; i < along.Length; i++) Math.Abs(along[i]).ShouldBeLessThan(1e-12 * scale, model.LawNames[i]);

        // A gradient with one wrong entry in the key bias is caught (the check can fail).
        var wrong = (double[])gradient.Clone();
        wrong[net.Bk + 1] += 1e-3;
        model.ComputeLawBilinear(theta, wrong, along);
        along.Max(Math.Abs).ShouldBeGreaterThan(1e-6);

        var monitor = new ConservationMonitor(model, new Sgd(0.05));
        var keyBias = theta.Skip(net.Bk).Take(4).ToArray();
        double first = net.LossAndGradient(theta, x, y, 4, gradient, samples: 5), last = first;
        for (int step = 0; step < 60; step++)
        {
            last = net.LossAndGradient(theta, x, y, 4, gradient, samples: 5);
            monitor.Step(theta, gradient);
        }

        monitor.ViolationCount.ShouldBe(0, monitor.Summary());
        last.ShouldBeLessThan(first);
        theta.Skip(net.Bk).Take(4).ToArray().ShouldBe(keyBias);
    }
}
