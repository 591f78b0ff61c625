namespace ConservationCodegen.Pipeline;

/// <summary>Fully-qualified metadata names the generator matches.</summary>
internal static class KnownNames
{
    public const string ConservationModelAttribute = "ConservationCodegen.ConservationModelAttribute";
    public const string DenseAttribute = "ConservationCodegen.DenseAttribute";

    /// <summary>MathNet.Numerics' matrix and vector bases (matched by name: the generator does not reference MathNet).</summary>
    public const string MathNetMatrix = "MathNet.Numerics.LinearAlgebra.Matrix`1";

    /// <summary>See <see cref="MathNetMatrix"/>.</summary>
    public const string MathNetVector = "MathNet.Numerics.LinearAlgebra.Vector`1";
}
