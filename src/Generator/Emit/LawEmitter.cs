using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.NormalizedBlocks;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>Writes the law evaluation, the drift prediction and the typed result struct.</summary>
internal static class LawEmitter
{
    private const int TermsPerStatement = 64;

    /// <summary>The product of a term's factors read from <paramref name="vector"/>, e.g. <c>t[3] * t[7]</c>.</summary>
    internal static string Product(LawTerm t, string vector) => string.Join(" * ", t.Variables.Select(v => $"{vector}[{Inv(v)}]"));

    private static string Term(long c, string product, bool first)
    {
        string abs = System.Math.Abs(c) == 1 ? product : $"{System.Math.Abs(c).ToString(CultureInfo.InvariantCulture)}d * {product}";
        return first ? (c < 0 ? "-" + abs : abs) : (c < 0 ? " - " + abs : " + " + abs);
    }

    public static void WriteLaws(IndentedTextWriter w, AnalysisResult a, IReadOnlyList<LawItem> plan)
    {
        var laws = a.Laws;
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Evaluates every polynomial conservation law at θ (flat layout, see <see cref=\"ParameterCount\"/>) into");
        if (plan.Any(item => item.Kernel is not null))
        {
            w.WriteLine($"/// <paramref name=\"destination\"/> (length <see cref=\"PolynomialLawCount\"/> = {Inv(laws.Count)}), in the order of");
            w.WriteLine("/// <see cref=\"LawNames\"/>; <see cref=\"LawFormulas\"/> gives each formula. Whole hidden layers of Gram entries or");
            w.WriteLine("/// balances are evaluated by a loop kernel here (too many laws to unroll).");
        }
        else
        {
            w.WriteLine("/// <paramref name=\"destination\"/> (length <see cref=\"PolynomialLawCount\"/>), in this order:");
            w.WriteLine("/// <list type=\"number\">");
            foreach (var law in laws) w.WriteLine($"/// <item><c>{Xml(law.Name)} = {Xml(law.Formula)}</c></item>");
            w.WriteLine("/// </list>");
        }

        w.WriteLine("/// </summary>");
        w.WriteLine(SourceFileWriter.GeneratedCode);
        Chunking.WriteChunkedMethod(w, "public static void ComputeConservedQuantities(global::System.ReadOnlySpan<double> theta, global::System.Span<double> destination)",
            new[] { ("theta", "ParameterCount"), ("destination", "PolynomialLawCount") },
            "ComputeLaws", "global::System.ReadOnlySpan<double> t, global::System.Span<double> d", "theta, destination", Chunks(plan, laws),
            i =>
            {
                var item = plan[i];
                if (item.Kernel is IColumnSumFamily)
                {
                    w.WriteLine(item.Kernel switch
                    {
                        TranslationFamily => "// Translation: column sums of the last layer's weights (and its bias sum), softmax cross-entropy laws.",
                        NormalizationShiftFamily { PerUnit: true } => $"// {item.Kernel.Group}: the bias before BatchNorm, which has zero gradient, each entry a law.",
                        NormalizationShiftFamily => $"// {item.Kernel.Group}: LayerNorm's translation laws, column sums of the weights (and the bias sum).",
                        _ => $"// {item.Kernel.Group}: parameters with zero gradient, each a law.",
                    });
                    WriteTranslationCall(w, item, "t");
                }
                else if (item.Kernel is not null)
                {
                    var family = item.Kernel;
                    bool diagonal = KernelDiagonal(family);
                    string formula = KernelTexts(family, diagonal).Formula
                        .Replace("{0}", "i").Replace("{1}", "j").Replace("{2}", "r+i").Replace("{3}", "r+j").Replace("{{", "{").Replace("}}", "}");
                    w.WriteLine(family is StreamFamily ? $"// {family.Group}: stream balances [i] = {formula}"
                        : family is NormalizationScaleFamily ? $"// {family.Group}: the normalisation's scale laws [i] = {formula}"
                        : diagonal ? $"// {family.Group}: balances Q[i,i] = {formula}" : $"// {family.Group}: Gram entries Q[i,j] = {formula} (i <= j)");
                    WriteKernelCall(w, item, "Evaluate", "t", "1d");
                }
                else WriteSum(w, $"d[{Inv(item.First)}]", laws[item.First].Terms.Select(t => (t.Coefficient, Product(t, "t"))).ToList(), null);
            });
    }

