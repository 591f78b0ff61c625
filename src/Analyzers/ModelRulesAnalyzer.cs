using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// Cheap structural checks of [ConservationModel] classes: partial, layer widths, member and bias types, initializer
/// shapes, option values, and where a non-homogeneous activation cuts the model. No symbolic mathematics runs here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelRulesAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.WidthMismatch, DiagnosticDescriptors.WidthNotPositive,
        DiagnosticDescriptors.NoLayers, DiagnosticDescriptors.UnsupportedLayerType, DiagnosticDescriptors.SharedBias, DiagnosticDescriptors.BiasIsWeight,
        DiagnosticDescriptors.BiasMissing, DiagnosticDescriptors.BiasMissingVector, DiagnosticDescriptors.BiasMissingDidYouMean, DiagnosticDescriptors.BiasWrongType, DiagnosticDescriptors.BiasWrongLength,
        DiagnosticDescriptors.InitializerShape, DiagnosticDescriptors.InitializerLength, DiagnosticDescriptors.InitializerRows, DiagnosticDescriptors.InitializerRowLength,
        DiagnosticDescriptors.CutBy,
        DiagnosticDescriptors.MaxDegreeOutOfRange, DiagnosticDescriptors.UndefinedActivation, DiagnosticDescriptors.NegativeSlopeOutOfRange);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var model = start.Compilation.GetTypeByMetadataName("ConservationCodegen.ConservationModelAttribute");
            var dense = start.Compilation.GetTypeByMetadataName("ConservationCodegen.DenseAttribute");
            if (model is null || dense is null) return;
            start.RegisterSymbolAction(c => AnalyzeType(c, model, dense), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol modelAttribute, INamedTypeSymbol denseAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var marker = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, modelAttribute));
        if (marker is null) return;
        var markerLocation = LocationOf(marker, context) ?? type.Locations.FirstOrDefault();

        bool partial = type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
        if (!partial) Report(context, DiagnosticDescriptors.NotPartial, markerLocation, type.Name);

        int degree = ModelArguments.MaxDegreeOf(marker);
        if (!ModelArguments.IsValidMaxDegree(degree))
            Report(context, DiagnosticDescriptors.MaxDegreeOutOfRange, markerLocation,
                Bag((FixProperties.NearestMaxDegree, Inv(degree < DiagnosticDescriptors.MinMaxDegree ? DiagnosticDescriptors.MinMaxDegree : DiagnosticDescriptors.MaxMaxDegree))),
                type.Name, Inv(degree), Inv(DiagnosticDescriptors.MinMaxDegree), Inv(DiagnosticDescriptors.MaxMaxDegree));

        var layers = LayerReader.Read(type, denseAttribute, context.CancellationToken);
        if (layers.Count == 0)
        {
            // A [Dense] whose arguments do not compile is the compiler's error to report, not "no layers".
            if (!LayerReader.HasAnyDense(type, denseAttribute)) Report(context, DiagnosticDescriptors.NoLayers, markerLocation, type.Name);
            return;
        }

        var biasUsers = new Dictionary<string, string>();
        for (int k = 0; k < layers.Count; k++)
        {
            var layer = layers[k];
            string name = layer.Member.Name;
            var at = LocationOf(layer.Attribute, context) ?? layer.Member.Locations.FirstOrDefault();
            bool widthsWrong = true;
            if (layer.Inputs <= 0 || layer.Outputs <= 0)
                Report(context, DiagnosticDescriptors.WidthNotPositive, at, name, Inv(layer.Inputs), Inv(layer.Outputs));
            else if (k > 0 && layers[k - 1].Outputs > 0 && layers[k - 1].Outputs != layer.Inputs)
                Report(context, DiagnosticDescriptors.WidthMismatch, at, Bag((FixProperties.PreviousOutputs, Inv(layers[k - 1].Outputs))),
                    name, Inv(layer.Inputs), layers[k - 1].Member.Name, Inv(layers[k - 1].Outputs));
            else
                widthsWrong = false;

            if (!layer.Storage.IsWeight())
                Report(context, DiagnosticDescriptors.UnsupportedLayerType, at, name, layer.Type?.ToDisplayString() ?? "?");
            else if (!widthsWrong) // while the widths are wrong the attribute is not the reference for the shape: one problem, one diagnostic
                CheckInitializer(context, layer.Member, layer.Storage, layer.Outputs, layer.Inputs);

            if (!ActivationTable.IsDefined(layer.Activation))
                Report(context, DiagnosticDescriptors.UndefinedActivation, at, name, Inv((int)layer.Activation), string.Join(", ", System.Enum.GetNames(typeof(Activation))));

            // 0 ≤ α < 1 keeps max(αz, z) positively homogeneous and not linear, as the laws and counts assume.
            if (layer.Activation == Activation.LeakyReLU && !(layer.NegativeSlope >= 0 && layer.NegativeSlope < 1))
                Report(context, DiagnosticDescriptors.NegativeSlopeOutOfRange, at, name, layer.NegativeSlope.ToString("R", CultureInfo.InvariantCulture));

            if (layer.Bias is not null)
            {
                if (biasUsers.TryGetValue(layer.Bias, out var other))
                    Report(context, DiagnosticDescriptors.SharedBias, at, layer.Bias, other, name);
                else if (layers.Any(l => l.Member.Name == layer.Bias))
                    Report(context, DiagnosticDescriptors.BiasIsWeight, at, layer.Bias, name);
                biasUsers[layer.Bias] = name;
                CheckBias(context, type, layers, layer, at);
            }

            if (k < layers.Count - 1 && ActivationTable.CutsModel(layer.Activation))
            {
                Report(context, DiagnosticDescriptors.CutBy, at, layer.Activation.ToString(), name, layers[k + 1].Member.Name);
            }
        }
    }

    private static void CheckBias(SymbolAnalysisContext context, INamedTypeSymbol type, List<LayerInfo> layers, LayerInfo layer, Location? at)
    {
        string bias = layer.Bias!, name = layer.Member.Name, outputs = Inv(layer.Outputs);
        var member = type.GetMembers(bias).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
        if (member is null)
        {
            var suggestion = SuggestedBias(type, layers, layer);
            if (suggestion is not null)
            {
                Report(context, DiagnosticDescriptors.BiasMissingDidYouMean, at,
                    Bag((FixProperties.BiasFix, FixProperties.UseSuggestedBias), (FixProperties.SuggestedBias, suggestion)), bias, name, suggestion);
                return;
            }

            string element = layer.Storage.IsFloat() ? "float" : "double";
            // A MathNet layer gets a MathNet bias; every other storage a plain array.
            bool vector = layer.Storage.IsMathNet();
            Report(context, vector ? DiagnosticDescriptors.BiasMissingVector : DiagnosticDescriptors.BiasMissing, at,
                Bag((FixProperties.BiasFix, FixProperties.AddBias), (FixProperties.BiasName, bias), (FixProperties.BiasLength, outputs),
                    (FixProperties.Element, element), (FixProperties.AfterMember, name),
                    (FixProperties.BiasStorage, vector ? FixProperties.MathNetVector : FixProperties.Array)),
                bias, name, element, outputs);
            return;
        }

        var shape = StorageReader.StorageOf(StorageReader.TypeOf(member));
        if (!shape.IsBias())
        {
            Report(context, DiagnosticDescriptors.BiasWrongType, at, bias, name, StorageReader.TypeOf(member)?.ToDisplayString() ?? "?", outputs);
            return;
        }

        // The resize fix edits the creation (an array, or a MathNet vector's size argument): it is the additional location.
        var created = LayerReader.ShapeOf(member, shape, context.CancellationToken);
        if (created is { Lengths: { Length: 1 } lengths } && lengths[0] != layer.Outputs)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BiasWrongLength, at, new[] { created.Node.GetLocation() },
                Bag((FixProperties.BiasFix, FixProperties.ResizeBias), (FixProperties.BiasLength, outputs)), bias, name, Inv(lengths[0]), outputs));
    }

    // Members that could be the intended bias: fields and properties of a bias type (double[], float[], MathNet vectors)
    // that are neither weights nor already the bias of a layer.
    // The member a missing bias most likely means, unless another layer's missing bias names it (ignoring case) or
    // would be offered it too: applying both suggestions would give two layers one bias (CCG0003).
    private static string? SuggestedBias(INamedTypeSymbol type, List<LayerInfo> layers, LayerInfo layer)
    {
        bool Missing(LayerInfo l) => l.Bias is not null && !type.GetMembers(l.Bias).Any(m => m is IFieldSymbol or IPropertySymbol);
        var candidates = BiasCandidates(type, layers).ToList();
        string? For(LayerInfo l) => BiasNames.Closest(l.Bias!, candidates.Where(c =>
            !layers.Any(o => !ReferenceEquals(o, l) && Missing(o) && string.Equals(o.Bias, c, System.StringComparison.OrdinalIgnoreCase))));
        var mine = For(layer);
        return mine is not null && layers.Any(o => !ReferenceEquals(o, layer) && Missing(o) && For(o) == mine) ? null : mine;
    }

    private static IEnumerable<string> BiasCandidates(INamedTypeSymbol type, List<LayerInfo> layers) =>
        type.GetMembers()
            .Where(m => m is IFieldSymbol or IPropertySymbol && !m.IsImplicitlyDeclared)
            .Where(m => StorageReader.StorageOf(StorageReader.TypeOf(m)).IsBias())
            .Where(m => layers.All(l => l.Member.Name != m.Name && l.Bias != m.Name))
            .Select(m => m.Name);

    private static void CheckInitializer(SymbolAnalysisContext context, ISymbol member, StorageShape storage, int outputs, int inputs)
    {
        var shape = LayerReader.ShapeOf(member, storage, context.CancellationToken);
        if (shape is null) return;
        if (storage is StorageShape.DoubleJagged or StorageShape.FloatJagged)
        {
            CheckJagged(context, member, shape, outputs, inputs);
            return;
        }

        var lengths = shape.Lengths;
        bool flat = storage is StorageShape.DoubleFlat or StorageShape.FloatFlat;
        long flatLength = (long)outputs * inputs;
        bool ok = flat ? lengths.Length == 1 && lengths[0] == flatLength : lengths.Length == 2 && lengths[0] == outputs && lengths[1] == inputs;
        if (ok || flatLength > int.MaxValue) return;
        string created = "[" + string.Join(", ", lengths.Select(Inv)) + "]";
        var properties = Bag((FixProperties.ExpectedLengths, flat ? Inv((int)flatLength) : Inv(outputs) + "," + Inv(inputs)));
        var at = shape.Node.GetLocation();
        if (flat)
            Report(context, DiagnosticDescriptors.InitializerLength, at, properties, member.Name, created, Inv(inputs), Inv(outputs), Inv((int)flatLength));
        else
            Report(context, DiagnosticDescriptors.InitializerShape, at, properties, member.Name, created, Inv(inputs), Inv(outputs), Inv(outputs), Inv(inputs));
    }

    // A jagged array is [outputs][inputs]: the row count where the creation shows it (fixable when written as new T[n][]),
    // then each visible row's length (reported on the row, fixable when written as new T[m]).
    private static void CheckJagged(SymbolAnalysisContext context, ISymbol member, InitializerShape shape, int outputs, int inputs)
    {
        string rows = Inv(shape.Lengths[0]);
        if (shape.Lengths[0] != outputs)
        {
            bool rankWritten = shape.Node is ArrayCreationExpressionSyntax { Initializer: null };
            Report(context, DiagnosticDescriptors.InitializerRows, shape.Node.GetLocation(), Fix(rankWritten ? Inv(outputs) : null),
                member.Name, rows, Inv(inputs), Inv(outputs), Inv(outputs), Inv(inputs));
        }

        for (int i = 0; i < shape.Rows.Length; i++)
        {
            var (row, length) = shape.Rows[i];
            if (length is not int n || n == inputs) continue;
            bool sizeWritten = row is ArrayCreationExpressionSyntax { Initializer: null };
            Report(context, DiagnosticDescriptors.InitializerRowLength, row.GetLocation(), Fix(sizeWritten ? Inv(inputs) : null),
                member.Name, rows, Inv(i), Inv(n), Inv(inputs), Inv(outputs), Inv(outputs), Inv(inputs));
        }

        // Sizes the fix writes; none when the shape is not written as sizes (an initializer list).
        static ImmutableDictionary<string, string?> Fix(string? lengths) =>
            lengths is null ? ImmutableDictionary<string, string?>.Empty : Bag((FixProperties.ExpectedLengths, lengths));
    }

    private static ImmutableDictionary<string, string?> Bag(params (string Key, string Value)[] properties)
    {
        var bag = ImmutableDictionary<string, string?>.Empty;
        foreach (var (key, value) in properties) bag = bag.SetItem(key, value);
        return bag;
    }

    // Every argument is a string (numbers formatted invariantly by the caller), so the message never depends on the culture.
    private static void Report(SymbolAnalysisContext context, DiagnosticDescriptor descriptor, Location? at, params string[] args) =>
        Report(context, descriptor, at, ImmutableDictionary<string, string?>.Empty, args);

    private static void Report(SymbolAnalysisContext context, DiagnosticDescriptor descriptor, Location? at, ImmutableDictionary<string, string?> properties, params string[] args) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, at, properties, args));

    private static Location? LocationOf(AttributeData attribute, SymbolAnalysisContext context) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation();

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
