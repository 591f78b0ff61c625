using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>The engine is its own assembly of pure mathematics: it cannot see Roslyn, the generator or the runtime.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void The_engine_references_no_Roslyn_generator_or_runtime_assembly()
    {
        var engine = typeof(ConservationAnalysis).Assembly;
        engine.GetName().Name.ShouldBe("ConservationCodegen.Engine");
        var references = engine.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldNotContain(r => r.StartsWith("Microsoft.CodeAnalysis"));
        references.ShouldNotContain("ConservationCodegen.Generator");
        references.ShouldNotContain("ConservationCodegen");
        // Every type the engine declares is its own (compiler-emitted helpers such as <PrivateImplementationDetails> and
        // Microsoft.CodeAnalysis.EmbeddedAttribute, which the C# compiler puts into every assembly it builds, aside).
        var foreign = engine.GetTypes().Where(t => !t.Name.StartsWith("<") && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false) && (t.Namespace is null || !t.Namespace.StartsWith("ConservationCodegen.Engine") && !t.Namespace.StartsWith("System"))).Select(t => t.FullName).ToList();
        foreign.ShouldBeEmpty();
    }

    [Fact]
    public void Analysis_results_are_immutable()
    {
        // The generator's memo shares one result between its branches and builds: nothing may change it afterwards.
        foreach (var type in new[] { typeof(AnalysisResult), typeof(SegmentSummary) })
        {
            foreach (var property in type.GetProperties())
            {
                var setter = property.SetMethod;
                bool initOnly = setter is null || setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");
                initOnly.ShouldBeTrue($"{type.Name}.{property.Name} has a setter");
                property.PropertyType.ShouldNotBe(typeof(System.Collections.Generic.List<string>), $"{type.Name}.{property.Name} is a mutable list");
            }
        }

        var result = ConservationAnalysis.Analyze(ModelDescription.FromWidths(new[] { 2, 3, 1 }, ActivationKind.ReLU, bias: true));
        result.Notes.ShouldBeOfType<System.Collections.ObjectModel.ReadOnlyCollection<string>>();
        result.Segments.ShouldBeOfType<System.Collections.ObjectModel.ReadOnlyCollection<SegmentSummary>>();
    }
}
