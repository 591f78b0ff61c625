namespace ConservationCodegen.Engine.DenseChain;

using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Model;

/// <summary>
/// A product-form cotangent u₀⊗u₁⊗…⊗u_T⊗g₁⊗…⊗g_T on the path-lifting coordinates of one segment: one gate per unit
/// at the input, the output and every homogeneous activation, one gate per tap of every layer with several taps, plus
/// one gate per block for the block's bias column. ∇(Σ_p c_p φ_p) with such c is a gated forward/backward pass:
/// O(D), no path enumeration. Distinct components of φ get distinct gate monomials (a component is a choice of start,
/// gated units, output unit and one tap per multi-tap layer it crosses), so random gates span all of W_φ(θ).
/// </summary>
internal sealed class Gates
{
    private Gates(uint[]?[] levelGates, uint[] layerBiasGate, uint[]?[] tapGates)
    {
        LevelGates = levelGates;
        LayerBiasGate = layerBiasGate;
        TapGates = tapGates;
    }

    /// <summary>Per level: gate values, or null for identity levels inside a linear run.</summary>
    public uint[]?[] LevelGates { get; }

    /// <summary>Per segment layer (1-based local index): the bias gate of the block it belongs to.</summary>
    public uint[] LayerBiasGate { get; }

    /// <summary>Per segment layer (1-based local index): one gate per tap, or null for a layer with one tap.</summary>
    public uint[]?[] TapGates { get; }

    /// <summary>
    /// These gates with the output gate centred (its entries summing to 0 mod p; the last entry replaced): the cotangents
    /// of a loss that does not change when the same constant is added to every output, such as softmax cross-entropy. For
    /// such a loss the output cotangent δ of every sample has 𝟙ᵀδ = 0, so ∇f on φ lies in (everything before the
    /// outputs) ⊗ 𝟙^⊥; product-form gates whose output factor is a random element of 𝟙^⊥ span exactly that space, so the
    /// field is a random element of the loss's W_φ (docs/certificates.md §10).
    /// </summary>
    public Gates CentredAtOutput()
    {
        var levels = (uint[]?[])LevelGates.Clone();
        var output = (uint[])levels[levels.Length - 1]!.Clone();
        uint sum = 0;
        for (int i = 0; i + 1 < output.Length; i++) sum = ModP.Add(sum, output[i]);
        output[output.Length - 1] = ModP.Neg(sum);
        levels[levels.Length - 1] = output;
        return new Gates(levels, LayerBiasGate, TapGates);
    }

    /// <summary>
    /// These gates with the output level's gates replaced by <paramref name="outputGates"/> and, when
    /// <paramref name="dropLastBias"/>, the bias gate of the last linear run set to 0, so the cotangent vanishes on the
    /// run's effective bias (the coordinate a translation of the output moves): the projected cotangents of a
    /// normalised segment (docs/certificates.md, "Normalisation").
    /// </summary>
    public Gates WithOutput(uint[] outputGates, bool dropLastBias)
    {
        int levels = LevelGates.Length;
        var g = (uint[]?[])LevelGates.Clone();
        g[levels - 1] = outputGates;
        var bias = (uint[])LayerBiasGate.Clone();
        if (dropLastBias)
        {
            // The last run is the layers after the last gated hidden level; they share one bias gate.
            for (int t = levels - 1; t >= 1; t--)
            {
                bias[t] = 0;
                if (t - 1 >= 1 && LevelGates[t - 1] is not null) break;
            }
        }

        return new Gates(g, bias, TapGates);
    }

    public static Gates Random(ModelDescription model, Segment segment, DeterministicRandom rng)
    {
        int levels = segment.LevelCount;
        var g = new uint[]?[levels];
        for (int t = 0; t < levels; t++)
        {
            if (t == 0 || t == levels - 1 || segment.IsGateLevel[t])
            {
                var u = new uint[segment.LevelWidth[t]];
                for (int i = 0; i < u.Length; i++) u[i] = rng.NextNonZeroMod();
                g[t] = u;
            }
        }

        var bias = new uint[levels];
        uint blockGate = rng.NextNonZeroMod();
        for (int t = 1; t < levels; t++)
        {
            bias[t] = blockGate;
            if (segment.IsGateLevel[t]) blockGate = rng.NextNonZeroMod();
        }

        // Drawn last, so segments of one-tap layers draw exactly what they always did.
        var taps = new uint[]?[levels];
        for (int t = 1; t < levels; t++)
        {
            int count = model.Shapes[segment.FirstLayer + t - 1].Taps;
            if (count == 1) continue;
            var p = new uint[count];
            for (int i = 0; i < count; i++) p[i] = rng.NextNonZeroMod();
            taps[t] = p;
        }

        return new Gates(g, bias, taps);
    }
}
