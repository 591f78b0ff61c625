using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Analyzers.Tests;

/// <summary>
/// No model falls between the generator and the analyzers: over seeded random models of every block kind (sizes,
/// kernels, strides and paddings in and out of range, activations with and without degree or β, residual connections,
/// input shapes), whenever the generator neither generates code nor says why, an analyzer reports an error.
/// </summary>
public sealed class GeneratorAgreementSweepTests
{
    private static readonly string[] Activations = { "Identity", "ReLU", "Tanh", "RePU", "Power", "Swish", "Abs" };

    [Fact]
    public async Task A_model_the_generator_silently_skips_always_has_an_analyzer_error()
    {
        var random = new Random(13);
        int silent = 0;
        for (int model = 0; model < 250; model++)
        {
            string source = RandomModel(random);
            var compilation = CSharpCompilation.Create("Models", new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
                References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            if (compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) continue; // the compiler's to report
            var driver = CSharpGeneratorDriver.Create(new ConservationGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out _, out var driverDiagnostics);
            var result = driver.GetRunResult().Results.Single();
            result.Exception.ShouldBeNull(source);
            bool generatorSpoke = driverDiagnostics.Concat(result.Diagnostics).Any(d => d.Id.StartsWith("CCG", StringComparison.Ordinal));
            if (generatorSpoke || result.GeneratedSources.Length > 0) continue;
            silent++;
            var analyzers = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelRulesAnalyzer())).GetAnalyzerDiagnosticsAsync();
            analyzers.ShouldContain(d => d.Severity == DiagnosticSeverity.Error, "the generator skipped this model silently and no analyzer reports why:\n" + source);
        }

        silent.ShouldBeGreaterThan(50); // the sweep really reaches the generator's "reported by the analyzer" branches
    }

    private static string RandomModel(Random random)
    {
        var sb = new StringBuilder("using ConservationCodegen;\n");
        int layers = random.Next(1, 5);
        bool convolutional = random.Next(3) > 0;
        int dimensions = random.Next(1, 3);
        int channels = random.Next(1, 4);
        string? shape = random.Next(3) switch
        {
            0 => null,
            1 when dimensions == 1 => $"{Pick(random, channels, 0, 2)}, {Pick(random, random.Next(1, 9), -1, 0)}",
            1 => $"{Pick(random, channels, 0, 2)}, {Pick(random, random.Next(1, 7), 0, 2)}, {random.Next(1, 7)}",
            _ => $"{Pick(random, channels, 0, 5)}",
        };
        sb.Append(shape is null ? "[ConservationModel]\n" : $"[ConservationModel(InputShape = new[] {{ {shape} }})]\n");
        sb.Append("public partial class M\n{\n");
        int width = channels;
        for (int k = 0; k < layers; k++)
        {
            string name = "L" + Inv(k + 1);
            int kind = convolutional && k < 2 && random.Next(4) > 0 ? dimensions : random.Next(2) == 0 ? 0 : 3; // 0 dense, 1/2 conv, 3 diagonal
            int inputs = Pick(random, width, -1, 7), outputs = Pick(random, random.Next(1, 5), 0, 0);
            var options = new List<string>();
            string activation = Activations[random.Next(Activations.Length)];
            if (activation != "Identity") options.Add("Activation = Activation." + activation);
            if (random.Next(3) == 0) options.Add("ActivationDegree = " + Inv(random.Next(0, 4)));
            string? beta = random.Next(3) == 0 ? "Beta" + name : null;
            if (beta is not null) options.Add($"TrainableBeta = \"{beta}\"");
            string? bias = random.Next(3) == 0 ? "B" + name : null;
            if (bias is not null) options.Add($"Bias = \"{bias}\"");
            if (random.Next(4) == 0) options.Add($"ResidualFrom = \"L{Inv(random.Next(0, layers + 2))}\"");
            string attribute, type;
            switch (kind)
            {
                case 1 or 2:
                    int kh = Pick(random, random.Next(1, 4), 0, 0), kw = Pick(random, random.Next(1, 4), 0, 0);
                    if (random.Next(3) == 0) options.Add("Stride = " + Inv(random.Next(0, 3)));
                    if (random.Next(3) == 0) options.Add("Padding = " + Inv(random.Next(-1, 3)));
                    attribute = kind == 1 ? $"Conv1d({Inv(inputs)}, {Inv(outputs)}, {Inv(kw)}" : $"Conv2d({Inv(inputs)}, {Inv(outputs)}, {Inv(kh)}, {Inv(kw)}";
                    type = random.Next(5) == 0 ? "double[,]" : kind == 1 ? "double[,,]" : "double[,,,]";
                    break;
                case 3:
                    outputs = inputs;
                    attribute = $"Diagonal({Inv(inputs)}";
                    type = random.Next(5) == 0 ? "double[,]" : "double[]";
                    break;
                default:
                    if (width > 0 && random.Next(2) == 0) inputs = width * random.Next(1, 5);
                    attribute = $"Dense({Inv(inputs)}, {Inv(outputs)}";
                    type = random.Next(6) == 0 ? "double[,,]" : "double[,]";
                    break;
            }

            sb.Append("    [").Append(attribute).Append(options.Count > 0 ? ", " + string.Join(", ", options) : "").Append(")] public ").Append(type).Append(' ').Append(name).Append(";\n");
            if (beta is not null && random.Next(4) > 0) sb.Append($"    public {(random.Next(6) == 0 ? "int" : "double")}[] {beta} = new double[{Inv(Pick(random, outputs, -1, 1))}];\n".Replace("int[] " + beta + " = new double", "int[] " + beta + " = new int"));
            if (bias is not null && random.Next(4) > 0) sb.Append($"    public double[] {bias} = new double[{Inv(Pick(random, outputs, -1, 1))}];\n");
            width = outputs;
        }

        return sb.Append("}\n").ToString();
    }

    // Mostly the right value; now and then one off by up to the given amounts (which may leave the range).
    private static int Pick(Random random, int value, int below, int above) => random.Next(4) > 0 ? value : value + random.Next(below, above + 1);

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(ConservationModelAttribute).Assembly.Location))
            .ToArray());
}
