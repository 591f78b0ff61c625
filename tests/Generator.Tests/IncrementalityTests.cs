using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ConservationCodegen.Pipeline;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>Edits that do not change a model re-run nothing heavy; a shape change does.</summary>
public sealed class IncrementalityTests
{
    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(params string[] sources)
    {
        var compilation = GeneratorHarness.Compile(sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static GeneratorDriver Edit(GeneratorDriver driver, CSharpCompilation compilation, int tree, string newText)
    {
        var old = compilation.SyntaxTrees[tree];
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(newText, (CSharpParseOptions)old.Options, old.FilePath));
        return driver.RunGenerators(edited);
    }

    [Fact]
    public void Unrelated_file_edit_leaves_every_step_cached()
    {
        var (driver, compilation) = FirstRun(Sources.ReluWithBias, "class Other { }");
        driver = Edit(driver, compilation, 1, "class Other { int X => 1; }");
        GeneratorHarness.Reasons(driver, TrackingNames.Extract).ShouldAllBe(r => r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged);
        GeneratorHarness.Reasons(driver, TrackingNames.Analyze).ShouldAllBe(r => r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Method_body_and_comment_edits_in_the_model_file_stop_at_the_spec()
    {
        var (driver, compilation) = FirstRun(Sources.ReluWithBias);
        var edited = "// a comment\n" + Sources.ReluWithBias.Replace("=> 1.0;", "=> 2.0 + 3.0;");
        driver = Edit(driver, compilation, 0, edited);
        GeneratorHarness.Reasons(driver, TrackingNames.Spec).ShouldAllBe(r => r == IncrementalStepRunReason.Unchanged || r == IncrementalStepRunReason.Cached);
        GeneratorHarness.Reasons(driver, TrackingNames.Analyze).ShouldAllBe(r => r == IncrementalStepRunReason.Cached);
        driver.GetRunResult().Results[0].TrackedOutputSteps.ShouldNotBeEmpty();
    }

    [Fact]
    public void Width_change_reruns_the_analysis()
    {
        var (driver, compilation) = FirstRun(Sources.ReluWithBias);
        var edited = Sources.ReluWithBias.Replace("inputs: 3, outputs: 4", "inputs: 3, outputs: 5").Replace("inputs: 4, outputs: 2", "inputs: 5, outputs: 2");
        driver = Edit(driver, compilation, 0, edited);
        GeneratorHarness.Reasons(driver, TrackingNames.Analyze).ShouldContain(IncrementalStepRunReason.Modified);
        // The hint-name table depends on the models' names only.
        GeneratorHarness.Reasons(driver, TrackingNames.HintNames).ShouldAllBe(r => r == IncrementalStepRunReason.Unchanged || r == IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Adding_a_model_leaves_the_other_models_analysis_cached()
    {
        var (driver, compilation) = FirstRun(Sources.ReluWithBias, "class Other { }");
        driver = Edit(driver, compilation, 1, Sources.PureRelu);
        GeneratorHarness.Reasons(driver, TrackingNames.HintNames).ShouldContain(IncrementalStepRunReason.Modified);
        var analyze = GeneratorHarness.Reasons(driver, TrackingNames.Analyze);
        analyze.Count(r => r == IncrementalStepRunReason.Cached).ShouldBe(1);
        analyze.Count(r => r == IncrementalStepRunReason.New).ShouldBe(1);
    }

    [Fact]
    public void A_convolutional_residual_model_stays_incremental()
    {
        // Method bodies and comments leave its spec, and so its analysis, cached; an activation change re-runs it (from ReLU to
        // abs the laws stay, but the forward pass changes).
        var (driver, compilation) = FirstRun(Sources.Blocks + "\nnamespace ConservationCodegen.Integration.Tests { partial class Conv1dNet { double Helper() => 1.0; } }");
        var edited = "// a comment\n" + Sources.Blocks + "\nnamespace ConservationCodegen.Integration.Tests { partial class Conv1dNet { double Helper() => 2.0; } }";
        var next = Edit(driver, compilation, 0, edited);
        GeneratorHarness.Reasons(next, TrackingNames.Analyze).ShouldAllBe(r => r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged);

        var resized = Sources.Blocks.Replace("[Conv1d(3, 4, 3, Stride = 2, Activation = Activation.ReLU", "[Conv1d(3, 4, 3, Stride = 2, Activation = Activation.Abs");
        next = Edit(driver, compilation, 0, resized);
        GeneratorHarness.Reasons(next, TrackingNames.Analyze).ShouldContain(IncrementalStepRunReason.Modified);
    }
}
