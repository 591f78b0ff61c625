using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Writes the single-precision overload of a static span method: float spans are widened to pooled double buffers,
/// the double method runs, and its span outputs are rounded back — so float models get double-accurate results.
/// </summary>
internal static class FloatOverloads
{
    /// <summary>One parameter of the method, in signature order.</summary>
    /// <param name="Kind">Input span, output span, or a value passed through unchanged.</param>
    /// <param name="Name">Parameter name (the same in both overloads).</param>
    /// <param name="Length">For spans, the C# expression of the length used (e.g. <c>ParameterCount</c>).</param>
    /// <param name="Type">For pass-through values, their C# type.</param>
    public readonly record struct Parameter(ParameterKind Kind, string Name, string Length = "", string Type = "")
    {
        public static Parameter In(string name, string length) => new(ParameterKind.Input, name, length);

        public static Parameter Out(string name, string length) => new(ParameterKind.Output, name, length);

        public static Parameter Value(string type, string name) => new(ParameterKind.Value, name, Type: type);
    }

    /// <summary>How a parameter is passed.</summary>
    public enum ParameterKind
    {
        Input,
        Output,
        Value,
    }

    /// <summary>
    /// Writes <c>public static {returnType} {method}(…float spans…)</c> forwarding to the double overload; an optional
    /// <paramref name="guard"/> statement runs first (e.g. a batch-size check the lengths depend on).
    /// </summary>
    public static void Write(IndentedTextWriter w, string summary, string returnType, string method, IReadOnlyList<Parameter> parameters, string? guard = null)
    {
        string Signature(Parameter p) => p.Kind switch
        {
            ParameterKind.Input => $"global::System.ReadOnlySpan<float> {p.Name}",
            ParameterKind.Output => $"global::System.Span<float> {p.Name}",
            _ => $"{p.Type} {p.Name}",
        };

        var spans = parameters.Where(p => p.Kind != ParameterKind.Value).ToList();
        w.WriteLine($"/// <summary>{summary} Single precision: widens to double, computes, and rounds the result to float.</summary>");
        w.WriteLine(GeneratedCode);
        w.WriteLine($"public static {returnType} {method}({string.Join(", ", parameters.Select(Signature))})");
        w.WriteLine("{");
        w.Indent++;
        if (guard is not null) w.WriteLine(guard);
        foreach (var p in spans)
            w.WriteLine(LengthCheck(p.Name, p.Length));
        foreach (var p in spans)
            w.WriteLine(p.Kind == ParameterKind.Input
                ? $"double[] wide_{p.Name} = global::ConservationCodegen.Internal.FloatBridge.Widen({p.Name}, {p.Length});"
                : $"double[] wide_{p.Name} = global::ConservationCodegen.Internal.FloatBridge.Rent({p.Length});");
        w.WriteLine("try");
        w.WriteLine("{");
        w.Indent++;
        string arguments = string.Join(", ", parameters.Select(p => p.Kind == ParameterKind.Value
            ? p.Name
            : $"global::System.MemoryExtensions.AsSpan(wide_{p.Name}, 0, {p.Length})"));
        bool returns = returnType != "void";
        w.WriteLine(returns ? $"var result = {method}({arguments});" : $"{method}({arguments});");
        foreach (var p in spans.Where(p => p.Kind == ParameterKind.Output))
            w.WriteLine($"global::ConservationCodegen.Internal.FloatBridge.Narrow(wide_{p.Name}, {p.Name}, {p.Length});");
        if (returns) w.WriteLine("return result;");
        w.Indent--;
        w.WriteLine("}");
        w.WriteLine("finally");
        w.WriteLine("{");
        w.Indent++;
        foreach (var p in spans) w.WriteLine($"global::ConservationCodegen.Internal.FloatBridge.Return(wide_{p.Name});");
        w.Indent--;
        w.WriteLine("}");
        Close(w);
        w.WriteLineNoTabs("");
    }
}
