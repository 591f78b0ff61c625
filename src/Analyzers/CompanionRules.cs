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
    /// <summary><c>NormScale = nameof(Gamma1)</c>: the normalisation's γ, one per output unit.</summary>
    NormScale,
    /// <summary><c>NormShift = nameof(Beta1)</c>: the normalisation's β, one per output unit.</summary>
    NormShift,
}

/// <summary>A member a layer names as its bias, its trainable β or its normalisation's γ or β.</summary>
internal sealed record Companion(LayerInfo Layer, CompanionRole Role, string Name)
{
    /// <summary>The role as messages name it: "bias", "TrainableBeta", "normalisation scale", "normalisation shift".</summary>
    public string RoleText => CompanionRules.Text(Role);

    /// <summary>The attribute argument that names it.</summary>
    public string Argument => Role.ToString();
}

/// <summary>
/// CCG0003 and CCG0004 on the members a layer names besides its weights — the bias, the trainable Swish β and the
/// normalisation's γ (NormScale) and β (NormShift): each used by one layer in one role and not a weight member
/// (CCG0003); existing, else a "did you mean" or the member to add; a vector type; created with one entry per output
/// unit (CCG0004).
/// </summary>
internal static class CompanionRules
{
    /// <summary>A role as messages and fix titles name it: "bias", "TrainableBeta", "normalisation scale", "normalisation shift".</summary>
    public static string Text(CompanionRole role) => role switch
    {
        CompanionRole.Bias => "bias",
        CompanionRole.TrainableBeta => "TrainableBeta",
        CompanionRole.NormScale => "normalisation scale",
        _ => "normalisation shift",
    };

    /// <summary>The role whose attribute argument is <paramref name="argument"/> (a fix's CompanionArgument; absent: the bias).</summary>
    public static CompanionRole RoleOf(string? argument) =>
        System.Enum.TryParse(argument, out CompanionRole role) ? role : CompanionRole.Bias;

    /// <summary>
    /// The declaration that adds a missing member (CCG0004): a MathNet vector or an array of <paramref name="element"/>,
    /// of <paramref name="length"/> entries, filled with ones when <paramref name="ones"/> (a scale γ) and else zeros.
    /// <paramref name="qualified"/>: type names from <c>global::</c>, as the fix writes them before simplifying; else
    /// as the message shows them.
    /// </summary>
    public static string Declaration(string name, string element, string length, bool vector, bool ones, bool qualified)
    {
        string one = element == "float" ? "1f" : "1.0";
        if (vector)
        {
            string type = (qualified ? "global::MathNet.Numerics.LinearAlgebra." : "") + "Vector<" + element + ">";
            return $"public {type} {name} = {type}.Build.Dense({length}{(ones ? ", " + one : "")});";
        }

        return ones
            ? $"public {element}[] {name} = {(qualified ? "global::System.Linq." : "")}Enumerable.Repeat({one}, {length}).ToArray();"
            : $"public {element}[] {name} = new {element}[{length}];";
    }

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

    /// <summary>The members <paramref name="layer"/> names besides its weights, in θ order: bias, β, γ, normalisation β.</summary>
    public static IEnumerable<Companion> CompanionsOf(LayerInfo layer)
    {
        if (layer.Bias is { } bias) yield return new Companion(layer, CompanionRole.Bias, bias);
        if (layer.Beta is { } beta) yield return new Companion(layer, CompanionRole.TrainableBeta, beta);
        if (layer.Arguments.Options.NormScale is { } scale) yield return new Companion(layer, CompanionRole.NormScale, scale);
        if (layer.Arguments.Options.NormShift is { } shift) yield return new Companion(layer, CompanionRole.NormShift, shift);
    }

