using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ConservationCodegen.Pipeline;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// The values the pipeline caches after extraction (specs, analyses with their files, hint names) hold no Roslyn
/// object: a symbol, syntax node or compilation kept there would pin a whole compilation in memory across IDE edits and
/// break the equality that incremental caching relies on.
/// </summary>
public sealed class PipelineValueTests
{
    [Fact]
    public void Specs_analyses_and_hint_names_hold_no_Roslyn_objects()
    {
        var compilation = GeneratorHarness.Compile(Sources.ReluWithBias, Sources.PureRelu);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        int checkedValues = 0;
        foreach (var name in new[] { TrackingNames.Spec, TrackingNames.Analyze, TrackingNames.HintNames })
        {
            foreach (var step in steps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    var roslyn = FindRoslynObject(value, new HashSet<object>(ReferenceEqualityComparer.Instance), name);
                    roslyn.ShouldBeNull();
                    checkedValues++;
                }
            }
        }

        checkedValues.ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void The_walk_finds_a_Roslyn_object_when_one_is_there()
    {
        // The check above must be able to fail: a value holding a syntax tree is reported.
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class C { }");
        FindRoslynObject(new { Inner = new object[] { 1, tree } }, new HashSet<object>(ReferenceEqualityComparer.Instance), "probe").ShouldNotBeNull();
    }

    // Depth-first over fields; returns a path to the first object whose type comes from a Roslyn assembly.
    private static string? FindRoslynObject(object? value, HashSet<object> seen, string path)
    {
        if (value is null) return null;
        var type = value.GetType();
        if (type.Assembly.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)) return path + " : " + type.FullName;
        if (type.IsPrimitive || value is string || type.IsEnum || value is Pointer) return null;
        if (!type.IsValueType && !seen.Add(value)) return null;
        if (value is IEnumerable items and not string)
        {
            int i = 0;
            foreach (var item in items)
                if (FindRoslynObject(item, seen, $"{path}[{i++}]") is { } found) return found;
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer) continue;
                if (FindRoslynObject(field.GetValue(value), seen, path + "." + field.Name) is { } found) return found;
            }
        }

        return null;
    }
}
