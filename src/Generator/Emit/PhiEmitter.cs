using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Phi;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Writes φ, the Jacobian ∂φ/∂θ, and the JVP/VJP. Small models get unrolled straight-line code from the monomial
/// expansion of φ (JVP and VJP by the product rule, <see cref="UnrolledDerivativeEmitter"/>) and a fixed sparse
/// pattern; larger ones call the loop kernel <c>LayeredFactorization</c> (products of linear runs lifted across the
/// gates, never the paths one by one); huge φ gets no members at all.
/// </summary>
internal static class PhiEmitter
{
    /// <summary>Largest φ (in monomial factors) emitted as unrolled code.</summary>
    public const int UnrollFactorCap = 4000;
    /// <summary>Largest φ emitted at all (longer vectors are not useful to materialise).</summary>
    public const long MaxPhiLength = 1L << 24;
    /// <summary>Largest dense Jacobian (PhiLength × D entries) emitted.</summary>
    public const long MaxDenseJacobian = 1L << 24;

    /// <summary>Which form the φ members take for a model.</summary>
    private static PhiForm FormOf(ModelDescription model, long phiLength, out PhiExpansion? expansion)
    {
        expansion = null;
        if (phiLength > MaxPhiLength || !IsPathLifting(model)) return PhiForm.None;
        expansion = PhiExpansion.TryExpand(model, UnrollFactorCap);
        // Unroll φ only when its JVP and VJP can be unrolled too: through the sparse values they cost 6–13 φ, while
        // the loop kernel keeps JVP and VJP within 3 φ (and its φ still beats a hand-written loop).
        if (expansion is not null && !UnrolledDerivativeEmitter.Fits(expansion.Components)) expansion = null;
        if (expansion is null && !LoopKernelTakes(model)) return PhiForm.None;
        return expansion is null ? PhiForm.Loops : PhiForm.Unrolled;
    }

    /// <summary>
    /// False when the model has an attention block or a gated linear unit (docs/layers.md), or when a RePU, Power or
    /// trainable-β Swish unit is inside the model: the output is then not a function of path products (its φ lists the
    /// coefficients of the output polynomial per activation pattern), and no φ is generated.
    /// </summary>
    public static bool IsPathLifting(ModelDescription model)
    {
        // An attention block's φ is its heads' bilinear products, and a gated linear unit's its gate weights beside the up
        // path's products: not paths through the chain; no φ members are generated for them.
        if (model.Layers.Any(l => l is SelfAttentionSpec or GatedLinearUnitSpec)) return false;
        for (int k = 0; k + 1 < model.Layers.Count; k++)
        {
            var l = model.Layers[k];
            if (ActivationKinds.HasDegree(l.Activation) || l.Activation == ActivationKind.Swish && l.HasBeta) return false;
        }

        return true;
    }

    // The loop kernel multiplies dense matrices along a chain: convolution taps, diagonal layers and skip connections
    // (whose paths φ follows) are emitted unrolled or not at all.
    private static bool LoopKernelTakes(ModelDescription model) =>
        model.Shapes.All(s => s.Taps == 1 && !s.Diagonal) && model.Layers.All(l => l.ResidualFrom < 0);

    /// <summary>Writes the φ members and returns the form they took.</summary>
    public static PhiForm Write(IndentedTextWriter w, ModelDescription model, long phiLength)
    {
        var form = FormOf(model, phiLength, out var expansion);
        if (form == PhiForm.None && model.Layers.Any(l => l is SelfAttentionSpec))
        {
            w.WriteLine("// An attention block's φ is its heads' query–key and value–output products, not a path-lifting of the chain; this");
            w.WriteLine("// version does not generate PhiLength, ComputePhi, the Jacobian, JVP or VJP for it (the laws do not need them).");
            return form;
        }

        if (form == PhiForm.None && model.Layers.Any(l => l is GatedLinearUnitSpec))
        {
            w.WriteLine("// A gated linear unit's φ is its gate weights beside the path products of its up path (docs/layers.md); this");
            w.WriteLine("// version generates no φ members for it: PhiLength, ComputePhi, the Jacobian, JVP and VJP are not generated.");
            return form;
        }

        if (form == PhiForm.None && !IsPathLifting(model))
        {
            w.WriteLine("// A RePU, Power or trainable-β Swish unit makes the output a polynomial in θ that is not a function of path");
            w.WriteLine("// products: φ is not a path-lifting, so PhiLength, ComputePhi, the Jacobian, JVP and VJP are not generated.");
            return form;
        }

        if (form == PhiForm.None)
        {
            w.WriteLine(phiLength > MaxPhiLength
                ? $"// φ has {Inv(phiLength)} components: too many to materialise, so ComputePhi, the Jacobian, JVP and VJP are not generated."
                : $"// φ has {Inv(phiLength)} components, too many to unroll, and the loop kernel takes chains of dense layers only: ComputePhi, the Jacobian, JVP and VJP are not generated.");
            return form;
        }

        bool dense = phiLength * model.ParameterCount <= MaxDenseJacobian;
        WritePhiDocs(w);
        if (form == PhiForm.Unrolled) WriteUnrolled(w, expansion!, model.ParameterCount, dense);
        else WriteLoops(w, model, (int)phiLength, dense);
        return form;
    }

