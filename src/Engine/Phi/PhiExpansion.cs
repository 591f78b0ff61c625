using System.Collections.Generic;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Phi;

/// <summary>
/// φ expanded into monomials: every component is a sum of products of distinct parameters with coefficient 1
/// (paths through the linear runs, lifted across the gates). Used to emit unrolled code for small models; the
/// expansion stops as soon as it would exceed a factor budget, so it never explodes.
/// </summary>
public sealed class PhiExpansion
{
    private PhiExpansion(List<List<int[]>> components) => Components = components;

    /// <summary>Component i as a list of monomials, each the parameter indices of one product.</summary>
    public IReadOnlyList<List<int[]>> Components { get; }

    /// <summary>Total number of factors over all monomials (the size of unrolled φ code).</summary>
    public int FactorCount
    {
        get
        {
            int n = 0;
            foreach (var c in Components) foreach (var m in c) n += m.Length;
            return n;
        }
    }

    /// <summary>Expands φ, or returns null when the expansion would hold more than <paramref name="maxFactors"/> factors.</summary>
    public static PhiExpansion? TryExpand(ModelDescription model, int maxFactors)
    {
        if (PhiMap.Length(model) > maxFactors) return null;
        var budget = new Budget(maxFactors);
        var components = new List<List<int[]>>();
        foreach (var blocks in PhiBlocks.Of(model))
        {
            // f[y] = polynomials of the components ending at boundary neuron y, F_0 = 1.
            var f = new List<List<List<int[]>>>();
            for (int y = 0; y < blocks[0].Inputs; y++) f.Add(new List<List<int[]>> { new() { new int[0] } });
            foreach (var block in blocks)
            {
                var (a, beta) = MultiplyRun(model, block, budget);
                if (a is null) return null;
                var next = new List<List<List<int[]>>>();
                for (int x = 0; x < block.Outputs; x++)
                {
                    var list = new List<List<int[]>>();
                    for (int y = 0; y < block.Inputs; y++)
                        foreach (var p in f[y])
                        {
                            var product = Multiply(a[x][y], p, budget);
                            if (product is null) return null;
                            list.Add(product);
                        }

                    if (block.HasBias) list.Add(beta![x]);
                    next.Add(list);
                }

                f = next;
            }

            foreach (var neuron in f) components.AddRange(neuron);
        }

        var expansion = new PhiExpansion(components);
        return expansion.FactorCount > maxFactors ? null : expansion;
    }

    // A = W_k⋯W_1 and the accumulated bias as polynomials; null when over budget.
    private static (List<int[]>[][]? A, List<int[]>[]? Beta) MultiplyRun(ModelDescription model, PhiBlock block, Budget budget)
    {
        int m = block.Inputs;
        var p = new List<int[]>[m][];
        var beta = new List<int[]>[m];
        for (int r = 0; r < m; r++)
        {
            p[r] = new List<int[]>[m];
            for (int c = 0; c < m; c++) p[r][c] = r == c ? new List<int[]> { new int[0] } : new List<int[]>();
            beta[r] = new List<int[]>();
        }

        foreach (int k in block.Layers)
        {
            var layer = model.Layers[k];
            int w = model.WeightOffset(k);
            var np = new List<int[]>[layer.Outputs][];
            var nbeta = new List<int[]>[layer.Outputs];
            for (int r = 0; r < layer.Outputs; r++)
            {
                np[r] = new List<int[]>[m];
                for (int col = 0; col < m; col++) np[r][col] = new List<int[]>();
                nbeta[r] = new List<int[]>();
                for (int c = 0; c < layer.Inputs; c++)
                {
                    int v = w + r * layer.Inputs + c;
                    for (int col = 0; col < m; col++) Prefix(v, p[c][col], np[r][col], budget);
                    Prefix(v, beta[c], nbeta[r], budget);
                }

                if (layer.HasBias) nbeta[r].Add(new[] { model.BiasOffset(k) + r });
                if (budget.Exhausted) return (null, null);
            }

            p = np;
            beta = nbeta;
        }

        return (p, beta);
    }

    private static void Prefix(int variable, List<int[]> source, List<int[]> target, Budget budget)
    {
        foreach (var monomial in source)
        {
            var product = new int[monomial.Length + 1];
            product[0] = variable;
            monomial.CopyTo(product, 1);
            target.Add(product);
            budget.Spend(product.Length);
        }
    }

    private static List<int[]>? Multiply(List<int[]> left, List<int[]> right, Budget budget)
    {
        var result = new List<int[]>(left.Count * right.Count);
        foreach (var l in left)
            foreach (var r in right)
            {
                var product = new int[l.Length + r.Length];
                l.CopyTo(product, 0);
                r.CopyTo(product, l.Length);
                result.Add(product);
                if (!budget.Spend(product.Length)) return null;
            }

        return result;
    }

    private sealed class Budget(int limit)
    {
        private long _spent;

        // Intermediate products count too, so the expansion's own cost stays bounded.
        public bool Exhausted => _spent > 4L * limit;

        public bool Spend(int factors)
        {
            _spent += factors;
            return !Exhausted;
        }
    }
}
