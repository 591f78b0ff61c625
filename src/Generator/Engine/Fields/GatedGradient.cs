namespace ConservationCodegen.Engine.Fields;

using System.Runtime.CompilerServices;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Model;

/// <summary>
/// ∇_θ f_g(θ) for the gated network f_g = u_T·(Ŵ_T G_{T−1} ⋯ G_1 Ŵ_1 u_0) of one segment, evaluated on jets
/// (θ given as jets with q infinitesimals, 2^q coefficients per parameter, segment-local parameter order).
/// </summary>
internal static class GatedGradient
{
    [MethodImpl(HotLoop.Optimized)]
    public static uint[] Evaluate(ModelDescription model, Segment segment, Gates gates, uint[] theta, int size)
    {
        if (size == 1) return EvaluatePlain(model, segment, gates, theta);
        int levels = segment.LevelCount;
        var z = new uint[levels][];
        var u0 = gates.LevelGates[0]!;
        z[0] = new uint[u0.Length * size];
        for (int i = 0; i < u0.Length; i++) z[0][i * size] = u0[i];

        // Forward pass: z_t = gate_t ⊙ (W_t z_{t−1} + bias gate · b_t).
        var offsets = new int[levels];
        int offset = 0;
        for (int t = 1; t < levels; t++)
        {
            var layer = model.Layers[segment.FirstLayer + t - 1];
            offsets[t] = offset;
            int nIn = layer.Inputs, nOut = layer.Outputs;
            var acc = new ulong[nOut * size];
            for (int r = 0; r < nOut; r++)
            {
                for (int c = 0; c < nIn; c++)
                    JetAlgebra.MulAdd(acc, r * size, theta, (offset + r * nIn + c) * size, z[t - 1], c * size, size);
                if (layer.HasBias)
                    JetAlgebra.ScaleAdd(acc, r * size, theta, (offset + nIn * nOut + r) * size, gates.LayerBiasGate[t], size);
            }

            var zt = new uint[nOut * size];
            var gate = t < levels - 1 ? gates.LevelGates[t] : null;
            for (int r = 0; r < nOut; r++)
            {
                for (int m = 0; m < size; m++)
                {
                    uint v = ModP.Reduce(acc[r * size + m]);
                    zt[r * size + m] = gate is null ? v : ModP.Mul(v, gate[r]);
                }
            }

            z[t] = zt;
            offset += (int)layer.ParameterCount;
        }

        // Reverse pass.
        var grad = new uint[segment.ParameterCount * size];
        var uT = gates.LevelGates[levels - 1]!;
        var delta = new uint[uT.Length * size];
        for (int i = 0; i < uT.Length; i++) delta[i * size] = uT[i];
        for (int t = levels - 1; t >= 1; t--)
        {
            var layer = model.Layers[segment.FirstLayer + t - 1];
            int nIn = layer.Inputs, nOut = layer.Outputs, o = offsets[t];
            var tmp = new ulong[size];
            for (int r = 0; r < nOut; r++)
            {
                for (int c = 0; c < nIn; c++)
                {
                    System.Array.Clear(tmp, 0, size);
                    JetAlgebra.MulAdd(tmp, 0, delta, r * size, z[t - 1], c * size, size);
                    int idx = (o + r * nIn + c) * size;
                    for (int m = 0; m < size; m++) grad[idx + m] = ModP.Reduce(tmp[m]);
                }

                if (layer.HasBias)
                {
                    int idx = (o + nIn * nOut + r) * size;
                    for (int m = 0; m < size; m++) grad[idx + m] = ModP.Mul(delta[r * size + m], gates.LayerBiasGate[t]);
                }
            }

            if (t == 1) break;
            var back = new ulong[nIn * size];
            for (int r = 0; r < nOut; r++)
                for (int c = 0; c < nIn; c++)
                    JetAlgebra.MulAdd(back, c * size, theta, (o + r * nIn + c) * size, delta, r * size, size);
            var gate = gates.LevelGates[t - 1];
            var next = new uint[nIn * size];
            for (int c = 0; c < nIn; c++)
            {
                for (int m = 0; m < size; m++)
                {
                    uint v = ModP.Reduce(back[c * size + m]);
                    next[c * size + m] = gate is null ? v : ModP.Mul(v, gate[c]);
                }
            }

            delta = next;
        }

        return grad;
    }

    // Products of residues are below 2⁵², so a ulong takes 2¹¹ of them on top of a folded (< 2⁴¹) value.
    private const int FoldEvery = 2048;

    /// <summary>The same pass on plain residues (no infinitesimals): the common case, without the jet loops.</summary>
    [MethodImpl(HotLoop.Optimized)]
    private static uint[] EvaluatePlain(ModelDescription model, Segment segment, Gates gates, uint[] theta)
    {
        int levels = segment.LevelCount;
        var z = new uint[levels][];
        z[0] = (uint[])gates.LevelGates[0]!.Clone();
        var offsets = new int[levels];
        int offset = 0;
        for (int t = 1; t < levels; t++)
        {
            var layer = model.Layers[segment.FirstLayer + t - 1];
            offsets[t] = offset;
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
            offset += (int)layer.ParameterCount;
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
