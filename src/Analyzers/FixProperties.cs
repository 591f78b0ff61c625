namespace ConservationCodegen.Analyzers;

/// <summary>Keys of the diagnostic properties the code fixes read (so fixes never re-derive the analysis).</summary>
public static class FixProperties
{
    public const string PreviousOutputs = nameof(PreviousOutputs);
    public const string BiasName = nameof(BiasName);
    public const string BiasLength = nameof(BiasLength);
    public const string Element = nameof(Element);
    public const string AfterMember = nameof(AfterMember);
    public const string ExpectedLengths = nameof(ExpectedLengths);

    /// <summary>Which CCG0004 fix applies: <see cref="AddBias"/>, <see cref="UseSuggestedBias"/> or <see cref="ResizeBias"/> (absent: none).</summary>
    public const string BiasFix = nameof(BiasFix);

    /// <summary>The existing member a misspelt bias name most likely means.</summary>
    public const string SuggestedBias = nameof(SuggestedBias);

    public const string AddBias = "Add";
    public const string UseSuggestedBias = "UseSuggested";
    public const string ResizeBias = "Resize";

    /// <summary>How a missing bias is to be declared (with <see cref="AddBias"/>): <see cref="Array"/> or <see cref="MathNetVector"/>.</summary>
    public const string BiasStorage = nameof(BiasStorage);
    public const string Array = nameof(Array);
    public const string MathNetVector = nameof(MathNetVector);

    /// <summary>What a missing member is filled with (with <see cref="AddBias"/>): <see cref="Ones"/> (a normalisation scale γ) or <see cref="Zeros"/> (absent: zeros).</summary>
    public const string Fill = nameof(Fill);
    public const string Ones = nameof(Ones);
    public const string Zeros = nameof(Zeros);

    /// <summary>
    /// Which attribute argument names the member a CCG0004 fix repairs: <c>Bias</c>, <c>TrainableBeta</c>, <c>NormScale</c>
    /// or <c>NormShift</c> (absent: <c>Bias</c>); the fix edits it for a misspelt name and names its role in titles.
    /// </summary>
    public const string CompanionArgument = nameof(CompanionArgument);

    /// <summary>CCG0002: the layer a misspelt <c>ResidualFrom</c> most likely means.</summary>
    public const string SuggestedResidual = nameof(SuggestedResidual);

    /// <summary>CCG0005: the layout the fix creates, for its title (absent: "[outputs, inputs]").</summary>
    public const string Layout = nameof(Layout);

    /// <summary>CCG0007: the ActivationDegree a RePU or Power layer gets (<c>2</c>), or <see cref="RemoveDegree"/> for an activation that takes none.</summary>
    public const string ActivationDegree = nameof(ActivationDegree);
    public const string RemoveDegree = "Remove";

    /// <summary>CCG0007: the allowed <c>MaxDegree</c> nearest to the one written (invariant digits).</summary>
    public const string NearestMaxDegree = nameof(NearestMaxDegree);
}
