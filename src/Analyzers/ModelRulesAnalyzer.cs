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
/// shapes, and where a non-homogeneous activation cuts the model. No symbolic mathematics runs here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelRulesAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotPartial, DiagnosticDescriptors.WidthMismatch, DiagnosticDescriptors.BadLayer,
        DiagnosticDescriptors.BadBias, DiagnosticDescriptors.InitializerShape, DiagnosticDescriptors.CutBy);

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
        if (!partial) context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartial, markerLocation, type.Name));

        var layers = LayerReader.Read(type, denseAttribute, context.CancellationToken);
        if (layers.Count == 0)
        {
            Report(context, DiagnosticDescriptors.BadLayer, markerLocation, $"'{type.Name}' has no [Dense] layers; put [Dense(inputs, outputs)] on the members that hold its weights");
            return;
        }

        var biasUsers = new Dictionary<string, string>();
        for (int k = 0; k < layers.Count; k++)
        {
            var layer = layers[k];
            var at = LocationOf(layer.Attribute, context) ?? layer.Member.Locations.FirstOrDefault();
            if (layer.Inputs <= 0 || layer.Outputs <= 0)
                Report(context, DiagnosticDescriptors.WidthMismatch, at, $"Layer '{layer.Member.Name}' has {Inv(layer.Inputs)} inputs and {Inv(layer.Outputs)} outputs; widths must be positive");
            else if (k > 0 && layers[k - 1].Outputs > 0 && layers[k - 1].Outputs != layer.Inputs)
                Report(context, DiagnosticDescriptors.WidthMismatch, at, $"Layer '{layer.Member.Name}' takes {Inv(layer.Inputs)} inputs but the previous layer '{layers[k - 1].Member.Name}' has {Inv(layers[k - 1].Outputs)} outputs",
                    (FixProperties.PreviousOutputs, Inv(layers[k - 1].Outputs)));

            if (!layer.Storage.IsWeight())
                Report(context, DiagnosticDescriptors.BadLayer, at, $"'{layer.Member.Name}' has type '{layer.Type?.ToDisplayString()}'; a [Dense] member must be {StorageShapes.WeightTypes}");
            else
                CheckInitializer(context, layer.Member, layer.Storage, layer.Outputs, layer.Inputs);

            // 0 ≤ α < 1 keeps max(αz, z) positively homogeneous and not linear, as the laws and counts assume.
            if (layer.Activation == Activation.LeakyReLU && !(layer.NegativeSlope >= 0 && layer.NegativeSlope < 1))
                Report(context, DiagnosticDescriptors.BadLayer, at, $"NegativeSlope of '{layer.Member.Name}' is {layer.NegativeSlope.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}; a leaky ReLU max(αz, z) needs 0 ≤ α < 1 (α = 1 is the identity: use Activation.Identity)");

            if (layer.Bias is not null)
            {
                if (biasUsers.TryGetValue(layer.Bias, out var other))
                    Report(context, DiagnosticDescriptors.BadLayer, at, $"'{layer.Bias}' is the bias of both '{other}' and '{layer.Member.Name}'; each layer needs its own bias member");
                else if (layers.Any(l => l.Member.Name == layer.Bias))
                    Report(context, DiagnosticDescriptors.BadLayer, at, $"'{layer.Bias}' is a [Dense] weight member and cannot also be the bias of '{layer.Member.Name}'");
                biasUsers[layer.Bias] = layer.Member.Name;
                CheckBias(context, type, layer, at);
            }

            if (k < layers.Count - 1 && layer.Activation is >= Activation.Tanh && layer.Activation <= Activation.Softplus)
            {
                var before = string.Join(", ", layers.Take(k + 1).Select(l => "'" + l.Member.Name + "'"));
                var after = string.Join(", ", layers.Skip(k + 1).Select(l => "'" + l.Member.Name + "'"));
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CutBy, at, layer.Activation.ToString(), layer.Member.Name, before, after));
            }
        }
    }

    private static void CheckBias(SymbolAnalysisContext context, INamedTypeSymbol type, LayerInfo layer, Location? at)
    {
        var member = type.GetMembers(layer.Bias!).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
        if (member is null)
        {
            string element = layer.Storage.IsFloat() ? "float" : "double";
            // A MathNet layer gets a MathNet bias; every other storage a plain array.
            string declaration = layer.Storage.IsMathNet()
                ? $"public Vector<{element}> {layer.Bias} = Vector<{element}>.Build.Dense({Inv(layer.Outputs)});"
                : $"public {element}[] {layer.Bias} = new {element}[{Inv(layer.Outputs)}];";
            Report(context, DiagnosticDescriptors.BadBias, at, $"The bias '{layer.Bias}' of layer '{layer.Member.Name}' does not exist; add '{declaration}'",
                (FixProperties.BiasName, layer.Bias!), (FixProperties.BiasLength, Inv(layer.Outputs)), (FixProperties.Element, element), (FixProperties.AfterMember, layer.Member.Name),
                (FixProperties.BiasStorage, layer.Storage.IsMathNet() ? FixProperties.MathNetVector : FixProperties.Array));
            return;
        }

        var shape = LayerReader.StorageOf(LayerReader.TypeOf(member));
        if (!shape.IsBias())
        {
            Report(context, DiagnosticDescriptors.BadBias, at, $"The bias '{layer.Bias}' of layer '{layer.Member.Name}' has type '{LayerReader.TypeOf(member)?.ToDisplayString()}'; it must be {StorageShapes.BiasTypes} of length {Inv(layer.Outputs)}");
            return;
        }

        var lengths = LayerReader.ShapeOf(member, shape, context.CancellationToken)?.Lengths;
        if (lengths is { Length: 1 } && lengths[0] != layer.Outputs)
            Report(context, DiagnosticDescriptors.BadBias, at, $"The bias '{layer.Bias}' of layer '{layer.Member.Name}' is created with length {Inv(lengths[0])} but the layer has {Inv(layer.Outputs)} outputs");
    }

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
        bool ok = flat ? lengths.Length == 1 && lengths[0] == outputs * inputs : lengths.Length == 2 && lengths[0] == outputs && lengths[1] == inputs;
        if (ok) return;
        string created = "[" + string.Join(", ", lengths.Select(Inv)) + "]";
        string expected = flat ? $"[{Inv(outputs * inputs)}] (row-major [outputs, inputs])" : $"[{Inv(outputs)}, {Inv(inputs)}] ([outputs, inputs])";
        ReportShape(context, shape.Node, member, created, inputs, outputs, expected, flat ? Inv(outputs * inputs) : Inv(outputs) + "," + Inv(inputs));
    }

    // A jagged array is [outputs][inputs]: the row count where the creation shows it (fixable when written as new T[n][]),
    // then each visible row's length (reported on the row, fixable when written as new T[m]).
    private static void CheckJagged(SymbolAnalysisContext context, ISymbol member, InitializerShape shape, int outputs, int inputs)
    {
        string expected = $"[{Inv(outputs)}][{Inv(inputs)}] ([outputs][inputs])";
        if (shape.Lengths[0] != outputs)
        {
            bool rankWritten = shape.Node is ArrayCreationExpressionSyntax { Initializer: null };
            ReportShape(context, shape.Node, member, $"[{Inv(shape.Lengths[0])}][]", inputs, outputs, expected, rankWritten ? Inv(outputs) : null);
        }

        for (int i = 0; i < shape.Rows.Length; i++)
        {
            var (row, length) = shape.Rows[i];
            if (length < 0 || length == inputs) continue;
            bool sizeWritten = row is ArrayCreationExpressionSyntax { Initializer: null };
            ReportShape(context, row, member, $"[{Inv(shape.Lengths[0])}][] with row {Inv(i)} of length {Inv(length)}", inputs, outputs, expected, sizeWritten ? Inv(inputs) : null);
        }
    }

    private static void ReportShape(SymbolAnalysisContext context, SyntaxNode node, ISymbol member, string created, int inputs, int outputs, string expected, string? fixLengths)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (fixLengths is not null) properties = properties.Add(FixProperties.ExpectedLengths, fixLengths);
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InitializerShape, node.GetLocation(), properties, member.Name, created, Inv(inputs), Inv(outputs), expected));
    }

    private static void Report(SymbolAnalysisContext context, DiagnosticDescriptor descriptor, Location? at, string message, params (string Key, string Value)[] properties)
    {
        var bag = ImmutableDictionary<string, string?>.Empty;
        foreach (var (key, value) in properties) bag = bag.Add(key, value);
        context.ReportDiagnostic(Diagnostic.Create(descriptor, at, bag, message));
    }

    private static Location? LocationOf(AttributeData attribute, SymbolAnalysisContext context) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation();

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
