namespace ConservationCodegen;

/// <summary>
/// The one place that says where a diagnostic's page lives, compiled into the generator and the analyzers: the page
/// docs/diagnostics/CCGxxxx.md of the repository. The package carries the same pages under docs/ for offline reading.
/// </summary>
internal static class HelpLinks
{
    /// <summary>The web folder of the diagnostic pages.</summary>
    public const string Base = "https://github.com/ConservationCodegen/ConservationCodegen/blob/main/docs/diagnostics/";

    /// <summary>The page of diagnostic <paramref name="id"/>.</summary>
    public static string For(string id) => Base + id + ".md";
}
