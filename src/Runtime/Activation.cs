namespace ConservationCodegen;

/// <summary>
/// Activation applied after a layer ([Dense], [Conv1d], [Conv2d], [Diagonal]; ignored on the last layer).
/// Positively homogeneous activations (<see cref="ReLU"/>, <see cref="LeakyReLU"/>, <see cref="Abs"/>) keep one
/// law per hidden neuron; <see cref="Identity"/> joins layers into a linear run with a Gram law per hidden layer;
/// the others have no rescaling symmetry and cut the model: no law crosses them.
/// </summary>
public enum Activation
{
    /// <summary>No activation (the default).</summary>
    Identity = 0,
    /// <summary>max(0, z).</summary>
    ReLU = 1,
    /// <summary>max(αz, z), 0 &lt; α &lt; 1.</summary>
    LeakyReLU = 2,
    /// <summary>|z|.</summary>
    Abs = 3,
    /// <summary>tanh(z); cuts the model.</summary>
    Tanh = 4,
    /// <summary>1 / (1 + e^{−z}); cuts the model.</summary>
    Sigmoid = 5,
    /// <summary>z·Φ(z); cuts the model.</summary>
    Gelu = 6,
    /// <summary>log(1 + e^z); cuts the model.</summary>
    Softplus = 7,
    /// <summary>
    /// max(0, z)^k with k = the layer's <c>ActivationDegree</c> (at least 2): positively k-homogeneous, one law
    /// ‖w^in‖² + b² − k‖w^out‖² per unit.
    /// </summary>
    RePU = 8,
    /// <summary>z^k with k = the layer's <c>ActivationDegree</c> (at least 2): k-homogeneous, one law per unit as <see cref="RePU"/>.</summary>
    Power = 9,
    /// <summary>
    /// z·sigmoid(βz). With a trainable β per unit (the layer's <c>TrainableBeta</c>) one law ‖w^in‖² + b² − ‖w^out‖² − β²
    /// per unit; with the fixed β = 1 (SiLU) it cuts the model, as GELU does.
    /// </summary>
    Swish = 10,
}