    /// <summary>
    /// Law names and plain-text formulas, in the order of the span overload, for printing. Listed in source when the
    /// laws are unrolled; written at run time (on first use) for hidden layers evaluated by a loop kernel.
    /// </summary>
    public static void WriteLawTexts(IndentedTextWriter w, AnalysisResult a, IReadOnlyList<LawItem> plan)
    {
        static string Literal(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        bool unrolled = plan.All(item => item.Kernel is null);
        if (unrolled)
        {
            w.WriteLine("private static readonly string[] s_lawNames = new string[] { " + string.Join(", ", a.Laws.Select(l => Literal(l.Name))) + " };");
            w.WriteLine("private static readonly string[] s_lawFormulas = new string[] { " + string.Join(", ", a.Laws.Select(l => Literal(l.Formula))) + " };");
            w.WriteLineNoTabs("");
        }
        else
        {
            w.WriteLine("private static string[]? s_lawNames;");
            w.WriteLine("private static string[]? s_lawFormulas;");
            w.WriteLineNoTabs("");
            w.WriteLine("// Too many laws to list in source: whole hidden layers are written from their formula patterns on first use.");
            w.WriteLine("private static string[] WriteLawTexts(bool names)");
            w.WriteLine("{");
            w.Indent++;
            w.WriteLine("var texts = new string[PolynomialLawCount];");
            foreach (var item in plan)
            {
                if (item.Kernel is IColumnSumFamily translation)
                {
                    var (name, formula, biasName, biasFormula) = translation.TextFormats();
                    string bias = translation.Bias < 0 ? "null" : $"names ? {Literal(biasName)} : {Literal(biasFormula)}";
                    // A LayerNorm'd convolution's columns are (input channel, tap), written as the formulas index them.
                    if (translation is NormalizationShiftFamily { Kernel: { } kernel })
                        w.WriteLine($"global::ConservationCodegen.Internal.TranslationLaws.KernelTexts(texts, {Inv(item.First)}, {Inv(translation.Inputs / (kernel.Height * kernel.Width))}, {Inv(kernel.Height)}, {Inv(kernel.Width)},");
                    else w.WriteLine($"global::ConservationCodegen.Internal.TranslationLaws.Texts(texts, {Inv(item.First)}, {Inv(translation.Inputs)},");
                    w.WriteLine($"    names ? {Literal(name)} : {Literal(formula)}, {bias});");
                }
                else if (item.Kernel is { } family)
                {
                    var diagonal = KernelTexts(family, diagonal: true);
                    if (KernelDiagonal(family))
                    {
                        w.WriteLine($"global::ConservationCodegen.Internal.LawTexts.Balances(texts, {Inv(item.First)}, {Inv(KernelWidth(family))},");
                        w.WriteLine($"    names ? {Literal(diagonal.Name)} : {Literal(diagonal.Formula)});");
                    }
                    else
                    {
                        var offDiagonal = KernelTexts(family, diagonal: false);
                        string firstUnit = family is SliceGramFamily slices ? " " + Inv(slices.FirstUnit) + "," : "";
                        w.WriteLine($"global::ConservationCodegen.Internal.LawTexts.Gram(texts, {Inv(item.First)}, {Inv(KernelWidth(family))},{firstUnit}");
                        w.WriteLine($"    names ? {Literal(diagonal.Name)} : {Literal(diagonal.Formula)},");
                        w.WriteLine($"    names ? {Literal(offDiagonal.Name)} : {Literal(offDiagonal.Formula)});");
                    }
                }
                else
                {
                    var law = a.Laws[item.First];
                    w.WriteLine($"texts[{Inv(item.First)}] = names ? {Literal(law.Name)} : {Literal(law.Formula)};");
                }
            }

            w.WriteLine("return texts;");
            Close(w);
            w.WriteLineNoTabs("");
        }

        string names = unrolled ? "s_lawNames" : "s_lawNames ??= WriteLawTexts(names: true)";
        string formulas = unrolled ? "s_lawFormulas" : "s_lawFormulas ??= WriteLawTexts(names: false)";
        w.WriteLine("/// <summary>Name of each law (e.g. <c>Hidden1[0,1]</c>), in the order of <c>ComputeConservedQuantities(theta, destination)</c>.</summary>");
        w.WriteLine($"public static global::System.Collections.Generic.IReadOnlyList<string> LawNames => {names};");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>Plain-text formula of each law, in the same order as <see cref=\"LawNames\"/>.</summary>");
        w.WriteLine($"public static global::System.Collections.Generic.IReadOnlyList<string> LawFormulas => {formulas};");
        w.WriteLineNoTabs("");
    }

