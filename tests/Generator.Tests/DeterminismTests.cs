using System.Globalization;
using System.Linq;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// Same input, byte-identical output in any culture. The cultures write numbers differently from the invariant one:
/// de-DE and fi-FI use a decimal comma (fi-FI also U+2212 for minus), ar-SA prefixes negative numbers with U+061C,
/// fa-IR writes minus as U+200E U+2212. The models put decimals (leaky slopes), negative numbers (−1 for a layer
/// without bias, −1 for an uncounted law count) and counts in messages into the output, so any culture-sensitive
/// formatting changes the text, and the generated code is compiled under the culture too. A layer wider than the engine
/// supports puts grouped numbers into the generator's own message (analyzer messages have their own culture tests).
/// </summary>
public sealed class DeterminismTests
{
    private const string LeakyMixed = """
        using ConservationCodegen;

        namespace Demo
        {
            [ConservationModel]
            public partial class LeakyMixed
            {
                [Dense(3, 4, Activation = Activation.LeakyReLU, NegativeSlope = 0.25, Bias = nameof(B1))]
                public double[,] W1 = new double[4, 3];
                public double[] B1 = new double[4];

                [Dense(4, 3, Activation = Activation.Tanh)] public float[,] W2 = new float[3, 4];
                [Dense(3, 2)] public double[] W3 = new double[6];
            }
        }
        """;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var culture in new[] { "de-DE", "fi-FI", "ar-SA", "fa-IR" })
            foreach (var model in new[] { nameof(LeakyMixed), nameof(Sources.ScalarDeepLinear), "TooWide" })
                data.Add(culture, model);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_and_messages_are_identical_under_other_cultures_and_compile(string culture, string model)
    {
        string source = model switch
        {
            nameof(LeakyMixed) => LeakyMixed,
            nameof(Sources.ScalarDeepLinear) => Sources.ScalarDeepLinear,
            // Reported by the generator (CCG0104) with grouped numbers: "1×2000000 …, widths above 1,000,000".
            _ => "using ConservationCodegen;\n[ConservationModel] public partial class TooWide { [Dense(2000000, 1)] public double[] W1 = new double[1]; }\n",
        };
        // The culture must really format numbers differently, or the comparison proves nothing.
        var other = CultureInfo.GetCultureInfo(culture);
        (0.25.ToString(other) != "0.25" || (-1).ToString(other) != "-1").ShouldBeTrue();

        var invariant = WithCulture(CultureInfo.InvariantCulture, () => Texts(source));
        var texts = WithCulture(other, () => Texts(source));
        texts.Files.ShouldBe(invariant.Files);
        texts.Messages.ShouldBe(invariant.Messages);
        texts.Errors.ShouldBeEmpty();
        (invariant.Files.Length + invariant.Messages.Length).ShouldBeGreaterThan(0);
    }

    private static (string[] Files, string[] Messages, string[] Errors) Texts(string source)
    {
        var run = GeneratorHarness.Generate(source);
        return (
            run.Result.GeneratedSources.Select(s => s.HintName + "\n" + s.SourceText).ToArray(),
            run.Diagnostics.Select(d => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture)).OrderBy(m => m, System.StringComparer.Ordinal).ToArray(),
            run.Errors.Select(d => d.ToString()).ToArray());
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
