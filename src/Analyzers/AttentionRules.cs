using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using static ConservationCodegen.Analyzers.ModelScope;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// The members a [SelfAttention] block names besides its query weights: Key, Value and Output must be named (CCG0004),
/// exist (CCG0004, with the declaration to add), hold weights shaped as the block needs (CCG0004), and the optional
/// query, key and value biases must exist and be vectors (CCG0004); none may be another member of the layout (CCG0003).
/// </summary>
internal static class AttentionRules
{
    public static void Check(ModelScope scope, int k)
    {
        var layer = scope.Layers[k];
        if (layer.Kind != LayerKind.SelfAttention || layer.Arguments.Attention is not { } names) return;
        var at = scope.At(k);
        var a = layer.Arguments;
        string width = Inv((long)a.Heads * a.HeadDim), model = Inv(a.Inputs);
        var slots = new (string? Name, string Argument, string Role, bool Weights, string Rows, string Columns)[]
        {
            (names.Key, "Key", "key weights W_K", true, width, model),
            (names.Value, "Value", "value weights W_V", true, width, model),
            (names.Output, "Output", "output weights W_O", true, model, width),
            (names.QueryBias, "QueryBias", "query bias b_Q", false, width, ""),
            (names.KeyBias, "KeyBias", "key bias b_K", false, width, ""),
            (names.ValueBias, "ValueBias", "value bias b_V", false, width, ""),
        };

        var seen = new HashSet<string>();
        foreach (var slot in slots)
        {
            if (slot.Name is not { } name)
            {
                if (slot.Weights) scope.Report(DiagnosticDescriptors.AttentionMemberNotNamed, at, layer.Name, slot.Argument, slot.Role, slot.Rows, slot.Columns);
                continue;
            }

            string? other = !seen.Add(name) || name == layer.Name ? $"another member of '{layer.Name}'"
                : GatedUnitRules.OtherRole(scope, name, layer)
                ?? (scope.Layers.FirstOrDefault(l => !ReferenceEquals(l, layer) && NamesOf(l).Contains(name)) is { } attention ? $"a member of the attention block '{attention.Name}'" : null);
            if (other is not null)
            {
                scope.Report(DiagnosticDescriptors.AttentionMemberReused, at, name, slot.Role, layer.Name, other);
                continue;
            }

            var member = scope.Type.GetMembers(name).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
            string shape = slot.Weights ? $"[{slot.Rows}, {slot.Columns}]" : $"[{slot.Rows}]";
            if (member is null)
            {
                string element = layer.Storage.IsFloat() ? "float" : "double";
                string declaration = slot.Weights
                    ? $"public {element}[,] {name} = new {element}[{slot.Rows}, {slot.Columns}];"
                    : $"public {element}[] {name} = new {element}[{slot.Rows}];";
                scope.Report(DiagnosticDescriptors.AttentionMemberNotFound, at, name, slot.Role, layer.Name, declaration);
                continue;
            }

            var type = StorageReader.TypeOf(member);
            var storage = StorageReader.StorageOf(type);
            if (slot.Weights ? !storage.IsWeightOf(LayerKind.SelfAttention) : !storage.IsBias())
                scope.Report(DiagnosticDescriptors.AttentionMemberWrongType, at, name, slot.Role, layer.Name, type?.ToDisplayString() ?? "?",
                    (slot.Weights ? StorageShapes.WeightTypesOf(LayerKind.SelfAttention) : StorageShapes.BiasTypes) + " shaped " + shape);
        }
    }

    private static IEnumerable<string> NamesOf(LayerInfo layer) =>
        layer.Arguments.Attention is { } n
            ? new[] { n.Key, n.Value, n.Output, n.QueryBias, n.KeyBias, n.ValueBias }.Where(x => x is not null).Select(x => x!)
            : Enumerable.Empty<string>();
}
