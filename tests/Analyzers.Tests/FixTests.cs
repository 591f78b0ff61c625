using System.Collections.Immutable;
using System.Threading.Tasks;
using ConservationCodegen.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>Each code fix on one diagnostic, and Fix All across a document.</summary>
public sealed class FixTests
{
    [Fact]
    public Task Make_partial_fixes_all() => new FixTest<ModelRulesAnalyzer, MakePartialFix>("""
        [{|CCG0001:ConservationModel|}]
        public class A { [Dense(1, 1)] public double[,] W = new double[1, 1]; }

        [{|CCG0001:ConservationModel|}]
        public class B { [Dense(1, 1)] public double[,] W = new double[1, 1]; }
        """, """
        [ConservationModel]
        public partial class A { [Dense(1, 1)] public double[,] W = new double[1, 1]; }

        [ConservationModel]
        public partial class B { [Dense(1, 1)] public double[,] W = new double[1, 1]; }
        """).RunAsync();

    [Fact]
    public Task Max_degree_out_of_range_becomes_the_nearest_allowed_value() => new FixTest<ModelRulesAnalyzer, NearestMaxDegreeFix>("""
        [{|CCG0007:ConservationModel(MaxDegree = 7)|}]
        public partial class A { [Dense(1, 1)] public double[,] W = new double[1, 1]; }

        [{|CCG0007:ConservationModel(MaxDegree = 0)|}]
        public partial class B { [Dense(1, 1)] public double[,] W = new double[1, 1]; }
        """, """
        [ConservationModel(MaxDegree = 4)]
        public partial class A { [Dense(1, 1)] public double[,] W = new double[1, 1]; }

        [ConservationModel(MaxDegree = 1)]
        public partial class B { [Dense(1, 1)] public double[,] W = new double[1, 1]; }
        """).RunAsync();

