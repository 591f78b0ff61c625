using System.Linq;
using Microsoft.CodeAnalysis;
using static ConservationCodegen.Analyzers.ModelScope;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// The rules of a [GatedLinearUnit] layer: a defined GateActivation (CCG0007); no bias, activation after it, trainable β,
/// activation degree or residual connection, no convolution before it and a [Dense] layer after it (CCG0003); an Up member that exists, stores
/// [hidden, inputs] weights, is no other member of the layout (CCG0004, CCG0003), and is created with that shape (CCG0005).
/// Whether the engine analyses the unit (a gate without rescaling symmetry, an input that is a cut) is the generator's
/// to report (CCG0104).
/// </summary>
internal static class GatedUnitRules
{
    public static void Check(ModelScope scope, int k)
    {
        var layer = scope.Layers[k];
        if (layer.Kind != LayerKind.GatedLinearUnit) return;
        var at = scope.At(k);
        var options = layer.Arguments.Options;
        if (!ActivationTable.IsDefined(options.GateActivation))
            scope.Report(DiagnosticDescriptors.UndefinedGateActivation, at, layer.Name, Inv((int)options.GateActivation), string.Join(", ", System.Enum.GetNames(typeof(Activation))));

        // Each option the unit does not take, once (an undefined Activation is CCG0007 already).
        if (options.Bias is not null) scope.Report(DiagnosticDescriptors.GatedUnitOption, at, layer.Name, "Bias");
        if (options.Activation != Activation.Identity && ActivationTable.IsDefined(options.Activation)) scope.Report(DiagnosticDescriptors.GatedUnitOption, at, layer.Name, "Activation");
        // A trainable β belongs to a Swish gate (its β is then per hidden unit).
        if (options.TrainableBeta is not null && options.GateActivation != Activation.Swish && ActivationTable.IsDefined(options.GateActivation))
            scope.Report(DiagnosticDescriptors.GatedUnitBetaNotSwish, at, layer.Name, options.GateActivation.ToString());
        if (options.ResidualFrom is not null) scope.Report(DiagnosticDescriptors.GatedUnitOption, at, layer.Name, "ResidualFrom");

        if (k > 0 && scope.Layers[k - 1].Arguments.IsConvolution)
            scope.Report(DiagnosticDescriptors.GatedUnitAfterConvolution, at, layer.Name, scope.Layers[k - 1].Name);
        if (k == scope.Layers.Count - 1)
            scope.Report(DiagnosticDescriptors.GatedUnitLast, at, layer.Name, Inv(layer.Outputs));
        else if (scope.Layers[k + 1].Kind != LayerKind.Dense)
            scope.Report(DiagnosticDescriptors.GatedUnitNotFollowedByDense, scope.At(k + 1), scope.Layers[k + 1].Name, layer.Name,
                scope.Layers[k + 1].Arguments.AttributeName, Inv(layer.Outputs));

        CheckUp(scope, layer, at);
    }

    // A layer that names another layer in ResidualFrom reports a skip touching this unit as CCG0104 (the generator's).
    /// <summary>
    /// What else <paramref name="name"/> is in the layout besides a member of <paramref name="owner"/>: a layer's weight
    /// member, a bias, β, γ or normalisation β, or another gated unit's up member; null when none.
    /// </summary>
    public static string? OtherRole(ModelScope scope, string name, LayerInfo owner)
    {
        if (scope.Layers.Any(l => l.Name == name)) return "a layer's weight member";
        if (scope.Layers.SelectMany(CompanionRules.CompanionsOf).FirstOrDefault(c => c.Name == name) is { } companion)
            return $"the {companion.RoleText} of '{companion.Layer.Name}'";
        return scope.Layers.FirstOrDefault(l => !ReferenceEquals(l, owner) && l.Arguments.Options.Up == name) is { } unit ? $"the up member of '{unit.Name}'" : null;
    }

    private static void CheckUp(ModelScope scope, LayerInfo layer, Location? at)
    {
        string hidden = Inv(layer.Outputs), inputs = Inv(layer.Inputs);
        if (layer.Arguments.Options.Up is not { } name)
        {
            scope.Report(DiagnosticDescriptors.GatedUnitUpMissing, at, layer.Name, hidden, inputs);
            return;
        }

        var member = scope.Type.GetMembers(name).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
        if (member is null)
        {
            scope.Report(DiagnosticDescriptors.GatedUnitUpNotFound, at, name, layer.Name, hidden, inputs);
            return;
        }

        if (OtherRole(scope, name, layer) is { } other)
        {
            scope.Report(DiagnosticDescriptors.GatedUnitUpReused, at, name, layer.Name, other);
            return;
        }

        var type = StorageReader.TypeOf(member);
        var storage = StorageReader.StorageOf(type);
        if (!storage.IsWeightOf(LayerKind.GatedLinearUnit))
        {
            scope.Report(DiagnosticDescriptors.GatedUnitUpWrongType, at, name, layer.Name, type?.ToDisplayString() ?? "?", hidden, inputs);
            return;
        }

        InitializerRules.CheckGatedMember(scope, layer, member, storage);
    }
}
