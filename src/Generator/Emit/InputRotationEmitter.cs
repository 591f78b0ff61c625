using System.CodeDom.Compiler;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Pipeline;
using static ConservationCodegen.Emit.FloatOverloads;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Writes the input angular momentum of a model declared with <c>InputSymmetry = InputSymmetry.Rotation</c>
/// (docs/generated-code.md, "Input angular momentum"): the strict upper triangle of W₁ᵀV₁ − V₁ᵀW₁ for the first layer's
/// weights W₁ ([n₁, n₀]). It is the momentum-charge kernel on a level whose units are the n₀ inputs (no incoming weights,
/// no bias, outgoing weights W₁) with θ and v exchanged, which turns its ⟨v[:,i], θ[:,j]⟩ − ⟨θ[:,i], v[:,j]⟩ into
/// (W₁ᵀV₁ − V₁ᵀW₁)[i, j].
/// </summary>
internal static class InputRotationEmitter
{
    private const string I = "global::ConservationCodegen.IConservationModel";

    /// <summary>The name of the level in the entry names: <c>InputRotation[i,j]</c>.</summary>
    public const string Name = "InputRotation";

    public static void Write(IndentedTextWriter w, ModelSpec spec, ModelDescription model)
    {
        var first = spec.Layers[0];
        int inputs = first.Inputs, outputs = first.Outputs, offset = model.WeightOffset(0);
        long count = (long)inputs * (inputs - 1) / 2;
        string weights = CSharpNames.Escape(first.MemberName);
        w.WriteLine("/// <summary>");
        w.WriteLine($"/// Number of input angular-momentum entries, n₀(n₀ − 1)/2 for the n₀ = {Inv(inputs)} inputs (length of the");
        w.WriteLine("/// <see cref=\"ComputeInputAngularMomentum(global::System.ReadOnlySpan{double}, global::System.ReadOnlySpan{double}, global::System.Span{double})\"/> output).");
        w.WriteLine("/// </summary>");
        w.WriteLine($"public const int InputAngularMomentumCount = {Inv(count)};");
        w.WriteLineNoTabs("");

        w.WriteLine("/// <summary>");
        w.WriteLine($"/// Writes the input angular momentum J[i,j] = (W₁ᵀV₁ − V₁ᵀW₁)[i,j], i &lt; j, row by row, where W₁ = <see cref=\"{weights}\"/>");
        w.WriteLine("/// ([outputs, inputs]) read from <paramref name=\"theta\"/> and V₁ the same block of <paramref name=\"velocity\"/>.");
        w.WriteLine("/// The model declares data invariant under every rotation of the input, so the loss keeps W₁ ↦ W₁R and every gradient");
        w.WriteLine("/// g has J(θ, g) = 0: J is 0 under gradient flow (velocity θ̇) and gradient descent (velocity the step), and under heavy");
        w.WriteLine("/// ball j_k = J(θ_{k−1}, v_k) obeys j_{k+1} = β j_k exactly (β(1 − ηλ) with decoupled weight decay). A constraint, not a");
        w.WriteLine("/// conservation law: a finite data set or a minibatch breaks it.");
        w.WriteLine("/// </summary>");
        w.WriteLine("/// <param name=\"theta\">θ (for heavy ball θ_{k−1}, the parameters before the step that produced <paramref name=\"velocity\"/>).</param>");
        w.WriteLine("/// <param name=\"velocity\">θ̇, a gradient step θ_{k+1} − θ_k, or the momentum buffer v_k.</param>");
        w.WriteLine("/// <param name=\"destination\">At least <see cref=\"InputAngularMomentumCount\"/> entries, in the order of <see cref=\"InputAngularMomentumNames\"/>.</param>");
        w.WriteLine(GeneratedCode);
        w.WriteLine("public static void ComputeInputAngularMomentum(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> velocity, global::System.Span<double> destination)");
        OpenChecked(w, ("theta", "ParameterCount"), ("velocity", "ParameterCount"), ("destination", "InputAngularMomentumCount"));
        w.WriteLine("// The momentum-charge kernel with θ and v exchanged, on the inputs as units: W₁'s columns are their outgoing weights.");
        w.WriteLine($"global::ConservationCodegen.Internal.MomentumCharges.Evaluate(velocity.Slice(0, ParameterCount), theta.Slice(0, ParameterCount), 0, 0, -1, {Inv(offset)}, {Inv(outputs)}, {Inv(inputs)}, 1, destination.Slice(0, InputAngularMomentumCount));");
        Close(w);
        w.WriteLineNoTabs("");
        if (spec.UsesFloat)
            FloatOverloads.Write(w, "Input angular momentum (see the double overload).", "void", "ComputeInputAngularMomentum",
                new[] { Parameter.In("theta", "ParameterCount"), Parameter.In("velocity", "ParameterCount"), Parameter.Out("destination", "InputAngularMomentumCount") });

        w.WriteLine("private static string[]? s_inputAngularMomentumNames;");
        w.WriteLineNoTabs("");
        w.WriteLine($"/// <summary>Name of each input angular-momentum entry (<c>{Name}[0,1]</c>: inputs 0 and 1), in the order of <c>ComputeInputAngularMomentum</c>.</summary>");
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<string> InputAngularMomentumNames => s_inputAngularMomentumNames ??= WriteInputAngularMomentumNames();");
        w.WriteLineNoTabs("");
        w.WriteLine("private static string[] WriteInputAngularMomentumNames()");
        w.WriteLine("{");
        w.Indent++;
        w.WriteLine("var names = new string[InputAngularMomentumCount];");
        w.WriteLine($"global::ConservationCodegen.Internal.MomentumCharges.Names(names, 0, {Inv(inputs)}, \"{Name}\");");
        w.WriteLine("return names;");
        Close(w);
        w.WriteLineNoTabs("");

        w.WriteLine($"int {I}.InputAngularMomentumCount => InputAngularMomentumCount;");
        w.WriteLine($"global::System.Collections.Generic.IReadOnlyList<string> {I}.InputAngularMomentumNames => InputAngularMomentumNames;");
        w.WriteLine($"global::ConservationCodegen.MomentumChargeLevel? {I}.InputAngularMomentumLevel => new(\"{Name}\", 0, 0, 0, -1, {Inv(offset)}, {Inv(outputs)}, {Inv(inputs)});");
        w.WriteLine($"void {I}.ComputeInputAngularMomentum(global::System.ReadOnlySpan<double> theta, global::System.ReadOnlySpan<double> velocity, global::System.Span<double> destination) => ComputeInputAngularMomentum(theta, velocity, destination);");
    }
}
