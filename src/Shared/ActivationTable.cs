namespace ConservationCodegen;

/// <summary>
/// What each <see cref="Activation"/> means for the laws, in one place for the analyzers and the generator (compiled
/// into both): whether a value is defined, and whether it cuts the model. The engine's own table (ActivationKinds)
/// mirrors it value for value; a test checks that they agree.
/// </summary>
internal static class ActivationTable
{
    /// <summary>True for a declared member of <see cref="Activation"/> (an attribute can carry any int, e.g. <c>(Activation)42</c>).</summary>
    public static bool IsDefined(Activation activation) => activation is >= Activation.Identity and <= Activation.Swish;

    /// <summary>True for σ(λz) = λσ(z), λ &gt; 0 (identity included): no cut, laws cross it.</summary>
    public static bool IsPositivelyHomogeneous(Activation activation) =>
        activation is Activation.Identity or Activation.ReLU or Activation.LeakyReLU or Activation.Abs;

    /// <summary>True for RePU and Power, which take an ActivationDegree k ≥ 2 (σ(cz) = c^k σ(z)).</summary>
    public static bool HasDegree(Activation activation) => activation is Activation.RePU or Activation.Power;

    /// <summary>
    /// True for a defined activation without a continuous rescaling symmetry: no law crosses it. A Swish rescales with its
    /// unit only when its β is trainable (<paramref name="trainableBeta"/>); a fixed-β Swish (SiLU) cuts like GELU.
    /// </summary>
    public static bool CutsModel(Activation activation, bool trainableBeta = false) =>
        IsDefined(activation) && !IsPositivelyHomogeneous(activation) && !HasDegree(activation) && !(activation == Activation.Swish && trainableBeta);
}
