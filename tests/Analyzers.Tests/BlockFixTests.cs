using System.Threading.Tasks;
using ConservationCodegen.CodeFixes;
using Xunit;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>The code fixes on the diagnostics of convolutions, diagonal layers and trainable β, one by one and through Fix All.</summary>
public sealed class BlockFixTests
{
    [Fact]
    public Task Input_channels_and_dense_inputs_take_what_the_previous_layer_outputs() => new FixTest<ModelRulesAnalyzer, MatchPreviousOutputsFix>("""
        [ConservationModel(InputShape = new[] { 2, 10 })]
        public partial class M
        {
            [Conv1d(2, 4, 3)] public double[,,] K1;
            [{|CCG0002:Conv1d(3, 4, 3, Stride = 2)|}] public double[,,] K2;
            [{|CCG0002:Dense(16, 3)|}] public double[,] W3;
            [{|CCG0002:Diagonal(2)|}] public double[] D4;
        }
        """, """
        [ConservationModel(InputShape = new[] { 2, 10 })]
        public partial class M
        {
            [Conv1d(2, 4, 3)] public double[,,] K1;
            [Conv1d(4, 4, 3, Stride = 2)] public double[,,] K2;
            [Dense(12, 3)] public double[,] W3;
            [Diagonal(3)] public double[] D4;
        }
        """).RunAsync();

    [Fact]
    public Task A_missing_trainable_beta_is_added_as_an_array_with_one_entry_per_unit() => new FixTest<ModelRulesAnalyzer, AddBiasMemberFix>("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0004:Conv2d(3, 8, 3, 3, Activation = Activation.Swish, TrainableBeta = "Beta1")|}]
            public float[,,,] K1;
            [{|#0:Dense(8, 2, Activation = Activation.Swish, TrainableBeta = "Beta2", Bias = "B2")|}]
            public double[,] W2;
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Conv2d(3, 8, 3, 3, Activation = Activation.Swish, TrainableBeta = "Beta1")]
            public float[,,,] K1;
            public float[] Beta1 = new float[8];
            [Dense(8, 2, Activation = Activation.Swish, TrainableBeta = "Beta2", Bias = "B2")]
            public double[,] W2;
            public double[] B2 = new double[2];
            public double[] Beta2 = new double[2];
        }
        """)
    {
        // W2's bias and β are both missing: one diagnostic each, and the second is fixed in a second pass.
        TestState =
        {
            ExpectedDiagnostics =
            {
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.MemberMissing).WithLocation(0).WithArguments("TrainableBeta", "Beta2", "W2", "public double[] Beta2 = new double[2];"),
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.MemberMissing).WithLocation(0).WithArguments("bias", "B2", "W2", "public double[] B2 = new double[2];"),
            },
        },
        NumberOfIncrementalIterations = 3,
        NumberOfFixAllIterations = 1,
    }.RunAsync();

    [Fact]
    public Task A_misspelt_trainable_beta_takes_the_member_it_means_and_a_short_one_is_resized() => new FixTest<ModelRulesAnalyzer, AddBiasMemberFix>("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0004:Dense(3, 4, Activation = Activation.Swish, Bias = nameof(B1), TrainableBeta = "beta1")|}]
            public double[,] W1;
            public double[] B1 = new double[4];
            public double[] Beta1 = new double[4];
            [{|CCG0004:Diagonal(4, Activation = Activation.Swish, TrainableBeta = nameof(Beta2))|}]
            public double[] D2;
            public double[] Beta2 = new double[3];
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Activation = Activation.Swish, Bias = nameof(B1), TrainableBeta = nameof(Beta1))]
            public double[,] W1;
            public double[] B1 = new double[4];
            public double[] Beta1 = new double[4];
            [Diagonal(4, Activation = Activation.Swish, TrainableBeta = nameof(Beta2))]
            public double[] D2;
            public double[] Beta2 = new double[4];
        }
        """).RunAsync();

    [Fact]
    public Task Attention_initializers_are_created_with_the_attention_shapes() => new FixTest<ModelRulesAnalyzer, FixInitializerShapeFix>("""
        [ConservationModel(InputShape = new[] { 5, 16 })]
        public partial class M
        {
            [SelfAttention(16, 2, 4, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO))] public double[,] WQ = {|CCG0005:new double[16, 8]|};
            public double[,] WK = new double[8, 16];
            public double[] WV = {|CCG0005:new double[16 * 16]|};
            public double[,] WO = {|CCG0005:new double[8, 16]|};
        }
        """, """
        [ConservationModel(InputShape = new[] { 5, 16 })]
        public partial class M
        {
            [SelfAttention(16, 2, 4, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO))] public double[,] WQ = new double[8, 16];
            public double[,] WK = new double[8, 16];
            public double[] WV = new double[128];
            public double[,] WO = new double[16, 8];
        }
        """).RunAsync();

