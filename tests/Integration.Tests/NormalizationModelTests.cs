using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Training;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// Generated members of models with BatchNorm, LayerNorm and RMSNorm: the laws equal their closed forms (unrolled and
/// through the loop kernels), the forward pass and gradient equal a network with batch statistics written in
/// <see cref="NormReference"/> and its central differences, every law is orthogonal to that gradient, and SGD under
/// the monitor keeps every law up to its exact predicted change (the scale laws grow by η²‖g‖²), while ε &gt; 0 breaks
/// the scale laws measurably.
/// </summary>
public sealed class NormalizationModelTests
{
    private static readonly NormReference BatchNormReference = new(
        new NormReference.Layer(3, 5, true, Normalization.None, false, false, NormReference.ReLU),
        new NormReference.Layer(5, 4, true, Normalization.BatchNorm, true, true, NormReference.ReLU),
        new NormReference.Layer(4, 2, true, Normalization.None, false, false, NormReference.Identity));

    private static readonly NormReference LayerNormReference = new(
        new NormReference.Layer(3, 4, true, Normalization.LayerNorm, true, true, NormReference.ReLU),
        new NormReference.Layer(4, 4, false, Normalization.RmsNorm, true, false, NormReference.ReLU),
        new NormReference.Layer(4, 3, true, Normalization.LayerNorm, false, false, NormReference.Tanh),
        new NormReference.Layer(3, 2, false, Normalization.None, false, false, NormReference.Identity));

    [Fact]
    public void Counts_certificates_and_layout()
    {
        // Hidden balances behind ReLU (5), BatchNorm's scales (4) and dead biases (4), the affine's balances (4).
        BatchNormMlp.IndependentLawCount.ShouldBe(5 + 4 + 4 + 4);
        BatchNormMlp.PolynomialLawCount.ShouldBe(17);
        BatchNormMlp.LawsAreComplete.ShouldBeTrue();
        BatchNormMlp.CountCertificate.ShouldBe("theorem:normalized-path-incidence+theorem:path-incidence");
        BatchNormMlp.ParameterCount.ShouldBe(BatchNormReference.Parameters);
        (BatchNormMlp.B2Offset, BatchNormMlp.G2Offset, BatchNormMlp.S2Offset, BatchNormMlp.W3Offset).ShouldBe((40, 44, 48, 52));

        // LayerNorm alone on the input: its scale, 3 column sums and the bias sum; the affine's 4 balances with the
        // RMSNorm layer's scale; the RMSNorm affine's 4 balances with the last LayerNorm's 1 + 4 + 1; nothing after tanh.
        LayerNormMlp.IndependentLawCount.ShouldBe(5 + (4 + 1) + (4 + 6));
        LayerNormMlp.LawsAreComplete.ShouldBeTrue();
        LayerNormMlp.ParameterCount.ShouldBe(LayerNormReference.Parameters);
        WideLayerNormMlp.IndependentLawCount.ShouldBe((1 + 40 + 1) + (32 + 24) + 24);
        WideLayerNormMlp.PolynomialLawCount.ShouldBe(WideLayerNormMlp.IndependentLawCount);
        WideLayerNormMlp.LawsAreComplete.ShouldBeTrue();
    }

