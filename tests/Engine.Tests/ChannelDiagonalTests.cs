using System;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// A diagonal layer after a convolution (the engine's model of a normalised convolution's affine γ ⊙ n + β): channel c
/// to channel c with one weight and one bias shared by every position, so the positions pass through it and what
/// follows reads it as it would read the convolution. Shapes, spatial sizes and validation against hand-computed
/// values; the affine's balances against their closed forms.
/// </summary>
public sealed class ChannelDiagonalTests
{
    private static ConvolutionSpec Conv2(int cin, int cout, int k, int stride = 1, int padding = 0, bool bias = false, NormalizationKind norm = NormalizationKind.None) =>
        new(2, cin, cout, k, k, stride, padding) { HasBias = bias, Normalization = norm };

    private static ConvolutionSpec Conv1(int cin, int cout, int k, int stride = 1, ActivationKind act = ActivationKind.Identity) =>
        new(1, cin, cout, 1, k, stride) { Activation = act };

    private static DiagonalSpec Affine(int channels) => new(channels) { HasBias = true, Activation = ActivationKind.ReLU };

    // 1×6×6 → BatchNorm conv 3×3 (2 channels of 4×4) → affine → ReLU conv 2×2 stride 2 (3 channels of 2×2) → dense 12 → 2.
    private static ModelDescription ConvAffineConv(int denseInputs = 12) => new(new BlockSpec[]
    {
        Conv2(1, 2, 3, norm: NormalizationKind.BatchNorm), Affine(2), Conv2(2, 3, 2, stride: 2, bias: true) with { Activation = ActivationKind.ReLU },
        new LayerSpec(denseInputs, 2, ActivationKind.Identity, true),
    }, new[] { 1, 6, 6 });

    // 1×5×5 → LayerNorm conv 3×3 with padding 1 (3 channels of 5×5) → affine → dense 75 → 4.
    private static ModelDescription ConvAffineDense(int denseInputs = 75, int affineWidth = 3) => new(new BlockSpec[]
    {
        Conv2(1, 3, 3, padding: 1, bias: true, norm: NormalizationKind.LayerNorm), Affine(affineWidth), new LayerSpec(denseInputs, 4, ActivationKind.Identity, false),
    }, new[] { 1, 5, 5 });

    [Fact]
    public void The_positions_pass_through_the_diagonal_layer_and_what_follows_reads_the_convolutions_channels()
    {
        var model = ConvAffineConv();
        model.Validate().ShouldBeEmpty();
        model.Shapes[1].ShouldBe(new LayerShape(2, 2, 1, Diagonal: true));
        model.Shapes[2].ShouldBe(new LayerShape(2, 3, 4));
        model.Shapes[3].ShouldBe(new LayerShape(3, 2, 4)); // 3 channels with 2·2 positions each
        (model.SpatialSizeAfter(0), model.SpatialSizeAfter(1), model.SpatialSizeAfter(2), model.SpatialSizeAfter(3)).ShouldBe((16L, 16L, 4L, (long?)null));
        model.ChannelSource(1).ShouldBeSameAs(model.Layers[0]);
        model.ChannelSource(2).ShouldBeSameAs(model.Layers[2]);
        model.ChannelSource(3).ShouldBeNull();

        var dense = ConvAffineDense();
        dense.Validate().ShouldBeEmpty();
        dense.Shapes[2].ShouldBe(new LayerShape(3, 4, 25)); // 3 channels × 25 taps, as after the convolution itself
        dense.SpatialSizeAfter(1).ShouldBe(25L);

        // A diagonal layer that does not follow a convolution stays a plain one: what reads it sees its units.
        var plain = new ModelDescription(new BlockSpec[] { new LayerSpec(3, 4, ActivationKind.Identity, false), Affine(4), new LayerSpec(4, 2, ActivationKind.Identity, false) });
        plain.ChannelSource(1).ShouldBeNull();
        plain.Shapes[2].ShouldBe(new LayerShape(4, 2));
    }

