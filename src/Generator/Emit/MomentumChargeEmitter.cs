using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Momentum;
using ConservationCodegen.Pipeline;
using static ConservationCodegen.Emit.FloatOverloads;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Writes the momentum charges of a model (docs/generated-code.md, "Momentum charges"): for every hidden level inside a
/// linear run, the charge J[i, j] = ⟨X_E θ_prev, v⟩ of each rotation generator E = e_i e_jᵀ − e_j e_iᵀ of so(width) — the
/// levels the engine's momentum count knows as laws (<see cref="RotationCharges"/>). Which levels carry charges is
/// structural, so the count and the layout are constants; the values go through the runtime kernel.
/// </summary>
internal static class MomentumChargeEmitter
{
    /// <summary>A level that carries charges: its global layout, its name in the law names, the layer before it, and its first charge.</summary>
    internal sealed record Level(GramLayout Layout, string Name, int Layer, int First)
    {
        public int Count => Layout.Width * (Layout.Width - 1) / 2;
    }

    /// <summary>The model's charge levels in θ order, each named like the Gram laws of the same level ("Hidden1").</summary>
    internal static List<Level> Levels(ModelDescription model)
    {
        var levels = new List<Level>();
        int first = 0;
        foreach (var component in ModelComponents.Of(model))
        {
            var families = component.LawFamilies.OfType<GramFamily>().ToList();
            foreach (var layout in RotationCharges.Levels(component))
            {
                // The level's Gram family has the same layout (the charges and the Gram laws come from the same level).
                var family = families.FirstOrDefault(f => f.Layout == layout);
                if (family is null || layout.Degree != 1 || layout.Beta >= 0) continue;
                var level = new Level(layout, family.Group, family.Layer, first);
                levels.Add(level);
                first += level.Count;
            }
        }

        return levels;
    }

    private const string I = "global::ConservationCodegen.IConservationModel";

    public static void Write(IndentedTextWriter w, ModelSpec spec, ModelDescription model)
    {
        var levels = Levels(model);
        int count = levels.Sum(l => l.Count);
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Number of momentum charges (length of the <see cref=\"ComputeMomentumCharges(global::System.ReadOnlySpan{double}, global::System.ReadOnlySpan{double}, global::System.Span{double})\"/>");
        w.WriteLine(count == 0
            ? "/// output). 0: no hidden level of this model lies inside a linear run, so no rotation keeps its function and it has no charge."
            : "/// output): width·(width − 1)/2 for every hidden level inside a linear run.");
        w.WriteLine("/// </summary>");
        w.WriteLine($"public const int MomentumChargeCount = {Inv(count)};");
        w.WriteLineNoTabs("");

        WriteCompute(w, model, levels);
        if (spec.UsesFloat)
            FloatOverloads.Write(w, "Momentum charges (see the double overload).", "void", "ComputeMomentumCharges",
                new[] { Parameter.In("thetaPrevious", "ParameterCount"), Parameter.In("velocity", "ParameterCount"), Parameter.Out("destination", "MomentumChargeCount") });
        WriteNames(w, levels);
        WriteLevels(w, levels);

        w.WriteLine($"int {I}.MomentumChargeCount => MomentumChargeCount;");
        w.WriteLine($"global::System.Collections.Generic.IReadOnlyList<string> {I}.MomentumChargeNames => MomentumChargeNames;");
        w.WriteLine($"global::System.Collections.Generic.IReadOnlyList<global::ConservationCodegen.MomentumChargeLevel> {I}.MomentumChargeLevels => MomentumChargeLevels;");
        w.WriteLine($"void {I}.ComputeMomentumCharges(global::System.ReadOnlySpan<double> thetaPrevious, global::System.ReadOnlySpan<double> velocity, global::System.Span<double> destination) => ComputeMomentumCharges(thetaPrevious, velocity, destination);");
    }

