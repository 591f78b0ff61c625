using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// φ straight from the definition (path-lifting, docs/certificates.md §3), written independently of the engine: enumerate every full path
/// (from a segment input or a bias entry, through every layer, to a segment output), multiply its parameters,
/// and add paths that share the neurons φ distinguishes (start, neurons at homogeneous activations, output).
/// </summary>
internal static class ReferencePhi
{
    public static List<double> Evaluate(ModelDescription model, double[] theta)
    {
        var result = new List<double>();
        int first = 0;
        for (int k = 0; k < model.Layers.Count; k++)
        {
            bool cut = k == model.Layers.Count - 1 || !ActivationKinds.IsPositivelyHomogeneous(model.Layers[k].Activation);
            if (!cut) continue;
            result.AddRange(Segment(model, theta, first, k));
            first = k + 1;
        }

        return result;
    }

    private static IEnumerable<double> Segment(ModelDescription model, double[] theta, int first, int last)
    {
        var sums = new SortedDictionary<string, double>(System.StringComparer.Ordinal);
        void Walk(int layer, int neuron, double product, string key)
        {
            if (layer > last)
            {
                string full = key + "|out" + neuron;
                sums.TryGetValue(full, out var old);
                sums[full] = old + product;
                return;
            }

            var l = model.Layers[layer];
            bool gate = layer < last && l.Activation != ActivationKind.Identity;
            for (int r = 0; r < l.Outputs; r++)
            {
                double w = theta[model.WeightOffset(layer) + r * l.Inputs + neuron];
                Walk(layer + 1, r, product * w, gate ? key + "|" + layer + ":" + r : key);
            }
        }

        for (int i = 0; i < model.Layers[first].Inputs; i++) Walk(first, i, 1.0, "in" + i);
        for (int k = first; k <= last; k++)
        {
            var l = model.Layers[k];
            if (!l.HasBias) continue;
            // A bias belongs to the bias column of its linear run: runs are numbered by the gates before them.
            int block = Enumerable.Range(first, k - first).Count(j => model.Layers[j].Activation != ActivationKind.Identity);
            bool gate = k < last && l.Activation != ActivationKind.Identity;
            for (int r = 0; r < l.Outputs; r++)
            {
                double b = theta[model.BiasOffset(k) + r];
                string key = "bias" + block + (gate ? "|" + k + ":" + r : "");
                if (k == last)
                {
                    string full = key + "|out" + r;
                    sums.TryGetValue(full, out var old);
                    sums[full] = old + b;
                }
                else
                {
                    Walk(k + 1, r, b, key);
                }
            }
        }

        return sums.Values;
    }
}
