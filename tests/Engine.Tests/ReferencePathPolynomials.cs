using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// The channel-path lifting straight from its definition, as exact polynomials (test side only, shares no code with the
/// engine's φ): the model is cut after every activation without a rescaling symmetry and at both ends of every skip
/// connection; in each part, every full path chooses a unit at every level and, on every layer, one of the parallel
/// edges of its (output, input) pair (taps; a diagonal layer joins unit i to unit i only). A path starts at an input
/// unit or at a bias entry. Paths are summed when they agree on what the model distinguishes: the start (an input unit,
/// or the linear run a bias belongs to), the units behind homogeneous non-identity activations, the output unit, and
/// the tap taken on every layer with several taps.
/// Weights of a block are stored [outputs, inputs, taps] row-major (a dense layer after a convolution of C channels
/// reads its inputs as C channels × S positions), then the bias; blocks one after another.
/// </summary>
internal static class ReferencePathPolynomials
{
    /// <param name="model">The model.</param>
    /// <param name="throughSkips">
    /// False: cut at both ends of every skip, as for a model without them. True: keep the parts whole and let a path
    /// also take every skip — from unit c of a block's input straight to unit c of the output it is added to, with no
    /// parameter on the way (the lifting of the graph with skips).
    /// </param>
    public static List<SymbolicLieRank.Poly> Phi(ModelDescription model, bool throughSkips = false) =>
        PhiKeyed(model, throughSkips).Select(e => e.Phi).ToList();

    /// <summary>
    /// As <see cref="Phi"/>, each entry with its key: what the path chose before its output unit (<c>Prefix</c>), the output
    /// unit of its part (<c>Output</c>), and whether its part ends the model (<c>Last</c>).
    /// </summary>
    public static List<(string Prefix, int Output, bool Last, SymbolicLieRank.Poly Phi)> PhiKeyed(ModelDescription model, bool throughSkips = false)
    {
        var result = new List<(string, int, bool, SymbolicLieRank.Poly)>();
        foreach (var (first, last) in Parts(model, cutAtSkips: !throughSkips))
        {
            var sums = new SortedDictionary<string, SymbolicLieRank.Poly>(System.StringComparer.Ordinal);
            void Walk(int layer, int unit, List<int> variables, string key)
            {
                if (layer > last)
                {
                    string full = key + "|out" + unit;
                    if (!sums.TryGetValue(full, out var poly)) sums[full] = poly = new SymbolicLieRank.Poly();
                    poly.AddMonomial(variables);
                    return;
                }

                // Skips that read this block's input and add it to the output of a later block of the part.
                for (int k = layer; throughSkips && k <= last; k++)
                {
                    if (model.Layers[k].ResidualFrom != layer) continue;
                    bool gated = k < last && model.Layers[k].Activation != ActivationKind.Identity;
                    Walk(k + 1, unit, variables, key + (gated ? "|" + k + ":" + unit : ""));
                }

                var (inputs, outputs, taps, diagonal) = Geometry(model, layer);
                int offset = Offset(model, layer);
                bool gate = layer < last && model.Layers[layer].Activation != ActivationKind.Identity;
                for (int r = 0; r < outputs; r++)
                {
                    if (diagonal && r != unit) continue;
                    for (int p = 0; p < taps; p++)
                    {
                        int index = diagonal ? offset + r : offset + (r * inputs + unit) * taps + p;
                        string next = key + (taps > 1 ? "|tap" + layer + ":" + p : "") + (gate ? "|" + layer + ":" + r : "");
                        Walk(layer + 1, r, new List<int>(variables) { index }, next);
                    }
                }
            }

            var (firstInputs, _, _, _) = Geometry(model, first);
            for (int i = 0; i < firstInputs; i++) Walk(first, i, new List<int>(), "in" + i);
            for (int k = first; k <= last; k++)
            {
                var l = model.Layers[k];
                if (!l.HasBias) continue;
                int run = Enumerable.Range(first, k - first).Count(j => model.Layers[j].Activation != ActivationKind.Identity);
                int biasOffset = Offset(model, k) + (int)Weights(model, k);
                bool gate = k < last && l.Activation != ActivationKind.Identity;
                for (int r = 0; r < l.Outputs; r++)
                {
                    string key = "bias" + run + (gate ? "|" + k + ":" + r : "");
                    Walk(k + 1, r, new List<int> { biasOffset + r }, key);
                }
            }

            foreach (var kv in sums)
            {
                int cut = kv.Key.LastIndexOf("|out", System.StringComparison.Ordinal);
                result.Add((kv.Key.Substring(0, cut), int.Parse(kv.Key.Substring(cut + 4), System.Globalization.CultureInfo.InvariantCulture), last == model.Layers.Count - 1, kv.Value));
            }
        }

        return result;
    }

    /// <summary>The model cut after every activation without a rescaling symmetry (and at skip ends): [first, last] layer ranges.</summary>
    public static List<(int First, int Last)> Parts(ModelDescription model, bool cutAtSkips = true)
    {
        var cutAfter = new HashSet<int>();
        for (int k = 0; k < model.Layers.Count; k++)
        {
            var l = model.Layers[k];
            bool homogeneous = l.Activation is ActivationKind.Identity or ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Abs;
            if (!homogeneous) cutAfter.Add(k);
            if (cutAtSkips && l.ResidualFrom >= 0)
            {
                cutAfter.Add(k);
                if (l.ResidualFrom > 0) cutAfter.Add(l.ResidualFrom - 1);
            }
        }

        var parts = new List<(int, int)>();
        int start = 0;
        for (int k = 0; k < model.Layers.Count; k++)
        {
            if (k == model.Layers.Count - 1 || cutAfter.Contains(k))
            {
                parts.Add((start, k));
                start = k + 1;
            }
        }

        return parts;
    }

    // (input units, output units, taps, diagonal) from the block's own arguments.
    public static (int Inputs, int Outputs, int Taps, bool Diagonal) Geometry(ModelDescription model, int k) => model.Layers[k] switch
    {
        ConvolutionSpec c => (c.InChannels, c.OutChannels, c.KernelHeight * c.KernelWidth, false),
        DiagonalSpec d => (d.Width, d.Width, 1, true),
        var l when Channels(model, k - 1) is { } before => (before.OutChannels, l.Outputs, l.Inputs / before.OutChannels, false),
        var l => (l.Inputs, l.Outputs, 1, false),
    };

    // The convolution whose channels (and positions) block k outputs: itself, or the one before a run of diagonal layers
    // ending at k (each scales a channel by one weight at every position).
    private static ConvolutionSpec? Channels(ModelDescription model, int k)
    {
        while (k >= 0 && model.Layers[k] is DiagonalSpec) k--;
        return k >= 0 ? model.Layers[k] as ConvolutionSpec : null;
    }

    public static long Weights(ModelDescription model, int k)
    {
        var (inputs, outputs, taps, diagonal) = Geometry(model, k);
        return diagonal ? outputs : (long)inputs * outputs * taps;
    }

    public static int Offset(ModelDescription model, int k)
    {
        int offset = 0;
        for (int j = 0; j < k; j++) offset += (int)(Weights(model, j) + (model.Layers[j].HasBias ? model.Layers[j].Outputs : 0));
        return offset;
    }

    /// <summary>Number of parameters, from the same storage rule.</summary>
    public static int ParameterCount(ModelDescription model) => Offset(model, model.Layers.Count);
}