    public static void WriteDrift(IndentedTextWriter w, AnalysisResult a, IReadOnlyList<LawItem> plan)
    {
        var laws = a.Laws;
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Exact per-step change of each law under one plain gradient-descent step θ ← θ − η g, where g is a gradient of");
        w.WriteLine("/// any loss f∘φ: for a quadratic law h(θ) = θᵀAθ the change is η² gᵀAg (⟨∇h, g⟩ = 0). Laws of degree above 2 get NaN.");
        w.WriteLine("/// </summary>");
        w.WriteLine(SourceFileWriter.GeneratedCode);
        Chunking.WriteChunkedMethod(w, "public static void PredictStepDrift(global::System.ReadOnlySpan<double> gradient, double learningRate, global::System.Span<double> destination)",
            new[] { ("gradient", "ParameterCount"), ("destination", "PolynomialLawCount") },
            "PredictDrift", "global::System.ReadOnlySpan<double> g, double eta2, global::System.Span<double> d", "gradient, learningRate * learningRate, destination", Chunks(plan, laws),
            i =>
            {
                var item = plan[i];
                int k = item.First;
                if (item.Kernel is IColumnSumFamily)
                {
                    // Linear laws: ⟨a, θ − ηg⟩ − ⟨a, θ⟩ = −η⟨a, g⟩ = 0 for a gradient of the declared loss.
                    w.WriteLine($"d.Slice({Inv(item.First)}, {Inv(item.Count)}).Clear();");
                    return;
                }

                if (item.Kernel is not null)
                {
                    // Gram entries and balances are homogeneous quadratics: gᵀAg is the same kernel applied to g.
                    WriteKernelCall(w, item, "Evaluate", "g", "eta2");
                    return;
                }

                if (laws[k].Degree > 2)
                {
                    w.WriteLine($"d[{Inv(k)}] = double.NaN;");
                    return;
                }

                var quadratic = laws[k].Terms.Where(t => t.Variables.Count == 2).ToList();
                if (quadratic.Count == 0) w.WriteLine($"d[{Inv(k)}] = 0d;");
                else WriteSum(w, $"d[{Inv(k)}]", quadratic.Select(t => (t.Coefficient, Product(t, "g"))).ToList(), "eta2");
            });
    }

    /// <summary>One emitted unit: a single unrolled law, or a whole hidden layer's Gram entries or balances.</summary>
    /// <param name="First">Index of the first law.</param>
    /// <param name="Count">Number of laws.</param>
    /// <param name="Kernel">For a loop-kernel group, the family it evaluates; otherwise null.</param>
    internal readonly record struct LawItem(int First, int Count, LawFamily? Kernel);

    // Above this many factors (span loads) in all laws together, Gram and balance groups go to the runtime loop
    // kernel instead of unrolled code. Unrolled laws pay only on tiny layers, by tens of nanoseconds; from about a
    // thousand factors the kernel is as fast or faster (docs/benchmarks.md, "Law kernels"), and the unrolled form
    // costs kilobytes of source per member. So only models a reader can take in at a glance are unrolled: their
    // formulas are listed in the doc comments.
    internal const int UnrolledLawFactorCap = 512;

    /// <summary>
    /// How the laws are emitted (built once per model, shared by the laws, their texts and their drift). With
    /// <paramref name="kernels"/>, whole families always go to the loop kernel (the law change and polarisation, whose
    /// unrolled form would triple the source of a model near the cap for members that are not on the hot path).
    /// </summary>
    public static List<LawItem> Plan(AnalysisResult a, bool kernels = false)
    {
        var laws = a.Laws;
        var items = new List<LawItem>();
        long factors = 0;
        for (int i = 0; i < laws.Count && factors <= UnrolledLawFactorCap; i++) factors += laws[i].FactorCount;
        bool loops = kernels || factors > UnrolledLawFactorCap;
        for (int i = 0; i < laws.Count;)
        {
            if (loops && laws[i].Family is { } family && HasKernel(family) && IsWholeFamily(laws, i, family))
            {
                items.Add(new LawItem(i, family.Count, family));
                i += family.Count;
            }
            else
            {
                items.Add(new LawItem(i, 1, null));
                i++;
            }
        }

        return items;
    }

