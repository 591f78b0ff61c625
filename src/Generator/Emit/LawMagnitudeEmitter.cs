using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Laws;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Writes <c>ComputeLawMagnitudes</c>: for every law the sum of the absolute values of its terms at θ, the scale of its
/// rounding error, so that a monitor can judge each law against its own size rather than θ's.
/// </summary>
internal static class LawMagnitudeEmitter
{
    public static void Write(IndentedTextWriter w, AnalysisResult a, IReadOnlyList<LawEmitter.LawItem> plan)
    {
        var model = a.Model;
        w.WriteLine("/// <summary>");
        w.WriteLine("/// The magnitude of every law at θ: the sum of the absolute values of its terms (for a Gram entry");
        w.WriteLine("/// Σ|W[i,c]W[j,c]| + |b_i b_j| + Σ|W'[l,i]W'[l,j]|), in the order of <see cref=\"LawNames\"/>. Evaluating a law, or its");
        w.WriteLine("/// change, rounds by a small multiple of ε times this, whatever the law's value (which may be near 0).");
        w.WriteLine("/// </summary>");
        w.WriteLine(GeneratedCode);
        w.WriteLine("public static void ComputeLawMagnitudes(global::System.ReadOnlySpan<double> theta, global::System.Span<double> destination)");
        OpenChecked(w, ("theta", "ParameterCount"), ("destination", "PolynomialLawCount"));
        w.WriteLine("// |θ| against |θ| with the layers' signs alternating: a law of hidden level k reads layer k with one sign and");
        w.WriteLine("// layer k + 1 with the other, so its polarisation adds the magnitudes of both parts instead of subtracting them.");
        w.WriteLine("double[] buffer = global::System.Buffers.ArrayPool<double>.Shared.Rent(2 * ParameterCount);");
        w.WriteLine("try");
        w.WriteLine("{");
        w.Indent++;
        w.WriteLine("var abs = global::System.MemoryExtensions.AsSpan(buffer, 0, ParameterCount);");
        w.WriteLine("var signed = global::System.MemoryExtensions.AsSpan(buffer, ParameterCount, ParameterCount);");
        w.WriteLine("global::System.Numerics.Tensors.TensorPrimitives.Abs(theta.Slice(0, ParameterCount), abs);");
        w.WriteLine("abs.CopyTo(signed);");
        for (int k = 1; k < model.Layers.Count; k += 2)
        {
            int offset = model.GateOffset(k), length = (int)model.Layers[k].ParameterCount;
            w.WriteLine($"global::System.Numerics.Tensors.TensorPrimitives.Negate(signed.Slice({Inv(offset)}, {Inv(length)}), signed.Slice({Inv(offset)}, {Inv(length)}));");
        }

        // A Swish β enters its unit's balance with the sign opposite to its layer's weights (… − β_i²): flip it back.
        for (int k = 0; k < model.Layers.Count; k++)
        {
            if (!model.Layers[k].HasBeta) continue;
            int offset = model.BetaOffset(k), length = model.Layers[k].Outputs;
            w.WriteLine($"global::System.Numerics.Tensors.TensorPrimitives.Negate(signed.Slice({Inv(offset)}, {Inv(length)}), signed.Slice({Inv(offset)}, {Inv(length)}));");
        }

        // An attention head's Grams subtract the keys' (and the outputs') Gram from the queries' (the values'), inside one
        // block: flip the subtracted members so every term adds.
        for (int k = 0; k < model.Layers.Count; k++)
        {
            if (model.Layers[k] is not SelfAttentionSpec attention) continue;
            int start = model.WeightOffset(k), p = checked((int)attention.Projection), d = attention.ModelDim;
            var flipped = new List<(long Offset, int Length)> { (attention.KeyOffset, p * d), (attention.OutputOffset, d * p) };
            if (attention.HasKeyBias) flipped.Add((attention.KeyBiasOffset, p));
            foreach (var (offset, length) in flipped)
                w.WriteLine($"global::System.Numerics.Tensors.TensorPrimitives.Negate(signed.Slice({Inv(start + (int)offset)}, {Inv(length)}), signed.Slice({Inv(start + (int)offset)}, {Inv(length)}));");
        }

        w.WriteLine("ComputeLawMagnitudesCore(theta, abs, signed, destination);");
        w.Indent--;
        w.WriteLine("}");
        w.WriteLine("finally");
        w.WriteLine("{");
        w.WriteLine("    global::System.Buffers.ArrayPool<double>.Shared.Return(buffer);");
        w.WriteLine("}");
        Close(w);
        w.WriteLineNoTabs("");

        var laws = a.Laws;
        Chunking.WriteChunkedMethod(w,
            "private static void ComputeLawMagnitudesCore(global::System.ReadOnlySpan<double> t, global::System.ReadOnlySpan<double> a, global::System.ReadOnlySpan<double> s, global::System.Span<double> d)",
            System.Array.Empty<(string, string)>(),
            "ComputeLawMagnitudes", "global::System.ReadOnlySpan<double> t, global::System.ReadOnlySpan<double> a, global::System.ReadOnlySpan<double> s, global::System.Span<double> d",
            "t, a, s, d", LawEmitter.Chunks(plan, laws, LawEmitter.MaxDegree(laws)),
            i =>
            {
                var item = plan[i];
                if (item.Kernel is IColumnSumFamily) LawEmitter.WriteTranslationCall(w, item, "a"); // Σ|θ| over the column
                else if (item.Kernel is not null)
                {
                    LawEmitter.WriteKernelCall(w, item, "EvaluateBilinear", "a, s", null);
                    w.WriteLine($"global::System.Numerics.Tensors.TensorPrimitives.Abs(d.Slice({Inv(item.First)}, {Inv(item.Count)}), d.Slice({Inv(item.First)}, {Inv(item.Count)}));");
                }
                else
                {
                    var terms = laws[item.First].Terms.Select(t => (System.Math.Abs(t.Coefficient), $"global::System.Math.Abs({LawEmitter.Product(t, "t")})")).ToList();
                    LawEmitter.WriteSum(w, $"d[{Inv(item.First)}]", terms, null);
                }
            });
    }
}
