using System.Collections.Generic;
using System.Linq;
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
        var algebra = new MonomialAlgebra(budget);
        var components = new List<List<int[]>>();
        foreach (var region in PhiRegion.Of(model))
        {
            // at[level][y] = polynomials of the components ending at boundary unit y of that level; the part's input is 1.
            var at = new Dictionary<int, List<List<List<int[]>>>>();
            var start = new List<List<List<int[]>>>();
            for (int y = 0; y < model.Shapes[region.InputLevel + 1].Inputs; y++) start.Add(new List<List<int[]>> { new() { new int[0] } });
            at[region.InputLevel] = start;
            List<List<List<int[]>>>? f = null;
            foreach (var block in region.Blocks)
            {
                var before = at[block.Layers[0] - 1];
                var transfer = BlockTransfer<List<int[]>>.Of(model, block, algebra);
                if (budget.Exhausted) return null;
                int level = block.Layers[block.Layers.Count - 1];
                bool skip = region.SkipInto.TryGetValue(level, out int source);
                var next = new List<List<List<int[]>>>();
                for (int x = 0; x < block.Outputs; x++)
                {
                    var list = new List<List<int[]>>();
                    var row = transfer.Values[x];
                    for (int col = 0; col < row.Length; col++)
                    {
                        if (transfer.IsBias[col] || !transfer.Reaches(x, col)) continue;
                        foreach (var p in before[transfer.InputUnit[col]])
                        {
                            var product = Multiply(row[col], p, budget);
                            if (product is null) return null;
                            list.Add(product);
                        }
                    }

                    for (int col = 0; col < row.Length; col++)
                        if (transfer.IsBias[col]) list.Add(row[col]);
                    if (skip)
                    {
                        if (source >= region.InputLevel) list.AddRange(at[source][x]);
                        else list.Add(new List<int[]> { new int[0] });
                    }

                    next.Add(list);
                }

                at[level] = next;
                f = next;
            }

            // A path from the part's input through skips only carries no parameter: no component of φ.
            foreach (var unit in f!) components.AddRange(unit.Where(c => !(c.Count == 1 && c[0].Length == 0)));
        }

        var expansion = new PhiExpansion(components);
        return expansion.FactorCount > maxFactors ? null : expansion;
    }

    // Polynomials as lists of monomials (parameter indices, outermost layer first); every product by a weight is charged.
    private sealed class MonomialAlgebra(Budget budget) : IBlockAlgebra<List<int[]>>
    {
        public List<int[]> Zero => new();

        public List<int[]> One => new() { new int[0] };

        public List<int[]> Variable(int index) => new() { new[] { index } };

        public List<int[]> MulVariable(int index, List<int[]> value)
        {
            var target = new List<int[]>(value.Count);
            if (!budget.Exhausted) Prefix(index, value, target, budget);
            return target;
        }

        public List<int[]> Add(List<int[]> a, List<int[]> b)
        {
            if (a.Count == 0) return b;
            if (b.Count == 0) return a;
            var sum = new List<int[]>(a.Count + b.Count);
            sum.AddRange(a);
            sum.AddRange(b);
            return sum;
        }
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
