using System.Threading.Tasks;
using ConservationCodegen.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static ConservationCodegen.Analyzers.Tests.RuleRun;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>
/// The members a normalised layer names as its affine γ (NormScale) and β (NormShift): stored like a bias (CCG0004), each
/// in one place of θ (CCG0003), and the CCG0004 fixes that add (γ as ones, β as zeros), rename and resize them. Every
/// expected diagnostic names its descriptor (the message shape) and its arguments.
/// </summary>
public sealed class NormalizationMemberTests
{
    private static readonly MetadataReference MathNet =
        MetadataReference.CreateFromFile(typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>).Assembly.Location);

    [Fact]
    public Task Affine_members_of_the_bias_storage_types_and_lengths_have_no_diagnostic() => Run("""
        [ConservationModel]
        public partial class Doubles
        {
            [Dense(3, 4, Bias = nameof(B1), Normalization = Normalization.BatchNorm, NormScale = nameof(Gamma), NormShift = nameof(Beta), Activation = Activation.ReLU)]
            public double[,] W1 = new double[4, 3];
            public double[] B1 = new double[4];
            public double[] Gamma = new double[4];
            public double[] Beta = new double[4];
            [Dense(4, 2, Normalization = Normalization.RmsNorm, NormScale = nameof(Gamma2))] public double[,] W2 = new double[2, 4];
            public static double[] Gamma2 { get; set; } = new double[2];
        }

        [ConservationModel]
        public partial class Floats
        {
            [Dense(3, 5, Normalization = Normalization.LayerNorm, NormScale = nameof(G1), NormShift = nameof(S1))] public float[,] W1 = new float[5, 3];
            public float[] G1 { get; } = new float[5];
            public static float[] S1 = new float[5];
            [Dense(5, 1)] public float[,] W2 = new float[1, 5];
        }

        [ConservationModel]
        public partial class Convolution
        {
            [Conv1d(2, 4, 3, Normalization = Normalization.BatchNorm, NormScale = nameof(G1), NormShift = nameof(S1))] public double[,,] K1 = new double[4, 2, 3];
            public double[] G1 = new double[4], S1 = new double[4];
        }
        """);

    [Fact]
    public Task CCG0004_the_normalisation_scale_and_shift_must_exist_be_vectors_and_have_one_entry_per_output() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Normalization = Normalization.BatchNorm, NormScale = "Gamma1", NormShift = "Beta1")|}] public double[,] W1;
            [{|#1:Dense(4, 4, Normalization = Normalization.LayerNorm, NormScale = "Gamma2")|}] public float[,] W2;
            [{|#2:Dense(4, 4, Normalization = Normalization.BatchNorm, NormScale = "g3", NormShift = "Shft3")|}] public double[,] W3;
            public double[] G3 = new double[4];
            public double[] Shift3 = new double[4];
            [{|#3:Dense(4, 3, Normalization = Normalization.RmsNorm, NormScale = nameof(G4), NormShift = nameof(S4))|}] public double[,] W4;
            public double[,] G4;
            public int[] S4;
        }

        [ConservationModel]
        public partial class N
        {
            [{|#4:Conv2d(3, 8, 1, 1, Normalization = Normalization.BatchNorm, NormScale = nameof(G1), NormShift = nameof(S1))|}] public double[,,,] K1;
            public double[] G1 = {|#5:new double[3]|};
            public float[] S1 = {|#6:new float[4 + 2]|};
        }
        """,
        At(0, DiagnosticDescriptors.MemberMissing, "normalisation scale", "Gamma1", "W1", "public double[] Gamma1 = Enumerable.Repeat(1.0, 4).ToArray();"),
        At(0, DiagnosticDescriptors.MemberMissing, "normalisation shift", "Beta1", "W1", "public double[] Beta1 = new double[4];"),
        At(1, DiagnosticDescriptors.MemberMissing, "normalisation scale", "Gamma2", "W2", "public float[] Gamma2 = Enumerable.Repeat(1f, 4).ToArray();"),
        At(2, DiagnosticDescriptors.MemberMissingDidYouMean, "normalisation scale", "g3", "W3", "G3"),
        At(2, DiagnosticDescriptors.MemberMissingDidYouMean, "normalisation shift", "Shft3", "W3", "Shift3"),
        At(3, DiagnosticDescriptors.MemberWrongType, "normalisation scale", "G4", "W4", "double[*,*]", "3"),
        At(3, DiagnosticDescriptors.MemberWrongType, "normalisation shift", "S4", "W4", "int[]", "3"),
        At(4, DiagnosticDescriptors.MemberWrongLength, "normalisation scale", "G1", "K1", "3", "8").WithLocation(5),
        At(4, DiagnosticDescriptors.MemberWrongLength, "normalisation shift", "S1", "K1", "6", "8").WithLocation(6));

    [Fact]
    public Task CCG0004_a_scale_started_at_ones_with_Enumerable_Repeat_has_its_length_checked() => Run("""
        using System.Linq;
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(784, 256, Normalization = Normalization.BatchNorm, NormScale = nameof(G1), NormShift = nameof(S1), Activation = Activation.ReLU)|}]
            public float[,] W1 = new float[256, 784];
            public float[] G1 = Enumerable.Repeat(1f, {|#1:128|}).ToArray();
            public float[] S1 = System.Linq.Enumerable.Repeat(0f, {|#2:255|}).ToArray();
            [Dense(256, 10, Normalization = Normalization.LayerNorm, NormScale = nameof(G2))]
            public float[,] W2 = new float[10, 256];
            public float[] G2 = Enumerable.Repeat(1f, 10).ToArray();
        }
        """,
        At(0, DiagnosticDescriptors.MemberWrongLength, "normalisation scale", "G1", "W1", "128", "256").WithLocation(1),
        At(0, DiagnosticDescriptors.MemberWrongLength, "normalisation shift", "S1", "W1", "255", "256").WithLocation(2));

    [Fact]
    public Task CCG0004_a_missing_scale_of_a_MathNet_layer_is_a_MathNet_vector_of_ones()
    {
        var test = new AnalyzerTest<ModelRulesAnalyzer>("""
            using MathNet.Numerics.LinearAlgebra;
            [ConservationModel]
            public partial class M
            {
                [{|#0:Dense(3, 4, Normalization = Normalization.LayerNorm, NormScale = "Gamma", NormShift = "Beta")|}] public Matrix<double> W1;
            }
            """);
        test.TestState.AdditionalReferences.Add(MathNet);
        test.ExpectedDiagnostics.Add(At(0, DiagnosticDescriptors.MemberMissing, "normalisation scale", "Gamma", "W1", "public Vector<double> Gamma = Vector<double>.Build.Dense(4, 1.0);"));
        test.ExpectedDiagnostics.Add(At(0, DiagnosticDescriptors.MemberMissing, "normalisation shift", "Beta", "W1", "public Vector<double> Beta = Vector<double>.Build.Dense(4);"));
        return test.RunAsync();
    }

    [Fact]
    public Task CCG0003_a_scale_or_shift_member_has_one_place_in_theta() => Run("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Normalization = Normalization.BatchNorm, NormScale = nameof(G), NormShift = nameof(G))|}] public double[,] W1;
            public double[] G = new double[4];
            [{|#1:Dense(4, 4, Bias = nameof(B2), Normalization = Normalization.LayerNorm, NormScale = nameof(B2))|}] public double[,] W2;
            public double[] B2 = new double[4];
            [{|#2:Dense(4, 4, Normalization = Normalization.RmsNorm, NormScale = nameof(G))|}] public double[,] W3;
            [{|#3:Dense(4, 4, Normalization = Normalization.BatchNorm, NormScale = nameof(D5))|}] public double[,] W4;
            [Diagonal(4, Activation = Activation.Swish, TrainableBeta = nameof(Beta5))] public double[] D5;
            public double[] Beta5 = new double[4];
            [{|#4:Dense(4, 4, Normalization = Normalization.BatchNorm, NormScale = nameof(G6), NormShift = nameof(Beta5))|}] public double[,] W6;
            public double[] G6 = new double[4];
        }

        [ConservationModel]
        public partial class Gated
        {
            [Dense(4, 4, Normalization = Normalization.LayerNorm, NormScale = nameof(U2))] public double[,] W1;
            [{|#5:GatedLinearUnit(4, 4, Up = nameof(U2))|}] public double[,] G2 = new double[4, 4];
            public double[] U2 = new double[4];
            [Dense(4, 1)] public double[,] W3;
        }
        """,
        At(0, DiagnosticDescriptors.SharedMember, "G", "normalisation scale", "W1", "normalisation shift", "W1"),
        At(1, DiagnosticDescriptors.SharedMember, "B2", "bias", "W2", "normalisation scale", "W2"),
        At(2, DiagnosticDescriptors.SharedMember, "G", "normalisation shift", "W1", "normalisation scale", "W3"),
        At(3, DiagnosticDescriptors.WeightAsCompanion, "D5", "Diagonal", "normalisation scale", "W4"),
        At(4, DiagnosticDescriptors.SharedMember, "Beta5", "TrainableBeta", "D5", "normalisation shift", "W6"),
        At(5, DiagnosticDescriptors.GatedUnitUpReused, "U2", "G2", "the normalisation scale of 'W1'"));

    [Fact]
    public Task A_missing_scale_is_added_as_ones_and_a_missing_shift_as_zeros() => new FixTest<ModelRulesAnalyzer, AddBiasMemberFix>("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Normalization = Normalization.BatchNorm, NormScale = "Gamma1", NormShift = "Beta1")|}]
            public double[,] W1;
            [{|CCG0004:Dense(4, 2, Normalization = Normalization.LayerNorm, NormScale = "Gamma2")|}]
            public float[,] W2;
        }
        """, """
        using System.Linq;
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Normalization = Normalization.BatchNorm, NormScale = "Gamma1", NormShift = "Beta1")]
            public double[,] W1;
            public double[] Beta1 = new double[4];
            public double[] Gamma1 = Enumerable.Repeat(1.0, 4).ToArray();
            [Dense(4, 2, Normalization = Normalization.LayerNorm, NormScale = "Gamma2")]
            public float[,] W2;
            public float[] Gamma2 = Enumerable.Repeat(1f, 2).ToArray();
        }
        """)
    {
        // W1's γ and β are both missing: one diagnostic each, and the second is fixed in a second pass.
        TestState =
        {
            ExpectedDiagnostics =
            {
                new DiagnosticResult(DiagnosticDescriptors.MemberMissing).WithLocation(0).WithArguments("normalisation scale", "Gamma1", "W1", "public double[] Gamma1 = Enumerable.Repeat(1.0, 4).ToArray();"),
                new DiagnosticResult(DiagnosticDescriptors.MemberMissing).WithLocation(0).WithArguments("normalisation shift", "Beta1", "W1", "public double[] Beta1 = new double[4];"),
            },
        },
        NumberOfIncrementalIterations = 3,
        NumberOfFixAllIterations = 1,
    }.RunAsync();

    [Fact]
    public Task A_misspelt_shift_takes_the_member_it_means_and_a_short_scale_is_resized() => new FixTest<ModelRulesAnalyzer, AddBiasMemberFix>("""
        [ConservationModel]
        public partial class M
        {
            [{|#0:Dense(3, 4, Normalization = Normalization.BatchNorm, NormScale = nameof(Gamma1), NormShift = "beta1")|}]
            public double[,] W1;
            public double[] Gamma1 = {|#1:new double[3]|};
            public double[] Beta1 = new double[4];
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Normalization = Normalization.BatchNorm, NormScale = nameof(Gamma1), NormShift = nameof(Beta1))]
            public double[,] W1;
            public double[] Gamma1 = new double[4];
            public double[] Beta1 = new double[4];
        }
        """)
    {
        TestState =
        {
            ExpectedDiagnostics =
            {
                At(0, DiagnosticDescriptors.MemberWrongLength, "normalisation scale", "Gamma1", "W1", "3", "4").WithLocation(1),
                At(0, DiagnosticDescriptors.MemberMissingDidYouMean, "normalisation shift", "beta1", "W1", "Beta1"),
            },
        },
    }.RunAsync();

    [Fact]
    public Task The_scale_of_a_MathNet_layer_is_added_as_a_vector_of_ones()
    {
        const string usings = "using MathNet.Numerics.LinearAlgebra;\n";
        var test = new FixTest<ModelRulesAnalyzer, AddBiasMemberFix>(usings + """
            [ConservationModel]
            public partial class M
            {
                [{|CCG0004:Dense(3, 4, Normalization = Normalization.LayerNorm, NormScale = "Gamma")|}]
                public Matrix<float> W1;
            }
            """, usings + """
            [ConservationModel]
            public partial class M
            {
                [Dense(3, 4, Normalization = Normalization.LayerNorm, NormScale = "Gamma")]
                public Matrix<float> W1;
                public Vector<float> Gamma = Vector<float>.Build.Dense(4, 1f);
            }
            """);
        test.TestState.AdditionalReferences.Add(MathNet);
        test.FixedState.AdditionalReferences.Add(MathNet);
        return test.RunAsync();
    }
}
