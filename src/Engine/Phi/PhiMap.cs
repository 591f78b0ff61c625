using System.Collections.Generic;
using System.Numerics;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Phi;

/// <summary>
/// The factorising map φ of a layered model (docs/certificates.md §3), segment by segment. In a segment, each linear run
/// ("block") multiplies out to [M_b | β_b] (homogeneous coordinates); homogeneous activations between blocks
/// lift across the products: a component is a path of block-boundary neurons, starting at a segment input or
/// at a block's bias column. Order: segment, output neuron, then recursively the previous boundary neuron,
/// the bias column of a block last.
/// </summary>
public static class PhiMap
{
    /// <summary>Number of components of φ (saturates at <see cref="long.MaxValue"/>).</summary>
    public static long Length(ModelDescription model)
    {
        var total = ExactLength(model);
        return total > long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>Number of components of φ, exactly (deep ReLU stacks have far more than 2⁶³ paths).</summary>
    public static BigInteger ExactLength(ModelDescription model)
    {
        BigInteger total = 0;
        foreach (var seg in new ModelStructure(model).Segments) total += SegmentLength(model, seg);
        return total;
    }

    private static BigInteger SegmentLength(ModelDescription model, Segment seg)
    {
        BigInteger count = seg.LevelWidth[0];
        bool blockHasBias = false;
        for (int t = 1; t < seg.LevelCount; t++)
        {
            blockHasBias |= model.Layers[seg.FirstLayer + t - 1].HasBias;
            bool boundary = t == seg.LevelCount - 1 || seg.IsGateLevel[t];
            if (!boundary) continue;
            if (blockHasBias) count += 1;
            if (t == seg.LevelCount - 1) return count * seg.LevelWidth[t];
            count *= seg.LevelWidth[t];
            blockHasBias = false;
        }

        return count;
    }

    /// <summary>Evaluates φ(θ) in double precision (enumerates components: small models only).</summary>
    public static double[] Evaluate(ModelDescription model, IReadOnlyList<double> theta)
    {
        var structure = new ModelStructure(model);
        var result = new List<double>();
        foreach (var seg in structure.Segments)
        {
            // partial[x] = components of the paths ending at boundary neuron x of the current block output.
            List<double>[]? partial = null;
            int inWidth = seg.LevelWidth[0];
            double[,] m = Identity(inWidth);
            double[] beta = new double[inWidth];
            bool blockHasBias = false;
            for (int t = 1; t < seg.LevelCount; t++)
            {
                int k = seg.FirstLayer + t - 1;
                var layer = model.Layers[k];
                int w = model.WeightOffset(k);
                var next = new double[layer.Outputs, m.GetLength(1)];
                var nextBeta = new double[layer.Outputs];
                for (int r = 0; r < layer.Outputs; r++)
                {
                    for (int c = 0; c < layer.Inputs; c++)
                    {
                        double wrc = theta[w + r * layer.Inputs + c];
                        for (int j = 0; j < m.GetLength(1); j++) next[r, j] += wrc * m[c, j];
                        nextBeta[r] += wrc * beta[c];
                    }

                    if (layer.HasBias) nextBeta[r] += theta[model.BiasOffset(k) + r];
                }

                blockHasBias |= layer.HasBias;
                m = next;
                beta = nextBeta;
                bool boundary = t == seg.LevelCount - 1 || seg.IsGateLevel[t];
                if (!boundary) continue;

                var lists = new List<double>[layer.Outputs];
                for (int x = 0; x < layer.Outputs; x++)
                {
                    var list = new List<double>();
                    for (int y = 0; y < m.GetLength(1); y++)
                    {
                        if (partial is null) list.Add(m[x, y]);
                        else foreach (var p in partial[y]) list.Add(m[x, y] * p);
                    }

                    if (blockHasBias) list.Add(beta[x]);
                    lists[x] = list;
                }

                partial = lists;
                m = Identity(layer.Outputs);
                beta = new double[layer.Outputs];
                blockHasBias = false;
            }

            foreach (var list in partial!) result.AddRange(list);
        }

        return result.ToArray();
    }

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) m[i, i] = 1;
        return m;
    }
}
