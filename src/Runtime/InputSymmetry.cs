namespace ConservationCodegen;

/// <summary>
/// A symmetry of the training data in the model's input, for <see cref="ConservationModelAttribute.InputSymmetry"/>.
/// Declaring one promises that the loss, as a function of the parameters, does not change when the first layer's
/// weights are transformed by the group: then gradient flow obeys a constraint (Noether's theorem for the group), which
/// the generated code evaluates and the training monitor checks. It adds no conservation law and changes no law count.
/// </summary>
public enum InputSymmetry
{
    /// <summary>No declared symmetry of the data (the default).</summary>
    None = 0,

    /// <summary>
    /// The data are invariant under every rotation of the input: loss(W₁R, rest) = loss(W₁, rest) for every orthogonal R
    /// (e.g. a population loss over an isotropic input distribution, such as a standard Gaussian, with targets that depend
    /// on the input only through its norm). Gradient flow then keeps W₁ᵀẆ₁ symmetric; the generated
    /// <c>ComputeInputAngularMomentum</c> evaluates its skew part, which stays 0 under gradient descent and scales by β per
    /// step under heavy-ball momentum. Needs a first layer that is <c>[Dense]</c> and no residual connection that reads the
    /// model's input. Any finite data set or minibatch breaks the symmetry (the monitor flags it).
    /// </summary>
    Rotation = 1,
}
