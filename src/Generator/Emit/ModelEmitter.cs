using System.CodeDom.Compiler;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Pipeline;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Writes the generated files of one model, one per concern: constants and parameter layout, laws, φ and its
/// derivatives. Output depends only on the spec and the analysis, never on the culture.
/// </summary>
internal static class ModelEmitter
{
    public static GeneratedFile[] Emit(ModelSpec spec, AnalysisResult analysis)
    {
        var model = spec.ToDescription();
        return new[]
        {
            new GeneratedFile(spec.MetadataName + ".Conservation.g.cs", Write(spec, w =>
            {
                WriteConstants(w, spec, analysis);
                WriteParameterCopies(w, spec);
            })),
            new GeneratedFile(spec.MetadataName + ".Laws.g.cs", Write(spec, w =>
            {
                var plan = LawEmitter.Plan(analysis);
                LawEmitter.WriteLaws(w, analysis, plan);
                LawEmitter.WriteLawTexts(w, analysis, plan);
                if (spec.UsesFloat) WriteFloatOverload(w, "ComputeConservedQuantities", "destination", "PolynomialLawCount",
                    "Single-precision overload: widens θ to double, evaluates, and rounds the laws to float.");
                LawEmitter.WriteDrift(w, analysis, plan);
                LawEmitter.WriteResultStruct(w, analysis);
            })),
            new GeneratedFile(spec.MetadataName + ".Phi.g.cs", Write(spec, w =>
            {
                var form = PhiEmitter.Write(w, model, analysis.PhiLength);
                if (spec.UsesFloat && form != PhiForm.None)
                    WriteFloatOverload(w, "ComputePhi", "phi", "PhiLength",
                        "Single-precision overload: widens θ to double, evaluates φ, and rounds it to float.");
            })),
        };
    }