    private static void CheckMember(ModelScope scope, List<Companion> all, Companion companion, Location? at)
    {
        var layer = companion.Layer;
        string role = companion.RoleText, name = companion.Name, outputs = Inv(layer.Outputs);
        var member = Find(scope.Type, name);
        if (member is null)
        {
            var suggestion = Suggested(scope, all, companion);
            if (suggestion is not null)
            {
                scope.Report(DiagnosticDescriptors.MemberMissingDidYouMean, at,
                    Bag((FixProperties.BiasFix, FixProperties.UseSuggestedBias), (FixProperties.SuggestedBias, suggestion),
                        (FixProperties.CompanionArgument, companion.Argument)),
                    role, name, layer.Name, suggestion);
                return;
            }

            string element = layer.Storage.IsFloat() ? "float" : "double";
            // A MathNet layer gets a MathNet bias, γ and β; every other storage, and every TrainableBeta, a plain array.
            // A scale γ starts at ones (the identity), every other member at zeros.
            bool vector = companion.Role != CompanionRole.TrainableBeta && layer.Storage.IsMathNet();
            bool ones = companion.Role == CompanionRole.NormScale;
            scope.Report(DiagnosticDescriptors.MemberMissing, at,
                Bag((FixProperties.BiasFix, FixProperties.AddBias), (FixProperties.BiasName, name), (FixProperties.BiasLength, outputs),
                    (FixProperties.Element, element), (FixProperties.AfterMember, layer.Name),
                    (FixProperties.BiasStorage, vector ? FixProperties.MathNetVector : FixProperties.Array),
                    (FixProperties.Fill, ones ? FixProperties.Ones : FixProperties.Zeros),
                    (FixProperties.CompanionArgument, companion.Argument)),
                role, name, layer.Name, Declaration(name, element, outputs, vector, ones, qualified: false));
            return;
        }

        var type = StorageReader.TypeOf(member);
        var shape = StorageReader.StorageOf(type);
        if (!shape.IsBias())
        {
            scope.Report(DiagnosticDescriptors.MemberWrongType, at, role, name, layer.Name, type?.ToDisplayString() ?? "?", outputs);
            return;
        }

        // The resize fix edits the creation (an array, or a MathNet vector's size argument): it is the additional location.
        var created = LayerReader.ShapeOf(member, shape, scope.CancellationToken);
        if (created is { Lengths: { Length: 1 } lengths } && lengths[0] != layer.Outputs)
            scope.Report(DiagnosticDescriptors.MemberWrongLength, at, created.Node.GetLocation(),
                Bag((FixProperties.BiasFix, FixProperties.ResizeBias), (FixProperties.BiasLength, outputs), (FixProperties.CompanionArgument, companion.Argument)),
                role, name, layer.Name, Inv(lengths[0]), outputs);
        // Enumerable.Repeat(1.0, n).ToArray(), the usual way to start γ at ones (and what the add fix writes): its length
        // is visible too. Reported on the count, without the resize fix (which edits array and MathNet creations).
        else if (created is null && RepeatCount(LayerReader.InitializerValue(member, scope.CancellationToken)) is { } count
                 && count.Value != layer.Outputs)
            scope.Report(DiagnosticDescriptors.MemberWrongLength, at, count.Node.GetLocation(), System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty,
                role, name, layer.Name, Inv(count.Value), outputs);
    }

    // The count n of Enumerable.Repeat(value, n).ToArray() (System.Linq.Enumerable, any qualification) when n is an
    // integer literal; null for anything else.
    private static (Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax Node, int Value)? RepeatCount(Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax? value)
    {
        if (value is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
            {
                ArgumentList.Arguments.Count: 0,
                Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax
                {
                    Name.Identifier.Text: "ToArray",
                    Expression: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                    {
                        ArgumentList.Arguments: { Count: 2 } arguments,
                        Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax
                        {
                            Name.Identifier.Text: "Repeat",
                            Expression: var receiver,
                        },
                    },
                },
            })
            return null;
        string type = receiver.ToString();
        if (type != "Enumerable" && !type.EndsWith(".Enumerable", System.StringComparison.Ordinal)) return null;
        var countArgument = arguments[1].Expression;
        return countArgument is Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax { Token.Value: int n } ? (countArgument, n) : null;
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