    [Fact]
    public void Laws_equal_their_closed_forms()
    {
        var theta = TestVectors.Uniform(BatchNormMlp.ParameterCount, 3);
        double W1(int o, int i) => theta[o * 3 + i];
        double W2(int o, int i) => theta[20 + o * 5 + i];
        double W3(int o, int i) => theta[52 + o * 4 + i];
        var expected = new Dictionary<string, double>();
        for (int c = 0; c < 5; c++) expected[$"Hidden1[{c}]"] = LawChecks.Square(Enumerable.Range(0, 3).Select(i => W1(c, i))) + theta[15 + c] * theta[15 + c] - LawChecks.Square(Enumerable.Range(0, 4).Select(o => W2(o, c)));
        for (int c = 0; c < 4; c++)
        {
            expected[$"Norm2[{c}]"] = LawChecks.Square(Enumerable.Range(0, 5).Select(i => W2(c, i)));
            expected[$"Shift2[{c}]"] = theta[40 + c];
            expected[$"Hidden3[{c}]"] = theta[44 + c] * theta[44 + c] + theta[48 + c] * theta[48 + c] - LawChecks.Square(Enumerable.Range(0, 2).Select(o => W3(o, c)));
        }

        LawChecks.ShouldEqual(expected, theta, BatchNormMlp.LawNames, (t, d) => BatchNormMlp.ComputeConservedQuantities(t, d));
        BatchNormMlp.LawFormulas[BatchNormMlp.LawNames.ToList().IndexOf("Norm2[1]")].ShouldBe("|W2[1,:]|^2");

        var model = new BatchNormMlp();
        model.SetParameters(theta);
        var q = model.ComputeConservedQuantities();
        q.Norm2[3].ShouldBe(expected["Norm2[3]"], 1e-13);
        q.Shift2[2].ShouldBe(expected["Shift2[2]"]);

        // The wide model goes through the Gram and column-sum kernels; names and formulas are written at run time.
        var wide = TestVectors.Uniform(WideLayerNormMlp.ParameterCount, 4);
        int b1 = 32 * 40, g1 = b1 + 32, s1 = g1 + 32, w2 = s1 + 32, g2 = w2 + 24 * 32, w3 = g2 + 24, b3 = w3 + 10 * 24;
        var wideExpected = new Dictionary<string, double>
        {
            ["Norm1"] = LawChecks.Square(wide.Take(b1 + 32)),
            ["Shift1[bias]"] = wide.Skip(b1).Take(32).Sum(),
        };
        for (int j = 0; j < 40; j++) wideExpected[$"Shift1[{j}]"] = Enumerable.Range(0, 32).Sum(o => wide[o * 40 + j]);
        for (int c = 0; c < 32; c++) wideExpected[$"Hidden2[{c}]"] = wide[g1 + c] * wide[g1 + c] + wide[s1 + c] * wide[s1 + c] - LawChecks.Square(Enumerable.Range(0, 24).Select(o => wide[w2 + o * 32 + c]));
        for (int c = 0; c < 24; c++)
        {
            wideExpected[$"Norm3[{c}]"] = LawChecks.Square(wide.Skip(w2 + c * 32).Take(32));
            wideExpected[$"Hidden4[{c}]"] = wide[g2 + c] * wide[g2 + c] - LawChecks.Square(Enumerable.Range(0, 10).Select(o => wide[w3 + o * 24 + c]));
        }

        LawChecks.ShouldEqual(wideExpected, wide, WideLayerNormMlp.LawNames, (t, d) => WideLayerNormMlp.ComputeConservedQuantities(t, d));
        WideLayerNormMlp.LawFormulas[WideLayerNormMlp.LawNames.ToList().IndexOf("Shift1[7]")].ShouldBe("sum(W1[:,7])");
        WideLayerNormMlp.LawFormulas[WideLayerNormMlp.LawNames.ToList().IndexOf("Norm1")].ShouldBe("|W1|^2 + |B1|^2");
        WideLayerNormMlp.LawFormulas[WideLayerNormMlp.LawNames.ToList().IndexOf("Norm3[5]")].ShouldBe("|W2[5,:]|^2");
        b3.ShouldBe(WideLayerNormMlp.B3Offset);
    }

