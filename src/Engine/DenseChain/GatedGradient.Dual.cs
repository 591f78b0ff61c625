namespace ConservationCodegen.Engine.DenseChain;

using System.Runtime.CompilerServices;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Model;

internal static partial class GatedGradient
{
    // A dual product adds two residue products (< 2⁵³) to the ε part; fold before 2¹⁰ of them pile up.
    private const int DualFoldEvery = 1024;

    /// <summary>
    /// The pass on dual numbers a + a′ε (jets with one infinitesimal, interleaved [a, a′] per entry): one
    /// directional derivative of the gradient, which is what every bracket of length 2 needs twice. Same
    /// arithmetic as the general jet pass with (a + a′ε)(b + b′ε) = ab + (ab′ + a′b)ε written out.
    /// </summary>
    [MethodImpl(HotLoop.Optimized)]
    private static uint[] EvaluateDual(ModelDescription model, Segment segment, Gates gates, uint[] theta)
    {
        int levels = segment.LevelCount;
        var z = new uint[levels][];
        var expanded = new uint[levels][];
        var u0 = gates.LevelGates[0]!;
        z[0] = new uint[2 * u0.Length];
        for (int i = 0; i < u0.Length; i++) z[0][2 * i] = u0[i];

        var offsets = segment.LayerParameterOffset;
        for (int t = 1; t < levels; t++)
        {
            var shape = model.Shapes[segment.FirstLayer + t - 1];
            bool hasBias = model.Layers[segment.FirstLayer + t - 1].HasBias;
            int offset = offsets[t], nOut = shape.Outputs, row = shape.RowLength, bias = offset + (int)shape.WeightCount;
            var previous = expanded[t] = ExpandTaps(z[t - 1], gates.TapGates[t], shape, 2);
            var gate = t < levels - 1 ? gates.LevelGates[t] : null;
            ulong biasGate = gates.LayerBiasGate[t];
            var zt = new uint[2 * nOut];
            for (int r = 0; r < nOut; r++)
            {
                ulong value = 0, tangent = 0;
                if (hasBias)
                {
                    int b = 2 * (bias + r);
                    value = theta[b] * biasGate;
                    tangent = theta[b + 1] * biasGate;
                }

                // A diagonal layer's row is its one weight, reading unit r.
                int w = 2 * (shape.Diagonal ? offset + r : offset + r * row), first = shape.Diagonal ? r : 0, count = shape.Diagonal ? 1 : row;
                for (int c = 0; c < count; c++)
                {
                    ulong w0 = theta[w + 2 * c], w1 = theta[w + 2 * c + 1];
                    ulong z0 = previous[2 * (first + c)], z1 = previous[2 * (first + c) + 1];
                    value += w0 * z0;
                    tangent += w0 * z1 + w1 * z0;
                    if ((c & (DualFoldEvery - 1)) == DualFoldEvery - 1)
                    {
                        value = ModP.Fold(value);
                        tangent = ModP.Fold(tangent);
                    }
                }

                uint v = ModP.Reduce(value), d = ModP.Reduce(tangent);
                zt[2 * r] = gate is null ? v : ModP.Mul(v, gate[r]);
                zt[2 * r + 1] = gate is null ? d : ModP.Mul(d, gate[r]);
            }

            z[t] = zt;
        }

        var grad = new uint[2 * segment.ParameterCount];
        var uT = gates.LevelGates[levels - 1]!;
        var delta = new uint[2 * uT.Length];
        for (int i = 0; i < uT.Length; i++) delta[2 * i] = uT[i];
        for (int t = levels - 1; t >= 1; t--)
        {
            var shape = model.Shapes[segment.FirstLayer + t - 1];
            bool hasBias = model.Layers[segment.FirstLayer + t - 1].HasBias;
            int nOut = shape.Outputs, row = shape.RowLength, o = offsets[t], bias = o + (int)shape.WeightCount;
            var previous = expanded[t];
            uint biasGate = gates.LayerBiasGate[t];
            for (int r = 0; r < nOut; r++)
            {
                ulong d0 = delta[2 * r], d1 = delta[2 * r + 1];
                int w = 2 * (shape.Diagonal ? o + r : o + r * row), first = shape.Diagonal ? r : 0, count = shape.Diagonal ? 1 : row;
                for (int c = 0; c < count; c++)
                {
                    ulong z0 = previous[2 * (first + c)], z1 = previous[2 * (first + c) + 1];
                    grad[w + 2 * c] = ModP.Reduce(d0 * z0);
                    grad[w + 2 * c + 1] = ModP.Reduce(d0 * z1 + d1 * z0);
                }

                if (hasBias)
                {
                    int b = 2 * (bias + r);
                    grad[b] = ModP.Mul((uint)d0, biasGate);
                    grad[b + 1] = ModP.Mul((uint)d1, biasGate);
                }
            }

            if (t == 1) break;
            int width = shape.Diagonal ? nOut : row;
            var back = new ulong[2 * width];
            for (int r = 0; r < nOut; r++)
            {
                ulong d0 = delta[2 * r], d1 = delta[2 * r + 1];
                int w = 2 * (shape.Diagonal ? o + r : o + r * row), first = shape.Diagonal ? r : 0, count = shape.Diagonal ? 1 : row;
                for (int c = 0; c < count; c++)
                {
                    ulong w0 = theta[w + 2 * c], w1 = theta[w + 2 * c + 1];
                    back[2 * (first + c)] += w0 * d0;
                    back[2 * (first + c) + 1] += w0 * d1 + w1 * d0;
                }

                if ((r & (DualFoldEvery - 1)) == DualFoldEvery - 1)
                    for (int k = 0; k < back.Length; k++) back[k] = ModP.Fold(back[k]);
            }

            var reduced = new uint[2 * width];
            for (int k = 0; k < reduced.Length; k++) reduced[k] = ModP.Reduce(back[k]);
            var next = ContractTaps(reduced, gates.TapGates[t], shape, 2);
            var gate = gates.LevelGates[t - 1];
            if (gate is not null)
                for (int c = 0; c < next.Length / 2; c++)
                {
                    next[2 * c] = ModP.Mul(next[2 * c], gate[c]);
                    next[2 * c + 1] = ModP.Mul(next[2 * c + 1], gate[c]);
                }

            delta = next;
        }

        return grad;
    }
}
