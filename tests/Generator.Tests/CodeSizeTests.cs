using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// The per-method budget of docs/generated-code.md (IL ≤ 40 KB, ≤ 400 locals) on models at the unrolling cap, so no
/// generated method can fall into the JIT's MinOpts mode.
/// </summary>
public sealed class CodeSizeTests
{
    [Theory]
    [InlineData(6, 6, 6)]      // 21 Gram laws, 504 factors: unrolled laws just under the cap
    [InlineData(24, 24, 24)]   // 300 Gram laws over the cap: loop-kernel law and drift calls
    [InlineData(5, 9, 4)]      // φ close to the unrolling cap: chunked φ and Jacobian methods
    [InlineData(8, 11, 8)]     // unrolled JVP + VJP just under their cap (5,632 loads): two chunk methods each
    public void Every_generated_method_stays_within_the_il_budget(int n, int h, int m)
    {
        var run = GeneratorHarness.Generate(Sources.Linear(n, h, m));
        run.Errors.ShouldBeEmpty();
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        emit.Success.ShouldBeTrue(string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        int checkedMethods = 0;
        foreach (var handle in metadata.MethodDefinitions)
        {
            var method = metadata.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0) continue;
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            string name = metadata.GetString(method.Name);
            body.Size.ShouldBeLessThanOrEqualTo(40_000, name);
            if (!body.LocalSignature.IsNil)
            {
                var signature = metadata.GetStandaloneSignature(body.LocalSignature);
                var reader = metadata.GetBlobReader(signature.Signature);
                reader.ReadByte(); // LOCAL_SIG
                reader.ReadCompressedInteger().ShouldBeLessThanOrEqualTo(400, name);
            }

            checkedMethods++;
        }

        checkedMethods.ShouldBeGreaterThan(5);
    }

    [Theory]
    [InlineData(6, 6, 6, false)]   // 504 factors: unrolled
    [InlineData(6, 7, 6, true)]    // 672 factors: over the cap
    [InlineData(24, 24, 24, true)]
    [InlineData(28, 32, 28, true)]
    public void Laws_over_the_unrolling_cap_call_the_loop_kernel_and_stay_small(int n, int h, int m, bool overCap)
    {
        var run = GeneratorHarness.Generate(Sources.Linear(n, h, m));
        run.Errors.ShouldBeEmpty();
        string laws = run.Result.GeneratedSources.Single(s => s.HintName.EndsWith(".Laws.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();
        laws.Contains("GramLaws.Evaluate(").ShouldBe(overCap); // the law change and polarisation always use the kernel
        // At most 100–200 KB per model (docs/generated-code.md); laws grow only through their names and formulas.
        run.Result.GeneratedSources.Sum(s => s.SourceText.Length).ShouldBeLessThan(200_000);
    }

    [Fact]
    public void A_deep_linear_model_gets_a_short_laws_file()
    {
        // Nine 4×4 layers, 144 parameters, 80 Gram laws: 52 KB of flat-index arithmetic when every law was unrolled.
        var run = GeneratorHarness.Generate(Sources.DeepLinear(4, 4, 4, 4, 4, 4, 4, 4, 4, 4));
        run.Errors.ShouldBeEmpty();
        string laws = run.Result.GeneratedSources.Single(s => s.HintName.EndsWith(".Laws.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();
        System.Text.RegularExpressions.Regex.Matches(laws, @"GramLaws\.Evaluate\(t,").Count.ShouldBe(8); // one call per hidden layer
        laws.Length.ShouldBeLessThan(25_000); // one kernel line per hidden layer and member: 21.6 KB
    }

    [Theory]
    [InlineData(8, 11, 8, true)]   // JVP + VJP 5,632 span loads
    [InlineData(8, 12, 8, false)]  // 6,144: over the derivative cap, so φ and its derivatives go to the loop kernel
    public void Phi_is_unrolled_only_while_its_jvp_and_vjp_are(int n, int h, int m, bool unrolled)
    {
        var run = GeneratorHarness.Generate(Sources.Linear(n, h, m));
        run.Errors.ShouldBeEmpty();
        string phi = run.Result.GeneratedSources.Single(s => s.HintName.EndsWith(".Phi.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();
        phi.Contains("ComputePhi0(").ShouldBe(unrolled);
        phi.Contains("private static void JacobianTimes1(").ShouldBe(unrolled);
        phi.Contains("private static void JacobianTransposeTimes1(").ShouldBe(unrolled);
        phi.Contains("LayeredFactorization").ShouldBe(!unrolled);
        // Unrolled, only the dense Jacobian reads the sparse values; the JVP and VJP never do.
        System.Text.RegularExpressions.Regex.Matches(phi, @"ComputeJacobianSparse\(theta, values\);").Count.ShouldBe(unrolled ? 1 : 0);
    }
}