    [Theory]
    [InlineData(nameof(BatchNormMlp), Loss.MeanSquaredError)]
    [InlineData(nameof(BatchNormMlp), Loss.SoftmaxCrossEntropy)]
    [InlineData(nameof(LayerNormMlp), Loss.MeanSquaredError)]
    public void Forward_and_gradient_equal_the_reference_and_every_law_is_orthogonal_to_the_gradient(string name, Loss loss)
    {
        bool batchNorm = name == nameof(BatchNormMlp);
        var reference = batchNorm ? BatchNormReference : LayerNormReference;
        IConservationModel model = batchNorm ? new BatchNormMlp() : new LayerNormMlp();
        int d = model.ParameterCount, batch = 6, inputs = 3, outputs = 2;
        var rng = new Random(17);
        var theta = TestVectors.Uniform(d, rng);
        var x = TestVectors.Uniform(batch * inputs, rng);
        var y = loss == Loss.MeanSquaredError ? TestVectors.Uniform(batch * outputs, rng)
            : Enumerable.Range(0, batch).SelectMany(n => new[] { n % 2 == 0 ? 1d : 0d, n % 2 == 0 ? 0d : 1d }).ToArray();
        var xs = NormReference.Rows(x, inputs);
        var ys = NormReference.Rows(y, outputs);

        var forward = new double[batch * outputs];
        Action<double[], double[], int, double[]> run = batchNorm ? (t, a, n, o) => BatchNormMlp.Forward(t, a, n, o) : (t, a, n, o) => LayerNormMlp.Forward(t, a, n, o);
        Func<double[], double[], double[], int, Loss, double[], double> lossAndGradient = batchNorm
            ? (t, a, b, n, l, g) => BatchNormMlp.ComputeLossAndGradient(t, a, b, n, l, g)
            : (t, a, b, n, l, g) => LayerNormMlp.ComputeLossAndGradient(t, a, b, n, l, g);
        run(theta, x, batch, forward);
        var expected = NormReference.Flat(reference.Forward(theta, xs));
        for (int i = 0; i < forward.Length; i++) forward[i].ShouldBe(expected[i], 1e-12);

        var gradient = new double[d];
        double value = lossAndGradient(theta, x, y, batch, loss, gradient);
        value.ShouldBe(reference.Loss(theta, xs, ys, loss), 1e-12);
        CentralDifferences.ShouldMatch(theta, gradient, t => reference.Loss(t, xs, ys, loss));

        // ⟨∇h, g⟩ by the exact law change along ±εg (exact for laws of degree ≤ 2).
        var along = LawChecks.Directional(model, theta, gradient);
        double scale = Math.Sqrt(LawChecks.Square(theta) * LawChecks.Square(gradient));
        for (int i = 0; i < along.Length; i++) Math.Abs(along[i]).ShouldBeLessThan(1e-12 * scale, model.LawNames[i]);
        if (batchNorm) gradient.Skip(BatchNormMlp.B2Offset).Take(4).ShouldAllBe(v => v == 0); // the dead bias
    }

    [Fact]
    public void Sgd_under_the_monitor_keeps_every_law_and_the_scale_laws_grow_by_eta_squared_g_squared()
    {
        IConservationModel model = new BatchNormMlp();
        var rng = new Random(23);
        int d = model.ParameterCount, batch = 8;
        var theta = TestVectors.Uniform(d, rng);
        var x = TestVectors.Uniform(batch * 3, rng);
        var y = TestVectors.Uniform(batch * 2, rng);
        var gradient = new double[d];
        const double eta = 0.05;
        var monitor = new ConservationMonitor(model, new Sgd(eta));
        var before = new double[model.LawCount];
        var after = new double[model.LawCount];
        int norm = model.LawNames.ToList().IndexOf("Norm2[0]");
        double first = BatchNormMlp.ComputeLossAndGradient(theta, x, y, batch, Loss.MeanSquaredError, gradient), last = first;
        var bias = theta.Skip(BatchNormMlp.B2Offset).Take(4).ToArray();
        for (int step = 0; step < 100; step++)
        {
            last = BatchNormMlp.ComputeLossAndGradient(theta, x, y, batch, Loss.MeanSquaredError, gradient);
            model.ComputeLaws(theta, before);
            double expectedGrowth = eta * eta * LawChecks.Square(gradient.Skip(BatchNormMlp.W2Offset).Take(5)); // row 0 of W2
            monitor.Step(theta, gradient);
            model.ComputeLaws(theta, after);
            (after[norm] - before[norm]).ShouldBe(expectedGrowth, 1e-12 * Math.Max(1, before[norm]));
        }

        monitor.ViolationCount.ShouldBe(0, monitor.Summary());
        last.ShouldBeLessThan(0.8 * first);
        theta.Skip(BatchNormMlp.B2Offset).Take(4).ShouldBe(bias); // the dead bias never moves
    }

