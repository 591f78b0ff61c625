namespace ConservationCodegen;

/// <summary>
/// One hidden level whose rotations keep the model's function (a level inside a linear run): where its parameters sit
/// in θ, and which momentum charges belong to it. The rotation generator E = e_i e_jᵀ − e_j e_iᵀ of the level acts as
/// X_E θ = (E·A, E·b, −B·E) on the incoming weights A ([width, inputs], every tap), the bias b and the outgoing weights B
/// ([outputs, width · outTaps]); its charge is J[i, j] = ⟨X_E θ_prev, v⟩ (see <c>docs/generated-code.md</c>,
/// "Momentum charges"). Generated models list their levels in <see cref="IConservationModel.MomentumChargeLevels"/>.
/// </summary>
/// <param name="Name">The level's name in the charge and law names, e.g. <c>Hidden1</c>.</param>
/// <param name="FirstCharge">Index of the level's first charge: its width·(width − 1)/2 charges follow, pair (i, j), i &lt; j, row by row.</param>
/// <param name="InWeights">Offset in θ of A: width rows of <paramref name="Inputs"/> entries.</param>
/// <param name="Inputs">Entries per row of A (inputs, or input channels × kernel taps).</param>
/// <param name="Bias">Offset in θ of b (width entries), or −1 without a bias.</param>
/// <param name="OutWeights">Offset in θ of B: <paramref name="Outputs"/> rows of width units × <paramref name="OutTaps"/> taps.</param>
/// <param name="Outputs">Rows of B.</param>
/// <param name="Width">Units of the level.</param>
/// <param name="OutTaps">Consecutive entries of B per (row, unit); 1 for a dense layer.</param>
public readonly record struct MomentumChargeLevel(
    string Name, int FirstCharge, int InWeights, int Inputs, int Bias, int OutWeights, int Outputs, int Width, int OutTaps = 1)
{
    /// <summary>The level's number of charges, width·(width − 1)/2.</summary>
    public int ChargeCount => Width * (Width - 1) / 2;
}
