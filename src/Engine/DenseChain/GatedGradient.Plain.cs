namespace ConservationCodegen.Engine.DenseChain;

using System.Runtime.CompilerServices;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Model;

internal static partial class GatedGradient
{
    // Products of residues are below 2⁵², so a ulong takes 2¹¹ of them on top of a folded (< 2⁴¹) value.
    private const int FoldEvery = 2048;

    /// <summary>The same pass on plain residues (no infinitesimals): the common case, without the jet loops.</summary>
    [MethodImpl(HotLoop.Optimized)]
    private static uint[] EvaluatePlain(ModelDescription model, Segment segment, Gates gates, uint[] theta)
    {
        int levels = segment.LevelCount;
        var z = new uint[levels][];
        var expanded = new uint[levels][];
        z[0] = (uint[])gates.LevelGates[0]!.Clone();
        var offsets = segment.LayerParameterOffset;
        for (int t = 1; t < levels; t++)
        {
            var shape = model.Shapes[segment.FirstLayer + t - 1];
            bool hasBias = model.Layers[segment.FirstLayer + t - 1].HasBias;
            int offset = offsets[t], nOut = shape.Outputs, row = shape.RowLength, bias = offset + (int)shape.WeightCount;
            var previous = expanded[t] = ExpandTaps(z[t - 1], gates.TapGates[t], shape, 1);
            var gate = t < levels - 1 ? gates.LevelGates[t] : null;
            var zt = new uint[nOut];
            for (int r = 0; r < nOut; r++)
            {
                ulong acc = hasBias ? (ulong)theta[bias + r] * gates.LayerBiasGate[t] : 0;
                if (shape.Diagonal) acc += (ulong)theta[offset + r] * previous[r];
                else
                {
                    int w = offset + r * row;
                    for (int c = 0; c < row; c++)
                    {
                        acc += (ulong)theta[w + c] * previous[c];
                        if ((c & (FoldEvery - 1)) == FoldEvery - 1) acc = ModP.Fold(acc);
                    }
                }

                uint v = ModP.Reduce(acc);
                zt[r] = gate is null ? v : ModP.Mul(v, gate[r]);
            }

            z[t] = zt;
        }

        var grad = new uint[segment.ParameterCount];
        var delta = (uint[])gates.LevelGates[levels - 1]!.Clone();
        for (int t = levels - 1; t >= 1; t--)
        {
            var shape = model.Shapes[segment.FirstLayer + t - 1];
            bool hasBias = model.Layers[segment.FirstLayer + t - 1].HasBias;
            int nOut = shape.Outputs, row = shape.RowLength, o = offsets[t], bias = o + (int)shape.WeightCount;
            var previous = expanded[t];
            for (int r = 0; r < nOut; r++)
            {
                ulong d = delta[r];
                if (shape.Diagonal) grad[o + r] = ModP.Reduce(d * previous[r]);
                else
                {
                    int w = o + r * row;
                    for (int c = 0; c < row; c++) grad[w + c] = ModP.Reduce(d * previous[c]);
                }

                if (hasBias) grad[bias + r] = ModP.Mul(delta[r], gates.LayerBiasGate[t]);
            }

            if (t == 1) break;
            uint[] reduced;
            if (shape.Diagonal)
            {
                reduced = new uint[nOut];
                for (int r = 0; r < nOut; r++) reduced[r] = ModP.Mul(theta[o + r], delta[r]);
            }
            else
            {
                var back = new ulong[row];
                for (int r = 0; r < nOut; r++)
                {
                    ulong d = delta[r];
                    int w = o + r * row;
                    for (int c = 0; c < row; c++) back[c] += (ulong)theta[w + c] * d;
                    if ((r & (FoldEvery - 1)) == FoldEvery - 1)
                        for (int c = 0; c < row; c++) back[c] = ModP.Fold(back[c]);
                }

                reduced = new uint[row];
                for (int c = 0; c < row; c++) reduced[c] = ModP.Reduce(back[c]);
            }

            var next = ContractTaps(reduced, gates.TapGates[t], shape, 1);
            var gate = gates.LevelGates[t - 1];
            if (gate is not null)
                for (int c = 0; c < next.Length; c++) next[c] = ModP.Mul(next[c], gate[c]);
            delta = next;
        }

        return grad;
    }
}