    [Fact]
    public void With_epsilon_the_scale_laws_are_not_laws_and_are_neither_listed_nor_counted()
    {
        // ε = 1e-2 inside the square root breaks the scale symmetry: ⟨∇‖W1[c,:]‖², g⟩ ≠ 0 (computed here from the
        // gradient, which equals the reference's), so the model lists only the dead biases, and the monitor finds no
        // violation among what it lists.
        EpsilonBatchNorm.LawNames.ShouldBe(new[] { "Shift1[0]", "Shift1[1]", "Shift1[2]", "Shift1[3]" });
        EpsilonBatchNorm.IndependentLawCount.ShouldBe(4);
        EpsilonBatchNorm.CountCertificate.ShouldBe("theorem:normalized-layer+theorem:path-incidence");
        IConservationModel model = new EpsilonBatchNorm();
        var rng = new Random(29);
        int d = model.ParameterCount, batch = 5;
        var theta = TestVectors.Uniform(d, rng);
        var x = TestVectors.Uniform(batch * 3, rng, 0.3);
        var y = TestVectors.Uniform(batch * 2, rng);
        var gradient = new double[d];
        var reference = new NormReference(
            new NormReference.Layer(3, 4, true, Normalization.BatchNorm, false, false, NormReference.Tanh, 1e-2),
            new NormReference.Layer(4, 2, false, Normalization.None, false, false, NormReference.Identity));
        var xs = NormReference.Rows(x, 3);
        var ys = NormReference.Rows(y, 2);
        EpsilonBatchNorm.ComputeLossAndGradient(theta, x, y, batch, Loss.MeanSquaredError, gradient).ShouldBe(reference.Loss(theta, xs, ys, Loss.MeanSquaredError), 1e-12);
        CentralDifferences.ShouldMatch(theta, gradient, t => reference.Loss(t, xs, ys, Loss.MeanSquaredError));
        for (int c = 0; c < 4; c++)
            Math.Abs(Enumerable.Range(0, 3).Sum(i => theta[c * 3 + i] * gradient[c * 3 + i])).ShouldBeGreaterThan(1e-6, $"⟨W1[{c},:], g⟩");

        var monitor = new ConservationMonitor(model, new Sgd(0.1));
        for (int step = 0; step < 20; step++)
        {
            EpsilonBatchNorm.ComputeLossAndGradient(theta, x, y, batch, Loss.MeanSquaredError, gradient);
            monitor.Step(theta, gradient);
        }

        monitor.ViolationCount.ShouldBe(0, monitor.Summary());
    }

    [Fact]
    public void BatchNorm_on_a_single_sample_without_epsilon_is_a_clear_error()
    {
        var theta = TestVectors.Uniform(BatchNormMlp.ParameterCount, 2);
        var outputs = new double[2];
        var error = Should.Throw<InvalidOperationException>(() => BatchNormMlp.Forward(theta, new[] { 0.1, 0.2, 0.3 }, 1, outputs));
        // The message names the layer as declared (not the runtime's block index) and asks for batches of 2 or more; it
        // does not offer NormEpsilon as a way out (one sample would then give n = 0, the layer's output β alone).
        error.Message.ShouldStartWith("Layer 'W2' is BatchNorm over a batch of one sample");
        error.Message.ShouldContain("batches of at least 2 samples");
        error.Message.ShouldNotContain("set NormEpsilon");
    }

