namespace ConservationCodegen.Engine.Symmetries;

/// <summary>Antisymmetric linear symmetries acting on the neurons of one level (docs/certificates.md, "Rotations"): they conserve nothing.</summary>
/// <param name="Layer">Global index of the layer whose outputs the level holds.</param>
/// <param name="Width">Neurons of the level.</param>
/// <param name="Dimension">Dimension of 𝔤 ∩ so(D) acting there.</param>
public sealed record RotationSymmetry(int Layer, int Width, int Dimension);
