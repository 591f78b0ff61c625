using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// One [ConservationModel] class under analysis: its layers in declaration order, its declared input shape, where to
/// report, and the reporting helpers every rule shares. Every message argument is a string and every number is formatted
/// with the invariant culture, so no message depends on the culture.
/// </summary>
internal sealed class ModelScope
{
    private readonly SymbolAnalysisContext context;

    public ModelScope(SymbolAnalysisContext context, INamedTypeSymbol type, Location? marker, List<LayerInfo> layers, int[]? inputShape)
    {
        this.context = context;
        Type = type;
        Marker = marker;
        Layers = layers;
        InputShape = inputShape;
    }

    public INamedTypeSymbol Type { get; }

    /// <summary>Where the [ConservationModel] attribute is written.</summary>
    public Location? Marker { get; }

    public List<LayerInfo> Layers { get; }

    /// <summary>The declared InputShape, or null.</summary>
    public int[]? InputShape { get; }

    /// <summary>
    /// True when the InputShape is declared and fits the model (InputShapeRules found nothing): only then are spatial
    /// sizes known and checked against dense layers and residual connections.
    /// </summary>
    public bool ShapeIsValid { get; set; }

    public System.Threading.CancellationToken CancellationToken => context.CancellationToken;

    /// <summary>Where layer <paramref name="k"/>'s attribute is written (its member when the attribute has no syntax).</summary>
    public Location? At(int k) => At(Layers[k]);

    public Location? At(LayerInfo layer) =>
        layer.Attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? layer.Member.Locations.FirstOrDefault();

    public int IndexOf(string name) => Layers.FindIndex(l => l.Name == name);

    public void Report(DiagnosticDescriptor descriptor, Location? at, params string[] args) =>
        Report(descriptor, at, ImmutableDictionary<string, string?>.Empty, args);

    public void Report(DiagnosticDescriptor descriptor, Location? at, ImmutableDictionary<string, string?> properties, params string[] args) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, at, properties, args));

    /// <summary>Reports with an additional location (the place a fix edits, when it is not where the diagnostic is).</summary>
    public void Report(DiagnosticDescriptor descriptor, Location? at, Location additional, ImmutableDictionary<string, string?> properties, params string[] args) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, at, new[] { additional }, properties, args));

    public static ImmutableDictionary<string, string?> Bag(params (string Key, string Value)[] properties)
    {
        var bag = ImmutableDictionary<string, string?>.Empty;
        foreach (var (key, value) in properties) bag = bag.SetItem(key, value);
        return bag;
    }

    public static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>An int list as C# writes it in an initializer: "{ 3, 8, 8 }".</summary>
    public static string Braces(IEnumerable<int> values) => "{ " + string.Join(", ", values.Select(Inv)) + " }";
}
