using System.Globalization;
using System.Linq;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>Same input, byte-identical output in any culture (fi-FI and ar-SA format minus signs differently).</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData("de-DE")]
    [InlineData("fi-FI")]
    [InlineData("ar-SA")]
    public void Output_is_identical_under_other_cultures(string culture)
    {
        string[] Texts() => GeneratorHarness.Generate(Sources.ReluWithBias).Result.GeneratedSources.Select(s => s.SourceText.ToString()).ToArray();
        var invariant = WithCulture(CultureInfo.InvariantCulture, Texts);
        var other = WithCulture(CultureInfo.GetCultureInfo(culture), Texts);
        other.ShouldBe(invariant);
    }

    private static T WithCulture<T>(CultureInfo culture, System.Func<T> action)
    {
        var (c, u) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        ConservationCodegen.Pipeline.AnalysisMemo.Clear(); // recompute the engine's texts under this culture too
        try
        {
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (c, u);
        }
    }
}
