namespace ConservationCodegen;

/// <summary>
/// Activation applied after a [Dense] layer (ignored on the last layer).
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
}
