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
