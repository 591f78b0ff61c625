using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static ConservationCodegen.Analyzers.Tests.RuleRun;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>
/// One positive and one negative case per rule and message of the model graph: [Conv1d], [Conv2d], [Diagonal],
/// ResidualFrom, ActivationDegree, TrainableBeta and InputShape. Every expected diagnostic names its descriptor (the
/// message shape) and its arguments.
/// </summary>
public sealed class BlockRuleTests
{
    [Fact]
    public Task Well_formed_models_of_every_block_kind_have_no_diagnostic() => Run("""
        [ConservationModel(InputShape = new[] { 3, 8, 8 })]
        public partial class Net
        {
            [Conv2d(3, 4, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B1))] public double[,,,] K1 = new double[4, 3, 3, 3];
            public double[] B1 = new double[4];
            [Conv2d(4, 4, 3, 3, Padding = 1, Stride = 1, Activation = Activation.ReLU, ResidualFrom = nameof(K2))] public double[] K2 = new double[4 * 4 * 3 * 3];
            [Conv2d(4, 4, 3, 3, Padding = 1, Activation = Activation.ReLU, ResidualFrom = nameof(K2))] public double[,,,] K3 = new double[4, 4, 3, 3];
            [Dense(256, 8, Activation = Activation.Swish, TrainableBeta = nameof(Beta4), Bias = nameof(B4))] public double[,] W4 = new double[8, 256];
            public double[] B4 = new double[8];
            public double[] Beta4 = new double[8];
            [Diagonal(8, Activation = Activation.RePU, ActivationDegree = 3)] public double[] D5 = new double[8];
            [Dense(8, 8, Activation = Activation.Power, ActivationDegree = 2, ResidualFrom = nameof(D5))] public double[,] W6 = new double[8, 8];
            [Dense(8, 2)] public double[,] W7 = new double[2, 8];
        }

        [ConservationModel]
        public partial class Sequence
        {
            [Conv1d(2, 4, 3, Padding = 1, Activation = Activation.ReLU)] public float[,,] K1 = new float[4, 2, 3];
            [Conv1d(4, 4, 5, Padding = 2, ResidualFrom = nameof(K2))] public float[] K2 = new float[80];
            [Dense(12, 1)] public float[] W3 = new float[12];
        }

        [ConservationModel(InputShape = new[] { 3 })]
        public partial class Hadamard
        {
            [Dense(3, 3, Activation = Activation.Swish, TrainableBeta = nameof(Beta))] public double[,] W = new double[3, 3];
            public float[] Beta = new float[3];
            [Diagonal(3)] public double[] U = new double[3];
            [Diagonal(3)] public double[] V = new double[3];
        }
        """);

    [Fact]
    public Task A_model_of_diagonal_layers_only_has_layers() => Run("""
        [ConservationModel] public partial class M { [Diagonal(4)] public double[] U; [Diagonal(4)] public double[] V; }
        """);

