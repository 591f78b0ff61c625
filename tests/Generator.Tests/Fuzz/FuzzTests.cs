using System;
using System.Collections.Generic;
using System.Globalization;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests.Fuzz;

/// <summary>
/// Random valid and malformed models through the generator driver: no generator exception or internal error, every
/// valid model generates code that compiles, every malformed one gets a diagnostic and no broken code. CI runs a
/// small seeded set; the long run is explicit (<c>dotnet test tests/Generator.Tests -c Release -- --explicit only</c>,
/// case count and seed from CCG_FUZZ_CASES and CCG_FUZZ_SEED).
/// </summary>
public sealed class FuzzTests
{
    [Fact]
    public void Seeded_random_models_generate_or_are_diagnosed() => Run(seed: 12, cases: 24);

    [Fact(Explicit = true)]
    [Trait("Category", "Long")]
    public void Long_fuzz_run() => Run(
        int.Parse(Environment.GetEnvironmentVariable("CCG_FUZZ_SEED") ?? "1", CultureInfo.InvariantCulture),
        int.Parse(Environment.GetEnvironmentVariable("CCG_FUZZ_CASES") ?? "2000", CultureInfo.InvariantCulture));

    private static void Run(int seed, int cases)
    {
        var models = new RandomModels(seed);
        var failures = new List<string>();
        for (int i = 0; i < cases; i++)
        {
            var c = models.Next();
            if (FuzzRunner.Check(c) is string fault)
                failures.Add($"case {i} (seed {seed}) {c.Description}\n{fault}\n{string.Join("\n// next file\n", c.Sources)}");
        }

        failures.ShouldBeEmpty($"{failures.Count} of {cases} cases failed; first:\n{string.Join("\n=====\n", failures.GetRange(0, Math.Min(3, failures.Count)))}");
    }
}
