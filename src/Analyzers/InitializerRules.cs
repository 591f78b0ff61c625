using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static ConservationCodegen.Analyzers.ModelScope;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// CCG0005: the shape visible in a layer member's initializer against the one its attribute implies — [Dense]
/// [outputs, inputs] (flat: their product; jagged: [outputs][inputs]), [Conv1d] [out, in, k], [Conv2d]
/// [out, in, kh, kw] (flat: their product), [Diagonal] [width], [GatedLinearUnit] [hidden, inputs] for both its members, [SelfAttention] [heads·headDim,
/// modelDim] for W_Q, W_K and W_V and [modelDim, heads·headDim] for W_O. The expected lengths ride along for the fix.
/// </summary>
internal static class InitializerRules
{
    public static void Check(ModelScope scope, LayerInfo layer)
    {
        if (layer.Kind == LayerKind.Dense) CheckDense(scope, layer.Member, layer.Storage, layer.Outputs, layer.Inputs);
        else if (layer.Kind == LayerKind.SelfAttention) CheckAttention(scope, layer);
        else if (layer.Kind == LayerKind.GatedLinearUnit) CheckGatedMember(scope, layer, layer.Member, layer.Storage);
        else CheckBlock(scope, layer);
    }

    private static void CheckBlock(ModelScope scope, LayerInfo layer) => CheckBlock(scope, layer, layer.Member, layer.Storage);

    /// <summary>
    /// A [SelfAttention] block: W_Q and the Key and Value members are [heads·headDim, modelDim], the Output member
    /// [modelDim, heads·headDim]. A member that is missing or of another type is the generator's to report.
    /// </summary>
    private static void CheckAttention(ModelScope scope, LayerInfo layer)
    {
        if (layer.Arguments is not { Heads: > 0, HeadDim: > 0, Inputs: > 0 } a || (long)a.Heads * a.HeadDim * a.Inputs > int.MaxValue) return;
        int width = a.Heads * a.HeadDim, model = a.Inputs;
        const string projection = "[heads·headDim, modelDim]", output = "[modelDim, heads·headDim]";
        CheckMatrix(scope, layer, layer.Member, layer.Storage, width, model, projection);
        if (a.Attention is not { } names) return;
        foreach (var (name, rows, columns, layout) in new[] { (names.Key, width, model, projection), (names.Value, width, model, projection), (names.Output, model, width, output) })
        {
            if (name is null || name == layer.Name) continue;
            var member = scope.Type.GetMembers(name).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
            if (member is null) continue;
            var storage = StorageReader.StorageOf(StorageReader.TypeOf(member));
            if (storage.IsWeightOf(LayerKind.SelfAttention)) CheckMatrix(scope, layer, member, storage, rows, columns, layout);
        }
    }

    // A [rows, columns] member of a block that is not [Dense] (flat: their product; jagged: the row count where it shows).
    private static void CheckMatrix(ModelScope scope, LayerInfo layer, ISymbol member, StorageShape storage, int rows, int columns, string layout)
    {
        var shape = LayerReader.ShapeOf(member, storage, scope.CancellationToken);
        if (shape is null) return;
        string jaggedLayout = layout.Replace(", ", "][");
        if (storage is StorageShape.DoubleJagged or StorageShape.FloatJagged)
        {
            if (shape.Lengths[0] == rows) return;
            bool rankWritten = shape.Node is ArrayCreationExpressionSyntax { Initializer: null };
            scope.Report(DiagnosticDescriptors.InitializerShapeOf, shape.Node.GetLocation(),
                rankWritten ? Bag((FixProperties.ExpectedLengths, Inv(rows)), (FixProperties.Layout, jaggedLayout)) : ImmutableDictionary<string, string?>.Empty,
                member.Name, Created(shape.Lengths), layer.AttributeText, Inv(rows) + "][" + Inv(columns), jaggedLayout);
            return;
        }

        bool flat = storage is StorageShape.DoubleFlat or StorageShape.FloatFlat;
        int[] expected = flat ? new[] { rows * columns } : new[] { rows, columns };
        if (shape.Lengths.SequenceEqual(expected)) return;
        scope.Report(DiagnosticDescriptors.InitializerShapeOf, shape.Node.GetLocation(),
            Bag((FixProperties.ExpectedLengths, string.Join(",", expected.Select(Inv))), (FixProperties.Layout, flat ? "[" + Inv(expected[0]) + "]" : layout)),
            member.Name, Created(shape.Lengths), layer.AttributeText, string.Join(", ", expected.Select(Inv)), flat ? "row-major " + layout : layout);
    }

    /// <summary>
    /// A [GatedLinearUnit]'s gate or up member: [hidden, inputs] (flat: their product). A jagged array shows only its
    /// row count: it must be hidden.
    /// </summary>
    public static void CheckGatedMember(ModelScope scope, LayerInfo layer, ISymbol member, StorageShape storage)
    {
        if (storage is StorageShape.DoubleJagged or StorageShape.FloatJagged)
        {
            var shape = LayerReader.ShapeOf(member, storage, scope.CancellationToken);
            if (shape is null || shape.Lengths[0] == layer.Outputs) return;
            // The fix writes the row count only into `new T[n][]`.
            bool rankWritten = shape.Node is ArrayCreationExpressionSyntax { Initializer: null };
            scope.Report(DiagnosticDescriptors.InitializerShapeOf, shape.Node.GetLocation(),
                rankWritten ? Bag((FixProperties.ExpectedLengths, Inv(layer.Outputs)), (FixProperties.Layout, "[hidden][inputs]")) : ImmutableDictionary<string, string?>.Empty,
                member.Name, Created(shape.Lengths), layer.AttributeText, Inv(layer.Outputs) + "][" + Inv(layer.Inputs), "[hidden][inputs]");
            return;
        }

        CheckBlock(scope, layer, member, storage);
    }

