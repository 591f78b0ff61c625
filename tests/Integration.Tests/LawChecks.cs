using System;
using System.Collections.Generic;
using System.Linq;
using Shouldly;

namespace ConservationCodegen.Integration.Tests;

/// <summary>Checks of generated law members shared by the block tests: values against closed forms, and ⟨∇h, v⟩.</summary>
internal static class LawChecks
{
    /// <summary>A generated <c>ComputeConservedQuantities(theta, destination)</c>.</summary>
    public delegate void LawEvaluation(ReadOnlySpan<double> theta, Span<double> destination);

    /// <summary>Every law, by name, equals its closed form written in the test (and there are no others).</summary>
    public static void ShouldEqual(Dictionary<string, double> expected, double[] theta, IReadOnlyList<string> names, LawEvaluation laws)
    {
        names.Count.ShouldBe(expected.Count);
        var values = new double[names.Count];
        laws(theta, values);
        for (int i = 0; i < names.Count; i++) values[i].ShouldBe(expected[names[i]], 1e-12, names[i]);
    }

    /// <summary>⟨∇h, v⟩ of every law by the exact law change along ±εv (exact for laws of degree ≤ 2).</summary>
    public static double[] Directional(IConservationModel model, double[] theta, double[] direction)
    {
        const double h = 1e-3;
        var plus = new double[model.LawCount];
        var minus = new double[model.LawCount];
        model.ComputeLawChange(theta, direction.Select(v => h * v).ToArray(), plus);
        model.ComputeLawChange(theta, direction.Select(v => -h * v).ToArray(), minus);
        return plus.Select((p, i) => (p - minus[i]) / (2 * h)).ToArray();
    }

    /// <summary>Σ v².</summary>
    public static double Square(IEnumerable<double> v) => v.Sum(x => x * x);
}