    [Fact]
    public Task Inputs_take_the_previous_outputs() => new FixTest<ModelRulesAnalyzer, MatchPreviousOutputsFix>("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[,] W1;
            [{|CCG0002:Dense(5, 2)|}] public double[,] W2;
            [Dense(2, 2)] public double[,] W3;
            [{|CCG0002:Dense(7, 1)|}] public double[,] W4;
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[,] W1;
            [Dense(4, 2)] public double[,] W2;
            [Dense(2, 2)] public double[,] W3;
            [Dense(2, 1)] public double[,] W4;
        }
        """).RunAsync();

    [Fact]
    public Task Missing_bias_is_added_with_the_layer_length() => new FixTest<ModelRulesAnalyzer, AddBiasMemberFix>("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0004:Dense(3, 4, Bias = "B1")|}]
            public float[,] W1;
            [{|CCG0004:Dense(4, 2, Bias = "B2")|}]
            public double[,] W2;
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Bias = "B1")]
            public float[,] W1;
            public float[] B1 = new float[4];
            [Dense(4, 2, Bias = "B2")]
            public double[,] W2;
            public double[] B2 = new double[2];
        }
        """).RunAsync();

    [Fact]
    public Task Initializer_shapes_are_fixed() => new FixTest<ModelRulesAnalyzer, FixInitializerShapeFix>("""
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[,] W1 = {|CCG0005:new double[3, 4]|};
            [Dense(4, 2)] public double[] W2 = {|CCG0005:new double[6]|};
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4)] public double[,] W1 = new double[4, 3];
            [Dense(4, 2)] public double[] W2 = new double[8];
        }
        """).RunAsync();

    [Fact]
    public Task A_misspelt_bias_takes_the_member_it_means() => new FixTest<ModelRulesAnalyzer, AddBiasMemberFix>("""
        [ConservationModel]
        public partial class M
        {
            [{|CCG0004:Dense(3, 4, Activation = Activation.ReLU, Bias = "b1")|}]
            public double[,] W1 = new double[4, 3];
            public double[] B1 = new double[4];

            [{|CCG0004:Dense(4, 2, Bias = "Bais2")|}]
            public double[,] W2 = new double[2, 4];
            public double[] Bias2 = new double[2];
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
            public double[,] W1 = new double[4, 3];
            public double[] B1 = new double[4];

            [Dense(4, 2, Bias = nameof(Bias2))]
            public double[,] W2 = new double[2, 4];
            public double[] Bias2 = new double[2];
        }
        """).RunAsync();

    [Fact]
    public Task A_bias_of_the_wrong_length_is_resized_to_the_outputs() => new FixTest<ModelRulesAnalyzer, AddBiasMemberFix>("""
        [ConservationModel]
        public partial class M
        {
            public float[] B1 = new float[3];
            [{|CCG0004:Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))|}]
            public float[,] W1 = new float[4, 3];

            [{|CCG0004:Dense(4, 2, Bias = nameof(B2))|}]
            public float[,] W2 = new float[2, 4];
            public float[] B2 = new float[2 * 2];
        }
        """, """
        [ConservationModel]
        public partial class M
        {
            public float[] B1 = new float[4];
            [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
            public float[,] W1 = new float[4, 3];

            [Dense(4, 2, Bias = nameof(B2))]
            public float[,] W2 = new float[2, 4];
            public float[] B2 = new float[2];
        }
        """).RunAsync();

    // The two files of the user report: `dotnet format analyzers` fixed some mistakes and said "Code fix … didn't
    // return a Fix All action" for the others. Here every provider runs together, one fix at a time and through Fix All
    // in document, project and solution scope (the testing library checks all of them).
    [Fact]
    public Task Fix_all_repairs_a_file_with_a_non_partial_model_and_a_transposed_initializer()
    {
        var test = new AllFixesTest("""
            [{|CCG0001:ConservationModel|}]
            public class Net
            {
                [Dense(3, 4, Activation = Activation.ReLU)]
                public double[,] W1 = {|CCG0005:new double[3, 4]|};

                [Dense(4, 2)]
                public double[,] W2 = new double[2, 4];
            }
            """, """
            [ConservationModel]
            public partial class Net
            {
                [Dense(3, 4, Activation = Activation.ReLU)]
                public double[,] W1 = new double[4, 3];

                [Dense(4, 2)]
                public double[,] W2 = new double[2, 4];
            }
            """);
        test.NumberOfFixAllIterations = 2;
        test.NumberOfFixAllInDocumentIterations = 2;
        test.NumberOfFixAllInProjectIterations = 2;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_repairs_a_file_with_widths_a_missing_bias_and_a_wrong_initializer()
    {
        var test = new AllFixesTest("""
            [ConservationModel]
            public partial class Net
            {
                [{|CCG0004:Dense(3, 4, Activation = Activation.ReLU, Bias = "B1")|}]
                public double[,] W1 = new double[4, 3];

                [{|CCG0002:Dense(5, 2)|}]
                public double[,] W2 = new double[2, 4];

                [Dense(2, 2)]
                public double[] W3 = {|CCG0005:new double[2]|};
            }
            """, """
            [ConservationModel]
            public partial class Net
            {
                [Dense(3, 4, Activation = Activation.ReLU, Bias = "B1")]
                public double[,] W1 = new double[4, 3];
                public double[] B1 = new double[4];

                [Dense(4, 2)]
                public double[,] W2 = new double[2, 4];

                [Dense(2, 2)]
                public double[] W3 = new double[4];
            }
            """);
        test.NumberOfFixAllIterations = 3;
        test.NumberOfFixAllInDocumentIterations = 3;
        test.NumberOfFixAllInProjectIterations = 3;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_repairs_several_models_with_every_kind_of_mistake()
    {
        var test = new AllFixesTest("""
            [{|CCG0001:ConservationModel|}]
            public class A
            {
                [{|CCG0004:Dense(2, 3, Activation = Activation.ReLU, Bias = "b1")|}]
                public float[,] W1 = {|CCG0005:new float[2, 3]|};
                public float[] B1 = new float[3];
                [{|CCG0002:Dense(4, 1)|}]
                public float[] W2 = new float[3];
            }

            [ConservationModel]
            public partial class B
            {
                [{|CCG0004:Dense(2, 5, Bias = nameof(Bias1))|}]
                public double[,] W1 = new double[5, 2];
                public double[] Bias1 = new double[2];
                [Dense(5, 2, Activation = Activation.Abs, Bias = "Bias2")]
                public double[] W2 = {|CCG0005:new double[5 * 5]|};
                public double[] Bias2 = new double[2];
                [{|CCG0002:Dense(3, 1)|}]
                public double[,] W3 = new double[1, 2];
            }
            """, """
            [ConservationModel]
            public partial class A
            {
                [Dense(2, 3, Activation = Activation.ReLU, Bias = nameof(B1))]
                public float[,] W1 = new float[3, 2];
                public float[] B1 = new float[3];
                [Dense(3, 1)]
                public float[] W2 = new float[3];
            }

            [ConservationModel]
            public partial class B
            {
                [Dense(2, 5, Bias = nameof(Bias1))]
                public double[,] W1 = new double[5, 2];
                public double[] Bias1 = new double[5];
                [Dense(5, 2, Activation = Activation.Abs, Bias = "Bias2")]
                public double[] W2 = new double[10];
                public double[] Bias2 = new double[2];
                [Dense(2, 1)]
                public double[,] W3 = new double[1, 2];
            }
            """);
        test.NumberOfFixAllIterations = -4;
        test.NumberOfFixAllInDocumentIterations = -4;
        test.NumberOfFixAllInProjectIterations = -4;
        test.NumberOfIncrementalIterations = -10;
        return test.RunAsync();
    }

    [Fact]
    public Task Max_degree_is_raised() => new FixTest<UncoveredLawsStub, RaiseMaxDegreeFix>("""
        [{|CCG0100:ConservationModel|}]
        public partial class A { }

        [{|CCG0100:ConservationModel(MaxDegree = 2)|}]
        public partial class B { }
        """, """
        [ConservationModel(MaxDegree = 4)]
        public partial class A { }

        [ConservationModel(MaxDegree = 4)]
        public partial class B { }
        """).RunAsync();

    /// <summary>
    /// CCG0100 comes from the generator (it needs the engine); this stub reports it at every [ConservationModel]
    /// until MaxDegree is 4, so the fix can be tested in isolation. The generator's own CCG0100 tests live in Generator.Tests.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UncoveredLawsStub : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("CCG0100", "stub", "stub", "test", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(c =>
            {
                var a = (AttributeSyntax)c.Node;
                if (a.Name.ToString() == "ConservationModel" && !a.ToString().Contains("MaxDegree = 4")) c.ReportDiagnostic(Diagnostic.Create(Rule, a.GetLocation()));
            }, Microsoft.CodeAnalysis.CSharp.SyntaxKind.Attribute);
        }
    }
}