    /// <summary>
    /// The Gram layouts the loop kernel evaluates for a family, whose member values are their sum: one for a Gram or
    /// balance family, one per level for a residual stream's balances; null for a family the kernel cannot evaluate.
    /// </summary>
    internal static IReadOnlyList<GramLayout>? KernelLayouts(LawFamily family) => family switch
    {
        GramFamily gram => new[] { gram.Layout },
        StreamFamily stream => stream.Layouts,
        NormalizationScaleFamily scale => new[] { scale.Layout },
        _ => null,
    };

    /// <summary>True for a family a runtime loop kernel evaluates whole (Gram, balance, stream and slice-Gram families).</summary>
    internal static bool HasKernel(LawFamily family) => family is SliceGramFamily or IColumnSumFamily || KernelLayouts(family) is not null;

    /// <summary>Units of a kernel family (rows of its triangle, or its balances).</summary>
    internal static int KernelWidth(LawFamily family) => family is SliceGramFamily slices ? slices.Width : KernelLayouts(family)![0].Width;

    /// <summary>True when the kernel evaluates only the diagonal of Q (one balance per unit).</summary>
    internal static bool KernelDiagonal(LawFamily family) => family is StreamFamily or NormalizationScaleFamily or GramFamily { Diagonal: true };

    /// <summary>
    /// Name and formula format strings ({0} = i, {1} = j) of a kernel family's members (a slice-Gram family's formula
    /// reads {2} and {3}, its rows).
    /// </summary>
    internal static (string Name, string Formula) KernelTexts(LawFamily family, bool diagonal) => family switch
    {
        StreamFamily stream => stream.TextFormats(),
        NormalizationScaleFamily scale => scale.TextFormats(),
        SliceGramFamily slices => slices.TextFormats(diagonal),
        _ => ((GramFamily)family).TextFormats(diagonal),
    };

    // A group qualifies when it is the whole family (every Gram entry or every balance of one hidden layer), in the
    // kernel's order; anything else stays unrolled.
    private static bool IsWholeFamily(IReadOnlyList<ConservationLaw> laws, int first, LawFamily family)
    {
        // The engine's list knows its families: O(1) instead of making every member (24.5 million for a 7,000-wide layer).
        if (laws is LawList list) return ReferenceEquals(list.WholeFamilyAt(first), family);
        if (first + family.Count > laws.Count) return false;
        for (int k = 0; k < family.Count; k++)
        {
            var law = laws[first + k];
            if (!ReferenceEquals(law.Family, family) || law.Member != k) return false;
        }

        return true;
    }

    /// <summary>
    /// Writes the <c>TranslationLaws</c> kernel call of a translation family into <c>d</c>: the column sums (and bias sum)
    /// of <paramref name="vector"/> (θ, an update, or |θ|).
    /// </summary>
    internal static void WriteTranslationCall(IndentedTextWriter w, LawItem item, string vector)
    {
        var f = (IColumnSumFamily)item.Kernel!;
        w.WriteLine($"global::ConservationCodegen.Internal.TranslationLaws.Evaluate({vector}, {Inv(f.Weights)}, {Inv(f.Outputs)}, {Inv(f.Inputs)}, {Inv(f.Bias)}, d.Slice({Inv(item.First)}, {Inv(item.Count)}));");
    }

