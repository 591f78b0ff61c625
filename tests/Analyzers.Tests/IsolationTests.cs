using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>The analyzers are rule checks only: they never load the engine, and a large file is handled in one pass.</summary>
public sealed class IsolationTests
{
    [Fact]
    public void Analyzers_do_not_reference_the_generator_or_its_engine()
    {
        var references = typeof(ModelRulesAnalyzer).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        references.ShouldNotContain("ConservationCodegen.Generator");
        references.ShouldNotContain("ConservationCodegen.Engine");
        typeof(ModelRulesAnalyzer).Assembly.GetTypes().ShouldNotContain(t => t.Namespace != null && t.Namespace.Contains("Engine"));
    }

    [Fact]
    public async Task A_file_with_300_models_gets_exactly_its_diagnostics()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            sb.AppendLine($"[ConservationModel] public partial class M{i} {{");
            sb.AppendLine("  [Dense(64, 64, Activation = Activation.ReLU)] public double[,] W1 = new double[64, 64];");
            sb.AppendLine(i % 100 == 0
                ? "  [{|CCG0002:Dense(63, 10)|}] public double[,] W2 = new double[10, 63]; }"
                : "  [Dense(64, 10)] public double[,] W2 = new double[10, 64]; }");
        }

        await new AnalyzerTest<ModelRulesAnalyzer>(sb.ToString()).RunAsync();
    }
}
