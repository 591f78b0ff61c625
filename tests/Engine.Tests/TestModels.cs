using System;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Tests;

internal static class TestModels
{
    public static ModelDescription Linear(params int[] widths) => ModelDescription.FromWidths(widths, ActivationKind.Identity, bias: false);

    public static ModelDescription Relu(bool bias, params int[] widths) => ModelDescription.FromWidths(widths, ActivationKind.ReLU, bias);

    public static AnalysisResult Analyze(ModelDescription model, int maxDegree = 2, int exhaustiveMax = 48) =>
        ConservationAnalysis.Analyze(model, new AnalysisOptions { MaxDegree = maxDegree, ExhaustiveSearchMaxParameters = exhaustiveMax });

    public static double[] RandomTheta(int count, Random rng) => Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

    /// <summary>Random layered models: depth 2–5, widths 1–6, bias per layer at random, activations from the list.</summary>
    public static IEnumerable<ModelDescription> RandomArchitectures(int count, int seed, ActivationKind[] activations, int maxWidth = 6)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int depth = rng.Next(2, 6);
            var widths = Enumerable.Range(0, depth + 1).Select(_ => rng.Next(1, maxWidth + 1)).ToArray();
            var layers = new List<LayerSpec>();
            for (int k = 0; k < depth; k++)
                layers.Add(new LayerSpec(widths[k], widths[k + 1], activations[rng.Next(activations.Length)], rng.Next(2) == 1));
            yield return new ModelDescription(layers);
        }
    }
}
