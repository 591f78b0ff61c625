namespace ConservationCodegen.Pipeline;

/// <summary>Names of the tracked pipeline steps (the incrementality tests enumerate them).</summary>
public static class TrackingNames
{
    public const string Extract = nameof(Extract);
    public const string Spec = nameof(Spec);
    public const string Analyze = nameof(Analyze);
}
