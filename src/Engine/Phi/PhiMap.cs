using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Phi;

/// <summary>
/// The factorising map φ of a layered model (docs/certificates.md §3, §8), part by part (<see cref="PhiRegion"/>). In a segment, each linear run
/// ("block") multiplies out to [M_b | β_b] (homogeneous coordinates), one matrix per choice of a tap in each of its
/// multi-tap layers (<see cref="BlockTransfer{T}"/>); homogeneous activations between blocks lift across the products:
/// a component is a path of block-boundary units and taps, starting at a segment input or at a block's bias column.
/// Order: segment, output unit, then recursively the previous boundary unit and the taps of the block (layer by
/// layer), the bias columns of a block last, then what a skip connection adds from its source level. A run of diagonal
/// layers only joins unit i to unit i.
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
        foreach (var region in PhiRegion.Of(model))
            total += model.Layers[region.InputLevel + 1] is SelfAttentionSpec attention ? AttentionLength(attention) : RegionLength(model, region);
        foreach (var block in model.Layers) total += block.GateWeightCount; // a gated linear unit's gate weights are coordinates of φ
        return total;
    }

    // Per block, every output unit has (reached inputs × taps of the run) · (components per unit before) + bias columns,
    // plus what a skip brings from its source level. Components with no parameter (a path from the part's input through
    // skips only) are not components of φ; they are counted apart and left out.
    private static BigInteger RegionLength(ModelDescription model, PhiRegion region)
    {
        var perUnit = new Dictionary<int, BigInteger> { [region.InputLevel] = 1 };
        var empty = new Dictionary<int, BigInteger> { [region.InputLevel] = 1 };
        int last = region.InputLevel;
        foreach (var block in region.Blocks)
        {
            int input = block.Layers[0] - 1;
            BigInteger taps = 1, biasColumns = 0;
            bool diagonal = true, emptyBias = false;
            foreach (int k in block.Layers)
            {
                var shape = model.Shapes[k];
                taps *= shape.Taps;
                biasColumns *= shape.Taps;
                if (shape.Taps > 1) emptyBias = false;
                diagonal &= shape.Diagonal;
                if (model.Layers[k].HasBias && !emptyBias)
                {
                    biasColumns += 1;
                    emptyBias = true;
                }
            }

            last = block.Layers[block.Layers.Count - 1];
            BigInteger count = (diagonal ? 1 : block.Inputs) * taps * perUnit[input] + biasColumns, none = 0;
            if (region.SkipInto.TryGetValue(last, out int source))
            {
                bool inside = source >= region.InputLevel;
                count += inside ? perUnit[source] : 1;
                none += inside ? empty[source] : 1;
            }

            perUnit[last] = count;
            empty[last] = none;
        }

        return (perUnit[last] - empty[last]) * model.Shapes[last].Outputs;
    }

    /// <summary>Evaluates φ(θ) in double precision (enumerates components: small models only).</summary>
    public static double[] Evaluate(ModelDescription model, IReadOnlyList<double> theta)
    {
        var result = new List<double>();
        var algebra = new DoubleAlgebra(theta);
        foreach (var region in PhiRegion.Of(model))
        {
            // at[level][x] = components of the paths ending at boundary unit x of that level (HasParameters false: a
            // path from the part's input through skips only).
            var at = new Dictionary<int, List<(double Value, bool HasParameters)>[]>();
            int inputs = model.Shapes[region.InputLevel + 1].Inputs;
            at[region.InputLevel] = Enumerable.Range(0, inputs).Select(_ => new List<(double, bool)> { (1.0, false) }).ToArray();
            List<(double Value, bool HasParameters)>[]? partial = null;
            foreach (var block in region.Blocks)
            {
                var before = at[block.Layers[0] - 1];
                var transfer = BlockTransfer<double>.Of(model, block, algebra);
                var lists = new List<(double, bool)>[block.Outputs];
                int level = block.Layers[block.Layers.Count - 1];
                bool skip = region.SkipInto.TryGetValue(level, out int source);
                for (int x = 0; x < block.Outputs; x++)
                {
                    var list = new List<(double, bool)>();
                    var row = transfer.Values[x];
                    for (int col = 0; col < row.Length; col++)
                    {
                        if (transfer.IsBias[col] || !transfer.Reaches(x, col)) continue;
                        foreach (var p in before[transfer.InputUnit[col]]) list.Add((row[col] * p.Value, true));
                    }

                    for (int col = 0; col < row.Length; col++)
                        if (transfer.IsBias[col]) list.Add((row[col], true));
                    if (skip)
                    {
                        if (source >= region.InputLevel) list.AddRange(at[source][x]);
                        else list.Add((1.0, false));
                    }

                    lists[x] = list;
                }

                at[level] = lists;
                partial = lists;
            }

            foreach (var list in partial!)
                foreach (var (value, hasParameters) in list)
                    if (hasParameters) result.Add(value);
        }

        return result.ToArray();
    }

    private sealed class DoubleAlgebra(IReadOnlyList<double> theta) : IBlockAlgebra<double>
    {
        public double Zero => 0;
        public double One => 1;
        public double Variable(int index) => theta[index];
        public double MulVariable(int index, double value) => theta[index] * value;
        public double Add(double a, double b) => a + b;
    }

    // Per head: the query–key product [W_Q^a, b_Q^a]ᵀW_K^a ((d + 1) × d with a query bias) and the value–output product
    // W_O^a[W_V^a, b_V^a] (d × (d + 1) with a value bias); the key bias is in no component.
    private static BigInteger AttentionLength(SelfAttentionSpec a) =>
        (BigInteger)a.Heads * a.ModelDim * (2 * a.ModelDim + (a.HasQueryBias ? 1 : 0) + (a.HasValueBias ? 1 : 0));
}
