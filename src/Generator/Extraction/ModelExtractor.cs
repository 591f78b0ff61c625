using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConservationCodegen.Extraction;

/// <summary>
/// Result of the cheap extraction: a spec, or the reason the model cannot be generated, plus where its attribute
/// is written. The source branch keeps only <see cref="Spec"/>, so moving the attribute re-runs nothing heavy.
/// </summary>
internal sealed record ExtractionResult(ModelSpec? Spec, string? Problem, string TypeName)
{
    public AttributeLocation? Location { get; init; }
}

/// <summary>Reads a [ConservationModel] class into a <see cref="ModelSpec"/>: attribute arguments and member types only.</summary>
internal static class ModelExtractor
{
    public static ExtractionResult Extract(GeneratorAttributeSyntaxContext context, CancellationToken token)
    {
        var reference = context.Attributes[0].ApplicationSyntaxReference;
        var location = reference is null ? null : new AttributeLocation(reference.SyntaxTree, reference.Span);
        // [ConservationModel] on two partial declarations of one class is the compiler's error CS0579; the model is
        // generated once, from the declaration the compiler lists first, and the other declarations add nothing.
        if (!IsFirstDeclaration(context, reference)) return new ExtractionResult(null, null, context.TargetSymbol.Name) { Location = location };
        return ExtractCore(context, token) with { Location = location };
    }

