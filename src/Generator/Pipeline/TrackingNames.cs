namespace ConservationCodegen.Pipeline;

/// <summary>Names of the tracked pipeline steps (the incrementality tests enumerate them).</summary>
public static class TrackingNames
{
    /// <summary>MSBuild options reduced to <c>GenerationOptions</c>.</summary>
    public const string Options = nameof(Options);
    /// <summary>Attribute → extraction result (spec or problem, plus location).</summary>
    public const string Extract = nameof(Extract);
    /// <summary>The location-free spec.</summary>
    public const string Spec = nameof(Spec);
    /// <summary>Engine analysis and emission (heavy, memoised).</summary>
    public const string Analyze = nameof(Analyze);
    /// <summary>Every model's unique key → its hint-name stem.</summary>
    public const string HintNames = nameof(HintNames);
    /// <summary>Engine findings as diagnostics (diagnostics branch).</summary>
    public const string Diagnose = nameof(Diagnose);
}
