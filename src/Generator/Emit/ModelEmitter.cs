using System.CodeDom.Compiler;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.LayerKinds;
using ConservationCodegen.Pipeline;
using static ConservationCodegen.Emit.FloatOverloads;
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
        var plan = LawEmitter.Plan(analysis);
        var kernelPlan = LawEmitter.Plan(analysis, kernels: true);
        var files = new[]
        {
            new GeneratedFile("Conservation.g.cs", Write(spec, w =>
            {
                WriteConstants(w, spec, analysis);
                WriteLayout(w, spec, model);
                WriteParameterCopies(w, spec);
                WriteInterface(w);
            }, "global::ConservationCodegen.IConservationModel")),
            new GeneratedFile("Laws.g.cs", Write(spec, w =>
            {
                LawEmitter.WriteLaws(w, analysis, plan);
                LawEmitter.WriteLawTexts(w, analysis, plan);
                LawChangeEmitter.WriteLawDegrees(w, analysis, plan);
                LawEmitter.WriteDrift(w, analysis, plan);
                LawChangeEmitter.WriteLawChange(w, analysis, kernelPlan);
                LawChangeEmitter.WriteLawBilinear(w, analysis, kernelPlan);
                LawMagnitudeEmitter.Write(w, analysis, kernelPlan);
                if (spec.UsesFloat) WriteLawFloatOverloads(w);
                LawEmitter.WriteResultStruct(w, analysis);
            })),
            new GeneratedFile("Phi.g.cs", Write(spec, w =>
            {
                var form = PhiEmitter.Write(w, model, analysis.PhiLength);
                if (spec.UsesFloat && form != PhiForm.None)
                    WritePhiFloatOverloads(w, analysis.PhiLength * model.ParameterCount <= PhiEmitter.MaxDenseJacobian, form == PhiForm.Unrolled);
            })),
            new GeneratedFile("Network.g.cs", Write(spec, w => NetworkEmitter.Write(w, spec, model))),
            new GeneratedFile("MomentumCharges.g.cs", Write(spec, w => MomentumChargeEmitter.Write(w, spec, model))),
        };
        // Only a declared input symmetry adds a file, so every other model's output stays as it was.
        return spec.InputRotation
            ? files.Concat(new[] { new GeneratedFile("InputRotation.g.cs", Write(spec, w => InputRotationEmitter.Write(w, spec, model))) }).ToArray()
            : files;
    }

    private static void WriteLawFloatOverloads(IndentedTextWriter w)
    {
        FloatOverloads.Write(w, "Evaluates every law (see the double overload).", "void", "ComputeConservedQuantities",
            new[] { Parameter.In("theta", "ParameterCount"), Parameter.Out("destination", "PolynomialLawCount") });
        FloatOverloads.Write(w, "Exact per-step change of each law under plain gradient descent (see the double overload).", "void", "PredictStepDrift",
            new[] { Parameter.In("gradient", "ParameterCount"), Parameter.Value("double", "learningRate"), Parameter.Out("destination", "PolynomialLawCount") });
        FloatOverloads.Write(w, "Exact change of each law under the update delta (see the double overload).", "void", "ComputeLawChange",
            new[] { Parameter.In("theta", "ParameterCount"), Parameter.In("delta", "ParameterCount"), Parameter.Out("destination", "PolynomialLawCount") });
        FloatOverloads.Write(w, "Polarisation B(x, y) of each quadratic law (see the double overload).", "void", "ComputeLawBilinear",
            new[] { Parameter.In("x", "ParameterCount"), Parameter.In("y", "ParameterCount"), Parameter.Out("destination", "PolynomialLawCount") });
        FloatOverloads.Write(w, "Magnitude of each law (see the double overload).", "void", "ComputeLawMagnitudes",
            new[] { Parameter.In("theta", "ParameterCount"), Parameter.Out("destination", "PolynomialLawCount") });
    }

    private static void WritePhiFloatOverloads(IndentedTextWriter w, bool dense, bool sparse)
    {
        if (sparse)
            FloatOverloads.Write(w, "Values of ∂φ/∂θ on the fixed sparse pattern (see the double overload).", "void", "ComputeJacobianSparse",
                new[] { Parameter.In("theta", "ParameterCount"), Parameter.Out("values", "JacobianNonZeroCount") });
        FloatOverloads.Write(w, "Evaluates φ (see the double overload).", "void", "ComputePhi",
            new[] { Parameter.In("theta", "ParameterCount"), Parameter.Out("phi", "PhiLength") });
        if (dense)
            FloatOverloads.Write(w, "Dense Jacobian ∂φ/∂θ (see the double overload).", "void", "ComputeJacobian",
                new[] { Parameter.In("theta", "ParameterCount"), Parameter.Out("jacobian", "PhiLength * ParameterCount") });
        FloatOverloads.Write(w, "Jacobian-vector product (see the double overload).", "void", "JacobianTimes",
            new[] { Parameter.In("theta", "ParameterCount"), Parameter.In("v", "ParameterCount"), Parameter.Out("result", "PhiLength") });
        FloatOverloads.Write(w, "Vector-Jacobian product (see the double overload).", "void", "JacobianTransposeTimes",
            new[] { Parameter.In("theta", "ParameterCount"), Parameter.In("w", "PhiLength"), Parameter.Out("result", "ParameterCount") });
    }

    // Offsets and lengths of every weight, bias and β member in θ, so training code never hard-codes them.
    private static void WriteLayout(IndentedTextWriter w, ModelSpec spec, ModelDescription model)
    {
        for (int k = 0; k < spec.Layers.Count; k++)
        {
            var l = spec.Layers[k];
            if (l.Attention is not null)
            {
                foreach (var slot in AttentionSlots(l, model.WeightOffset(k)))
                    WriteMemberLayout(w, slot.Member.Name, slot.Rows == 1 ? $"{slot.Role} of layer {Inv(k + 1)}" : $"{slot.Role} of layer {Inv(k + 1)}, row-major [{Inv(slot.Rows)}, {Inv(slot.Columns)}]",
                        slot.Offset, slot.Rows * slot.Columns);
                continue;
            }

            if (l.UpMember is not null)
            {
                WriteMemberLayout(w, l.MemberName, $"gate weights of layer {Inv(k + 1)}, {WeightOrder(l)}", model.GateOffset(k), (int)l.Block.GateWeightCount);
                WriteMemberLayout(w, l.UpMember, $"up weights of layer {Inv(k + 1)}, {WeightOrder(l)}", model.WeightOffset(k), (int)l.Block.WeightCount);
                if (l.BetaMember is not null) WriteMemberLayout(w, l.BetaMember, $"gate Swish β of layer {Inv(k + 1)}", model.BetaOffset(k), l.Outputs);
                continue;
            }

            WriteMemberLayout(w, l.MemberName, $"weights of layer {Inv(k + 1)}, {WeightOrder(l)}", model.WeightOffset(k), (int)l.Block.WeightCount);
            if (l.BiasMember is not null) WriteMemberLayout(w, l.BiasMember, $"bias of layer {Inv(k + 1)}", model.BiasOffset(k), l.Outputs);
            if (l.BetaMember is not null) WriteMemberLayout(w, l.BetaMember, $"Swish β of layer {Inv(k + 1)}", model.BetaOffset(k), l.Outputs);
        }
    }

    /// <summary>One member of a self-attention block in θ: its offset, its shape (Rows = 1 for a bias) and its role.</summary>
    private readonly record struct AttentionSlot(BlockMember Member, int Offset, int Rows, int Columns, string Role);

    // The θ order W_Q, b_Q, W_K, b_K, W_V, b_V, W_O (docs/layers.md, "Attention"); offsets from the block's start.
    private static System.Collections.Generic.IEnumerable<AttentionSlot> AttentionSlots(LayerModel l, int start)
    {
        var a = l.Attention!;
        var block = (SelfAttentionSpec)l.Block;
        int p = checked((int)block.Projection), d = block.ModelDim;
        int At(long offset) => start + checked((int)offset);
        yield return new AttentionSlot(new BlockMember(l.MemberName, l.Storage, l.WeightIsStatic), At(block.QueryOffset), p, d, "query weights");
        if (a.QueryBias is { } qb) yield return new AttentionSlot(qb, At(block.QueryBiasOffset), 1, p, "query bias");
        yield return new AttentionSlot(a.Key, At(block.KeyOffset), p, d, "key weights");
        if (a.KeyBias is { } kb) yield return new AttentionSlot(kb, At(block.KeyBiasOffset), 1, p, "key bias, zero gradient: it never trains");
        yield return new AttentionSlot(a.Value, At(block.ValueOffset), p, d, "value weights");
        if (a.ValueBias is { } vb) yield return new AttentionSlot(vb, At(block.ValueBiasOffset), 1, p, "value bias");
        yield return new AttentionSlot(a.Output, At(block.OutputOffset), d, p, "output weights");
    }

    // How a layer's weights are laid out in θ, as the layout comments say it.
    private static string WeightOrder(LayerModel l) => LayerKindRegistry.For(l.Kind).WeightOrder(l.Block);

    private static void WriteMemberLayout(IndentedTextWriter w, string member, string what, int offset, int length)
    {
        w.WriteLine($"/// <summary>Offset in θ of <see cref=\"{CSharpNames.Escape(member)}\"/> ({what}).</summary>");
        w.WriteLine($"public const int {member}Offset = {Inv(offset)};");
        w.WriteLine($"/// <summary>Number of entries of <see cref=\"{CSharpNames.Escape(member)}\"/> in θ.</summary>");
        w.WriteLine($"public const int {member}Length = {Inv(length)};");
        w.WriteLineNoTabs("");
    }

    // IConservationModel, implemented explicitly by forwarding to the static members (so their names stay free).
    private static void WriteInterface(IndentedTextWriter w)
    {
        const string I = "global::ConservationCodegen.IConservationModel";
        w.WriteLine($"int {I}.ParameterCount => ParameterCount;");
        w.WriteLine($"int {I}.LawCount => PolynomialLawCount;");
        w.WriteLine($"global::System.Collections.Generic.IReadOnlyList<string> {I}.LawNames => LawNames;");
        w.WriteLine($"global::System.Collections.Generic.IReadOnlyList<string> {I}.LawFormulas => LawFormulas;");
        w.WriteLine($"global::System.Collections.Generic.IReadOnlyList<int> {I}.LawDegrees => LawDegrees;");
        w.WriteLine($"void {I}.ComputeLaws(global::System.ReadOnlySpan<double> theta, global::System.Span<double> destination) => ComputeConservedQuantities(theta, destination);");
        w.WriteLine($"void {I}.ComputeLawChange(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> delta, global::System.Span<double> destination) => ComputeLawChange(theta, delta, destination);");
        w.WriteLine($"void {I}.ComputeLawBilinear(global::System.ReadOnlySpan<double> x, global::System.ReadOnlySpan<double> y, global::System.Span<double> destination) => ComputeLawBilinear(x, y, destination);");
        w.WriteLine($"void {I}.ComputeLawMagnitudes(global::System.ReadOnlySpan<double> theta, global::System.Span<double> destination) => ComputeLawMagnitudes(theta, destination);");
        w.WriteLineNoTabs("");
    }

    private static void WriteConstants(IndentedTextWriter w, ModelSpec spec, AnalysisResult a)
    {
        var layout = string.Join(", ", spec.Layers.Select(l =>
            $"{l.MemberName} [{l.Block.ShapeText}]" + (l.UpMember is null ? "" : $", {l.UpMember} [{l.Block.ShapeText}]") + (l.BiasMember is null ? "" : $", {l.BiasMember} [{Inv(l.Outputs)}]") + (l.BetaMember is null ? "" : $", {l.BetaMember} [{Inv(l.Outputs)}]")));
        w.WriteLine("/// <summary>");
        bool dense = spec.Layers.All(l => l.Kind == LayerKind.Dense && l.BetaMember is null);
        w.WriteLine(dense
            ? "/// Number of parameters D in the flat layout θ: layers in declaration order, each layer's weights row-major"
            : "/// Number of parameters D in the flat layout θ: layers in declaration order, each layer's weights row-major as");
        bool beta = spec.Layers.Any(l => l.BetaMember is not null);
        w.WriteLine(dense ? $"/// [outputs, inputs], then its bias: {Xml(layout)}." : $"/// stored, then its bias{(beta ? " and Swish β" : "")}: {Xml(layout)}.");
        if (spec.Layers.Any(l => l.UpMember is not null)) w.WriteLine("/// A gated linear unit holds its gate weights, then its up weights (then its gate β, if it has one).");
        w.WriteLine("/// </summary>");
        w.WriteLine($"public const int ParameterCount = {Inv(a.ParameterCount)};");
        w.WriteLineNoTabs("");
        if (PhiEmitter.IsPathLifting(a.Model))
        {
            w.WriteLine("/// <summary>Number of components of the factorising map φ (path-lifting across linear runs).</summary>");
            w.WriteLine(a.PhiLength <= int.MaxValue
                ? $"public const int PhiLength = {Inv((int)a.PhiLength)};"
                : $"public const long PhiLength = {Inv(a.PhiLength)}L;");
            w.WriteLineNoTabs("");
        }
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Number of functionally independent conservation laws of any kind: D − dim Lie(W_φ) at a generic point");
        w.WriteLine("/// (−1 when no exact count is available: not within the compile budget, or no exact method for this model; the");
        w.WriteLine("/// build's notes say which). <see cref=\"CountCertificate\"/> says why it holds.");
        w.WriteLine("/// </summary>");
        // An upper bound (a bracket iteration the budget stopped) is not the number of laws: −1, and CCG0100 says "at most".
        w.WriteLine($"public const int IndependentLawCount = {Inv(a.CountIsExact && a.IndependentLawCount is int count ? count : -1)};");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Why <see cref=\"IndependentLawCount\"/> holds: \"theorem:…\" (a theorem whose hypotheses the generator checked, e.g.");
        w.WriteLine("/// path-incidence, two-layer-linear, attention-heads), \"computed\" (exact rank computation), \"none\" (not certified);");
        w.WriteLine("/// segments with different certificates are joined by \"+\".");
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
            w.WriteLine("/// <exception cref=\"global::System.ArgumentException\">A member is null or does not have its declared shape.</exception>");
            w.WriteLine(GeneratedCode);
            w.WriteLine($"public void CopyParametersTo(global::System.Span<{element}> theta)");
            WriteLayerCopies(w, spec, element, toTheta: true);
            w.WriteLineNoTabs("");
            w.WriteLine("/// <summary>Sets the parameters from <paramref name=\"theta\"/> in the documented flat layout.</summary>");
            w.WriteLine("/// <exception cref=\"global::System.ArgumentException\">A member is null or does not have its declared shape.</exception>");
            w.WriteLine(GeneratedCode);
            w.WriteLine($"public void SetParameters(global::System.ReadOnlySpan<{element}> theta)");
            WriteLayerCopies(w, spec, element, toTheta: false);
            w.WriteLineNoTabs("");
        }

        WriteShapeCheck(w, spec);
    }

    // One block copy per weight matrix and bias (one per row of a jagged array), in the documented order; shapes are
    // checked first, so a wrong initializer fails with a message naming the member instead of an IndexOutOfRangeException.
    private static void WriteLayerCopies(IndentedTextWriter w, ModelSpec spec, string thetaElement, bool toTheta)
    {
        OpenChecked(w, ("theta", "ParameterCount"));
        w.WriteLine("CheckParameterShapes();");
        int index = 0;
        foreach (var l in spec.Layers)
        {
            if (l.Attention is not null)
            {
                foreach (var slot in AttentionSlots(l, 0))
                    WriteCopy(w, slot.Member.Name, Access(spec, slot.Member.Name, slot.Member.IsStatic), slot.Member.Storage, slot.Rows, slot.Columns, thetaElement, toTheta, index++);
                continue;
            }

            WriteCopy(w, l.MemberName, Access(spec, l.MemberName, l.WeightIsStatic), l.Storage, l.Outputs, l.Inputs, thetaElement, toTheta, index++);
            if (l.UpMember is not null) WriteCopy(w, l.UpMember, Access(spec, l.UpMember, l.UpIsStatic), l.UpStorage, l.Outputs, l.Inputs, thetaElement, toTheta, index++);
            if (l.BiasMember is not null) WriteCopy(w, l.BiasMember, Access(spec, l.BiasMember, l.BiasIsStatic), l.BiasStorage, 1, l.Outputs, thetaElement, toTheta, index++);
            if (l.BetaMember is not null) WriteCopy(w, l.BetaMember, Access(spec, l.BetaMember, l.BetaIsStatic), l.BetaStorage, 1, l.Outputs, thetaElement, toTheta, index++);
        }

        Close(w);
    }

    // A member read through `this.` or its type, so a parameter or local of the same name (theta) cannot hide it.
    private static string Access(ModelSpec spec, string member, bool isStatic) =>
        (isStatic ? CSharpNames.Escape(spec.TypeName) : "this") + "." + CSharpNames.Escape(member);

    private const string FlatView = "global::ConservationCodegen.Internal.FlatView";

    private static void WriteCopy(IndentedTextWriter w, string member, string access, StorageShape storage, int rows, int cols, string thetaElement, bool toTheta, int index)
    {
        string slice = $"theta.Slice({member}Offset, {member}Length)";
        string element = storage.Element();
        string r = Inv(rows), c = Inv(cols);
        switch (storage)
        {
            case StorageShape.DoubleJagged or StorageShape.FloatJagged:
                w.WriteLine(toTheta ? $"{FlatView}.CopyRows({access}, {slice});" : $"{FlatView}.CopyRows({slice}, {access});");
                return;
            case StorageShape.DoubleMatrix or StorageShape.FloatMatrix:
                // A dense MathNet matrix keeps one column-major array: copy through it (transposing); other storage
                // (e.g. sparse) goes through a dense copy.
                if (toTheta)
                {
                    w.WriteLine($"{FlatView}.CopyTransposed<{element}, {thetaElement}>({access}.AsColumnMajorArray() ?? {access}.ToColumnMajorArray(), {c}, {r}, {slice});");
                    return;
                }

                string columns = $"__columns{Inv(index)}";
                w.WriteLine($"if ({access}.AsColumnMajorArray() is {{ }} {columns}) {FlatView}.CopyTransposed<{thetaElement}, {element}>({slice}, {r}, {c}, {columns});");
                w.WriteLine($"else global::MathNet.Numerics.LinearAlgebra.Matrix<{element}>.Build.Dense({r}, {c}, {FlatView}.ToTransposedArray<{thetaElement}, {element}>({slice}, {r}, {c})).CopyTo({access});");
                return;
            case StorageShape.DoubleVector or StorageShape.FloatVector:
                if (toTheta)
                {
                    w.WriteLine($"{FlatView}.Copy({access}.AsArray() ?? {access}.ToArray(), {slice});");
                    return;
                }

                string values = $"__values{Inv(index)}";
                w.WriteLine($"if ({access}.AsArray() is {{ }} {values}) {FlatView}.Copy({slice}, {values});");
                w.WriteLine($"else {access}.SetValues({FlatView}.ToArray<{thetaElement}, {element}>({slice}));");
                return;
            default:
                string view = $"{FlatView}.Of({access})";
                w.WriteLine(toTheta ? $"{FlatView}.Copy({view}, {slice});" : $"{FlatView}.Copy({slice}, {view});");
                return;
        }
    }

    private static void WriteShapeCheck(IndentedTextWriter w, ModelSpec spec)
    {
        w.WriteLine("// Every member must have its declared shape before θ is read from or written to it.");
        w.WriteLine("private void CheckParameterShapes()");
        w.WriteLine("{");
        w.Indent++;
        foreach (var l in spec.Layers)
        {
            if (l.Attention is not null)
            {
                foreach (var slot in AttentionSlots(l, 0))
                    WriteMemberCheck(w, slot.Member.Name, Access(spec, slot.Member.Name, slot.Member.IsStatic), slot.Member.Storage,
                        slot.Rows == 1 || slot.Member.Storage is StorageShape.DoubleFlat or StorageShape.FloatFlat ? new[] { slot.Rows * slot.Columns } : new[] { slot.Rows, slot.Columns });
                continue;
            }

            WriteMemberCheck(w, l.MemberName, Access(spec, l.MemberName, l.WeightIsStatic), l.Storage, WeightDims(l));
            if (l.UpMember is not null) WriteMemberCheck(w, l.UpMember, Access(spec, l.UpMember, l.UpIsStatic), l.UpStorage, WeightDims(l, l.UpStorage));
            if (l.BiasMember is not null) WriteMemberCheck(w, l.BiasMember, Access(spec, l.BiasMember, l.BiasIsStatic), l.BiasStorage, new[] { l.Outputs });
            if (l.BetaMember is not null) WriteMemberCheck(w, l.BetaMember, Access(spec, l.BetaMember, l.BetaIsStatic), l.BetaStorage, new[] { l.Outputs });
        }

        Close(w);
        w.WriteLineNoTabs("");
    }

    // The weights' declared shape in their storage: the kind's shape ([out, in] for a matrix or jagged array, [out, in, k]
    // or [out, in, kh, kw] for kernels), one length for flat storage.
    private static int[] WeightDims(LayerModel l) => WeightDims(l, l.Storage);

    private static int[] WeightDims(LayerModel l, StorageShape storage) =>
        storage is StorageShape.DoubleFlat or StorageShape.FloatFlat ? new[] { (int)l.Block.WeightCount } : LayerKindRegistry.For(l.Kind).StoredShape(l.Block);

    private static void WriteMemberCheck(IndentedTextWriter w, string member, string access, StorageShape storage, int[] dims)
    {
        if (storage is StorageShape.DoubleJagged or StorageShape.FloatJagged)
        {
            // Null rows and rows of the wrong length are checked in the runtime, with the same message shape.
            w.WriteLine($"global::ConservationCodegen.Internal.StorageShapes.CheckRows({access}, {Inv(dims[0])}, {Inv(dims[1])}, \"{member}\");");
            return;
        }

        string expected = "[" + string.Join(", ", dims.Select(Inv)) + "]";
        string[] lengths = storage.IsMathNet()
            ? dims.Length == 2 ? new[] { "RowCount", "ColumnCount" } : new[] { "Count" }
            : dims.Length == 1 ? new[] { "Length" } : dims.Select((_, a) => $"GetLength({Inv(a)})").ToArray();
        string actual = "[" + string.Join(", ", lengths.Select(n => $"{{{access}.{n}}}")) + "]";
        string wrong = string.Join(" || ", lengths.Select((n, a) => $"{access}.{n} != {Inv(dims[a])}"));
        w.WriteLine($"if ({access} is null) throw new global::System.ArgumentException(\"{member} is null; it must have shape {expected}.\", \"{member}\");");
        w.WriteLine($"if ({wrong}) throw new global::System.ArgumentException($\"{member} must have shape {expected}; it has {actual}.\", \"{member}\");");
    }
}

/// <summary>One generated source file; its hint name is the model's stem (see <c>HintNameTable</c>) + "." + <paramref name="Suffix"/>.</summary>
internal sealed record GeneratedFile(string Suffix, string Source);