    [Fact]
    public Task Convolution_and_diagonal_initializers_are_created_with_the_attribute_shape() => new FixTest<ModelRulesAnalyzer, FixInitializerShapeFix>("""
        [ConservationModel]
        public partial class M
        {
            [Conv1d(2, 4, 3)] public double[,,] K1 = {|CCG0005:new double[2, 4, 3]|};
            [Conv1d(4, 4, 3)] public double[] K2 = {|CCG0005:new double[4 * 3]|};
        }

        [ConservationModel]
        public partial class N
        {
            [Conv2d(3, 8, 5, 3)] public float[,,,] K1 = {|CCG0005:new float[8, 3, 3, 5]|};
            [Conv2d(8, 2, 1, 1)] public float[] K2 = {|CCG0005:new float[8 * 2 * 2]|};
            [Dense(2, 4)] public float[] W3 = new float[8];
            [Diagonal(4)] public float[] D4 = {|CCG0005:new float[5]|};
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Conv1d(2, 4, 3)] public double[,,] K1 = new double[4, 2, 3];
            [Conv1d(4, 4, 3)] public double[] K2 = new double[48];
        }

        [ConservationModel]
        public partial class N
        {
            [Conv2d(3, 8, 5, 3)] public float[,,,] K1 = new float[8, 3, 5, 3];
            [Conv2d(8, 2, 1, 1)] public float[] K2 = new float[16];
            [Dense(2, 4)] public float[] W3 = new float[8];
            [Diagonal(4)] public float[] D4 = new float[4];
        }
        """).RunAsync();

    [Fact]
    public Task A_misspelt_residual_source_takes_the_layer_it_means() => new FixTest<ModelRulesAnalyzer, MatchPreviousOutputsFix>("""
        [ConservationModel]
        public partial class M
        {
            [Dense(4, 4, Activation = Activation.ReLU)] public double[,] Hidden1;
            [{|CCG0002:Dense(4, 4, ResidualFrom = "hidden1")|}] public double[,] Hidden2;
            [{|CCG0002:Dense(4, 4, ResidualFrom = "Hiden3")|}] public double[,] Hidden3;
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(4, 4, Activation = Activation.ReLU)] public double[,] Hidden1;
            [Dense(4, 4, ResidualFrom = nameof(Hidden1))] public double[,] Hidden2;
            [Dense(4, 4, ResidualFrom = nameof(Hidden3))] public double[,] Hidden3;
        }
        """).RunAsync();

    [Fact]
    public Task Activation_degrees_are_set_to_two_or_removed() => new FixTest<ModelRulesAnalyzer, NearestMaxDegreeFix>("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0007:Dense(3, 4, Activation = Activation.RePU)|}] public double[,] W1;
            [{|CCG0007:Dense(4, 4, Activation = Activation.Power, ActivationDegree = 1)|}] public double[,] W2;
            [{|CCG0007:Diagonal(4, Activation = Activation.ReLU, ActivationDegree = 3, Bias = nameof(B3))|}] public double[] D3;
            public double[] B3 = new double[4];
            [Dense(4, 1, Activation = Activation.RePU, ActivationDegree = 3)] public double[,] W4;
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Activation = Activation.RePU, ActivationDegree = 2)] public double[,] W1;
            [Dense(4, 4, Activation = Activation.Power, ActivationDegree = 2)] public double[,] W2;
            [Diagonal(4, Activation = Activation.ReLU, Bias = nameof(B3))] public double[] D3;
            public double[] B3 = new double[4];
            [Dense(4, 1, Activation = Activation.RePU, ActivationDegree = 3)] public double[,] W4;
        }
        """).RunAsync();

    // Every provider together, as an IDE or `dotnet format analyzers` runs them, on a small convolutional model with one
    // mistake of each fixable kind.
    [Fact]
    public Task Fix_all_repairs_a_convolutional_model()
    {
        var test = new AllFixesTest("""
            [{|CCG0001:ConservationModel(InputShape = new[] { 3, 8, 8 })|}]
            public class Net
            {
                [{|CCG0004:Conv2d(3, 4, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = "b1")|}]
                public double[,,,] K1 = {|CCG0005:new double[4, 3, 3, 2]|};
                public double[] B1 = new double[4];

                [{|#0:Conv2d(3, 4, 3, 3, Padding = 1, Activation = Activation.Swish, TrainableBeta = nameof(Beta2))|}]
                public double[] K2 = new double[4 * 4 * 9];
                public double[] Beta2 = {|#1:new double[2]|};

                [{|CCG0002:Dense(255, 2)|}]
                public double[,] W3 = new double[2, 256];

                [{|CCG0002:Dense(2, 2, ResidualFrom = "w4")|}]
                public double[,] W4 = new double[2, 2];
            }
            """, """
            [ConservationModel(InputShape = new[] { 3, 8, 8 })]
            public partial class Net
            {
                [Conv2d(3, 4, 3, 3, Padding = 1, Activation = Activation.ReLU, Bias = nameof(B1))]
                public double[,,,] K1 = new double[4, 3, 3, 3];
                public double[] B1 = new double[4];

                [Conv2d(4, 4, 3, 3, Padding = 1, Activation = Activation.Swish, TrainableBeta = nameof(Beta2))]
                public double[] K2 = new double[4 * 4 * 9];
                public double[] Beta2 = new double[4];

                [Dense(256, 2)]
                public double[,] W3 = new double[2, 256];

                [Dense(2, 2, ResidualFrom = nameof(W4))]
                public double[,] W4 = new double[2, 2];
            }
            """);
        test.TestState.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.ChannelMismatch)
            .WithLocation(0).WithArguments("K2", "3", "K1", "4"));
        test.TestState.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.MemberWrongLength)
            .WithLocation(0).WithLocation(1).WithArguments("TrainableBeta", "Beta2", "K2", "2", "4"));
        test.NumberOfFixAllIterations = -5;
        test.NumberOfFixAllInDocumentIterations = -5;
        test.NumberOfFixAllInProjectIterations = -5;
        test.NumberOfIncrementalIterations = -10;
        return test.RunAsync();
    }
}
