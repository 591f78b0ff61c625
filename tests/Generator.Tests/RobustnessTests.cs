using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// Regression tests for what fuzzing the generator found: hint names that the compiler refused or that collided
/// (CS8785: all output lost), and models whose generated code did not compile. Each case now either generates code
/// that compiles or gets a CCG0104 at its attribute, and never both a diagnostic and broken code.
/// </summary>
public sealed class RobustnessTests
{
    private const string Layers = """
            [Dense(2, 3, Activation = Activation.ReLU)] public double[,] W1 = new double[3, 2];
            [Dense(3, 1)] public double[,] W2 = new double[1, 3];
        """;

    private static string Model(string header, string body = Layers, string attribute = "[ConservationModel]") =>
        $"using ConservationCodegen;\n{attribute}\n{header}\n{{\n{body}\n}}\n";

    private static string[] Hints(GeneratorHarness.Run run) => run.Result.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal).ToArray();

    private static void AssertGenerates(GeneratorHarness.Run run, int models = 1)
    {
        run.Diagnostics.ShouldNotContain(d => d.Id == "CCG0103" || d.Id == "CCG0104");
        run.Errors.ShouldBeEmpty();
        run.Result.GeneratedSources.Length.ShouldBe(5 * models);
    }

    private static void AssertNotGenerated(GeneratorHarness.Run run, string expected)
    {
        run.Result.GeneratedSources.ShouldBeEmpty();
        var d = run.Diagnostics.Single(x => x.Id == "CCG0104");
        d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).ShouldContain(expected);
        d.Location.IsInSource.ShouldBeTrue();
        d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan).ShouldStartWith("ConservationModel");
    }

    // --- Hint names -------------------------------------------------------------------------------------------------

    [Fact]
    public void Escaped_keywords_in_namespace_and_type_give_valid_hint_names()
    {
        var run = GeneratorHarness.Generate("namespace Fuzz.@event {\n" + Model("public partial class @class") + "}\n");
        AssertGenerates(run);
        Hints(run).ShouldBe(new[] { "Fuzz.event.class.Conservation.g.cs", "Fuzz.event.class.Laws.g.cs", "Fuzz.event.class.MomentumCharges.g.cs", "Fuzz.event.class.Network.g.cs", "Fuzz.event.class.Phi.g.cs" });
        run.Source("Conservation.g.cs").ShouldContain("namespace Fuzz.@event");
        run.Source("Conservation.g.cs").ShouldContain("partial class @class");
    }

    [Fact]
    public void Non_ascii_names_are_replaced_in_hint_names_only()
    {
        var run = GeneratorHarness.Generate("namespace Modèles {\n" + Model("public partial class Réseau") + "}\n");
        AssertGenerates(run);
        Hints(run).ShouldAllBe(h => h.StartsWith("Mod_les.R_seau.", StringComparison.Ordinal));
        run.Source("Conservation.g.cs").ShouldContain("partial class Réseau");
    }

    [Fact]
    public void Models_whose_names_differ_only_in_case_get_distinct_hint_names()
    {
        var run = GeneratorHarness.Generate("namespace Same {\n" + Model("public partial class Foo") + Model("public partial class foo").Replace("using ConservationCodegen;", "") + "}\n");
        AssertGenerates(run, models: 2);
        Hints(run).ShouldContain("Same.Foo.Laws.g.cs");
        Hints(run).ShouldContain("Same.foo-2.Laws.g.cs");
    }

    [Fact]
    public void Nested_type_next_to_a_namespace_of_the_same_name_does_not_crash_the_generator()
    {
        // A class O holding M and a namespace O holding M: the compiler reports CS0101; the generator must not throw.
        string nested = Model("public partial class M").Replace("[ConservationModel]\npublic partial class M", "public partial class O {\n[ConservationModel]\npublic partial class M") + "}\n";
        string inNamespace = "namespace O {\n" + Model("public partial class M") + "}\n";
        var compilation = GeneratorHarness.Compile(nested, inNamespace);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        result.Exception.ShouldBeNull();
        result.GeneratedSources.Select(s => s.HintName).ShouldContain("O.M.Laws.g.cs");
        result.GeneratedSources.Select(s => s.HintName).ShouldContain("O.M-2.Laws.g.cs");
        compilation.GetDiagnostics().ShouldContain(d => d.Id == "CS0101");
    }

    [Fact]
    public void Attribute_on_two_partial_declarations_is_the_compilers_error_and_generates_once()
    {
        // ConservationModelAttribute has AllowMultiple = false, so the compiler reports CS0579; the generator emits
        // the model once (from the first declaration) and adds no diagnostic of its own.
        var run = GeneratorHarness.Generate(Model("public partial class Twice") + "[ConservationModel]\npublic partial class Twice { }\n");
        run.Result.GeneratedSources.Length.ShouldBe(5);
        run.Diagnostics.ShouldNotContain(d => d.Id.StartsWith("CCG", StringComparison.Ordinal));
        run.Errors.Select(d => d.Id).Distinct().ShouldBe(new[] { "CS0579" });
    }

    // --- Declarations the generated code cannot extend ----------------------------------------------------------------

    [Theory]
    [InlineData("public static partial class M", "[Dense(2, 1)] public static double[,] W1 = new double[1, 2];", "is static")]
    [InlineData("file partial class M", Layers, "file-local type")]
    [InlineData("public partial class M", "[Dense(2, 2)] public double[,] this[int i] { get => new double[2, 2]; set { } }", "a layer or bias is an indexer of 'M'")]
    [InlineData("public partial class M", "[Dense(2, 2)] public double[,] W { set { } }", "'W' is a property without a getter")]
    [InlineData("public partial class M : IWeights", "[Dense(2, 2)] double[,] IWeights.W => new double[2, 2];", "explicit interface implementation")]
    [InlineData("public partial class M", "[Dense(2, 2, Bias = nameof(B))] public double[,] W = new double[2, 2]; public double[] B { set { } }", "'B' is a property without a getter")]
    public void Unusable_declarations_get_a_specific_diagnostic(string header, string body, string expected)
    {
        var run = GeneratorHarness.Generate(Model(header, body) + "public interface IWeights { double[,] W { get; } }\n");
        AssertNotGenerated(run, expected);
    }

    [Fact]
    public void File_local_outer_type_is_reported()
    {
        var run = GeneratorHarness.Generate("using ConservationCodegen;\nfile partial class Outer {\n" + Model("public partial class M").Replace("using ConservationCodegen;", "") + "}\n");
        AssertNotGenerated(run, "'Outer' is a file-local type");
    }

    // --- Containing types -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("public partial struct S")]
    [InlineData("public readonly partial struct S")]
    [InlineData("public ref partial struct S")]
    [InlineData("public partial record struct S")]
    [InlineData("public partial record S")]
    [InlineData("public partial interface I")]
    [InlineData("public static partial class Outer<T> where T : struct")]
    [InlineData("public partial class Outer<TKey, @object>")]
    [InlineData("internal partial class @class")]
    public void Models_nested_in_any_partial_type_compile(string outer)
    {
        var run = GeneratorHarness.Generate("using ConservationCodegen;\n" + outer + "\n{\n" + Model("public partial class M").Replace("using ConservationCodegen;", "") + "}\n");
        AssertGenerates(run);
    }

    [Fact]
    public void Record_struct_model_is_redeclared_as_a_record_struct()
    {
        // [ConservationModel] targets classes (CS0592 here); the generated part must still match the declaration.
        var run = GeneratorHarness.Generate(Model("public partial record struct M", Layers.Replace(" = new double[3, 2];", ";").Replace(" = new double[1, 3];", ";")));
        run.Source("Conservation.g.cs").ShouldContain("partial record struct M");
        run.Errors.Select(d => d.Id).Distinct().ShouldBe(new[] { "CS0592" });
    }

    // --- Member names -----------------------------------------------------------------------------------------------

    [Fact]
    public void Keyword_and_generated_local_names_as_members_compile_and_copy_the_right_members()
    {
        // theta is CopyParametersTo's parameter, r and t are parameters of generated helpers; @double is a keyword.
        const string body = """
                [Dense(2, 2, Activation = Activation.ReLU, Bias = "double")] public double[,] theta = { { 1, 2 }, { 3, 4 } };
                public double[] @double = { 5, 6 };
                [Dense(2, 1)] public static float[] r = { 7, 8 };
                public int t, d, values, PhiLengthX;
            """;
        var run = GeneratorHarness.Generate(Model("public partial class M", body));
        AssertGenerates(run);
        run.Source("Conservation.g.cs").ShouldContain("FlatView.Of(this.theta)");
        run.Source("Conservation.g.cs").ShouldContain("FlatView.Of(this.@double)");
        run.Source("Conservation.g.cs").ShouldContain("FlatView.Of(M.r)");

        var type = GeneratorHarness.Load(run.Output).GetType("M")!;
        object model = Activator.CreateInstance(type)!;
        var theta = new double[8];
        type.GetMethod("CopyParametersTo", new[] { typeof(Span<double>) })!.CreateDelegate<CopyTo>(model)(theta);
        theta.ShouldBe(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 });
    }

    private delegate void CopyTo(Span<double> theta);

    [Theory]
    [InlineData("public int PhiLength;", "'PhiLength'")]
    [InlineData("public double ParameterCount => 1;", "'ParameterCount'")]
    [InlineData("public int W1Offset;", "'W1Offset'")]
    [InlineData("public class ConservedQuantities { }", "'ConservedQuantities'")]
    [InlineData("public int Forward;", "'Forward'")]
    [InlineData("private static void ComputeLaws0() { }", "'ComputeLaws0'")]
    [InlineData("public static void ComputePhi(System.ReadOnlySpan<double> a, System.Span<double> b) { }", "'ComputePhi'")]
    [InlineData("public void CopyParametersTo(System.Span<float> theta) { }", "'CopyParametersTo'")]
    public void Members_named_like_generated_members_are_reported(string member, string expected)
    {
        var run = GeneratorHarness.Generate(Model("public partial class M", Layers + "\n    " + member));
        AssertNotGenerated(run, expected + " would clash with the generated"); // "its member 'X' … member" or "its method 'X' … method"
    }

    [Theory]
    [InlineData(nameof(Sources.ReluWithBias))]
    [InlineData(nameof(Sources.NestedLinear))]
    [InlineData("Large")]
    public void Every_generated_member_is_in_the_reserved_list(string model)
    {
        // Keeps the clash check in step with the emitters: a new generated member missing from the list would let a
        // user member of that name through to a compile error in generated code.
        string source = model switch
        {
            nameof(Sources.ReluWithBias) => Sources.ReluWithBias,
            nameof(Sources.NestedLinear) => Sources.NestedLinear,
            _ => Sources.Linear(16, 16, 16),
        };
        var run = GeneratorHarness.Generate(source);
        var generated = run.Result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
        var type = run.Output.GetSymbolsWithName(n => n is "TwoLayerRelu" or "Linear", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        var layout = type.GetMembers().Where(m => m.GetAttributes().Any(a => a.AttributeClass?.Name == "DenseAttribute") || m.Name is "B1")
            .SelectMany(m => new[] { m.Name + "Offset", m.Name + "Length" }).ToHashSet();
        var members = type.GetMembers()
            .Where(m => m.DeclaringSyntaxReferences.Any(r => generated.Contains(r.SyntaxTree)))
            .Where(m => !m.IsImplicitlyDeclared && m is not IMethodSymbol { MethodKind: not MethodKind.Ordinary })
            .Where(m => m is not IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 } && m is not IMethodSymbol { ExplicitInterfaceImplementations.Length: > 0 })
            .ToList();
        members.Count.ShouldBeGreaterThan(20);
        foreach (var member in members)
            ConservationCodegen.Extraction.GeneratedMemberNames.Clashes(member, layout).ShouldBeTrue($"{member.ToDisplayString()} is generated but not reserved");
    }

    [Fact]
    public void Overloads_of_generated_methods_with_other_parameters_are_allowed()
    {
        var run = GeneratorHarness.Generate(Model("public partial class M", Layers + "\n    public void Forward(double[] x) { }\n    public double ComputePhi() => 0;\n    public class Helper { public int ParameterCount; }"));
        AssertGenerates(run);
    }

    [Fact]
    public void A_class_named_like_a_generated_member_is_reported()
    {
        var run = GeneratorHarness.Generate(Model("public partial class Forward"));
        AssertNotGenerated(run, "model 'Forward' was not generated: the class is named like a member the generator adds");
    }

    [Fact]
    public void A_bias_shared_by_two_layers_is_reported()
    {
        const string body = """
                [Dense(2, 2, Activation = Activation.ReLU, Bias = nameof(B))] public double[,] W1 = new double[2, 2];
                [Dense(2, 2, Bias = nameof(B))] public double[,] W2 = new double[2, 2];
                public double[] B = new double[2];
            """;
        // The analyzers report it (CCG0003, "'B' is the bias of both …"); the generator only declines to generate.
        var run = GeneratorHarness.Generate(Model("public partial class M", body));
        run.Result.GeneratedSources.ShouldBeEmpty();
        run.Diagnostics.ShouldNotContain(d => d.Id.StartsWith("CCG", System.StringComparison.Ordinal));
    }
}