    [Fact]
    public void Sizes_that_disagree_around_the_diagonal_layer_are_clear_errors()
    {
        // The dense layer reads 3 channels × 25 positions: 74 is no multiple of 3, and 72 is one but not 75.
        var notMultiple = ConvAffineDense(denseInputs: 74).Validate().Single();
        notMultiple.Kind.ShouldBe(ModelErrorKind.WidthMismatch);
        notMultiple.Message.ShouldBe("Layer 3 reads the 3 channels of layer 2 flattened channel by channel, so its 74 inputs must be a multiple of 3.");
        var wrongPositions = ConvAffineDense(denseInputs: 72).Validate().Single();
        wrongPositions.Kind.ShouldBe(ModelErrorKind.WidthMismatch);
        wrongPositions.Message.ShouldBe("Layer 2 outputs 3 channels of 25 positions each for the declared input shape, 75 values, but layer 3 has 72 inputs; they must agree.");
        var narrow = ConvAffineDense(affineWidth: 2).Validate().First();
        narrow.Kind.ShouldBe(ModelErrorKind.WidthMismatch);
        narrow.LayerIndex.ShouldBe(1);

        // A convolution after a diagonal layer that follows no convolution has no channels to read.
        var noChannels = new ModelDescription(new BlockSpec[] { Affine(2), Conv1(2, 1, 2) }).Validate().Single();
        noChannels.Kind.ShouldBe(ModelErrorKind.UnsupportedOrder);
        noChannels.Message.ShouldBe("Layer 2 is a convolution after a diagonal layer; convolutions must come first (a diagonal layer has no channels).");
        var gated = new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2), Affine(2), new GatedLinearUnitSpec(2, 2, ActivationKind.Swish), new LayerSpec(2, 1, ActivationKind.Identity, false) })
            .Validate().First();
        gated.Kind.ShouldBe(ModelErrorKind.UnsupportedOrder);
        gated.Message.ShouldBe("Layer 3 is a gated linear unit after a convolution; put a dense layer between them.");

        // The declared shape is checked through the diagonal layer: a 2-D convolution after a 1-D one, a kernel too long.
        var mixed = new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2), Affine(2), Conv2(2, 1, 2) }, new[] { 1, 5 }).Validate().Single();
        mixed.Kind.ShouldBe(ModelErrorKind.InvalidShape);
        mixed.Message.ShouldBe("Layer 3 is a 2-D convolution after a 1-D one.");
        var tooLong = new ModelDescription(new BlockSpec[] { Conv1(1, 2, 2), Affine(2), Conv1(2, 1, 5) }, new[] { 1, 5 }).Validate().Single();
        tooLong.Kind.ShouldBe(ModelErrorKind.InvalidShape);
        tooLong.Message.ShouldBe("Layer 3's kernel is larger than its padded input: no output position is left.");
    }

    [Fact]
    public void The_affine_balances_are_gamma_squared_plus_beta_squared_minus_the_next_layers_channel_entries()
    {
        var model = ConvAffineConv();
        var result = TestModels.Analyze(model);
        result.Status.ShouldBe(AnalysisStatus.Completed, result.Message);
        // θ: K1 [2,1,3,3] at 0, γ at 18, β at 20, K3 [3,2,2,2] at 22, b3 at 46, W4 [2,12] at 49, b4 at 73.
        model.ParameterCount.ShouldBe(75);
        var theta = TestModels.RandomTheta(model.ParameterCount, new Random(3));
        for (int c = 0; c < 2; c++)
        {
            var law = result.Laws.Single(l => l.Name == $"Hidden2[{c}]");
            law.Formula.ShouldBe($"W2[{c}]^2 + b2[{c}]^2 - |W3[:,{c},:,:]|^2");
            double column = Enumerable.Range(0, 3).SelectMany(o => Enumerable.Range(0, 4).Select(p => theta[22 + (o * 2 + c) * 4 + p])).Sum(v => v * v);
            law.Evaluate(theta).ShouldBe(theta[18 + c] * theta[18 + c] + theta[20 + c] * theta[20 + c] - column, 1e-12);
        }

        // The ReLU channels of K3 against the dense head's 4 columns per channel.
        var head = result.Laws.Single(l => l.Name == "Hidden3[1]");
        head.Formula.ShouldBe("|W3[1,:,:,:]|^2 + b3[1]^2 - |W4[:,4:8]|^2");
        // BatchNorm's two channel scales, the 2 affine balances, 3 balances of K3: certified.
        result.IndependentLawCount.ShouldBe(2 + 2 + 3);
        result.Complete.ShouldBeTrue();
        result.Certificate.ShouldBe("theorem:normalized-layer+theorem:path-incidence");

        var dense = TestModels.Analyze(ConvAffineDense());
        dense.Laws.Single(l => l.Name == "Hidden2[2]").Formula.ShouldBe("W2[2]^2 + b2[2]^2 - |W3[:,50:75]|^2");
        // LayerNorm: the scale, 9 column sums and the bias sum; then one balance per affine channel.
        dense.IndependentLawCount.ShouldBe(1 + 9 + 1 + 3);
        dense.Complete.ShouldBeTrue();

        // Without an activation on the affine, the dense layer reads values centred over the channels at every position
        // (through γ): its laws stay listed, its count is not claimed.
        var centred = ConvAffineDense();
        centred = new ModelDescription(new BlockSpec[] { centred.Layers[0], centred.Layers[1] with { Activation = ActivationKind.Identity }, centred.Layers[2] }, centred.InputShape);
        var linear = TestModels.Analyze(centred);
        linear.Status.ShouldBe(AnalysisStatus.Completed, linear.Message);
        linear.IndependentLawCount.ShouldBeNull();
        linear.Notes.ShouldContain(n => n.Contains("it reads the LayerNorm output of layer 1 through its affine (layer 2) with no activation"));
    }
}
