namespace ConservationCodegen.Engine.Model;

/// <summary>
/// A gated linear unit h = act(W₁x) ⊙ (W₂x), W₁ (the gate weights) and W₂ (the up weights) both ∈ ℝ^{hidden×inputs},
/// stored [hidden, inputs] row-major, no bias; the dense layer after it (W₃) reads h. In θ the block holds W₁, then W₂
/// (<see cref="BlockSpec.GateWeightCount"/> entries, then <see cref="BlockSpec.WeightCount"/>), and
/// <see cref="ModelDescription.WeightOffset"/> points at W₂: the engine sees the up path x → W₂ → (gate) → W₃ as a
/// dense layer followed by a gated level, and the gate weights as free coordinates of φ (docs/certificates.md, "Gated
/// linear units"). <see cref="BlockSpec.WeightName"/> names W₂; <see cref="GateName"/> names W₁.
/// </summary>
public sealed record GatedLinearUnitSpec : BlockSpec
{
    /// <param name="inputs">Input width.</param>
    /// <param name="hidden">Hidden units (rows of W₁ and W₂).</param>
    /// <param name="gateActivation">The gate's activation act (SiLU: <see cref="ActivationKind.Swish"/> with β = 1).</param>
    public GatedLinearUnitSpec(int inputs, int hidden, ActivationKind gateActivation = ActivationKind.Swish)
    {
        Inputs = inputs;
        Outputs = hidden;
        GateActivation = gateActivation;
    }

    /// <summary>The gate's activation act in act(W₁x) ⊙ W₂x.</summary>
    public ActivationKind GateActivation { get; init; }

    /// <summary>Name used in formulas for the gate weights W₁ (empty: "Wg" followed by the block's 1-based index).</summary>
    public string GateName { get; init; } = "";

    /// <inheritdoc/>
    public override string KindName => "glu";

    /// <inheritdoc/>
    public override int Inputs { get; }

    /// <summary>Hidden units.</summary>
    public override int Outputs { get; }

    /// <summary>Up weights W₂ (the path weights).</summary>
    public override long WeightCount => (long)Inputs * Outputs;

    /// <summary>Gate weights W₁, before W₂ in θ.</summary>
    public override long GateWeightCount => (long)Inputs * Outputs;

    /// <inheritdoc/>
    public override string ShapeText => Inv(Outputs) + "×" + Inv(Inputs);

    /// <summary>The up projection: a full layer from the inputs to the hidden units.</summary>
    public override LayerShape ShapeAfter(BlockSpec? before) => new(Inputs, Outputs);
}
