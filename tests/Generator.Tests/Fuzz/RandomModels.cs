using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ConservationCodegen.Generator.Tests.Fuzz;

/// <summary>What a fuzz case must produce.</summary>
internal enum FuzzExpectation
{
    /// <summary>Every model generates its four files and the whole compilation has no error.</summary>
    Valid,
    /// <summary>The model is rejected with a diagnostic (generator or compiler), and no generated file has an error.</summary>
    Malformed,
    /// <summary>
    /// The user's code contradicts itself (e.g. a namespace and a class both called O): the compiler reports it; the
    /// generator must still not throw and its hint names must stay unique.
    /// </summary>
    Contradictory,
}

/// <summary>One fuzz case: sources, what they must produce, and how many models must be generated.</summary>
internal sealed record FuzzCase(string Description, string[] Sources, FuzzExpectation Expectation, int GeneratedModels);

/// <summary>
/// Seeded random models, valid and malformed. Valid ones vary namespaces (with escaped keywords and non-ASCII names),
/// containing types (struct, record struct, interface, generic and static classes), member kinds, storage, names
/// that are keywords or that generated parameters and locals use, activations, biases and extra user members.
/// Malformed ones apply one mutation the generator must turn into a diagnostic rather than broken code.
/// </summary>
internal sealed class RandomModels(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Namespaces = { "", "Fuzz", "Fuzz.@event", "@namespace.Models", "Modèles.Réseaux", "A.B.C" };

    private static readonly string[] Containers =
    {
        "public partial class Outer", "public static partial class Holder", "public partial struct S",
        "public readonly partial struct ReadOnlyS", "public partial record struct RecordS", "public partial record RecordC",
        "public partial interface IHolder", "public partial class Generic<T> where T : class",
        "internal partial class Generic2<TKey, @object>", "public ref partial struct RefS", "internal partial class @class",
    };

    private static readonly string[] ModelHeaders =
    {
        "public partial class", "internal sealed partial class", "public partial record", "public partial record class", "public abstract partial class",
    };

    private static readonly string[] ModelNames = { "M", "Net", "@event", "@record", "Modèle", "_m1", "TwoLayer" };

    // Names generated code uses for parameters and locals, keywords, and plain names.
    private static readonly string[] MemberNames =
    {
        "W1", "W2", "W3", "B1", "theta", "r", "t", "d", "v", "x", "y", "g", "e", "a", "s", "w", "p", "values", "rented", "@double", "@event", "@class",
        "value", "result", "phi", "buffer", "abs", "signed", "texts", "degrees", "max", "i", "k", "starts", "columns", "jacobian", "other", "index",
        "destination", "delta", "gradient", "learningRate", "eta2", "wide_theta", "batchSize", "inputs", "outputs", "targets", "loss", "@this",
        "_values", "Count", "ToArray", "Hidden1", "Law0", "Poids", "ẞ",
    };

    private static readonly string[] Activations = { "Identity", "ReLU", "LeakyReLU", "Abs", "Tanh", "Sigmoid", "Gelu", "Softplus" };

    private static readonly string[] ReservedNames =
    {
        "PhiLength", "ParameterCount", "LawNames", "InputWidth", "ConservedQuantities", "s_network", "ComputeLaws0", "W1Offset", "Forward",
        "JacobianRowStarts", "CheckParameterShapes", "PolynomialLawCount",
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(double p) => _random.NextDouble() < p;

    /// <summary>The next case: about two thirds valid.</summary>
    public FuzzCase Next()
    {
        int roll = _random.Next(100);
        if (roll < 60) return ValidSingle();
        if (roll < 68) return ValidCollidingNames();
        if (roll < 70) return ContradictoryNesting();
        return Malformed();
    }

    private FuzzCase ValidSingle()
    {
        var model = RandomModel();
        return new FuzzCase("valid: " + model.Summary, new[] { model.Source() }, FuzzExpectation.Valid, 1);
    }

    // Models whose hint-name stems coincide ignoring case or after replacing non-ASCII letters.
    private FuzzCase ValidCollidingNames()
    {
        var (a, b) = Pick(new[] { ("Foo", "foo"), ("Modèle", "Mod_le"), ("Net", "NET") });
        var first = RandomModel() with { Name = a, Namespace = "Same", Containers = Array.Empty<string>() };
        var second = RandomModel() with { Name = b, Namespace = "Same", Containers = Array.Empty<string>() };
        return new FuzzCase($"valid: {a} and {b} in one namespace", new[] { first.Source(), second.Source() }, FuzzExpectation.Valid, 2);
    }

    // A class O holding model M next to a namespace O holding a model M: the compiler reports CS0101.
    private FuzzCase ContradictoryNesting()
    {
        var nested = RandomModel() with { Name = "M", Namespace = "", Containers = new[] { "public partial class O" } };
        var inNamespace = RandomModel() with { Name = "M", Namespace = "O", Containers = Array.Empty<string>() };
        return new FuzzCase("contradictory: class O.M next to namespace O.M", new[] { nested.Source(), inNamespace.Source() }, FuzzExpectation.Contradictory, 0);
    }

    private FuzzCase Malformed()
    {
        var model = RandomModel();
        switch (_random.Next(16))
        {
            case 0: return Bad("not partial", model with { Header = model.Header.Replace("partial ", "") });
            case 1: return Bad("static model", model with { Header = "public static partial class", StaticMembers = true, Record = false });
            case 2: return Bad("file-local", model with { FileLocal = true });
            case 3: return Bad("generic model", model with { Name = "Gen<T>" });
            case 4: return Bad("indexer", model with { Extra = "[Dense(2, 2)] public double[,] this[int i] { get => new double[2, 2]; set { } }" });
            case 5: return Bad("explicit interface property", model with { Bases = "global::IWeights", Extra = "[Dense(2, 2)] double[,] global::IWeights.W => new double[2, 2];", Prelude = "public interface IWeights { double[,] W { get; } }" });
            case 6: return Bad("set-only property", model with { Extra = "[Dense(2, 2)] public double[,] SetOnly { set { } }" });
            case 7: return Bad("member with a generated name", model with { Extra = $"public int {Pick(ReservedNames)};".Replace("W1Offset", model.Layers[0].Name.TrimStart('@') + "Offset") });
            case 8: return Bad("method with a generated signature", model with { Extra = "public static void ComputePhi(global::System.ReadOnlySpan<double> a, global::System.Span<double> b) { }" });
            case 9: return Bad("model named like a generated member", model with { Name = Pick(new[] { "Forward", "ParameterCount", "ConservedQuantities" }) });
            case 10:
                return new FuzzCase("malformed: attribute on two partial declarations: " + model.Summary,
                    new[] { model.Source(), model.Source(secondPart: true) }, FuzzExpectation.Malformed, 1);
            case 11 when model.Layers.Count > 1 && model.Layers[0].Bias is not null:
                return Bad("bias shared by two layers", model with { Layers = model.Layers.Select((l, k) => k == 1 ? l with { Bias = model.Layers[0].Bias, SharedBias = true } : l).ToList() });
            case 12: return Bad("MaxDegree out of range", model with { MaxDegree = Pick(new[] { 0, 5, 9, -1 }) });
            case 13 when model.Containers.Length > 0:
                return Bad("non-partial container", model with { Containers = model.Containers.Select((c, i) => i == 0 ? c.Replace("partial ", "") : c).ToArray() });
            case 14: return Bad("width mismatch", model with { Layers = model.Layers.Append(new Layer("Wx", 99, 2, "Identity", "double[,]", MemberKind.Field, null, "double[]")).ToList() });
            default: return Bad("unsupported weight type", model with { Layers = model.Layers.Select((l, k) => k == 0 ? l with { Storage = "int[,]" } : l).ToList() });
        }
    }

    private static FuzzCase Bad(string what, ModelSource model) =>
        new("malformed: " + what + ": " + model.Summary, model.Prelude is null ? new[] { model.Source() } : new[] { model.Source(), model.Prelude }, FuzzExpectation.Malformed, 0);

    private ModelSource RandomModel()
    {
        int depth = Chance(0.5) ? 0 : _random.Next(1, 3);
        var containers = Enumerable.Range(0, depth).Select(_ => Pick(Containers)).Distinct().ToArray();
        string header = Pick(ModelHeaders);
        int layerCount = _random.Next(1, 4);
        var widths = Enumerable.Range(0, layerCount + 1).Select(_ => _random.Next(1, 5)).ToArray();
        string modelName = Pick(ModelNames);
        var names = MemberNames.Where(n => n != modelName).OrderBy(_ => _random.Next()).ToList(); // a member may not share its class's name
        var layers = new List<Layer>();
        int used = 0;
        for (int k = 0; k < layerCount; k++)
        {
            string storage = Pick(new[] { "double[,]", "float[,]", "double[]", "float[]" });
            string? bias = Chance(0.4) ? names[used++] : null;
            layers.Add(new Layer(names[used++], widths[k], widths[k + 1], Pick(Activations), storage, Pick((MemberKind[])Enum.GetValues(typeof(MemberKind))),
                bias, storage.StartsWith("float", StringComparison.Ordinal) && Chance(0.5) ? "float[]" : "double[]")
            {
                Slope = Chance(0.3) ? Pick(new[] { "0.2", "0", "0.5" }) : null,
            });
        }

        // Extra members whose names the generated code also uses, legally: fields, an overload, a nested type.
        var extras = new List<string>();
        if (Chance(0.5)) extras.Add($"public int {names[used++]};");
        if (Chance(0.3)) extras.Add("public void Forward(double[] x) { }");
        if (Chance(0.3)) extras.Add("public double ComputePhi() => 0;");
        if (Chance(0.2)) extras.Add("public class Helper { public int ParameterCount; }");
        return new ModelSource(Pick(Namespaces), containers, header, modelName, _random.Next(1, 5) == 1 ? 1 : 2, layers, string.Join("\n    ", extras))
        {
            Record = header.Contains("record"),
        };
    }
}

/// <summary>How a weight member is declared.</summary>
internal enum MemberKind
{
    Field,
    AutoProperty,
    GetOnlyProperty,
    StaticField,
    ExpressionProperty,
}

/// <summary>One [Dense] member of a fuzz model.</summary>
internal sealed record Layer(string Name, int Inputs, int Outputs, string Activation, string Storage, MemberKind Kind, string? Bias, string BiasStorage)
{
    public string? Slope { get; init; }

    public bool SharedBias { get; init; }
}

/// <summary>A fuzz model, written as C#.</summary>
internal sealed record ModelSource(
    string Namespace, string[] Containers, string Header, string Name, int MaxDegree, List<Layer> Layers, string Extra)
{
    public bool Record { get; init; }
    public bool StaticMembers { get; init; }
    public bool FileLocal { get; init; }
    public string? Bases { get; init; }
    public string? Prelude { get; init; }

    public string Summary =>
        $"{(Namespace.Length == 0 ? "" : Namespace + ".")}{string.Concat(Containers.Select(c => c.Split(' ').Last() + "."))}{Name} "
        + string.Join(" ", Layers.Select(l => $"{l.Name}:{l.Storage}[{l.Outputs}x{l.Inputs}]/{l.Kind}/{l.Activation}{(l.Bias is null ? "" : "+" + l.Bias)}"))
        + (Extra.Length == 0 ? "" : " extra: " + Extra);

    public string Source(bool secondPart = false)
    {
        var sb = new StringBuilder("using ConservationCodegen;\n");
        if (Namespace.Length > 0) sb.Append($"namespace {Namespace}\n{{\n");
        for (int i = 0; i < Containers.Length; i++)
            sb.Append(i == 0 && FileLocal ? "file " + Containers[i].Replace("public ", "").Replace("internal ", "") : Containers[i]).Append("\n{\n");
        string header = Header;
        if (FileLocal && Containers.Length == 0) header = "file " + header.Replace("public ", "").Replace("internal ", "");
        if (Containers.Length > 0 && Containers.Any(c => c.Contains("interface")) && header.Contains("internal")) header = header.Replace("internal ", "public ");
        sb.Append($"[ConservationModel(MaxDegree = {MaxDegree})]\n{header} {Name}{(Bases is null ? "" : " : " + Bases)}\n{{\n");
        if (!secondPart)
        {
            var biases = new HashSet<string>();
            foreach (var l in Layers)
            {
                string args = $"{l.Inputs}, {l.Outputs}, Activation = Activation.{l.Activation}" + (l.Bias is null ? "" : $", Bias = \"{l.Bias.TrimStart('@')}\"")
                    + (l.Slope is null ? "" : $", NegativeSlope = {l.Slope}");
                sb.Append($"    [Dense({args})] {Member(l.Name, l.Storage, l.Storage.Contains(',') ? $"{l.Outputs}, {l.Inputs}" : $"{l.Outputs * l.Inputs}", l.Kind)}\n");
                if (l.Bias is not null && !l.SharedBias && biases.Add(l.Bias)) sb.Append($"    {Member(l.Bias, l.BiasStorage, $"{l.Outputs}", MemberKind.Field)}\n");
            }

            if (Extra.Length > 0) sb.Append("    ").Append(Extra).Append('\n');
        }

        sb.Append("}\n");
        foreach (var _ in Containers) sb.Append("}\n");
        if (Namespace.Length > 0) sb.Append("}\n");
        return sb.ToString();
    }

    private string Member(string name, string storage, string shape, MemberKind kind)
    {
        string element = storage.Substring(0, storage.IndexOf('['));
        string init = storage.Contains(',') && !storage.StartsWith("int", System.StringComparison.Ordinal) ? $"new {element}[{shape}]" : $"new {element}[{shape.Replace(", ", " * ")}]";
        if (storage.StartsWith("int", System.StringComparison.Ordinal)) init = $"new int[{shape}]";
        string stat = StaticMembers ? "static " : "";
        return (StaticMembers ? MemberKind.StaticField : kind) switch
        {
            MemberKind.AutoProperty => $"public {stat}{storage} {name} {{ get; set; }} = {init};",
            MemberKind.GetOnlyProperty => $"public {stat}{storage} {name} {{ get; }} = {init};",
            MemberKind.StaticField => $"public static {storage} {name} = {init};",
            MemberKind.ExpressionProperty => $"public {stat}{storage} {name} => _{name.TrimStart('@')};\n    private {stat}{storage} _{name.TrimStart('@')} = {init};",
            _ => $"public {stat}{storage} {name} = {init};",
        };
    }
}
