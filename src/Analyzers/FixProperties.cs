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

    /// <summary>How a missing bias is to be declared: <see cref="Array"/> or <see cref="MathNetVector"/>.</summary>
    public const string BiasStorage = nameof(BiasStorage);
    public const string Array = nameof(Array);
    public const string MathNetVector = nameof(MathNetVector);
}
