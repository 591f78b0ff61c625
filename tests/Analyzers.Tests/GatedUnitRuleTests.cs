using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static ConservationCodegen.Analyzers.Tests.RuleRun;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>
/// The rules of [GatedLinearUnit]: well-formed units have no diagnostic; the Up member missing, absent, of a wrong type,
/// reused or created with a wrong shape; options the unit does not take; no dense layer after it; the unit last or
/// after a convolution; an undefined gate activation. Every expected diagnostic names its descriptor and arguments.
/// </summary>
public sealed class GatedUnitRuleTests
{
    [Fact]
    public Task Well_formed_gated_linear_units_have_no_diagnostic_but_the_cut_before_one() => Run("""
        [ConservationModel]
        public partial class SwiGlu
        {
            [GatedLinearUnit(4, 8, Up = nameof(Up1))] public double[,] Gate1 = new double[8, 4];
            public double[,] Up1 = new double[8, 4];
            [Dense(8, 4, Bias = nameof(B2))] public double[,] Down1 = new double[4, 8];
            public double[] B2 = new double[4];
        }

        [ConservationModel]
        public partial class GeGlu
        {
            [{|#0:Dense(3, 4, Activation = Activation.Tanh)|}] public float[,] W1 = new float[4, 3];
            [GatedLinearUnit(4, 5, GateActivation = Activation.Gelu, Up = nameof(U2))] public float[] G2 = new float[20];
            public float[][] U2 = new float[5][];
            [Dense(5, 2)] public float[,] W3 = new float[2, 5];
        }
        """,
        At(0, DiagnosticDescriptors.CutBy, "Tanh", "W1", "G2"));

    [Fact]
    public Task CCG0004_the_up_member_must_be_named_exist_and_store_weights() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:GatedLinearUnit(4, 8)|}] public double[,] G1;
            [Dense(8, 2)] public double[,] W2;
        }

        [ConservationModel]
        public partial class N
        {
            [{|#1:GatedLinearUnit(4, 8, Up = "Up9")|}] public double[,] G1;
            [Dense(8, 2)] public double[,] W2;
        }

        [ConservationModel]
        public partial class P
        {
            [{|#2:GatedLinearUnit(4, 8, Up = nameof(U))|}] public double[,] G1;
            public double[,,] U;
            [Dense(8, 2)] public double[,] W2;
        }
        """,
        At(0, DiagnosticDescriptors.GatedUnitUpMissing, "G1", "8", "4"),
        At(1, DiagnosticDescriptors.GatedUnitUpNotFound, "Up9", "G1", "8", "4"),
        At(2, DiagnosticDescriptors.GatedUnitUpWrongType, "U", "G1", "double[*,*,*]", "8", "4"));

    [Fact]
    public Task CCG0003_the_up_member_has_one_place_in_theta() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:GatedLinearUnit(4, 4, Up = nameof(W2))|}] public double[,] G1;
            [Dense(4, 2, Bias = nameof(B))] public double[,] W2;
            public double[] B;
        }

        [ConservationModel]
        public partial class N
        {
            [{|#1:GatedLinearUnit(4, 4, Up = nameof(G1))|}] public double[,] G1;
            [Dense(4, 2)] public double[,] W2;
        }
        """,
        At(0, DiagnosticDescriptors.GatedUnitUpReused, "W2", "G1", "a layer's weight member"),
        At(1, DiagnosticDescriptors.GatedUnitUpReused, "G1", "G1", "a layer's weight member"));

    [Fact]
    public Task CCG0005_gate_and_up_members_are_created_hidden_by_inputs() => Run("""
        [ConservationModel]
        public partial class M
        {
            [GatedLinearUnit(4, 8, Up = nameof(U1))] public double[,] G1 = {|#0:new double[4, 8]|};
            public double[] U1 = {|#1:new double[30]|};
            [Dense(8, 2)] public double[,] W2 = new double[2, 8];
        }
        """,
        At(0, DiagnosticDescriptors.InitializerShapeOf, "G1", "[4, 8]", "GatedLinearUnit(4, 8)", "8, 4", "[hidden, inputs]"),
        At(1, DiagnosticDescriptors.InitializerShapeOf, "U1", "[30]", "GatedLinearUnit(4, 8)", "32", "row-major [hidden, inputs]"));

    [Fact]
    public Task CCG0003_options_the_unit_does_not_take() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:GatedLinearUnit(4, 4, Up = nameof(U1), Bias = nameof(B1), Activation = Activation.ReLU)|}] public double[,] G1;
            public double[,] U1;
            public double[] B1;
            [Dense(4, 4)] public double[,] W2;
        }

        [ConservationModel]
        public partial class N
        {
            [{|#1:GatedLinearUnit(4, 4, Up = nameof(U1), ResidualFrom = nameof(G1))|}] public double[,] G1;
            public double[,] U1;
            [Dense(4, 4)] public double[,] W2;
        }
        """,
        At(0, DiagnosticDescriptors.GatedUnitOption, "G1", "Bias"),
        At(0, DiagnosticDescriptors.GatedUnitOption, "G1", "Activation"),
        At(1, DiagnosticDescriptors.GatedUnitOption, "G1", "ResidualFrom"));

    [Fact]
    public Task CCG0003_a_trainable_beta_only_with_a_swish_gate() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:GatedLinearUnit(4, 4, Up = nameof(U1), GateActivation = Activation.Gelu, TrainableBeta = nameof(Beta))|}] public double[,] G1;
            public double[,] U1;
            public double[] Beta = new double[4];
            [Dense(4, 4)] public double[,] W2;
        }

        [ConservationModel]
        public partial class SwiGlu
        {
            [GatedLinearUnit(4, 4, Up = nameof(U1), TrainableBeta = nameof(Beta))] public double[,] G1;
            public double[,] U1;
            public double[] Beta = new double[4];
            [Dense(4, 4)] public double[,] W2;
        }
        """,
        At(0, DiagnosticDescriptors.GatedUnitBetaNotSwish, "G1", "Gelu"));

    [Fact]
    public Task CCG0003_a_dense_layer_follows_the_unit_and_no_convolution_precedes_it() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:GatedLinearUnit(4, 4, Up = nameof(U1))|}] public double[,] G1;
            public double[,] U1;
        }

        [ConservationModel]
        public partial class N
        {
            [GatedLinearUnit(4, 4, Up = nameof(U1))] public double[,] G1;
            public double[,] U1;
            [{|#1:Diagonal(4)|}] public double[] D2;
        }

        [ConservationModel]
        public partial class P
        {
            [Conv1d(1, 4, 3)] public double[,,] K1;
            [{|#2:GatedLinearUnit(8, 3, Up = nameof(U2))|}] public double[,] G2;
            public double[,] U2;
            [Dense(3, 1)] public double[,] W3;
        }
        """,
        At(0, DiagnosticDescriptors.GatedUnitLast, "G1", "4"),
        At(1, DiagnosticDescriptors.GatedUnitNotFollowedByDense, "D2", "G1", "Diagonal", "4"),
        At(2, DiagnosticDescriptors.GatedUnitAfterConvolution, "G2", "K1"));

    [Fact]
    public Task CCG0007_the_gate_activation_must_be_defined() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:GatedLinearUnit(4, 4, Up = nameof(U1), GateActivation = (Activation)42)|}] public double[,] G1;
            public double[,] U1;
            [Dense(4, 4)] public double[,] W2;
        }
        """,
        At(0, DiagnosticDescriptors.UndefinedGateActivation, "G1", "42", "Identity, ReLU, LeakyReLU, Abs, Tanh, Sigmoid, Gelu, Softplus, RePU, Power, Swish"));
}
