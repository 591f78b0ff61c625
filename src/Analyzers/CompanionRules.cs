using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using static ConservationCodegen.Analyzers.ModelScope;

namespace ConservationCodegen.Analyzers;

/// <summary>What a member named by a layer holds besides its weights.</summary>
internal enum CompanionRole
{
    /// <summary><c>Bias = nameof(B1)</c>: one bias per output unit.</summary>
    Bias,
    /// <summary><c>TrainableBeta = nameof(Beta1)</c>: one Swish β per output unit.</summary>
    TrainableBeta,
}

/// <summary>A member a layer names as its bias or its trainable β.</summary>
internal sealed record Companion(LayerInfo Layer, CompanionRole Role, string Name)
{
    /// <summary>The role as messages name it: "bias" or "TrainableBeta".</summary>
    public string RoleText => Role == CompanionRole.Bias ? "bias" : "TrainableBeta";

    /// <summary>The attribute argument that names it.</summary>
    public string Argument => Role.ToString();
}

/// <summary>
/// CCG0003 and CCG0004 on the members a layer names besides its weights — the bias and the trainable Swish β: each
/// used by one layer in one role and not a weight member (CCG0003); existing, else a "did you mean" or the member to
/// add; a vector type; created with one entry per output unit (CCG0004).
/// </summary>
internal static class CompanionRules
{
    public static void Check(ModelScope scope)
    {
        var all = scope.Layers.SelectMany(CompanionsOf).ToList();
        var users = new Dictionary<string, Companion>();
        foreach (var companion in all)
        {
            var at = scope.At(companion.Layer);
            string name = companion.Name;
            if (users.TryGetValue(name, out var other))
            {
                if (other.Role == CompanionRole.Bias && companion.Role == CompanionRole.Bias)
                    scope.Report(DiagnosticDescriptors.SharedBias, at, name, other.Layer.Name, companion.Layer.Name);
                else
                    scope.Report(DiagnosticDescriptors.SharedMember, at, name, other.RoleText, other.Layer.Name, companion.RoleText, companion.Layer.Name);
            }
            else if (scope.Layers.FirstOrDefault(l => l.Name == name) is { } weight)
            {
                if (companion.Role == CompanionRole.Bias && weight.Kind == LayerKind.Dense)
                    scope.Report(DiagnosticDescriptors.BiasIsWeight, at, name, companion.Layer.Name);
                else
                    scope.Report(DiagnosticDescriptors.WeightAsCompanion, at, name, weight.Arguments.AttributeName, companion.RoleText, companion.Layer.Name);
            }

            users[name] = companion;
            CheckMember(scope, all, companion, at);
        }
    }

    private static IEnumerable<Companion> CompanionsOf(LayerInfo layer)
    {
        if (layer.Bias is { } bias) yield return new Companion(layer, CompanionRole.Bias, bias);
        if (layer.Beta is { } beta) yield return new Companion(layer, CompanionRole.TrainableBeta, beta);
    }

    private static void CheckMember(ModelScope scope, List<Companion> all, Companion companion, Location? at)
    {
        var layer = companion.Layer;
        bool bias = companion.Role == CompanionRole.Bias;
        string name = companion.Name, outputs = Inv(layer.Outputs);
        var member = Find(scope.Type, name);
        if (member is null)
        {
            var suggestion = Suggested(scope, all, companion);
            if (suggestion is not null)
            {
                scope.Report(bias ? DiagnosticDescriptors.BiasMissingDidYouMean : DiagnosticDescriptors.BetaMissingDidYouMean, at,
                    Bag((FixProperties.BiasFix, FixProperties.UseSuggestedBias), (FixProperties.SuggestedBias, suggestion),
                        (FixProperties.CompanionArgument, companion.Argument)),
                    name, layer.Name, suggestion);
                return;
            }

            string element = layer.Storage.IsFloat() ? "float" : "double";
            // A MathNet layer gets a MathNet bias; every other storage, and every β, a plain array.
            bool vector = bias && layer.Storage.IsMathNet();
            var descriptor = !bias ? DiagnosticDescriptors.BetaMissing : vector ? DiagnosticDescriptors.BiasMissingVector : DiagnosticDescriptors.BiasMissing;
            scope.Report(descriptor, at,
                Bag((FixProperties.BiasFix, FixProperties.AddBias), (FixProperties.BiasName, name), (FixProperties.BiasLength, outputs),
                    (FixProperties.Element, element), (FixProperties.AfterMember, layer.Name),
                    (FixProperties.BiasStorage, vector ? FixProperties.MathNetVector : FixProperties.Array),
                    (FixProperties.CompanionArgument, companion.Argument)),
                name, layer.Name, element, outputs);
            return;
        }

        var type = StorageReader.TypeOf(member);
        var shape = StorageReader.StorageOf(type);
        if (!shape.IsBias())
        {
            scope.Report(bias ? DiagnosticDescriptors.BiasWrongType : DiagnosticDescriptors.BetaWrongType, at, name, layer.Name, type?.ToDisplayString() ?? "?", outputs);
            return;
        }

        // The resize fix edits the creation (an array, or a MathNet vector's size argument): it is the additional location.
        var created = LayerReader.ShapeOf(member, shape, scope.CancellationToken);
        if (created is { Lengths: { Length: 1 } lengths } && lengths[0] != layer.Outputs)
            scope.Report(bias ? DiagnosticDescriptors.BiasWrongLength : DiagnosticDescriptors.BetaWrongLength, at, created.Node.GetLocation(),
                Bag((FixProperties.BiasFix, FixProperties.ResizeBias), (FixProperties.BiasLength, outputs)), name, layer.Name, Inv(lengths[0]), outputs);
    }

    private static ISymbol? Find(INamedTypeSymbol type, string name) => type.GetMembers(name).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);

    // The member a missing name most likely means, among the vector members that are neither weights nor named by a
    // layer; unless another missing name means it (ignoring case) or would be offered it too: applying both suggestions
    // would give one member two roles (CCG0003).
    private static string? Suggested(ModelScope scope, List<Companion> all, Companion companion)
    {
        bool Missing(Companion c) => Find(scope.Type, c.Name) is null;
        var candidates = Candidates(scope, all).ToList();
        string? For(Companion c) => BiasNames.Closest(c.Name, candidates.Where(x =>
            !all.Any(o => !ReferenceEquals(o, c) && Missing(o) && string.Equals(o.Name, x, System.StringComparison.OrdinalIgnoreCase))));
        var mine = For(companion);
        return mine is not null && all.Any(o => !ReferenceEquals(o, companion) && Missing(o) && For(o) == mine) ? null : mine;
    }

    private static IEnumerable<string> Candidates(ModelScope scope, List<Companion> all) =>
        scope.Type.GetMembers()
            .Where(m => m is IFieldSymbol or IPropertySymbol && !m.IsImplicitlyDeclared)
            .Where(m => StorageReader.StorageOf(StorageReader.TypeOf(m)).IsBias())
            .Where(m => scope.Layers.All(l => l.Name != m.Name) && all.All(c => c.Name != m.Name))
            .Select(m => m.Name);
}