    private static void WriteConstants(IndentedTextWriter w, ModelSpec spec, AnalysisResult a)
    {
        var layout = string.Join(", ", spec.Layers.Select(l =>
            $"{l.MemberName} [{Inv(l.Outputs)}×{Inv(l.Inputs)}]" + (l.BiasMember is null ? "" : $", {l.BiasMember} [{Inv(l.Outputs)}]")));
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Number of parameters D in the flat layout θ: layers in declaration order, each layer's weights row-major");
        w.WriteLine($"/// [outputs, inputs], then its bias: {Xml(layout)}.");
        w.WriteLine("/// </summary>");
        w.WriteLine($"public const int ParameterCount = {Inv(a.ParameterCount)};");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>Number of components of the factorising map φ (path-lifting across linear runs).</summary>");
        w.WriteLine(a.PhiLength <= int.MaxValue
            ? $"public const int PhiLength = {Inv((int)a.PhiLength)};"
            : $"public const long PhiLength = {Inv(a.PhiLength)}L;");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Number of functionally independent conservation laws of any kind: D − dim Lie(W_φ) at a generic point");
        w.WriteLine("/// (−1 when it was not counted within the compile budget). <see cref=\"CountCertificate\"/> says why it holds.");
        w.WriteLine("/// </summary>");
        w.WriteLine($"public const int IndependentLawCount = {Inv(a.IndependentLawCount ?? -1)};");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Why <see cref=\"IndependentLawCount\"/> holds: \"theorem:path-incidence\" or \"theorem:two-layer-linear\" (a theorem whose");
        w.WriteLine("/// hypotheses the generator checked), \"computed\" (exact rank computation), \"none\" (not certified); segments with");
        w.WriteLine("/// different certificates are joined by \"+\".");
        w.WriteLine("/// </summary>");
        w.WriteLine($"public const string CountCertificate = \"{a.Certificate}\";");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>Number of emitted polynomial laws (length of the <see cref=\"ComputeConservedQuantities(global::System.ReadOnlySpan{double}, global::System.Span{double})\"/> output).</summary>");
        w.WriteLine($"public const int PolynomialLawCount = {Inv(a.PolynomialLawCount)};");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>True when the emitted laws are certified to generate every conservation law (locally).</summary>");
        w.WriteLine($"public static bool LawsAreComplete => {(a.Complete ? "true" : "false")};");
        w.WriteLineNoTabs("");
    }

    private static void WriteParameterCopies(IndentedTextWriter w, ModelSpec spec)
    {
        foreach (var element in spec.UsesFloat ? new[] { "double", "float" } : new[] { "double" })
        {
            w.WriteLine("/// <summary>Copies the parameters into <paramref name=\"theta\"/> in the documented flat layout (length <see cref=\"ParameterCount\"/>).</summary>");
            w.WriteLine(GeneratedCode);
            w.WriteLine($"public void CopyParametersTo(global::System.Span<{element}> theta)");
            WriteLayerCopies(w, spec, toTheta: true, thetaIsFloat: element == "float");
            w.WriteLineNoTabs("");
            w.WriteLine("/// <summary>Sets the parameters from <paramref name=\"theta\"/> in the documented flat layout.</summary>");
            w.WriteLine(GeneratedCode);
            w.WriteLine($"public void SetParameters(global::System.ReadOnlySpan<{element}> theta)");
            WriteLayerCopies(w, spec, toTheta: false, thetaIsFloat: element == "float");
            w.WriteLineNoTabs("");
        }
    }

    // One loop nest per weight matrix and bias, walking θ in the documented order.
    private static void WriteLayerCopies(IndentedTextWriter w, ModelSpec spec, bool toTheta, bool thetaIsFloat)
    {
        OpenChecked(w, ("theta", "ParameterCount"));
        int offset = 0;
        foreach (var l in spec.Layers)
        {
            WriteCopy(w, l.MemberName, l.Storage, l.Outputs, l.Inputs, offset, toTheta, thetaIsFloat);
            offset += l.Outputs * l.Inputs;
            if (l.BiasMember is not null)
            {
                WriteCopy(w, l.BiasMember, l.BiasStorage, 1, l.Outputs, offset, toTheta, thetaIsFloat);
                offset += l.Outputs;
            }
        }

        Close(w);
    }

    private static void WriteCopy(IndentedTextWriter w, string member, StorageKind storage, int rows, int cols, int offset, bool toTheta, bool thetaIsFloat)
    {
        bool is2D = storage is StorageKind.Double2D or StorageKind.Float2D;
        bool isFloat = storage is StorageKind.Float2D or StorageKind.FloatFlat;
        string element = is2D ? $"{member}[r, c]" : rows == 1 ? $"{member}[c]" : $"{member}[r * {Inv(cols)} + c]";
        string index = $"{Inv(offset)} + r * {Inv(cols)} + c";
        string narrow = toTheta ? (thetaIsFloat && !isFloat ? "(float)" : "") : (isFloat && !thetaIsFloat ? "(float)" : "");
        w.WriteLine($"for (int r = 0; r < {Inv(rows)}; r++)");
        w.Indent++;
        w.WriteLine($"for (int c = 0; c < {Inv(cols)}; c++)");
        w.Indent++;
        w.WriteLine(toTheta ? $"theta[{index}] = {narrow}{element};" : $"{element} = {narrow}theta[{index}];");
        w.Indent -= 2;
    }

    // A float overload of a static (theta, destination) method: widen θ, call the double version, round back.
    private static void WriteFloatOverload(IndentedTextWriter w, string method, string output, string length, string summary)
    {
        w.WriteLine($"/// <summary>{summary}</summary>");
        w.WriteLine(GeneratedCode);
        w.WriteLine($"public static void {method}(global::System.ReadOnlySpan<float> theta, global::System.Span<float> {output})");
        OpenChecked(w, ("theta", "ParameterCount"), (output, length));
        w.WriteLine("double[] wide = global::ConservationCodegen.Internal.FloatBridge.Widen(theta, ParameterCount);");
        w.WriteLine($"double[] result = global::ConservationCodegen.Internal.FloatBridge.Rent({length});");
        w.WriteLine("try");
        w.WriteLine("{");
        w.WriteLine($"    {method}(global::System.MemoryExtensions.AsSpan(wide, 0, ParameterCount), global::System.MemoryExtensions.AsSpan(result, 0, {length}));");
        w.WriteLine($"    global::ConservationCodegen.Internal.FloatBridge.Narrow(result, {output}, {length});");
        w.WriteLine("}");
        w.WriteLine("finally");
        w.WriteLine("{");
        w.WriteLine("    global::ConservationCodegen.Internal.FloatBridge.Return(wide);");
        w.WriteLine("    global::ConservationCodegen.Internal.FloatBridge.Return(result);");
        w.WriteLine("}");
        Close(w);
        w.WriteLineNoTabs("");
    }
}

/// <summary>One generated source file.</summary>
internal sealed record GeneratedFile(string HintName, string Source);
