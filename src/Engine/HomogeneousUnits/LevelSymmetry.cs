using System.Collections.Generic;
using System.Globalization;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.HomogeneousUnits;

/// <summary>How the units of a hidden level may be rescaled (or mixed) without changing the model's function.</summary>
internal enum LevelSymmetryKind
{
    /// <summary>An identity level inside a linear run: GL(width) mixes its units (W ↦ GW, b ↦ Gb, W' ↦ W'G⁻¹).</summary>
    Linear,
    /// <summary>σ(cz) = c^k σ(z), c &gt; 0: (w^in_j, b_j) ↦ c·(w^in_j, b_j), w^out_j ↦ c^{−k} w^out_j.</summary>
    Rescaling,
    /// <summary>Swish with a trainable β: σ_{β/c}(cz) = c·σ_β(z), so (w^in_j, b_j) ↦ c·, β_j ↦ β_j/c, w^out_j ↦ w^out_j/c.</summary>
    SwishBeta,
}

/// <summary>
/// The one-parameter (or GL) symmetry of one hidden level t of a segment, with the hypotheses of Noether's theorem for
/// it checked on the model (docs/certificates.md, "Homogeneous units"): the activation's homogeneity, that a unit's
/// in-edges are exactly its weight row and bias (a dense block, no skip connection adding to its pre-activation),
/// and that its out-edges are exactly its column of the next dense block (no skip connection reading the level).
/// <see cref="Establish"/> returns null, with the failed hypothesis, when any of them does not hold.
/// </summary>
internal sealed class LevelSymmetry
{
    private LevelSymmetry(LevelSymmetryKind kind, int level, int degree, ParameterMap map)
    {
        Kind = kind;
        Level = level;
        Degree = degree;
        Map = map;
    }

    public LevelSymmetryKind Kind { get; }

    /// <summary>Local level t (1…T−1): the outputs of local block t.</summary>
    public int Level { get; }

    /// <summary>k of σ(cz) = c^k σ(z) (1 for linear, positively homogeneous and Swish-β levels).</summary>
    public int Degree { get; }

    /// <summary>The segment's parameter layout.</summary>
    public ParameterMap Map { get; }

    /// <summary>Units of the level.</summary>
    public int Width => Map.Block(Level).Outputs;

    /// <summary>The symmetry of local level t, or null with <paramref name="failed"/> naming the hypothesis that does not hold.</summary>
    public static LevelSymmetry? Establish(ParameterMap map, int t, out string failed)
    {
        var model = map.Model;
        int layer = map.Segment.FirstLayer + t - 1;
        failed = "";
        if (t < 1 || t >= map.LayerCount)
        {
            failed = "the level is not a hidden level of the segment";
            return null;
        }

        var inBlock = model.Layers[layer];
        var outBlock = model.Layers[layer + 1];
        if (!IsPlainDense(model, layer) || !IsPlainDense(model, layer + 1))
        {
            failed = Inv($"the blocks on either side of layer {layer + 1}'s outputs are not both dense layers");
            return null;
        }

        if (outBlock.Inputs != inBlock.Outputs)
        {
            failed = Inv($"layer {layer + 2} does not read layer {layer + 1}'s units one to one");
            return null;
        }

        // A skip connection that adds into the level's pre-activation adds in-edges; one that reads the level's output
        // (the input of block layer + 1) adds out-edges.
        if (inBlock.ResidualFrom >= 0)
        {
            failed = Inv($"a skip connection adds into layer {layer + 1}'s pre-activation");
            return null;
        }

        for (int m = 0; m < model.Layers.Count; m++)
        {
            if (model.Layers[m].ResidualFrom == layer + 1)
            {
                failed = Inv($"a skip connection reads layer {layer + 1}'s outputs");
                return null;
            }
        }

        switch (inBlock.Activation)
        {
            case ActivationKind.Identity:
                return new LevelSymmetry(LevelSymmetryKind.Linear, t, 1, map);
            case ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Abs:
                return new LevelSymmetry(LevelSymmetryKind.Rescaling, t, 1, map);
            case ActivationKind.RePU or ActivationKind.Power when inBlock.ActivationDegree >= 2:
                return new LevelSymmetry(LevelSymmetryKind.Rescaling, t, inBlock.ActivationDegree, map);
            case ActivationKind.Swish when inBlock.HasBeta:
                return new LevelSymmetry(LevelSymmetryKind.SwishBeta, t, 1, map);
            default:
                failed = Inv($"the activation after layer {layer + 1} ({ActivationKinds.DisplayName(inBlock.Activation)}) has no rescaling symmetry");
                return null;
        }
    }

    private static bool IsPlainDense(ModelDescription model, int layer) =>
        model.Layers[layer] is LayerSpec && model.Shapes[layer].Taps == 1 && !model.Shapes[layer].Diagonal;

    /// <summary>
    /// The generator A of the symmetry whose quadratic form θᵀAθ is the law Q[i, j] (i = j for one unit's rescaling, and
    /// then A is diagonal; i ≠ j only at a linear level, with S = E_ij + E_ji), as symmetric entries (a, b, A_ab), a ≤ b,
    /// over segment-local indices. Null when the level's symmetry has no generator for (i, j).
    /// </summary>
    public List<(int A, int B, long Value)>? Generator(int i, int j)
    {
        if (i > j) (i, j) = (j, i);
        if (i < 0 || j >= Width) return null;
        if (i != j && Kind != LevelSymmetryKind.Linear) return null;
        var inBlock = Map.Block(Level);
        var outBlock = Map.Block(Level + 1);
        var entries = new List<(int, int, long)>();
        if (i == j)
        {
            // d/dc at c = 1 of the rescaling: +1 on the unit's row and bias, −k on its out column, −1 on β (Swish-β).
            for (int c = 0; c < inBlock.Inputs; c++) entries.Add((Map.Weight(Level, i, c), Map.Weight(Level, i, c), 1));
            if (inBlock.HasBias) entries.Add((Map.Bias(Level, i), Map.Bias(Level, i), 1));
            for (int r = 0; r < outBlock.Outputs; r++) entries.Add((Map.Weight(Level + 1, r, i), Map.Weight(Level + 1, r, i), -Degree));
            if (Kind == LevelSymmetryKind.SwishBeta) entries.Add((Map.Beta(Level, i), Map.Beta(Level, i), -1));
            return entries;
        }

        // W ↦ W + εSW, b ↦ b + εSb, W' ↦ W' − εW'S: S swaps rows i and j of W (and b), columns i and j of W'.
        for (int c = 0; c < inBlock.Inputs; c++) entries.Add((Map.Weight(Level, i, c), Map.Weight(Level, j, c), 1));
        if (inBlock.HasBias) entries.Add((Map.Bias(Level, i), Map.Bias(Level, j), 1));
        for (int r = 0; r < outBlock.Outputs; r++) entries.Add((Map.Weight(Level + 1, r, i), Map.Weight(Level + 1, r, j), -1));
        return entries;
    }

    private static string Inv(System.FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