    [Theory]
    [InlineData(nameof(BatchNormMlp))]
    [InlineData(nameof(LayerNormPair))]
    [InlineData(nameof(ResidualThenLayerNorm))]
    [InlineData(nameof(EpsilonBatchNorm))]
    public void The_real_models_gradient_fields_and_their_brackets_leave_exactly_the_certified_number_of_laws(string name)
    {
        // Each loss is one batch of 8 samples: BatchNorm's statistics over fewer (3) realise too few gradients, and the
        // real network then keeps more than the certified laws (24 instead of 17 measured at 3).
        const int batch = 8;
        if (name == nameof(BatchNormMlp))
            RealNetworkRank.ShouldLeave(BatchNormMlp.IndependentLawCount, BatchNormMlp.ParameterCount,
                (t, x, y, g) => BatchNormMlp.ComputeLossAndGradient(t, x, y, batch, Loss.MeanSquaredError, g), batch * BatchNormMlp.InputWidth, batch * BatchNormMlp.OutputWidth, seed: 43);
        else if (name == nameof(EpsilonBatchNorm))
        {
            // ε > 0: the dead biases only, no scale law (the real network agrees).
            RealNetworkRank.ShouldLeave(EpsilonBatchNorm.IndependentLawCount, EpsilonBatchNorm.ParameterCount,
                (t, x, y, g) => EpsilonBatchNorm.ComputeLossAndGradient(t, x, y, batch, Loss.MeanSquaredError, g), batch * EpsilonBatchNorm.InputWidth, batch * EpsilonBatchNorm.OutputWidth, seed: 79);
        }
        else if (name == nameof(ResidualThenLayerNorm))
        {
            ResidualThenLayerNorm.IndependentLawCount.ShouldBe(1 + 4 + 1);
            ResidualThenLayerNorm.CountCertificate.ShouldBe("theorem:normalized-layer+theorem:path-incidence");
            RealNetworkRank.ShouldLeave(ResidualThenLayerNorm.IndependentLawCount, ResidualThenLayerNorm.ParameterCount,
                (t, x, y, g) => ResidualThenLayerNorm.ComputeLossAndGradient(t, x, y, batch, Loss.MeanSquaredError, g), batch * ResidualThenLayerNorm.InputWidth, batch * ResidualThenLayerNorm.OutputWidth, seed: 59);
        }
        else
        {
            // LayerNorm's scale, 3 column sums and bias sum, and the affine's 5 balances with the head.
            LayerNormPair.IndependentLawCount.ShouldBe(5 + 5);
            RealNetworkRank.ShouldLeave(LayerNormPair.IndependentLawCount, LayerNormPair.ParameterCount,
                (t, x, y, g) => LayerNormPair.ComputeLossAndGradient(t, x, y, batch, Loss.MeanSquaredError, g), batch * LayerNormPair.InputWidth, batch * LayerNormPair.OutputWidth, seed: 47,
                adjust: t => Array.Fill(t, 0.5, LayerNormPair.S1Offset, 5)); // β = 0.5: every unit on for some samples (|n_c| reaches 1)
        }
    }