    private static void WriteCompute(IndentedTextWriter w, ModelDescription model, List<Level> levels)
    {
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Writes the momentum charges j = ⟨Xθ_{k−1}, v_k⟩ of every rotation X of the hidden levels inside linear runs into");
        w.WriteLine("/// <paramref name=\"destination\"/> (length <see cref=\"MomentumChargeCount\"/>), in the order of <see cref=\"MomentumChargeNames\"/>.");
        w.WriteLine("/// For a level with incoming weights A (row i: unit i), bias b and outgoing weights B (column i: unit i), the charge of the");
        w.WriteLine("/// pair i &lt; j is J[i,j] = ⟨v_A[i], A[j]⟩ − ⟨A[i], v_A[j]⟩ + v_b[i]·b[j] − b[i]·v_b[j] + ⟨v_B[:,i], B[:,j]⟩ − ⟨B[:,i], v_B[:,j]⟩,");
        w.WriteLine("/// with A, b, B read from θ_{k−1} and v_A, v_b, v_B from v_k. Under heavy ball (any learning rate, minibatch, coupled");
        w.WriteLine("/// weight decay, dampening) j_{k+1} = β j_k exactly, and j ≡ 0 from a zero buffer.");
        if (levels.Count == 0)
            w.WriteLine("/// This model has no charge: the method only checks the lengths.");
        else
        {
            w.WriteLine("/// <list type=\"bullet\">");
            foreach (var l in levels)
            {
                var inLayer = model.Layers[l.Layer];
                var outLayer = model.Layers[l.Layer + 1];
                string bias = l.Layout.Bias >= 0 && inLayer.HasBias ? $", b = <c>{Xml(inLayer.BiasName)}</c>" : "";
                w.WriteLine($"/// <item><c>{Xml(l.Name)}[i,j]</c> (charges {Inv(l.First)}–{Inv(l.First + l.Count - 1)}): A = <c>{Xml(inLayer.WeightName)}</c>{bias}, B = <c>{Xml(outLayer.WeightName)}</c>.</item>");
            }

            w.WriteLine("/// </list>");
        }

        w.WriteLine("/// </summary>");
        w.WriteLine("/// <param name=\"thetaPrevious\">θ_{k−1}: the parameters before the step that produced <paramref name=\"velocity\"/>.</param>");
        w.WriteLine("/// <param name=\"velocity\">v_k: the momentum buffer after that step.</param>");
        w.WriteLine("/// <param name=\"destination\">At least <see cref=\"MomentumChargeCount\"/> entries.</param>");
        w.WriteLine(GeneratedCode);
        w.WriteLine("public static void ComputeMomentumCharges(global::System.ReadOnlySpan<double> thetaPrevious, global::System.ReadOnlySpan<double> velocity, global::System.Span<double> destination)");
        OpenChecked(w, ("thetaPrevious", "ParameterCount"), ("velocity", "ParameterCount"), ("destination", "MomentumChargeCount"));
        if (levels.Count > 0)
        {
            w.WriteLine("thetaPrevious = thetaPrevious.Slice(0, ParameterCount);");
            w.WriteLine("velocity = velocity.Slice(0, ParameterCount);");
        }

        foreach (var l in levels)
        {
            var s = l.Layout;
            w.WriteLine($"global::ConservationCodegen.Internal.MomentumCharges.Evaluate(thetaPrevious, velocity, {Inv(s.InWeights)}, {Inv(s.Inputs)}, {Inv(s.Bias)}, {Inv(s.OutWeights)}, "
                + $"{Inv(s.Outputs)}, {Inv(s.Width)}, {Inv(s.OutTaps)}, destination.Slice({Inv(l.First)}, {Inv(l.Count)}));");
        }

        Close(w);
        w.WriteLineNoTabs("");
    }

    private static void WriteNames(IndentedTextWriter w, List<Level> levels)
    {
        if (levels.Count > 0)
        {
            w.WriteLine("private static string[]? s_momentumChargeNames;");
            w.WriteLineNoTabs("");
        }

        w.WriteLine("/// <summary>Name of each momentum charge (<c>Hidden1[0,1]</c>: the pair of units 0 and 1 of hidden level 1, like its Gram law), in the order of <c>ComputeMomentumCharges</c>.</summary>");
        if (levels.Count == 0)
        {
            w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<string> MomentumChargeNames => global::System.Array.Empty<string>();");
            w.WriteLineNoTabs("");
            return;
        }

        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<string> MomentumChargeNames => s_momentumChargeNames ??= WriteMomentumChargeNames();");
        w.WriteLineNoTabs("");
        w.WriteLine("private static string[] WriteMomentumChargeNames()");
        w.WriteLine("{");
        w.Indent++;
        w.WriteLine("var names = new string[MomentumChargeCount];");
        foreach (var l in levels)
            w.WriteLine($"global::ConservationCodegen.Internal.MomentumCharges.Names(names, {Inv(l.First)}, {Inv(l.Layout.Width)}, \"{l.Name}\");");
        w.WriteLine("return names;");
        Close(w);
        w.WriteLineNoTabs("");
    }

    private static void WriteLevels(IndentedTextWriter w, List<Level> levels)
    {
        w.WriteLine("/// <summary>The hidden levels that carry momentum charges, with their layout in θ (what a monitor needs to check the charges cheaply).</summary>");
        const string Head = "public static global::System.Collections.Generic.IReadOnlyList<global::ConservationCodegen.MomentumChargeLevel> MomentumChargeLevels { get; } =";
        if (levels.Count == 0)
        {
            w.WriteLine(Head + " global::System.Array.Empty<global::ConservationCodegen.MomentumChargeLevel>();");
            w.WriteLineNoTabs("");
            return;
        }

        w.WriteLine(Head + " new global::ConservationCodegen.MomentumChargeLevel[]");
        w.WriteLine("{");
        w.Indent++;
        foreach (var l in levels)
        {
            var s = l.Layout;
            w.WriteLine($"new(\"{l.Name}\", {Inv(l.First)}, {Inv(s.InWeights)}, {Inv(s.Inputs)}, {Inv(s.Bias)}, {Inv(s.OutWeights)}, {Inv(s.Outputs)}, {Inv(s.Width)}, {Inv(s.OutTaps)}),");
        }

        w.Indent--;
        w.WriteLine("};");
        w.WriteLineNoTabs("");
    }
}