    private static void CheckBlock(ModelScope scope, LayerInfo layer, ISymbol member, StorageShape storage)
    {
        var shape = LayerReader.ShapeOf(member, storage, scope.CancellationToken);
        if (shape is null || layer.Arguments.WeightCount > int.MaxValue) return;
        var a = layer.Arguments;
        bool flat = storage is StorageShape.DoubleFlat or StorageShape.FloatFlat;
        (int[] expected, string layout) = layer.Kind switch
        {
            LayerKind.Conv1d => (new[] { a.Outputs, a.Inputs, a.KernelWidth }, "[outChannels, inChannels, kernelSize]"),
            LayerKind.Conv2d => (new[] { a.Outputs, a.Inputs, a.KernelHeight, a.KernelWidth }, "[outChannels, inChannels, kernelHeight, kernelWidth]"),
            LayerKind.GatedLinearUnit => (new[] { a.Outputs, a.Inputs }, "[hidden, inputs]"),
            _ => (new[] { a.Outputs }, "[width]"),
        };
        if (flat && layer.Kind != LayerKind.Diagonal) expected = new[] { (int)a.WeightCount };
        if (shape.Lengths.SequenceEqual(expected)) return;
        string explanation = layer.Kind == LayerKind.Diagonal ? "one weight per unit" : flat ? "row-major " + layout : layout;
        scope.Report(DiagnosticDescriptors.InitializerShapeOf, shape.Node.GetLocation(),
            Bag((FixProperties.ExpectedLengths, string.Join(",", expected.Select(Inv))), (FixProperties.Layout, flat && layer.Kind != LayerKind.Diagonal ? "[" + Inv(expected[0]) + "]" : layout)),
            member.Name, Created(shape.Lengths), layer.AttributeText, string.Join(", ", expected.Select(Inv)), explanation);
    }

    private static string Created(int[] lengths) => "[" + string.Join(", ", lengths.Select(Inv)) + "]";

    private static void CheckDense(ModelScope scope, ISymbol member, StorageShape storage, int outputs, int inputs)
    {
        var shape = LayerReader.ShapeOf(member, storage, scope.CancellationToken);
        if (shape is null) return;
        if (storage is StorageShape.DoubleJagged or StorageShape.FloatJagged)
        {
            CheckJagged(scope, member, shape, outputs, inputs);
            return;
        }

        var lengths = shape.Lengths;
        bool flat = storage is StorageShape.DoubleFlat or StorageShape.FloatFlat;
        long flatLength = (long)outputs * inputs;
        bool ok = flat ? lengths.Length == 1 && lengths[0] == flatLength : lengths.Length == 2 && lengths[0] == outputs && lengths[1] == inputs;
        if (ok || flatLength > int.MaxValue) return;
        var properties = Bag((FixProperties.ExpectedLengths, flat ? Inv((int)flatLength) : Inv(outputs) + "," + Inv(inputs)));
        var at = shape.Node.GetLocation();
        if (flat)
            scope.Report(DiagnosticDescriptors.InitializerLength, at, properties, member.Name, Created(lengths), Inv(inputs), Inv(outputs), Inv((int)flatLength));
        else
            scope.Report(DiagnosticDescriptors.InitializerShape, at, properties, member.Name, Created(lengths), Inv(inputs), Inv(outputs), Inv(outputs), Inv(inputs));
    }

    // A jagged array is [outputs][inputs]: the row count where the creation shows it (fixable when written as new T[n][]),
    // then each visible row's length (reported on the row, fixable when written as new T[m]).
    private static void CheckJagged(ModelScope scope, ISymbol member, InitializerShape shape, int outputs, int inputs)
    {
        string rows = Inv(shape.Lengths[0]);
        if (shape.Lengths[0] != outputs)
        {
            bool rankWritten = shape.Node is ArrayCreationExpressionSyntax { Initializer: null };
            scope.Report(DiagnosticDescriptors.InitializerRows, shape.Node.GetLocation(), Fix(rankWritten ? Inv(outputs) : null),
                member.Name, rows, Inv(inputs), Inv(outputs), Inv(outputs), Inv(inputs));
        }

        for (int i = 0; i < shape.Rows.Length; i++)
        {
            var (row, length) = shape.Rows[i];
            if (length is not int n || n == inputs) continue;
            bool sizeWritten = row is ArrayCreationExpressionSyntax { Initializer: null };
            scope.Report(DiagnosticDescriptors.InitializerRowLength, row.GetLocation(), Fix(sizeWritten ? Inv(inputs) : null),
                member.Name, rows, Inv(i), Inv(n), Inv(inputs), Inv(outputs), Inv(outputs), Inv(inputs));
        }

        // Sizes the fix writes; none when the shape is not written as sizes (an initializer list).
        static ImmutableDictionary<string, string?> Fix(string? lengths) =>
            lengths is null ? ImmutableDictionary<string, string?>.Empty : Bag((FixProperties.ExpectedLengths, lengths));
    }
}
