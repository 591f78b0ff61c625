namespace ConservationCodegen.Engine.DenseChain;

using System.Runtime.CompilerServices;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Model;

/// <summary>
/// ∇_θ f_g(θ) for the gated network f_g = u_T·(Ŵ_T G_{T−1} ⋯ G_1 Ŵ_1 u_0) of one segment, evaluated on jets
/// (θ given as jets with q infinitesimals, 2^q coefficients per parameter, segment-local parameter order).
/// A layer with taps reads z_{t−1} ⊗ g_t (unit c, tap p ↦ z_{t−1}[c]·g_t[p]) through its rows of inputs × taps
/// weights, so it is a dense layer on that expanded input; a diagonal layer multiplies unit i by its one weight.
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
        var expanded = new uint[levels][];
        var u0 = gates.LevelGates[0]!;
        z[0] = new uint[u0.Length * size];
        for (int i = 0; i < u0.Length; i++) z[0][i * size] = u0[i];

        // Forward pass: z_t = gate_t ⊙ (W_t (z_{t−1} ⊗ g_t) + bias gate · b_t).
        var offsets = segment.LayerParameterOffset;
        for (int t = 1; t < levels; t++)
        {
            var shape = model.Shapes[segment.FirstLayer + t - 1];
            bool hasBias = model.Layers[segment.FirstLayer + t - 1].HasBias;
            int offset = offsets[t], nOut = shape.Outputs, row = shape.RowLength, bias = offset + (int)shape.WeightCount;
            var x = expanded[t] = ExpandTaps(z[t - 1], gates.TapGates[t], shape, size);
            var acc = new ulong[nOut * size];
            for (int r = 0; r < nOut; r++)
            {
                if (shape.Diagonal) JetAlgebra.MulAdd(acc, r * size, theta, (offset + r) * size, x, r * size, size);
                else
                    for (int c = 0; c < row; c++)
                        JetAlgebra.MulAdd(acc, r * size, theta, (offset + r * row + c) * size, x, c * size, size);
                if (hasBias)
                    JetAlgebra.ScaleAdd(acc, r * size, theta, (bias + r) * size, gates.LayerBiasGate[t], size);
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
            var shape = model.Shapes[segment.FirstLayer + t - 1];
            bool hasBias = model.Layers[segment.FirstLayer + t - 1].HasBias;
            int nOut = shape.Outputs, row = shape.RowLength, o = offsets[t], bias = o + (int)shape.WeightCount;
            var x = expanded[t];
            var tmp = new ulong[size];
            for (int r = 0; r < nOut; r++)
            {
                int first = shape.Diagonal ? r : 0, count = shape.Diagonal ? 1 : row, w = shape.Diagonal ? o + r : o + r * row;
                for (int c = 0; c < count; c++)
                {
                    System.Array.Clear(tmp, 0, size);
                    JetAlgebra.MulAdd(tmp, 0, delta, r * size, x, (first + c) * size, size);
                    int idx = (w + c) * size;
                    for (int m = 0; m < size; m++) grad[idx + m] = ModP.Reduce(tmp[m]);
                }

                if (hasBias)
                {
                    int idx = (bias + r) * size;
                    for (int m = 0; m < size; m++) grad[idx + m] = ModP.Mul(delta[r * size + m], gates.LayerBiasGate[t]);
                }
            }

            if (t == 1) break;
            int width = shape.Diagonal ? nOut : row;
            var back = new ulong[width * size];
            for (int r = 0; r < nOut; r++)
            {
                if (shape.Diagonal) JetAlgebra.MulAdd(back, r * size, theta, (o + r) * size, delta, r * size, size);
                else
                    for (int c = 0; c < row; c++)
                        JetAlgebra.MulAdd(back, c * size, theta, (o + r * row + c) * size, delta, r * size, size);
            }

            var reduced = new uint[width * size];
            for (int i = 0; i < reduced.Length; i++) reduced[i] = ModP.Reduce(back[i]);
            var contracted = ContractTaps(reduced, gates.TapGates[t], shape, size);
            var gate = gates.LevelGates[t - 1];
            if (gate is not null)
                for (int c = 0; c < contracted.Length / size; c++)
                    for (int m = 0; m < size; m++)
                        contracted[c * size + m] = ModP.Mul(contracted[c * size + m], gate[c]);
            delta = contracted;
        }

        return grad;
    }

    /// <summary>z ⊗ g: entry (c·taps + p) of the result is z[c]·g[p] (jets of <paramref name="size"/>); z itself for one tap.</summary>
    internal static uint[] ExpandTaps(uint[] z, uint[]? tapGates, LayerShape shape, int size)
    {
        if (tapGates is null) return z;
        int units = shape.Inputs, taps = shape.Taps;
        var x = new uint[units * taps * size];
        for (int c = 0; c < units; c++)
            for (int p = 0; p < taps; p++)
                for (int m = 0; m < size; m++)
                    x[(c * taps + p) * size + m] = ModP.Mul(z[c * size + m], tapGates[p]);
        return x;
    }

    /// <summary>The adjoint of <see cref="ExpandTaps"/>: unit c receives Σ_p g[p]·back[c·taps + p].</summary>
    internal static uint[] ContractTaps(uint[] back, uint[]? tapGates, LayerShape shape, int size)
    {
        if (tapGates is null) return back;
        int units = shape.Inputs, taps = shape.Taps;
        var result = new uint[units * size];
        var acc = new ulong[size];
        for (int c = 0; c < units; c++)
        {
            System.Array.Clear(acc, 0, size);
            for (int p = 0; p < taps; p++)
                for (int m = 0; m < size; m++)
                    acc[m] = ModP.Fold(acc[m] + (ulong)back[(c * taps + p) * size + m] * tapGates[p]);
            for (int m = 0; m < size; m++) result[c * size + m] = ModP.Reduce(acc[m]);
        }

        return result;
    }
}
