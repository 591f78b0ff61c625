using System.Collections.Generic;
using System.Numerics;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Phi;

/// <summary>
/// The factorising map φ of a layered model (docs/certificates.md §3), segment by segment. In a segment, each linear run
/// ("block") multiplies out to [M_b | β_b] (homogeneous coordinates), one matrix per choice of a tap in each of its
/// multi-tap layers (<see cref="BlockTransfer{T}"/>); homogeneous activations between blocks lift across the products:
/// a component is a path of block-boundary units and taps, starting at a segment input or at a block's bias column.
/// Order: segment, output unit, then recursively the previous boundary unit and the taps of the block (layer by
/// layer), the bias columns of a block last. A run of diagonal layers only joins unit i to unit i.
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

    // Per block, every output unit has (reached inputs × taps of the run) · (components per unit before) + bias columns.
    private static BigInteger SegmentLength(ModelDescription model, Segment seg)
    {
        BigInteger perUnit = 1;
        int unitsBefore = seg.LevelWidth[0];
        BigInteger taps = 1, biasColumns = 0;
        bool diagonal = true, emptyBias = false;
        for (int t = 1; t < seg.LevelCount; t++)
        {
            var shape = model.Shapes[seg.FirstLayer + t - 1];
            taps *= shape.Taps;
            biasColumns *= shape.Taps;
            if (shape.Taps > 1) emptyBias = false;
            diagonal &= shape.Diagonal;
            if (model.Layers[seg.FirstLayer + t - 1].HasBias && !emptyBias)
            {
                biasColumns += 1;
                emptyBias = true;
            }

            bool boundary = t == seg.LevelCount - 1 || seg.IsGateLevel[t];
            if (!boundary) continue;
            perUnit = (diagonal ? 1 : unitsBefore) * taps * perUnit + biasColumns;
            unitsBefore = seg.LevelWidth[t];
            taps = 1;
            biasColumns = 0;
            diagonal = true;
            emptyBias = false;
        }

        return perUnit * unitsBefore;
    }

    /// <summary>Evaluates φ(θ) in double precision (enumerates components: small models only).</summary>
    public static double[] Evaluate(ModelDescription model, IReadOnlyList<double> theta)
    {
        var result = new List<double>();
        var algebra = new DoubleAlgebra(theta);
        foreach (var blocks in PhiBlocks.Of(model))
        {
            // partial[x] = components of the paths ending at boundary unit x of the current block output.
            List<double>[]? partial = null;
            foreach (var block in blocks)
            {
                var transfer = BlockTransfer<double>.Of(model, block, algebra);
                var lists = new List<double>[block.Outputs];
                for (int x = 0; x < block.Outputs; x++)
                {
                    var list = new List<double>();
                    var row = transfer.Values[x];
                    for (int col = 0; col < row.Length; col++)
                    {
                        if (transfer.IsBias[col] || !transfer.Reaches(x, col)) continue;
                        if (partial is null) list.Add(row[col]);
                        else foreach (var p in partial[transfer.InputUnit[col]]) list.Add(row[col] * p);
                    }

                    for (int col = 0; col < row.Length; col++)
                        if (transfer.IsBias[col]) list.Add(row[col]);
                    lists[x] = list;
                }

                partial = lists;
            }

            foreach (var list in partial!) result.AddRange(list);
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
}
