namespace ConservationCodegen;

/// <summary>
/// What each <see cref="Activation"/> means for the laws, in one place for the analyzers and the generator (compiled
/// into both): whether a value is defined, and whether it cuts the model. The engine's own table (ActivationKinds)
/// mirrors it value for value; a test checks that they agree.
/// </summary>
internal static class ActivationTable
{
    /// <summary>True for a declared member of <see cref="Activation"/> (an attribute can carry any int, e.g. <c>(Activation)42</c>).</summary>
    public static bool IsDefined(Activation activation) => activation is >= Activation.Identity and <= Activation.Softplus;

    /// <summary>True for σ(λz) = λσ(z), λ &gt; 0 (identity included): no cut, laws cross it.</summary>
    public static bool IsPositivelyHomogeneous(Activation activation) =>
        activation is Activation.Identity or Activation.ReLU or Activation.LeakyReLU or Activation.Abs;

    /// <summary>True for a defined activation without a continuous rescaling symmetry: no law crosses it.</summary>
    public static bool CutsModel(Activation activation) => IsDefined(activation) && !IsPositivelyHomogeneous(activation);
}