    private static bool IsFirstDeclaration(GeneratorAttributeSyntaxContext context, SyntaxReference? reference)
    {
        var first = context.TargetSymbol.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.ConservationModelAttribute)?.ApplicationSyntaxReference;
        return first is null || reference is null || (first.SyntaxTree == reference.SyntaxTree && first.Span == reference.Span);
    }

    // The documented default of DenseAttribute.NegativeSlope (PyTorch's).
    private const double DefaultNegativeSlope = 0.01;

    private static ExtractionResult ExtractCore(GeneratorAttributeSyntaxContext context, CancellationToken token)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        string name = type.Name;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            return new ExtractionResult(null, $"'{name}' must be declared partial so the generator can add members to it.", name);
        if (type.TypeParameters.Length > 0)
            return new ExtractionResult(null, $"'{name}' is generic; conservation models must not be generic.", name);
        if (type.IsStatic)
            return new ExtractionResult(null, $"'{name}' is static, but the generated members include instance methods (CopyParametersTo, SetParameters, ComputeConservedQuantities()); remove 'static'.", name);
        for (var t = type; t is not null; t = t.ContainingType)
            if (t.IsFileLocal)
                return new ExtractionResult(null, $"'{t.Name}' is a file-local type ('file' modifier), which the generated code, in another file, cannot extend; remove 'file'.", name);

        int maxDegree = 2;
        foreach (var arg in context.Attributes[0].NamedArguments)
            if (arg.Key == "MaxDegree" && arg.Value.Value is int d) maxDegree = d;
        if (maxDegree < 1 || maxDegree > 4)
            return new ExtractionResult(null, $"MaxDegree must be between 1 and 4 (got {maxDegree.ToString(System.Globalization.CultureInfo.InvariantCulture)}).", name);

        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax(token)).OfType<TypeDeclarationSyntax>().Any(s => s.Modifiers.Any(SyntaxKind.PartialKeyword)))
                return new ExtractionResult(null, $"'{name}' is nested in '{outer.Name}', which must be partial too.", name);
            containing.Insert(0, TypeDeclarations.Header(outer));
        }

        var members = type.GetMembers()
            .Where(m => m is IFieldSymbol or IPropertySymbol)
            .Select(m => (Member: m, Dense: m.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.DenseAttribute)))
            .Where(x => x.Dense is not null)
            .OrderBy(x => x.Member.Locations.FirstOrDefault()?.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(x => x.Member.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ToList();
        if (members.Count == 0) return new ExtractionResult(null, $"'{name}' has no [Dense] layers.", name);

        var layers = new List<LayerModel>();
        foreach (var (member, dense) in members)
        {
            token.ThrowIfCancellationRequested();
            if (UnusableMember(member) is string unusable)
                return new ExtractionResult(null, $"[Dense] is on {unusable}.", name);
            if (dense!.ConstructorArguments.Length != 2 || dense.ConstructorArguments[0].Value is not int inputs || dense.ConstructorArguments[1].Value is not int outputs)
                return new ExtractionResult(null, $"[Dense] on '{member.Name}' needs integer inputs and outputs.", name);
            var activation = ActivationKind.Identity;
            string? bias = null;
            bool biasIsStatic = false;
            double slope = DefaultNegativeSlope;
            foreach (var arg in dense.NamedArguments)
            {
                if (arg.Key == "Activation" && arg.Value.Value is int a) activation = (ActivationKind)a;
                if (arg.Key == "Bias") bias = arg.Value.Value as string;
                if (arg.Key == "NegativeSlope" && arg.Value.Value is double alpha) slope = alpha;
            }

            // 0 ≤ α < 1 keeps max(αz, z) positively homogeneous and not linear, which the laws and counts assume.
            if (activation == ActivationKind.LeakyReLU && !(slope >= 0 && slope < 1))
                return new ExtractionResult(null, $"NegativeSlope of '{member.Name}' must be in [0, 1) (got {slope.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}).", name);

            var storage = StorageOf(member, matrix: true);
            if (storage == StorageKind.None)
                return new ExtractionResult(null, $"'{member.Name}' has an unsupported type; use double[,], float[,], double[] or float[].", name);
            var biasStorage = StorageKind.None;
            if (bias is not null)
            {
                var biasMember = type.GetMembers(bias).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
                if (biasMember is null) return new ExtractionResult(null, $"The bias member '{bias}' of layer '{member.Name}' does not exist.", name);
                if (UnusableMember(biasMember) is string unusableBias)
                    return new ExtractionResult(null, $"The bias of layer '{member.Name}' is {unusableBias}.", name);
                biasIsStatic = biasMember.IsStatic;
                biasStorage = StorageOf(biasMember, matrix: false);
                if (biasStorage == StorageKind.None) return new ExtractionResult(null, $"The bias member '{bias}' must be double[] or float[].", name);
            }

            layers.Add(new LayerModel(member.Name, inputs, outputs, activation, storage, bias, biasStorage,
                activation == ActivationKind.LeakyReLU ? slope : DefaultNegativeSlope)
            {
                WeightIsStatic = member.IsStatic,
                BiasIsStatic = biasIsStatic,
            });
        }

        if (NameProblem(type, layers) is string clash) return new ExtractionResult(null, clash, name);

        var spec = new ModelSpec(
            TypeDeclarations.Namespace(type),
            name,
            TypeDeclarations.UniqueKey(type),
            TypeDeclarations.Keyword(type),
            new EquatableArray<string>(containing.ToArray()),
            maxDegree,
            new EquatableArray<LayerModel>(layers.ToArray()));
        var errors = spec.ToDescription().Validate();
        if (errors.Count > 0) return new ExtractionResult(null, string.Join(" ", errors.Select(e => e.Message)), name);
        return new ExtractionResult(spec, null, name);
    }

    // Why a [Dense] or bias member cannot be read and written by name from generated code, or null when it can.
    private static string? UnusableMember(ISymbol member) => member switch
    {
        IPropertySymbol { IsIndexer: true } => $"an indexer of '{member.ContainingType.Name}'; a layer must be a field or a property without parameters",
        IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 } =>
            $"'{member.Name}', an explicit interface implementation, which the generated code cannot name; use a field or an ordinary property",
        IPropertySymbol { GetMethod: null } => $"'{member.Name}', a property without a getter; the generated code reads the values, so give it a getter",
        _ => null,
    };

    // Members the generated code would declare a second time, and layer members used twice (their Offset and Length
    // constants would be declared twice).
    private static string? NameProblem(INamedTypeSymbol type, List<LayerModel> layers)
    {
        var used = new List<string>();
        foreach (var l in layers)
        {
            used.Add(l.MemberName);
            if (l.BiasMember is not null) used.Add(l.BiasMember);
        }

        var twice = used.GroupBy(n => n, System.StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            return $"'{twice.Key}' is used by more than one layer (as weights or as a bias); every layer needs members of its own.";
        if (GeneratedMemberNames.IsGenerated(type.Name, used))
            return $"the class is named '{type.Name}', like a member the generator adds to it (a member cannot have its class's name); rename the class.";
        if (GeneratedMemberNames.FindClash(type, used) is { } member)
            return $"its member '{member.Name}' would clash with the generated member of that name{(member is IMethodSymbol ? " (same parameter types)" : "")}; rename it.";
        return null;
    }

    private static StorageKind StorageOf(ISymbol member, bool matrix)
    {
        var t = member switch
        {
            IFieldSymbol f => f.Type,
            IPropertySymbol p => p.Type,
            _ => null,
        };
        if (t is not IArrayTypeSymbol array) return StorageKind.None;
        var element = array.ElementType.SpecialType;
        if (array.Rank == 2 && matrix)
            return element == SpecialType.System_Double ? StorageKind.Double2D : element == SpecialType.System_Single ? StorageKind.Float2D : StorageKind.None;
        if (array.Rank == 1)
            return element == SpecialType.System_Double ? StorageKind.DoubleFlat : element == SpecialType.System_Single ? StorageKind.FloatFlat : StorageKind.None;
        return StorageKind.None;
    }
}
