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
        z[0] = (uint[])gates.LevelGates[0]!.Clone();
        var offsets = segment.LayerParameterOffset;
        for (int t = 1; t < levels; t++)
        {
            var layer = model.Layers[segment.FirstLayer + t - 1];
            int offset = offsets[t];
            int nIn = layer.Inputs, nOut = layer.Outputs;
            var previous = z[t - 1];
            var gate = t < levels - 1 ? gates.LevelGates[t] : null;
            var zt = new uint[nOut];
            for (int r = 0; r < nOut; r++)
            {
                int w = offset + r * nIn;
                ulong acc = layer.HasBias ? (ulong)theta[offset + nIn * nOut + r] * gates.LayerBiasGate[t] : 0;
                for (int c = 0; c < nIn; c++)
                {
                    acc += (ulong)theta[w + c] * previous[c];
                    if ((c & (FoldEvery - 1)) == FoldEvery - 1) acc = ModP.Fold(acc);
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
            var layer = model.Layers[segment.FirstLayer + t - 1];
            int nIn = layer.Inputs, nOut = layer.Outputs, o = offsets[t];
            var previous = z[t - 1];
            for (int r = 0; r < nOut; r++)
            {
                ulong d = delta[r];
                int w = o + r * nIn;
                for (int c = 0; c < nIn; c++) grad[w + c] = ModP.Reduce(d * previous[c]);
                if (layer.HasBias) grad[o + nIn * nOut + r] = ModP.Mul(delta[r], gates.LayerBiasGate[t]);
            }

            if (t == 1) break;
            var back = new ulong[nIn];
            for (int r = 0; r < nOut; r++)
            {
                ulong d = delta[r];
                int w = o + r * nIn;
                for (int c = 0; c < nIn; c++) back[c] += (ulong)theta[w + c] * d;
                if ((r & (FoldEvery - 1)) == FoldEvery - 1)
                    for (int c = 0; c < nIn; c++) back[c] = ModP.Fold(back[c]);
            }

            var gate = gates.LevelGates[t - 1];
            var next = new uint[nIn];
            for (int c = 0; c < nIn; c++)
            {
                uint v = ModP.Reduce(back[c]);
                next[c] = gate is null ? v : ModP.Mul(v, gate[c]);
            }

            delta = next;
        }

        return grad;
    }
}