    /// <summary>
    /// Writes a call of the <c>GramLaws</c> kernel <paramref name="method"/> on the family of <paramref name="item"/>, into
    /// <c>d</c>: <paramref name="vectors"/> are the span arguments before the shapes (<c>t</c> or <c>x, y</c>),
    /// <paramref name="scale"/> the scale argument of <c>Evaluate</c> (null for the kernels without one). A residual
    /// stream's balances are the sum of its levels' balances: the first level writes, the others add through a buffer.
    /// </summary>
    internal static void WriteKernelCall(IndentedTextWriter w, LawItem item, string method, string vectors, string? scale)
    {
        if (item.Kernel is SliceGramFamily sliceGram)
        {
            // Each slice is (sign, offset, unit stride, entry stride, length): docs/generated-code.md, "Law kernels".
            string slices = string.Join(", ", sliceGram.Slices.Select(x => $"{Inv(x.Sign)}, {x.Offset.ToString(CultureInfo.InvariantCulture)}, {x.UnitStride.ToString(CultureInfo.InvariantCulture)}, {x.EntryStride.ToString(CultureInfo.InvariantCulture)}, {Inv(x.Length)}"));
            w.WriteLine($"global::ConservationCodegen.Internal.SliceGramLaws.{method}({vectors}, stackalloc int[] {{ {slices} }}, {Inv(sliceGram.FirstUnit)}, {Inv(sliceGram.Width)}, "
                + $"{(scale is null ? "" : scale + ", ")}d.Slice({Inv(item.First)}, {Inv(item.Count)}));");
            return;
        }

        var layouts = KernelLayouts(item.Kernel!)!;
        bool diagonal = KernelDiagonal(item.Kernel!);
        string range = $"{Inv(item.First)}, {Inv(item.Count)}";
        w.WriteLine(Call(layouts[0], $"d.Slice({range})"));
        if (layouts.Count == 1) return;
        w.WriteLine($"double[] __level = global::System.Buffers.ArrayPool<double>.Shared.Rent({Inv(item.Count)});");
        w.WriteLine("try");
        w.WriteLine("{");
        w.Indent++;
        for (int k = 1; k < layouts.Count; k++)
        {
            w.WriteLine(Call(layouts[k], $"global::System.MemoryExtensions.AsSpan(__level, 0, {Inv(item.Count)})"));
            w.WriteLine($"global::System.Numerics.Tensors.TensorPrimitives.Add(d.Slice({range}), global::System.MemoryExtensions.AsSpan(__level, 0, {Inv(item.Count)}), d.Slice({range}));");
        }

        w.Indent--;
        w.WriteLine("}");
        w.WriteLine("finally");
        w.WriteLine("{");
        w.WriteLine("    global::System.Buffers.ArrayPool<double>.Shared.Return(__level);");
        w.WriteLine("}");

        // Taps, a degree and a β go through the kernel's longer overload; plain layouts keep the short one.
        string Call(GramLayout l, string destination)
        {
            string extra = l is { OutTaps: 1, Degree: 1, Beta: < 0 } ? "" : $"{Inv(l.OutTaps)}, {Inv(l.Degree)}, {Inv(l.Beta)}, ";
            return $"global::ConservationCodegen.Internal.GramLaws.{method}({vectors}, {Inv(l.InWeights)}, {Inv(l.Inputs)}, {Inv(l.Bias)}, {Inv(l.OutWeights)}, "
                + $"{Inv(l.Outputs)}, {Inv(l.Width)}, {extra}{(diagonal ? "true" : "false")}, {(scale is null ? "" : scale + ", ")}{destination});";
        }
    }

    // Chunk costs: factors of an unrolled law (+1), a small constant for a kernel call.
    /// <summary>The highest degree among the laws (1 when there are none): weighs expansions for chunking.</summary>
    internal static int MaxDegree(IReadOnlyList<ConservationLaw> laws) =>
        laws is LawList list ? list.MaxDegree() : laws.Count == 0 ? 1 : laws.Max(l => l.Degree);

    internal static List<List<int>> Chunks(IReadOnlyList<LawItem> plan, IReadOnlyList<ConservationLaw> laws, int factorWeight = 1) =>
        Chunking.Split(plan.Select(item => item.Kernel is not null ? 10 : (int)System.Math.Min(laws[item.First].FactorCount * factorWeight + 1, int.MaxValue / 4)).ToList());

    // Long sums are split into statements of at most TermsPerStatement terms (Roslyn and JIT limits on expression size, docs/generated-code.md).
    internal static void WriteSum(IndentedTextWriter w, string target, List<(long Coefficient, string Product)> terms, string? scale)
    {
        for (int start = 0; start < terms.Count; start += TermsPerStatement)
        {
            var part = terms.Skip(start).Take(TermsPerStatement).Select((t, i) => Term(t.Coefficient, t.Product, i == 0));
            string sum = string.Concat(part);
            string op = start == 0 ? "=" : "+=";
            w.WriteLine(scale is null ? $"{target} {op} {sum};" : $"{target} {op} {scale} * ({sum});");
        }
    }

