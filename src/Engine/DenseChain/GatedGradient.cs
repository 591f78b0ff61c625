namespace ConservationCodegen.Engine.DenseChain;

using System.Runtime.CompilerServices;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Model;

/// <summary>
/// ∇_θ f_g(θ) for the gated network f_g = u_T·(Ŵ_T G_{T−1} ⋯ G_1 Ŵ_1 u_0) of one segment, evaluated on jets
/// (θ given as jets with q infinitesimals, 2^q coefficients per parameter, segment-local parameter order).
/// </summary>
internal static partial class GatedGradient
{
    [MethodImpl(HotLoop.Optimized)]
    public static uint[] Evaluate(ModelDescription model, Segment segment, Gates gates, uint[] theta, int size)
    {
        if (size == 1) return EvaluatePlain(model, segment, gates, theta);
        if (size == 2) return EvaluateDual(model, segment, gates, theta);
        int levels = segment.LevelCount;
        var z = new uint[levels][];
        var u0 = gates.LevelGates[0]!;
        z[0] = new uint[u0.Length * size];
        for (int i = 0; i < u0.Length; i++) z[0][i * size] = u0[i];

        // Forward pass: z_t = gate_t ⊙ (W_t z_{t−1} + bias gate · b_t).
        var offsets = segment.LayerParameterOffset;
        for (int t = 1; t < levels; t++)
        {
            var layer = model.Layers[segment.FirstLayer + t - 1];
            int offset = offsets[t];
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
}
