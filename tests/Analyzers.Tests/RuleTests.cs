using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Test = ConservationCodegen.Analyzers.Tests.AnalyzerTest<ConservationCodegen.Analyzers.ModelRulesAnalyzer>;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>One positive and one negative case per analyzer rule (CCG0001–CCG0006).</summary>
public sealed class RuleTests
{
    private const string Good = """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
            public double[,] W1 = new double[4, 3];
            public double[] B1 = new double[4];

            [Dense(4, 2)]
            public float[] W2 = new float[8];
        }
        """;

    [Fact]
    public Task A_well_formed_model_has_no_diagnostic() => new Test(Good).RunAsync();

    [Fact]
    public Task CCG0001_not_partial() => new Test("""
        [{|CCG0001:ConservationModel|}]
        public class M { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }
        """).RunAsync();

    [Fact]
    public Task CCG0002_widths_disagree() => new Test("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[,] W1 = new double[4, 3];
            [{|CCG0002:Dense(5, 2)|}] public double[,] W2 = new double[2, 5];
        }
        """).RunAsync();

    [Fact]
    public Task CCG0002_non_positive_width() => new Test("""
        [ConservationModel]
        public partial class M { [{|CCG0002:Dense(0, 2)|}] public double[,] W1; }
        """).RunAsync();

    [Fact]
    public Task CCG0003_unsupported_type_and_no_layers() => new Test("""
        [ConservationModel]
        public partial class M { [{|CCG0003:Dense(3, 4)|}] public int[,] W1; }