    private static void WritePhiDocs(IndentedTextWriter w)
    {
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Evaluates the factorising map φ(θ) (loss = f(φ(θ))) into <paramref name=\"phi\"/> (length <see cref=\"PhiLength\"/>).");
        w.WriteLine("/// Components, per segment between non-homogeneous activations: output neuron, then recursively the path of");
        w.WriteLine("/// boundary neurons back through the linear runs, a run's bias column last.");
        w.WriteLine("/// </summary>");
        w.WriteLine(GeneratedCode);
    }

    private static void WriteUnrolled(IndentedTextWriter w, PhiExpansion phi, int parameterCount, bool dense)
    {
        var comps = phi.Components;
        var phiChunks = Chunking.Split(comps.Select(c => c.Sum(m => m.Length) + 1).ToList());
        Chunking.WriteChunkedMethod(w, "public static void ComputePhi(global::System.ReadOnlySpan<double> theta, global::System.Span<double> phi)",
            new[] { ("theta", "ParameterCount"), ("phi", "PhiLength") },
            "ComputePhi", "global::System.ReadOnlySpan<double> t, global::System.Span<double> p", "theta, phi", phiChunks,
            i => w.WriteLine($"p[{Inv(i)}] = {Sum(comps[i])};"));

        // Sparse pattern: CSR over components, columns ascending; entry value = Σ over monomials containing the
        // column of the product of the other factors.
        var rowStarts = new List<int> { 0 };
        var columns = new List<int>();
        var entries = new List<List<int[]>>();
        foreach (var comp in comps)
        {
            foreach (int a in comp.SelectMany(m => m).Distinct().OrderBy(v => v))
            {
                columns.Add(a);
                entries.Add(comp.Where(m => m.Contains(a)).Select(m => m.Where(v => v != a).ToArray()).ToList());
            }

            rowStarts.Add(columns.Count);
        }

        w.WriteLine("/// <summary>Number of structurally non-zero entries of ∂φ/∂θ (length of the sparse value array).</summary>");
        w.WriteLine($"public const int JacobianNonZeroCount = {Inv(columns.Count)};");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>CSR row starts of the fixed sparsity pattern of ∂φ/∂θ (length <see cref=\"PhiLength\"/> + 1).</summary>");
        w.WriteLine($"public static global::System.ReadOnlySpan<int> JacobianRowStarts => new int[] {{ {string.Join(", ", rowStarts.Select(Inv))} }};");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>CSR column (parameter) indices of the fixed sparsity pattern of ∂φ/∂θ, ascending within a row.</summary>");
        w.WriteLine($"public static global::System.ReadOnlySpan<int> JacobianColumnIndices => new int[] {{ {string.Join(", ", columns.Select(Inv))} }};");
        w.WriteLineNoTabs("");
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Values of ∂φ/∂θ at θ on the fixed pattern <see cref=\"JacobianRowStarts\"/>/<see cref=\"JacobianColumnIndices\"/>");
        w.WriteLine("/// (length <see cref=\"JacobianNonZeroCount\"/>).");
        w.WriteLine("/// </summary>");
        w.WriteLine(GeneratedCode);
        var jacChunks = Chunking.Split(entries.Select(e => e.Sum(m => System.Math.Max(1, m.Length)) + 1).ToList());
        Chunking.WriteChunkedMethod(w, "public static void ComputeJacobianSparse(global::System.ReadOnlySpan<double> theta, global::System.Span<double> values)",
            new[] { ("theta", "ParameterCount"), ("values", "JacobianNonZeroCount") },
            "ComputeJacobianSparse", "global::System.ReadOnlySpan<double> t, global::System.Span<double> v", "theta, values", jacChunks,
            k => w.WriteLine($"v[{Inv(k)}] = {Sum(entries[k])};"));

        if (dense)
        {
            WriteDenseDocs(w);
            w.WriteLine("public static void ComputeJacobian(global::System.ReadOnlySpan<double> theta, global::System.Span<double> jacobian)");
            OpenChecked(w, ("theta", "ParameterCount"), ("jacobian", "PhiLength * ParameterCount"));
            WithSparseValues(w, () =>
            {
                w.WriteLine("jacobian.Slice(0, PhiLength * ParameterCount).Clear();");
                w.WriteLine("var starts = JacobianRowStarts;");
                w.WriteLine("var columns = JacobianColumnIndices;");
                w.WriteLine("for (int i = 0; i < PhiLength; i++)");
                w.WriteLine("    for (int k = starts[i]; k < starts[i + 1]; k++) jacobian[i * ParameterCount + columns[k]] = values[k];");
            });
            Close(w);
            w.WriteLineNoTabs("");
        }

        // FormOf unrolls φ only when its JVP and VJP fit unrolled too.
        WriteJvpDocs(w);
        UnrolledDerivativeEmitter.WriteJvp(w, comps);
        WriteVjpDocs(w);
        UnrolledDerivativeEmitter.WriteVjp(w, comps, parameterCount);
    }

    // The sparse values live in a stack buffer when small, a pooled array otherwise.
    private static void WithSparseValues(IndentedTextWriter w, System.Action body)
    {
        w.WriteLine("double[]? rented = JacobianNonZeroCount > 256 ? global::System.Buffers.ArrayPool<double>.Shared.Rent(JacobianNonZeroCount) : null;");
        w.WriteLine("global::System.Span<double> values = rented is null ? stackalloc double[JacobianNonZeroCount] : global::System.MemoryExtensions.AsSpan(rented, 0, JacobianNonZeroCount);");
        w.WriteLine("ComputeJacobianSparse(theta, values);");
        body();
        w.WriteLine("if (rented is not null) global::System.Buffers.ArrayPool<double>.Shared.Return(rented);");
    }

    private static void WriteLoops(IndentedTextWriter w, ModelDescription model, int phiLength, bool dense)
    {
        var descriptor = new List<int>();
        var segments = PhiBlocks.Of(model);
        descriptor.Add(segments.Count);
        foreach (var blocks in segments)
        {
            descriptor.Add(blocks.Count);
            foreach (var block in blocks)
            {
                descriptor.Add(block.Layers.Count);
                foreach (int k in block.Layers)
                {
                    var l = model.Layers[k];
                    descriptor.AddRange(new[] { model.WeightOffset(k), l.Inputs, l.Outputs, l.HasBias ? model.BiasOffset(k) : -1 });
                }
            }
        }

        w.WriteLine("public static void ComputePhi(global::System.ReadOnlySpan<double> theta, global::System.Span<double> phi) => s_phi.ComputePhi(theta, phi);");
        w.WriteLineNoTabs("");
        w.WriteLine("// Too large to unroll: loops over the shapes below, sharing prefix products between the JVP/VJP terms.");
        w.WriteLine("private static readonly global::ConservationCodegen.Internal.LayeredFactorization s_phi = new(");
        w.WriteLine($"    ParameterCount, PhiLength, new int[] {{ {string.Join(", ", descriptor.Select(Inv))} }});");
        w.WriteLineNoTabs("");
        if (dense)
        {
            WriteDenseDocs(w);
            w.WriteLine("public static void ComputeJacobian(global::System.ReadOnlySpan<double> theta, global::System.Span<double> jacobian) => s_phi.ComputeJacobian(theta, jacobian);");
            w.WriteLineNoTabs("");
        }

        WriteJvpDocs(w);
        w.WriteLine("public static void JacobianTimes(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> v, global::System.Span<double> result) => s_phi.JacobianTimes(theta, v, result);");
        w.WriteLineNoTabs("");
        WriteVjpDocs(w);
        w.WriteLine("public static void JacobianTransposeTimes(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> w, global::System.Span<double> result) => s_phi.JacobianTransposeTimes(theta, w, result);");
        w.WriteLineNoTabs("");
    }

    private static void WriteDenseDocs(IndentedTextWriter w)
    {
        w.WriteLine("/// <summary>Dense Jacobian ∂φ/∂θ, row-major <see cref=\"PhiLength\"/> × <see cref=\"ParameterCount\"/>.</summary>");
        w.WriteLine(GeneratedCode);
    }

    private static void WriteJvpDocs(IndentedTextWriter w)
    {
        w.WriteLine("/// <summary>Jacobian-vector product: <paramref name=\"result\"/> = (∂φ/∂θ)·<paramref name=\"v\"/> (length <see cref=\"PhiLength\"/>).</summary>");
        w.WriteLine(GeneratedCode);
    }

    private static void WriteVjpDocs(IndentedTextWriter w)
    {
        w.WriteLine("/// <summary>Vector-Jacobian product: <paramref name=\"result\"/> = (∂φ/∂θ)ᵀ·<paramref name=\"w\"/> (length <see cref=\"ParameterCount\"/>).</summary>");
        w.WriteLine(GeneratedCode);
    }

    // Σ of monomials in t.
    private static string Sum(List<int[]> monomials) =>
        Sum(monomials.Select(m => m.Length == 0 ? "1d" : string.Join(" * ", m.Select(v => $"t[{Inv(v)}]"))));

    /// <summary>Σ of terms ("0d" when none); long sums are bracketed per 64 terms to keep expression trees shallow.</summary>
    public static string Sum(IEnumerable<string> summands)
    {
        var terms = summands.ToList();
        if (terms.Count == 0) return "0d";
        if (terms.Count <= 64) return string.Join(" + ", terms);
        var groups = new List<string>();
        for (int i = 0; i < terms.Count; i += 64) groups.Add("(" + string.Join(" + ", terms.Skip(i).Take(64)) + ")");
        return string.Join(" + ", groups);
    }
}

/// <summary>How φ and its derivatives are emitted.</summary>
internal enum PhiForm
{
    /// <summary>φ too long to materialise: no members.</summary>
    None,
    /// <summary>Straight-line code from the monomial expansion, with a sparse Jacobian.</summary>
    Unrolled,
    /// <summary>Calls into the loop kernel.</summary>
    Loops,
}
