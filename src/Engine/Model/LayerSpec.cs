namespace ConservationCodegen.Engine.Model;

/// <summary>One dense layer: W ∈ ℝ^{outputs×inputs} (stored [outputs, inputs]), optional bias, activation after it.</summary>
/// <param name="Inputs">Input width n_{k−1}.</param>
/// <param name="Outputs">Output width n_k.</param>
/// <param name="Activation">Activation applied after this layer (ignored on the last layer).</param>
/// <param name="HasBias">Whether the layer has a bias vector of length <paramref name="Outputs"/>.</param>
/// <param name="WeightName">Name used in formulas for the weight matrix.</param>
/// <param name="BiasName">Name used in formulas for the bias vector.</param>
public sealed record LayerSpec(
    int Inputs,
    int Outputs,
    ActivationKind Activation,
    bool HasBias,
    string WeightName = "",
    string BiasName = "")
{
    /// <summary>Number of parameters of this layer.</summary>
    public long ParameterCount => (long)Inputs * Outputs + (HasBias ? Outputs : 0);
}