    public static void WriteResultStruct(IndentedTextWriter w, AnalysisResult a)
    {
        var groups = new List<(string Name, LawKind Kind, int Offset, int Count, int Size)>();
        // From the group runs, so a family of millions of laws costs one entry, not one object per law.
        foreach (var run in a.LawGroups)
        {
            if (run.Kind == LawKind.General)
            {
                for (int i = run.Start; i < run.Start + run.Count; i++) groups.Add((a.Laws[i].Name, LawKind.General, i, 1, 1));
                continue;
            }

            var law = a.Laws[run.Start];
            int size = law.Family switch
            {
                GramFamily family => family.Layout.Width,
                SliceGramFamily slices => slices.Width,
                _ => a.Model.Layers[law.Layer].Outputs,
            };
            groups.Add((run.Group, run.Kind, run.Start, run.Count, size));
        }

        w.WriteLine("/// <summary>Evaluates every conservation law at the current parameters.</summary>");
        w.WriteLine(SourceFileWriter.GeneratedCode);
        w.WriteLine("public ConservedQuantities ComputeConservedQuantities()");
        w.WriteLine("{");
        w.Indent++;
        w.WriteLine("// θ goes through a pooled buffer: only the result array is allocated.");
        w.WriteLine("double[] theta = global::System.Buffers.ArrayPool<double>.Shared.Rent(ParameterCount);");
        w.WriteLine("try");
        w.WriteLine("{");
        w.WriteLine("    CopyParametersTo(global::System.MemoryExtensions.AsSpan(theta, 0, ParameterCount));");
        w.WriteLine("    var values = new double[PolynomialLawCount];");
        w.WriteLine("    ComputeConservedQuantities(global::System.MemoryExtensions.AsSpan(theta, 0, ParameterCount), values);");
        w.WriteLine("    return new ConservedQuantities(values);");
        w.WriteLine("}");
        w.WriteLine("finally");
        w.WriteLine("{");
        w.WriteLine("    global::System.Buffers.ArrayPool<double>.Shared.Return(theta);");
        w.WriteLine("}");
        w.Indent--;
        w.WriteLine("}");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>Values of the conservation laws at one point, grouped by hidden layer.</summary>");
        w.WriteLine("public readonly struct ConservedQuantities");
        w.WriteLine("{");
        w.Indent++;
        w.WriteLine("private readonly double[] _values;");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>Wraps law values in the order of <c>ComputeConservedQuantities(theta, destination)</c>.</summary>");
        w.WriteLine("public ConservedQuantities(double[] values) => _values = values;");
        w.WriteLineNoTabs("");
        foreach (var g in groups)
        {
            var first = a.Laws[g.Offset];
            if (first.Family is SliceGramFamily head && g.Count == g.Size * (g.Size + 1) / 2)
            {
                w.WriteLine($"/// <summary>Gram law of an attention head ({Inv(g.Size)}×{Inv(g.Size)}, rows {Inv(head.FirstUnit)}…{Inv(head.FirstUnit + g.Size - 1)} of its matrices); Q[i,j] e.g. <c>{Xml(a.Laws[g.Offset + System.Math.Min(1, g.Count - 1)].Formula)}</c>.</summary>");
                w.WriteLine($"public global::ConservationCodegen.ConservedSymmetricMatrix {g.Name} => new(_values, {Inv(g.Offset)}, {Inv(g.Size)});");
            }
            else if (g.Kind == LawKind.GramEntry && g.Count == g.Size * (g.Size + 1) / 2)
            {
                bool bias = first.Family is GramFamily { Layout.Bias: >= 0 };
                w.WriteLine($"/// <summary>Gram law of hidden layer {Inv(first.Layer + 1)}: Q = W W^T{(bias ? " + b b^T" : "")} − W'^T W' ({Inv(g.Size)}×{Inv(g.Size)}); Q[i,j] e.g. <c>{Xml(a.Laws[g.Offset + System.Math.Min(1, g.Count - 1)].Formula)}</c>.</summary>");
                w.WriteLine($"public global::ConservationCodegen.ConservedSymmetricMatrix {g.Name} => new(_values, {Inv(g.Offset)}, {Inv(g.Size)});");
            }
            else if (g.Kind == LawKind.DeadParameter)
            {
                w.WriteLine($"/// <summary>Parameters with zero gradient (they never train), each a law: entry j is <c>{Xml(first.Formula)}</c>.</summary>");
                w.WriteLine($"public global::ConservationCodegen.ConservedVector {g.Name} => new(_values, {Inv(g.Offset)}, {Inv(g.Count)});");
            }
            else if (g.Kind == LawKind.Translation)
            {
                bool bias = first.Family is TranslationFamily { Bias: >= 0 };
                w.WriteLine($"/// <summary>Translation laws of the last layer (softmax cross-entropy): entry j is the column sum <c>{Xml(first.Formula)}</c>{(bias ? ", the last entry the bias sum" : "")}.</summary>");
                w.WriteLine($"public global::ConservationCodegen.ConservedVector {g.Name} => new(_values, {Inv(g.Offset)}, {Inv(g.Count)});");
            }
            else if (g.Kind is LawKind.NormalizationScale or LawKind.NormalizationShift && first.Family is NormalizationFamily norm && g.Count > 1)
            {
                string what = g.Kind == LawKind.NormalizationScale ? "Scale laws of the normalised layer"
                    : norm.PerUnit ? "The bias before BatchNorm (zero gradient: it never trains)" : "LayerNorm's translation laws (column sums of the weights, the last entry the bias sum when there is a bias)";
                w.WriteLine($"/// <summary>{what} '{Xml(norm.Normalized.WeightName)}'; entry j is e.g. <c>{Xml(first.Formula)}</c>.</summary>");
                w.WriteLine($"public global::ConservationCodegen.ConservedVector {g.Name} => new(_values, {Inv(g.Offset)}, {Inv(g.Count)});");
            }
            else if (g.Kind == LawKind.NeuronBalance)
            {
                w.WriteLine(first.Family is StreamFamily stream
                    ? $"/// <summary>Residual-stream balances (unit j of the outputs of layers {string.Join(", ", stream.Layers.Select(l => Inv(l + 1)))}, joined by skip connections); entry j is e.g. <c>{Xml(first.Formula)}</c>.</summary>"
                    : $"/// <summary>Per-unit balances of hidden layer {Inv(first.Layer + 1)}; entry j is e.g. <c>{Xml(first.Formula)}</c>.</summary>");
                w.WriteLine($"public global::ConservationCodegen.ConservedVector {g.Name} => new(_values, {Inv(g.Offset)}, {Inv(g.Count)});");
            }
            else
            {
                for (int k = g.Offset; k < g.Offset + g.Count; k++)
                {
                    w.WriteLine($"/// <summary><c>{Xml(a.Laws[k].Formula)}</c></summary>");
                    w.WriteLine($"public double {a.Laws[k].Name.Replace("[", "_").Replace(",", "_").Replace("]", "")} => _values[{Inv(k)}];");
                }
            }

            w.WriteLineNoTabs("");
        }

        w.WriteLine("/// <summary>Number of laws.</summary>");
        w.WriteLine("public int Count => _values?.Length ?? 0;");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>Law <paramref name=\"index\"/> in the documented order.</summary>");
        w.WriteLine("public double this[int index] => _values[index];");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>Copies all values.</summary>");
        w.WriteLine("public void CopyTo(global::System.Span<double> destination) => global::System.MemoryExtensions.AsSpan(_values).CopyTo(destination);");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>A copy of all values.</summary>");
        w.WriteLine("public double[] ToArray() => (double[])_values.Clone();");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>Largest |this[i] − other[i]|: the drift of the laws between two points.</summary>");
        w.WriteLine("public double MaxAbsDifference(ConservedQuantities other)");
        w.WriteLine("{");
        w.Indent++;
        w.WriteLine("double max = 0;");
        w.WriteLine("for (int i = 0; i < Count; i++) max = global::System.Math.Max(max, global::System.Math.Abs(_values[i] - other._values[i]));");
        w.WriteLine("return max;");
        w.Indent--;
        w.WriteLine("}");
        w.Indent--;
        w.WriteLine("}");
    }
}