        [{|CCG0003:ConservationModel|}]
        public partial class Empty { }
        """).RunAsync();

    [Fact]
    public Task CCG0003_bias_member_shared_by_two_layers() => new Test("""
        [ConservationModel]
        public partial class M
        {
            [Dense(2, 2, Bias = nameof(B))] public double[,] W1 = new double[2, 2];
            [{|CCG0003:Dense(2, 2, Bias = nameof(B))|}] public double[,] W2 = new double[2, 2];
            public double[] B = new double[2];
        }
        """).RunAsync();

    [Fact]
    public Task CCG0007_leaky_slope_outside_zero_to_one() => new Test("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0007:Dense(2, 3, Activation = Activation.LeakyReLU, NegativeSlope = 1.0)|}] public double[,] W1 = new double[3, 2];
            [Dense(3, 2, Activation = Activation.LeakyReLU, NegativeSlope = 0.2)] public double[,] W2 = new double[2, 3];
            [{|CCG0007:Dense(2, 2, Activation = Activation.LeakyReLU, NegativeSlope = -0.1)|}] public double[,] W3 = new double[2, 2];
            [Dense(2, 1)] public double[,] W4 = new double[1, 2];
        }
        """).RunAsync();

    [Fact]
    public Task CCG0004_missing_wrong_type_and_wrong_length() => new Test("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0004:Dense(3, 4, Bias = "B1")|}] public double[,] W1 = new double[4, 3];
            [{|CCG0004:Dense(4, 4, Bias = nameof(B2))|}] public double[,] W2 = new double[4, 4];
            public int[] B2 = new int[4];
            [{|CCG0004:Dense(4, 2, Bias = nameof(B3))|}] public double[,] W3 = new double[2, 4];
            public double[] B3 = new double[3];
        }
        """).RunAsync();

    [Fact]
    public Task CCG0005_initializer_shape() => new Test("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[,] W1 = {|CCG0005:new double[3, 4]|};
            [Dense(4, 2)] public double[] W2 = {|CCG0005:new double[6]|};
        }
        """).RunAsync();

    [Fact]
    public async Task CCG0005_is_an_error_and_sees_products_of_literals()
    {
        var test = new Test("""
            [ConservationModel]
            public partial class M
            {
                [Dense(16, 16, Activation = Activation.ReLU)] public float[] W1 = new float[16 * 15];
                [Dense(16, 2)] public float[] W2 = new float[(1 + 1) * 16];
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.InitializerLength).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .WithSpan(5, 71, 5, 89).WithArguments("W1", "[240]", "16", "16", "256"));
        await test.RunAsync();
    }

    [Fact]
    public Task CCG0004_misspelt_bias_says_did_you_mean() => new Test("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Bias = "b1")|}] public double[,] W1 = new double[4, 3];
            public double[] B1 = new double[4];
            [{|#1:Dense(4, 2, Bias = "B")|}] public double[,] W2 = new double[2, 4];
            public double[] B2 = new double[2];
            public double[] B3 = new double[2];
        }
        """)
    {
        ExpectedDiagnostics =
        {
            // "B" is as close to B2 as to B3: no guess, the member is offered to be added instead.
            new DiagnosticResult(DiagnosticDescriptors.MemberMissingDidYouMean).WithLocation(0).WithArguments("bias", "b1", "W1", "B1"),
            new DiagnosticResult(DiagnosticDescriptors.MemberMissing).WithLocation(1).WithArguments("bias", "B", "W2", "public double[] B = new double[2];"),
        },
    }.RunAsync();

    [Fact]
    public Task CCG0004_did_you_mean_never_offers_one_member_to_two_layers() => new Test("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Bias = "b1")|}] public double[,] W1 = new double[4, 3];
            public double[] B1 = new double[4];
            [{|#1:Dense(4, 2, Bias = "B2")|}] public double[,] W2 = new double[2, 4];
        }

        [ConservationModel]
        public partial class N
        {
            [{|#2:Dense(2, 2, Bias = "C1")|}] public double[,] W3 = new double[2, 2];
            [{|#3:Dense(2, 2, Bias = "C3")|}] public double[,] W4 = new double[2, 2];
            public double[] C2 = new double[2];
        }
        """)
    {
        ExpectedDiagnostics =
        {
            // "B2" is one edit from B1, but W1's "b1" names B1 (ignoring case): W2 is offered a new member instead.
            new DiagnosticResult(DiagnosticDescriptors.MemberMissingDidYouMean).WithLocation(0).WithArguments("bias", "b1", "W1", "B1"),
            new DiagnosticResult(DiagnosticDescriptors.MemberMissing).WithLocation(1).WithArguments("bias", "B2", "W2", "public double[] B2 = new double[2];"),
            // C2 is one edit from both "C1" and "C3": applying both suggestions would share one bias, so neither is made.
            new DiagnosticResult(DiagnosticDescriptors.MemberMissing).WithLocation(2).WithArguments("bias", "C1", "W3", "public double[] C1 = new double[2];"),
            new DiagnosticResult(DiagnosticDescriptors.MemberMissing).WithLocation(3).WithArguments("bias", "C3", "W4", "public double[] C3 = new double[2];"),
        },
    }.RunAsync();

    [Fact]
    public Task CCG0007_max_degree_out_of_range_names_the_allowed_range() => new Test("""
        [{|#0:ConservationModel(MaxDegree = 7)|}]
        public partial class A { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }

        [{|#1:ConservationModel(MaxDegree = 0)|}]
        public partial class B { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }

        [ConservationModel(MaxDegree = 4)]
        public partial class C { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }
        """)
    {
        ExpectedDiagnostics =
        {
            new DiagnosticResult(DiagnosticDescriptors.MaxDegreeOutOfRange).WithLocation(0).WithArguments("A", "7", "1", "4"),
            new DiagnosticResult(DiagnosticDescriptors.MaxDegreeOutOfRange).WithLocation(1).WithArguments("B", "0", "1", "4"),
        },
    }.RunAsync();

    [Fact]
    public Task CCG0007_undefined_optimizer_kind() => new Test("""
        [{|#0:ConservationModel(Optimizer = (OptimizerKind)5)|}]
        public partial class A { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }

        [ConservationModel(Optimizer = OptimizerKind.Momentum)]
        public partial class B { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }

        [ConservationModel(Optimizer = OptimizerKind.GradientDescent)]
        public partial class C { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }
        """)
    {
        ExpectedDiagnostics =
        {
            new DiagnosticResult(DiagnosticDescriptors.UndefinedOptimizer).WithLocation(0).WithArguments("A", "5"),
        },
    }.RunAsync();

    [Fact]
    public Task CCG0007_undefined_loss() => new Test("""
        [{|#0:ConservationModel(Loss = (Loss)7)|}]
        public partial class A { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }

        [ConservationModel(Loss = Loss.SoftmaxCrossEntropy)]
        public partial class B { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }

        [ConservationModel(Loss = Loss.MeanSquaredError)]
        public partial class C { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }
        """)
    {
        ExpectedDiagnostics =
        {
            new DiagnosticResult(DiagnosticDescriptors.UndefinedLoss).WithLocation(0).WithArguments("A", "7"),
        },
    }.RunAsync();

    [Fact]
    public Task CCG0007_undefined_input_symmetry() => new Test("""
        [{|#0:ConservationModel(InputSymmetry = (InputSymmetry)3)|}]
        public partial class A { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }

        [ConservationModel(InputSymmetry = InputSymmetry.Rotation)]
        public partial class B { [Dense(3, 4)] public double[,] W1 = new double[4, 3]; }

        [ConservationModel(InputSymmetry = InputSymmetry.None)]
        public partial class C { [Diagonal(3)] public double[] D1 = new double[3]; }
        """)
    {
        ExpectedDiagnostics =
        {
            new DiagnosticResult(DiagnosticDescriptors.UndefinedInputSymmetry).WithLocation(0).WithArguments("A", "3"),
        },
    }.RunAsync();

    [Fact]
    public Task CCG0007_input_rotation_needs_a_first_dense_layer_that_alone_reads_the_input() => new Test("""
        [{|#0:ConservationModel(InputSymmetry = InputSymmetry.Rotation)|}]
        public partial class Scaled
        {
            [Diagonal(3)] public double[] D1 = new double[3];
            [Dense(3, 2)] public double[,] W2 = new double[2, 3];
        }

        [{|#1:ConservationModel(InputSymmetry = InputSymmetry.Rotation, InputShape = new[] { 1, 8 })|}]
        public partial class Convolved
        {
            [Conv1d(1, 2, 3, Activation = Activation.ReLU)] public double[,,] K1 = new double[2, 1, 3];
            [Dense(12, 2)] public double[,] W2 = new double[2, 12];
        }

        [{|#3:ConservationModel(InputSymmetry = InputSymmetry.Rotation, InputShape = new[] { 4, 8 })|}]
        public partial class Attended
        {
            [SelfAttention(8, 2, 4, Key = nameof(WK), Value = nameof(WV), Output = nameof(WO))] public double[,] WQ = new double[8, 8];
            public double[,] WK = new double[8, 8];
            public double[,] WV = new double[8, 8];
            public double[,] WO = new double[8, 8];
        }

        [{|#4:ConservationModel(InputSymmetry = InputSymmetry.Rotation)|}]
        public partial class Gated
        {
            [GatedLinearUnit(3, 4, Up = nameof(U1))] public double[,] G1 = new double[4, 3];
            public double[,] U1 = new double[4, 3];
            [Dense(4, 2)] public double[,] W2 = new double[2, 4];
        }

        [{|#2:ConservationModel(InputSymmetry = InputSymmetry.Rotation)|}]
        public partial class Skipped
        {
            [Dense(3, 3, Activation = Activation.ReLU, ResidualFrom = nameof(W1))] public double[,] W1 = new double[3, 3];
            [Dense(3, 2)] public double[,] W2 = new double[2, 3];
        }

        [ConservationModel(InputSymmetry = InputSymmetry.Rotation)]
        public partial class Fine
        {
            [Dense(3, 3, Activation = Activation.ReLU)] public double[,] W1 = new double[3, 3];
            [Dense(3, 3, Activation = Activation.ReLU, ResidualFrom = nameof(W2))] public double[,] W2 = new double[3, 3];
            [Dense(3, 2)] public double[,] W3 = new double[2, 3];
        }
        """)
    {
        ExpectedDiagnostics =
        {
            new DiagnosticResult(DiagnosticDescriptors.InputRotationNeedsDense).WithLocation(0).WithArguments("Scaled", "D1", "Diagonal"),
            new DiagnosticResult(DiagnosticDescriptors.InputRotationNeedsDense).WithLocation(1).WithArguments("Convolved", "K1", "Conv1d"),
            new DiagnosticResult(DiagnosticDescriptors.InputRotationNeedsDense).WithLocation(3).WithArguments("Attended", "WQ", "SelfAttention"),
            new DiagnosticResult(DiagnosticDescriptors.InputRotationNeedsDense).WithLocation(4).WithArguments("Gated", "G1", "GatedLinearUnit"),
            new DiagnosticResult(DiagnosticDescriptors.InputRotationWithInputResidual).WithLocation(2).WithArguments("Skipped", "W1", "W1"),
        },
    }.RunAsync();

    [Fact]
    public Task CCG0007_undefined_activation() => new Test("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Activation = (Activation)42)|}] public double[,] W1 = new double[4, 3];
            [Dense(4, 2, Activation = (Activation)7)] public double[,] W2 = new double[2, 4];
        }
        """)
    {
        ExpectedDiagnostics =
        {
            new DiagnosticResult(DiagnosticDescriptors.UndefinedActivation).WithLocation(0)
                .WithArguments("W1", "42", "Identity, ReLU, LeakyReLU, Abs, Tanh, Sigmoid, Gelu, Softplus, RePU, Power, Swish"),
        },
    }.RunAsync();

    [Fact]
    public Task CCG0006_tanh_cuts_the_model_but_not_on_the_last_layer() => new Test("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0006:Dense(3, 4, Activation = Activation.Tanh)|}] public double[,] W1 = new double[4, 3];
            [Dense(4, 2, Activation = Activation.Sigmoid)] public double[,] W2 = new double[2, 4];
        }
        """).RunAsync();

    [Fact]
    public async Task CCG0006_message_names_both_sides()
    {
        var test = new Test("""
            [ConservationModel]
            public partial class M
            {
                [Dense(3, 4, Activation = Activation.ReLU)] public double[,] W1 = new double[4, 3];
                [Dense(4, 4, Activation = Activation.Gelu)] public double[,] W2 = new double[4, 4];
                [Dense(4, 2)] public double[,] W3 = new double[2, 4];
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.CutBy).WithSpan(6, 6, 6, 47)
            .WithArguments("Gelu", "W2", "W3"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Pragma_and_editorconfig_silence_the_rules()
    {
        var test = new Test("""
            #pragma warning disable CCG0001
            [ConservationModel]
            #pragma warning restore CCG0001
            public class M
            {
                [Dense(3, 4)] public double[,] W1 = new double[3, 4];
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.CCG0005.severity = none\n"));
        await test.RunAsync();
    }
}
