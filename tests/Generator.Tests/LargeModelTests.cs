using System.Diagnostics;
using System.Linq;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// Models with huge layers answer at once and within bounded memory through the whole generator path (engine and
/// emission). Measured: each under a second of generator time, ≈ 150–180 MiB peak working set for the test process
/// (docs/benchmarks.md); the bounds here are generous for loaded CI machines.
/// </summary>
public sealed class LargeModelTests
{
    [Fact]
    public void A_linear_hidden_layer_with_more_gram_entries_than_can_be_listed_is_reported_not_wrapped()
    {
        // 65,536 wide: 2,147,516,416 Gram entries, which an int count wrapped to 32,768 (and a complete model) before.
        var run = GeneratorHarness.Generate("""
            using ConservationCodegen;
            [ConservationModel] public partial class Wide
            {
                [Dense(1, 65536)] public float[] W1 = new float[65536];
                [Dense(65536, 1)] public float[] W2 = new float[65536];
            }
            """);
        run.Result.GeneratedSources.ShouldBeEmpty();
        run.Diagnostics.ShouldHaveSingleItem().GetMessage(System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe("The conservation model 'Wide' was not generated: its hidden layers have more than 1073741824 Gram entries and balances (a linear hidden layer of width w has w(w+1)/2, so linear hidden layers wider than 46,340 are not supported; a ReLU layer has one per neuron)");
    }

    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(2000, 2000)]
    [InlineData(100000, 1)]
    [InlineData(7000, 7000)]
    public void A_single_large_layer_has_no_law_and_answers_at_once(int inputs, int outputs)
    {
        // No hidden layer: φ is the parameter vector itself, so W_φ = ℝ^D and no function is conserved.
        var clock = Stopwatch.StartNew();
        var run = GeneratorHarness.Generate(Sources.DeepLinear(inputs, outputs));
        clock.Elapsed.TotalSeconds.ShouldBeLessThan(30);
        run.Diagnostics.ShouldNotContain(d => d.Id == "CCG0102" || d.Id == "CCG0103");
        var constants = run.Source("Conservation.g.cs");
        constants.ShouldContain("public const int IndependentLawCount = 0;");
        constants.ShouldContain("public const int PolynomialLawCount = 0;");
        constants.ShouldContain("LawsAreComplete => true;");
        run.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_4096_by_1000_softmax_layer_gets_its_translation_laws_through_the_loop_kernel()
    {
        // 4,096 column sums of 1,000 terms each: unrolled, 4 million terms; through the kernel, one call per law member.
        var clock = Stopwatch.StartNew();
        var run = GeneratorHarness.Generate("""
            using ConservationCodegen;
            [ConservationModel(Loss = Loss.SoftmaxCrossEntropy)] public partial class Head
            {
                [Dense(512, 4096, Activation = Activation.ReLU)] public float[] W1 = new float[4096 * 512];
                [Dense(4096, 1000, Bias = nameof(B2))] public float[] W2 = new float[1000 * 4096];
                public float[] B2 = new float[1000];
            }
            """);
        clock.Elapsed.TotalSeconds.ShouldBeLessThan(30);
        run.Errors.ShouldBeEmpty();
        var constants = run.Source("Conservation.g.cs");
        // 4,096 balances (path incidence on the model with 999 outputs) + 4,096 column sums + the bias sum.
        constants.ShouldContain("public const int IndependentLawCount = 8193;");
        constants.ShouldContain("LawsAreComplete => true;");
        var laws = run.Source("Laws.g.cs");
        laws.ShouldContain("global::ConservationCodegen.Internal.TranslationLaws.Evaluate(t, 2097152, 1000, 4096, 6193152, d.Slice(4096, 4097));");
        laws.Length.ShouldBeLessThan(40_000);
    }

    [Fact]
    public void A_2048_wide_swiglu_block_is_certified_and_emitted_at_once()
    {
        // 512 → 2048 → 512: 3,146,240 parameters; one balance per hidden unit, by the path-incidence theorem on the up path.
        var clock = Stopwatch.StartNew();
        var run = GeneratorHarness.Generate("""
            using ConservationCodegen;
            [ConservationModel] public partial class SwiGlu
            {
                [GatedLinearUnit(512, 2048, Up = nameof(Up1))] public float[,] Gate1 = new float[2048, 512];
                public float[,] Up1 = new float[2048, 512];
                [Dense(2048, 512, Bias = nameof(B2))] public float[,] Down1 = new float[512, 2048];
                public float[] B2 = new float[512];
            }
            """);
        clock.Elapsed.TotalSeconds.ShouldBeLessThan(30);
        run.Diagnostics.ShouldNotContain(d => d.Id == "CCG0102" || d.Id == "CCG0103");
        var constants = run.Source("Conservation.g.cs");
        constants.ShouldContain("public const int ParameterCount = 3146240;");
        constants.ShouldContain("public const int IndependentLawCount = 2048;");
        constants.ShouldContain("public const int PolynomialLawCount = 2048;");
        constants.ShouldContain("public const string CountCertificate = \"theorem:path-incidence\";");
        constants.ShouldContain("LawsAreComplete => true;");
        run.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_7000_wide_hidden_layer_is_emitted_without_one_object_per_law()
    {
        // 24,503,500 Gram laws: the engine lists them lazily and the emitters go through the loop kernel per family.
        var clock = Stopwatch.StartNew();
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        var run = GeneratorHarness.Generate(Sources.DeepLinear(10, 7000, 10));
        long allocated = System.GC.GetAllocatedBytesForCurrentThread() - before;
        clock.Elapsed.TotalSeconds.ShouldBeLessThan(30);
        allocated.ShouldBeLessThan(2L << 30); // measured ≈ 10 MiB for the generator; one object per law was > 30 GiB of churn
        run.Source("Conservation.g.cs").ShouldContain("public const int PolynomialLawCount = 24503500;");
        run.Source("Laws.g.cs").Length.ShouldBeLessThan(100_000);
        run.Errors.ShouldBeEmpty();
    }
}
