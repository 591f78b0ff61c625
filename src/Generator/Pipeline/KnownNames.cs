namespace ConservationCodegen.Pipeline;

/// <summary>Fully-qualified metadata names the generator matches.</summary>
internal static class KnownNames
{
    public const string ConservationModelAttribute = "ConservationCodegen.ConservationModelAttribute";
    public const string DenseAttribute = "ConservationCodegen.DenseAttribute";
}