    [Fact]
    public Task CCG0002_sizes_of_convolutions_and_diagonal_layers_must_be_positive() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Conv1d(0, 4, 3)|}] public double[,,] K1;
            [{|#1:Conv2d(4, -2, 3, 3)|}] public double[,,,] K2;
        }

        [ConservationModel] public partial class N { [{|#2:Diagonal(0)|}] public double[] D; }
        """,
        At(0, DiagnosticDescriptors.ChannelsNotPositive, "K1", "0", "4"),
        At(1, DiagnosticDescriptors.ChannelsNotPositive, "K2", "4", "-2"),
        At(2, DiagnosticDescriptors.DiagonalWidthNotPositive, "D", "0"));

    [Fact]
    public Task CCG0002_consecutive_convolutions_must_agree_on_channels() => Run("""
        [ConservationModel]
        public partial class M
        {
            [Conv1d(1, 4, 3)] public double[,,] K1;
            [{|#0:Conv1d(3, 4, 3)|}] public double[,,] K2;
            [Conv1d(4, 2, 3)] public double[,,] K3;
        }
        """,
        At(0, DiagnosticDescriptors.ChannelMismatch, "K2", "3", "K1", "4"));

    [Fact]
    public Task CCG0002_a_convolution_after_a_dense_or_diagonal_layer_is_not_supported() => Run("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[,] W1;
            [{|#0:Conv1d(4, 4, 1)|}] public double[,,] K2;
        }

        [ConservationModel]
        public partial class N
        {
            [Diagonal(4)] public double[] D1;
            [{|#1:Conv2d(4, 4, 1, 1)|}] public double[,,,] K2;
        }
        """,
        At(0, DiagnosticDescriptors.ConvolutionAfterFlat, "K2", "dense", "W1"),
        At(1, DiagnosticDescriptors.ConvolutionAfterFlat, "K2", "diagonal", "D1"));

    [Fact]
    public Task CCG0002_a_diagonal_layer_after_a_convolution_is_not_supported() => Run("""
        [ConservationModel]
        public partial class M
        {
            [Conv1d(1, 4, 3)] public double[,,] K1;
            [{|#0:Diagonal(4)|}] public double[] D2;
        }
        """,
        At(0, DiagnosticDescriptors.DiagonalAfterConvolution, "D2", "K1"));

    [Fact]
    public Task CCG0002_a_diagonal_layer_takes_the_previous_outputs() => Run("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[,] W1;
            [{|#0:Diagonal(5)|}] public double[] D2;
            [Diagonal(5)] public double[] D3;
            [{|#1:Dense(4, 1)|}] public double[,] W4;
        }
        """,
        At(0, DiagnosticDescriptors.WidthMismatch, "D2", "5", "W1", "4"),
        At(1, DiagnosticDescriptors.WidthMismatch, "W4", "4", "D3", "5"));

    [Fact]
    public Task CCG0002_a_dense_layer_after_a_convolution_reads_a_multiple_of_its_channels() => Run("""
        [ConservationModel]
        public partial class M
        {
            [Conv1d(1, 4, 3)] public double[,,] K1;
            [{|#0:Dense(10, 2)|}] public double[,] W2;
        }

        [ConservationModel]
        public partial class N
        {
            [Conv1d(1, 4, 3)] public double[,,] K1;
            [Dense(12, 2)] public double[,] W2;
        }
        """,
        At(0, DiagnosticDescriptors.DenseInputsNotMultipleOfChannels, "W2", "4", "K1", "10"));

    [Fact]
    public Task CCG0002_with_an_input_shape_a_dense_layer_reads_exactly_channels_times_positions() => Run("""
        [ConservationModel(InputShape = new[] { 1, 10 })]
        public partial class M
        {
            [Conv1d(1, 4, 3, Stride = 2)] public double[,,] K1;
            [{|#0:Dense(12, 2)|}] public double[,] W2;
        }

        [ConservationModel(InputShape = new[] { 3, 7, 5 })]
        public partial class N
        {
            [Conv2d(3, 2, 3, 1, Padding = 1, Stride = 2)] public double[,,,] K1;
            [{|#1:Dense(24, 2)|}] public double[,] W2;
        }
        """,
        // (10 − 3)/2 + 1 = 4 positions; N: ⌊(7 + 2 − 3)/2⌋ + 1 = 4 rows, ⌊(5 + 2 − 1)/2⌋ + 1 = 4 columns, 2·16 = 32 ≠ 24.
        At(0, DiagnosticDescriptors.DenseInputsDisagreeWithShape, "W2", "12", "K1", "4", "4", "16"),
        At(1, DiagnosticDescriptors.DenseInputsDisagreeWithShape, "W2", "24", "K1", "2", "16", "32"));

    [Fact]
    public Task CCG0002_a_residual_connection_names_this_or_an_earlier_layer() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(4, 4, ResidualFrom = "X9")|}] public double[,] W1;
            [{|#1:Dense(4, 4, ResidualFrom = nameof(W3))|}] public double[,] W2;
            [Dense(4, 4, ResidualFrom = nameof(W1))] public double[,] W3;
            [Dense(4, 4, ResidualFrom = nameof(W4))] public double[,] W4;
            public double[] Bias;
            [{|#2:Dense(4, 4, ResidualFrom = nameof(Bias))|}] public double[,] W5;
            [{|#3:Dense(4, 4, ResidualFrom = "w5")|}] public double[,] W6;
        }

        [ConservationModel]
        public partial class N
        {
            [{|#4:Dense(4, 4, ResidualFrom = "Hidden")|}] public double[,] Input;
            [Dense(4, 4)] public double[,] Hiden;
        }
        """,
        At(0, DiagnosticDescriptors.ResidualNotALayer, "W1", "X9", "M"),
        At(1, DiagnosticDescriptors.ResidualNamesLaterLayer, "W2", "W3"),
        At(2, DiagnosticDescriptors.ResidualNotALayer, "W5", "Bias", "M"),
        // "Did you mean" offers this layer or an earlier one only: Hiden comes after Input.
        At(3, DiagnosticDescriptors.ResidualNotALayerDidYouMean, "W6", "w5", "M", "W5"),
        At(4, DiagnosticDescriptors.ResidualNotALayer, "Input", "Hidden", "N"));

    [Fact]
    public Task CCG0002_a_residual_connection_joins_equal_widths() => Run("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[,] W1;
            [{|#0:Dense(4, 4, ResidualFrom = nameof(W1))|}] public double[,] W2;
            [Dense(4, 4, ResidualFrom = nameof(W2))] public double[,] W3;
        }
        """,
        At(0, DiagnosticDescriptors.ResidualWidthMismatch, "W2", "4", "W1", "3"));

    [Fact]
    public Task CCG0002_a_residual_connection_over_convolutions_keeps_the_spatial_size() => Run("""
        [ConservationModel(InputShape = new[] { 2, 8 })]
        public partial class Shaped
        {
            [Conv1d(2, 2, 3, Padding = 1)] public double[,,] K1;
            [{|#0:Conv1d(2, 2, 3, ResidualFrom = nameof(K1))|}] public double[,,] K2;
            [{|#2:Conv1d(2, 2, 3, Stride = 2, Padding = 3, ResidualFrom = nameof(K3))|}] public double[,,] K3;
        }

        [ConservationModel(InputShape = new[] { 4, 2 })]
        public partial class Flattened
        {
            [Conv1d(4, 4, 1)] public double[,,] K1;
            [{|#3:Dense(8, 4, ResidualFrom = nameof(K1))|}] public double[,] W2;
        }

        [ConservationModel]
        public partial class Unshaped
        {
            [Conv2d(2, 2, 3, 3, Padding = 1)] public double[,,,] K1;
            [{|#1:Conv2d(2, 2, 3, 1, Padding = 1, ResidualFrom = nameof(K1))|}] public double[,,,] K2;
        }

        [ConservationModel]
        public partial class FlattenedUnshaped
        {
            [Conv1d(4, 4, 1)] public double[,,] K1;
            [{|#4:Dense(4, 4, ResidualFrom = nameof(K1))|}] public double[,] W2;
        }
        """,
        // Shaped: 8 → 8 → 6 positions (K2 has no padding); K3 maps 6 to ⌊(6 + 6 − 3)/2⌋ + 1 = 5.
        At(0, DiagnosticDescriptors.ResidualSpatialMismatch, "K2", "6", "K1", "8"),
        At(2, DiagnosticDescriptors.ResidualSpatialMismatch, "K3", "5", "K3", "6"),
        At(3, DiagnosticDescriptors.ResidualEndsAfterFlattening, "W2", "K1", "2", "K1"),
        At(1, DiagnosticDescriptors.ResidualMayChangeSize, "K2", "K2"),
        At(4, DiagnosticDescriptors.ResidualEndsAfterFlatteningNoShape, "W2", "K1", "K1"));

    [Fact]
    public Task CCG0003_each_kind_names_the_types_its_member_may_have() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Conv1d(1, 2, 3)|}] public double[,] K1;
            [{|#1:Conv2d(2, 2, 3, 3)|}] public double[,,] K2;
        }

        [ConservationModel]
        public partial class N
        {
            [{|#2:Diagonal(2)|}] public double[,] D3;
            [Dense(2, 2)] public double[,] W4;
        }
        """,
        At(0, DiagnosticDescriptors.UnsupportedLayerTypeOf, "K1", "double[*,*]", "Conv1d", "double[,,], float[,,], double[] or float[]"),
        At(1, DiagnosticDescriptors.UnsupportedLayerTypeOf, "K2", "double[*,*,*]", "Conv2d", "double[,,,], float[,,,], double[] or float[]"),
        At(2, DiagnosticDescriptors.UnsupportedLayerTypeOf, "D3", "double[*,*]", "Diagonal", "double[] or float[]"));

    [Fact]
    public Task CCG0003_a_member_has_one_role() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(2, 2, Activation = Activation.Swish, Bias = nameof(B), TrainableBeta = nameof(B))|}] public double[,] W1;
            public double[] B = new double[2];
            [Dense(2, 2, Activation = Activation.Swish, TrainableBeta = nameof(Beta))] public double[,] W2;
            public double[] Beta = new double[2];
            [{|#1:Diagonal(2, Activation = Activation.Swish, TrainableBeta = nameof(Beta))|}] public double[] D3;
            [{|#2:Diagonal(2, Bias = nameof(D3))|}] public double[] D4;
        }
        """,
        At(0, DiagnosticDescriptors.SharedMember, "B", "bias", "W1", "TrainableBeta", "W1"),
        At(1, DiagnosticDescriptors.SharedMember, "Beta", "TrainableBeta", "W2", "TrainableBeta", "D3"),
        At(2, DiagnosticDescriptors.WeightAsCompanion, "D3", "Diagonal", "bias", "D4"));

    [Fact]
    public Task CCG0004_the_trainable_beta_member_must_exist_be_a_vector_and_have_one_entry_per_unit() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Activation = Activation.Swish, TrainableBeta = "Beta9")|}] public float[,] W1;
            [{|#1:Dense(4, 4, Activation = Activation.Swish, TrainableBeta = "beta2")|}] public double[,] W2;
            public double[] Beta2 = new double[4];
            [{|#2:Dense(4, 4, Activation = Activation.Swish, TrainableBeta = nameof(Beta3))|}] public double[,] W3;
            public double[,] Beta3;
        }

        [ConservationModel]
        public partial class N
        {
            [{|#3:Conv1d(4, 5, 1, Activation = Activation.Swish, TrainableBeta = nameof(Beta4))|}] public double[,,] K4;
            public double[] Beta4 = {|#4:new double[4]|};
        }
        """,
        At(0, DiagnosticDescriptors.MemberMissing, "TrainableBeta", "Beta9", "W1", "public float[] Beta9 = new float[4];"),
        At(1, DiagnosticDescriptors.MemberMissingDidYouMean, "TrainableBeta", "beta2", "W2", "Beta2"),
        At(2, DiagnosticDescriptors.MemberWrongType, "TrainableBeta", "Beta3", "W3", "double[*,*]", "4"),
        At(3, DiagnosticDescriptors.MemberWrongLength, "TrainableBeta", "Beta4", "K4", "4", "5").WithLocation(4));

    [Fact]
    public Task CCG0004_a_convolution_has_one_bias_per_output_channel() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Conv2d(3, 8, 3, 3, Bias = "B1")|}] public float[,,,] K1;
            [{|#1:Conv2d(8, 8, 3, 3, Bias = nameof(B2))|}] public float[,,,] K2;
            public float[] B2 = {|#2:new float[3]|};
        }
        """,
        At(0, DiagnosticDescriptors.MemberMissing, "bias", "B1", "K1", "public float[] B1 = new float[8];"),
        At(1, DiagnosticDescriptors.MemberWrongLength, "bias", "B2", "K2", "3", "8").WithLocation(2));

    [Fact]
    public Task CCG0005_convolution_and_diagonal_initializers() => Run("""
        [ConservationModel]
        public partial class M
        {
            [Conv1d(2, 4, 3)] public double[,,] K1 = {|#0:new double[2, 4, 3]|};
            [Conv1d(4, 4, 3)] public double[] K2 = {|#1:new double[4 * 3]|};
            [Conv1d(4, 4, 3)] public double[,,] K3 = new double[4, 4, 3];
        }

        [ConservationModel]
        public partial class N
        {
            [Conv2d(3, 8, 5, 3)] public float[,,,] K1 = {|#2:new float[8, 3, 3, 5]|};
            [Conv2d(8, 2, 1, 1)] public float[] K2 = {|#3:new float[8 * 2 * 2]|};
            [Dense(2, 4)] public float[] W3 = new float[8];
            [Diagonal(4)] public float[] D4 = {|#4:new float[5]|};
        }
        """,
        At(0, DiagnosticDescriptors.InitializerShapeOf, "K1", "[2, 4, 3]", "Conv1d(2, 4, 3)", "4, 2, 3", "[outChannels, inChannels, kernelSize]"),
        At(1, DiagnosticDescriptors.InitializerShapeOf, "K2", "[12]", "Conv1d(4, 4, 3)", "48", "row-major [outChannels, inChannels, kernelSize]"),
        At(2, DiagnosticDescriptors.InitializerShapeOf, "K1", "[8, 3, 3, 5]", "Conv2d(3, 8, 5, 3)", "8, 3, 5, 3", "[outChannels, inChannels, kernelHeight, kernelWidth]"),
        At(3, DiagnosticDescriptors.InitializerShapeOf, "K2", "[32]", "Conv2d(8, 2, 1, 1)", "16", "row-major [outChannels, inChannels, kernelHeight, kernelWidth]"),
        At(4, DiagnosticDescriptors.InitializerShapeOf, "D4", "[5]", "Diagonal(4)", "4", "one weight per unit"));

    [Fact]
    public Task CCG0006_a_fixed_beta_swish_cuts_the_model_but_trainable_beta_repu_and_power_do_not() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Activation = Activation.Swish)|}] public double[,] W1;
            [Dense(4, 4, Activation = Activation.Swish, TrainableBeta = nameof(Beta2))] public double[,] W2;
            public double[] Beta2 = new double[4];
            [Dense(4, 4, Activation = Activation.RePU, ActivationDegree = 2)] public double[,] W3;
            [Diagonal(4, Activation = Activation.Power, ActivationDegree = 3)] public double[] D4;
            [{|#1:Conv1d(4, 4, 1, Activation = Activation.Tanh)|}] public double[,,] K5;
            [Dense(4, 1)] public double[,] W6;
        }
        """,
        At(0, DiagnosticDescriptors.CutByFixedSwish, "W1", "W2"),
        At(1, DiagnosticDescriptors.CutBy, "Tanh", "K5", "W6"),
        new DiagnosticResult(DiagnosticDescriptors.ConvolutionAfterFlat).WithLocation(1).WithArguments("K5", "diagonal", "D4"));

    [Fact]
    public Task CCG0007_kernel_stride_and_padding_ranges() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Conv1d(1, 2, 0)|}] public double[,,] K1;
            [{|#1:Conv2d(2, 2, 3, -1, Stride = 0, Padding = -1)|}] public double[,,,] K2;
            [{|#2:Conv2d(2, 2, 2048, 1024)|}] public double[] K3;
            [Conv2d(2, 2, 1024, 1024, Stride = 3, Padding = 7)] public double[] K4;
        }
        """,
        At(0, DiagnosticDescriptors.KernelOutOfRange, "K1", "0", "1048576"),
        At(1, DiagnosticDescriptors.KernelOutOfRange, "K2", "3×-1", "1048576"),
        At(1, DiagnosticDescriptors.StrideOutOfRange, "K2", "0"),
        At(1, DiagnosticDescriptors.PaddingOutOfRange, "K2", "-1"),
        At(2, DiagnosticDescriptors.KernelOutOfRange, "K3", "2048×1024", "1048576"));

    [Fact]
    public Task CCG0007_activation_degree_and_trainable_beta_belong_to_their_activations() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Activation = Activation.RePU)|}] public double[,] W1;
            [{|#1:Dense(4, 4, Activation = Activation.Power, ActivationDegree = 1)|}] public double[,] W2;
            [{|#2:Dense(4, 4, Activation = Activation.ReLU, ActivationDegree = 2)|}] public double[,] W3;
            [{|#3:Diagonal(4, Activation = Activation.Tanh, TrainableBeta = nameof(Beta4))|}] public double[] D4;
            public double[] Beta4 = new double[4];
            [Dense(4, 1, Activation = Activation.RePU, ActivationDegree = 4)] public double[,] W5;
        }
        """,
        At(0, DiagnosticDescriptors.DegreeTooSmall, "W1", "RePU", "1"),
        At(1, DiagnosticDescriptors.DegreeTooSmall, "W2", "Power", "1"),
        At(2, DiagnosticDescriptors.DegreeWithoutPower, "W3", "2"),
        At(3, DiagnosticDescriptors.BetaWithoutSwish, "D4"),
        At(3, DiagnosticDescriptors.CutBy, "Tanh", "D4", "W5"));

    [Fact]
    public Task CCG0007_a_model_with_attention_takes_tokens_and_features() => Run("""
        [{|#0:ConservationModel(InputShape = new[] { 3 })|}]
        public partial class NoTokens
        {
            [SelfAttention(3, 1, 2, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO))] public double[,] WQ = new double[2, 3];
            public double[,] WK = new double[2, 3];
            public double[,] WV = new double[2, 3];
            public double[,] WO = new double[3, 2];
        }

        [ConservationModel(InputShape = new[] { 5, 3 })]
        public partial class Fine
        {
            [SelfAttention(3, 1, 2, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO))] public double[,] WQ = new double[2, 3];
            public double[,] WK = new double[2, 3];
            public double[,] WV = new double[2, 3];
            public double[,] WO = new double[3, 2];
        }
        """,
        At(0, DiagnosticDescriptors.InputShapeOfSequence, "NoTokens", "{ 3 }", "3"));

    [Fact]
    public Task CCG0005_attention_members_are_created_with_the_attention_shapes() => Run("""
        [ConservationModel(InputShape = new[] { 5, 16 })]
        public partial class Wrong
        {
            [SelfAttention(16, 2, 4, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO))] public double[,] WQ = {|#0:new double[16, 16]|};
            public double[,] WK = {|#1:new double[16, 8]|};
            public float[] WV = {|#2:new float[16 * 16]|};
            public double[,] WO = {|#3:new double[8, 16]|};
        }

        [ConservationModel(InputShape = new[] { 5, 16 })]
        public partial class Jagged
        {
            [SelfAttention(16, 2, 4, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO))] public double[][] WQ = new double[8][];
            public double[][] WK = new double[8][];
            public double[] WV = new double[8 * 16];
            public double[][] WO = {|#4:new double[8][]|};
        }
        """,
        At(0, DiagnosticDescriptors.InitializerShapeOf, "WQ", "[16, 16]", "SelfAttention(16, 2, 4)", "8, 16", "[heads·headDim, modelDim]"),
        At(1, DiagnosticDescriptors.InitializerShapeOf, "WK", "[16, 8]", "SelfAttention(16, 2, 4)", "8, 16", "[heads·headDim, modelDim]"),
        At(2, DiagnosticDescriptors.InitializerShapeOf, "WV", "[256]", "SelfAttention(16, 2, 4)", "128", "row-major [heads·headDim, modelDim]"),
        At(3, DiagnosticDescriptors.InitializerShapeOf, "WO", "[8, 16]", "SelfAttention(16, 2, 4)", "16, 8", "[modelDim, heads·headDim]"),
        At(4, DiagnosticDescriptors.InitializerShapeOf, "WO", "[8]", "SelfAttention(16, 2, 4)", "16][8", "[modelDim][heads·headDim]"));

    [Fact]
    public Task CCG0007_a_normalisation_is_defined_on_a_dense_or_convolution_and_its_affine_needs_it() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Normalization = (Normalization)7)|}] public double[,] W1;
            [{|#1:Diagonal(4, Normalization = Normalization.BatchNorm)|}] public double[] D2;
            [{|#2:Dense(4, 4, NormScale = nameof(G3))|}] public double[,] W3;
            public double[] G3 = new double[4];
            [{|#3:Dense(4, 4, Normalization = Normalization.LayerNorm, NormShift = nameof(S4))|}] public double[,] W4;
            public double[] S4 = new double[4];
            [{|#4:Dense(4, 1, Normalization = Normalization.LayerNorm)|}] public double[,] W5;
        }
        """,
        At(0, DiagnosticDescriptors.UndefinedNormalization, "W1", "7", "None, BatchNorm, LayerNorm, RmsNorm"),
        At(1, DiagnosticDescriptors.NormalizationNotTaken, "D2", "Diagonal"),
        At(2, DiagnosticDescriptors.NormAffineWithoutNormalization, "W3", "NormScale"),
        At(3, DiagnosticDescriptors.NormShiftWithoutScale, "W4"),
        At(4, DiagnosticDescriptors.LayerNormSingleOutput, "W5"));

    [Fact]
    public Task CCG0007_gated_linear_units_and_attention_blocks_take_no_normalisation() => Run("""
        [ConservationModel]
        public partial class Gated
        {
            [{|#0:GatedLinearUnit(4, 8, Up = nameof(U1), Normalization = Normalization.RmsNorm)|}] public double[,] G1 = new double[8, 4];
            public double[,] U1 = new double[8, 4];
            [Dense(8, 2)] public double[,] W2 = new double[2, 8];
        }

        [ConservationModel(InputShape = new[] { 5, 8 })]
        public partial class Attended
        {
            [{|#1:SelfAttention(8, 2, 4, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO), Normalization = Normalization.LayerNorm)|}] public double[,] WQ = new double[8, 8];
            public double[,] WK = new double[8, 8];
            public double[,] WV = new double[8, 8];
            public double[,] WO = new double[8, 8];
        }
        """,
        At(0, DiagnosticDescriptors.NormalizationNotTaken, "G1", "GatedLinearUnit"),
        At(1, DiagnosticDescriptors.NormalizationNotTaken, "WQ", "SelfAttention"));

    [Fact]
    public Task A_valid_normalisation_has_no_analyzer_diagnostic() => Run("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Bias = nameof(B1), Normalization = Normalization.BatchNorm, NormScale = nameof(G1), NormShift = nameof(S1), Activation = Activation.ReLU)] public double[,] W1;
            public double[] B1 = new double[4], G1 = new double[4], S1 = new double[4];
            [Dense(4, 2, Normalization = Normalization.RmsNorm)] public double[,] W2;
        }
        """);

    [Fact]
    public Task CCG0007_the_input_shape_fits_the_first_layer() => Run("""
        [{|#0:ConservationModel(InputShape = new[] { 3, 8 })|}]
        public partial class Dense1 { [Dense(3, 4)] public double[,] W1; }

        [{|#1:ConservationModel(InputShape = new[] { 3, 0, 8 })|}]
        public partial class Zero { [Conv2d(3, 4, 3, 3)] public double[,,,] K1; }

        [{|#2:ConservationModel(InputShape = new[] { 3, 8 })|}]
        public partial class Rank { [Conv2d(3, 4, 3, 3)] public double[,,,] K1; }

        [{|#3:ConservationModel(InputShape = new[] { 2, 8 })|}]
        public partial class Channels { [Conv1d(3, 4, 3)] public double[,,] K1; }

        [ConservationModel(InputShape = new[] { 3, 8 })]
        public partial class Mixed { [Conv1d(3, 4, 3)] public double[,,] K1; [{|#4:Conv2d(4, 4, 1, 1)|}] public double[,,,] K2; }

        [ConservationModel(InputShape = new[] { 1, 4, 4 })]
        public partial class Small { [Conv2d(1, 2, 3, 3)] public double[,,,] K1; [{|#5:Conv2d(2, 2, 3, 3, Padding = 0)|}] public double[,,,] K2; }

        [ConservationModel(InputShape = new[] { 1, 2 })]
        public partial class Strided { [{|#6:Conv1d(1, 1, 3, Stride = 2)|}] public double[,,] K1; }

        [ConservationModel(InputShape = new[] { 1, 2 })]
        public partial class Padded { [Conv1d(1, 1, 3, Stride = 2, Padding = 1)] public double[,,] K1; }
        """,
        At(0, DiagnosticDescriptors.InputShapeWithoutConvolution, "Dense1", "{ 3, 8 }", "3"),
        At(1, DiagnosticDescriptors.InputShapeNotPositive, "Zero", "{ 3, 0, 8 }"),
        At(2, DiagnosticDescriptors.InputShapeRank, "Rank", "{ 3, 8 }", "2", "{ channels, height, width }"),
        At(3, DiagnosticDescriptors.InputShapeChannels, "Channels", "2", "K1", "3"),
        At(4, DiagnosticDescriptors.InputShapeMixedConvolutions, "K2", "2", "1"),
        At(5, DiagnosticDescriptors.KernelExceedsInput, "K2", "3×3", "2×2"),
        At(6, DiagnosticDescriptors.KernelExceedsInput, "K1", "3", "2"));
}