    [Fact]
    public void A_two_block_transformer_with_layer_norm_trains_under_the_monitor_with_every_law_kept()
    {
        // LayerNorm embedding (scale, 6 column sums, bias sum), 2 heads × (10 + 10) per attention block, one balance per
        // SwiGLU unit (12 per block), the LayerNorm projection between the blocks (scale, 8 column sums) and the final
        // one (scale, 8 column sums; its affine is behind GELU, the head after it alone).
        LayerNormTransformer.IndependentLawCount.ShouldBe(8 + 2 * 40 + 2 * 12 + 9 + 9);
        LayerNormTransformer.PolynomialLawCount.ShouldBe(LayerNormTransformer.IndependentLawCount);
        LayerNormTransformer.LawsAreComplete.ShouldBeTrue();
        LayerNormTransformer.CountCertificate.ShouldBe("theorem:attention-heads+theorem:normalized-layer+theorem:path-incidence");

        IConservationModel model = new LayerNormTransformer();
        var rng = new Random(37);
        int batch = 3, d = model.ParameterCount;
        var theta = TestVectors.Uniform(d, rng, 0.4);
        var inputs = TestVectors.Uniform(batch * LayerNormTransformer.InputWidth, rng);
        int rows = batch * 5;
        // Each token's class is the largest of its first three features: learnable token by token.
        int Label(int r) => Enumerable.Range(0, 3).OrderByDescending(c => inputs[r * 6 + c]).First();
        var targets = Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, 3).Select(c => c == Label(r) ? 1d : 0d)).ToArray();
        var gradient = new double[d];
        LayerNormTransformer.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.SoftmaxCrossEntropy, gradient);

        // Backpropagation through both blocks and the three LayerNorms agrees with central differences of the loss.
        var scratch = new double[d];
        CentralDifferences.ShouldMatch(theta, gradient, t => LayerNormTransformer.ComputeLossAndGradient(t, inputs, targets, batch, Loss.SoftmaxCrossEntropy, scratch), stride: 7);

        var along = LawChecks.Directional(model, theta, gradient);
        double scale = Math.Sqrt(LawChecks.Square(theta) * LawChecks.Square(gradient));
        for (int i = 0; i < along.Length; i++) Math.Abs(along[i]).ShouldBeLessThan(1e-12 * scale, model.LawNames[i]);

        var monitor = new ConservationMonitor(model, new Sgd(0.1));
        var laws = new double[model.LawCount];
        model.ComputeLaws(theta, laws);
        int columnSum = model.LawNames.ToList().IndexOf("Shift1[2]");
        double sum = laws[columnSum];
        double first = LayerNormTransformer.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.SoftmaxCrossEntropy, gradient), last = first;
        for (int step = 0; step < 100; step++)
        {
            last = LayerNormTransformer.ComputeLossAndGradient(theta, inputs, targets, batch, Loss.SoftmaxCrossEntropy, gradient);
            monitor.Step(theta, gradient);
        }

        monitor.ViolationCount.ShouldBe(0, monitor.Summary());
        last.ShouldBeLessThan(0.8 * first);
        model.ComputeLaws(theta, laws);
        laws[columnSum].ShouldBe(sum, 1e-12); // a linear law: exact at every step
        Enumerable.Range(0, 8).Sum(o => theta[LayerNormTransformer.EmbedOffset + o * 6 + 2]).ShouldBe(sum, 1e-12);
    }

    [Fact]
    public void A_head_reading_layer_norm_directly_keeps_more_laws_than_listed_and_its_count_is_not_certified()
    {
        // Listed: LayerNorm's scale, 3 column sums and bias sum, all exact. Not listed: the head's 2 row sums, which the
        // real network keeps because LayerNorm's values sum to 0 — so the engine certifies no count here.
        LayerNormReadLinearly.PolynomialLawCount.ShouldBe(5);
        LayerNormReadLinearly.IndependentLawCount.ShouldBe(-1);
        LayerNormReadLinearly.LawsAreComplete.ShouldBeFalse();
        var rng = new Random(61);
        var theta = TestVectors.Uniform(LayerNormReadLinearly.ParameterCount, rng);
        var gradient = new double[theta.Length];
        LayerNormReadLinearly.ComputeLossAndGradient(theta, TestVectors.Uniform(4 * 3, rng), TestVectors.Uniform(4 * 2, rng), 4, Loss.MeanSquaredError, gradient);
        for (int o = 0; o < 2; o++) Math.Abs(gradient.Skip(LayerNormReadLinearly.HeadOffset + 4 * o).Take(4).Sum()).ShouldBeLessThan(1e-15);
        RealNetworkRank.ShouldLeave(5 + 2, LayerNormReadLinearly.ParameterCount,
            (t, x, y, g) => LayerNormReadLinearly.ComputeLossAndGradient(t, x, y, 1, Loss.MeanSquaredError, g), LayerNormReadLinearly.InputWidth, LayerNormReadLinearly.OutputWidth, seed: 67);
    }
}
