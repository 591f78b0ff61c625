using System.Linq;
using static ConservationCodegen.Analyzers.ModelScope;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// CCG0007 on <c>[ConservationModel(InputShape = …)]</c>, as the engine validates it: { inputs } or nothing for a model
/// that does not start with a convolution; otherwise positive entries, { channels, length } or { channels, height, width }
/// for the first convolution's dimension, its channels, and at least one output position after every leading convolution.
/// </summary>
internal static class InputShapeRules
{
    /// <summary>Reports the first problem of the declared shape; true when a shape is declared and fits the model.</summary>
    public static bool Check(ModelScope scope)
    {
        var shape = scope.InputShape;
        if (shape is null) return false;
        string model = scope.Type.Name, written = Braces(shape);
        var first = scope.Layers[0];
        if (scope.Layers.Any(l => l.Kind == LayerKind.SelfAttention) && !first.Arguments.IsConvolution)
        {
            // A sequence model: { tokens, features per token }.
            if (shape.Length == 2 && shape[0] > 0 && shape[1] == first.Inputs) return false;
            scope.Report(DiagnosticDescriptors.InputShapeOfSequence, scope.Marker, model, written, Inv(first.Inputs));
            return false;
        }

        if (!first.Arguments.IsConvolution)
        {
            if (shape.Length == 1 && shape[0] == first.Inputs) return false; // accepted, but no spatial sizes to compute
            scope.Report(DiagnosticDescriptors.InputShapeWithoutConvolution, scope.Marker, model, written, Inv(first.Inputs));
            return false;
        }

        int dimensions = SpatialSizes.Dimensions(first);
        if (shape.Any(n => n <= 0))
        {
            scope.Report(DiagnosticDescriptors.InputShapeNotPositive, scope.Marker, model, written);
            return false;
        }

        if (shape.Length != dimensions + 1)
        {
            scope.Report(DiagnosticDescriptors.InputShapeRank, scope.Marker, model, written, Inv(dimensions),
                dimensions == 1 ? "{ channels, length }" : "{ channels, height, width }");
            return false;
        }

        if (first.Inputs > 0 && shape[0] != first.Inputs)
        {
            scope.Report(DiagnosticDescriptors.InputShapeChannels, scope.Marker, model, Inv(shape[0]), first.Name, Inv(first.Inputs));
            return false;
        }

        long height = dimensions == 2 ? shape[1] : 1, width = shape[shape.Length - 1];
        for (int k = 0; k < scope.Layers.Count && scope.Layers[k].Arguments.IsConvolution; k++)
        {
            var conv = scope.Layers[k];
            if (SpatialSizes.Dimensions(conv) != dimensions)
            {
                scope.Report(DiagnosticDescriptors.InputShapeMixedConvolutions, scope.At(k), conv.Name, Inv(SpatialSizes.Dimensions(conv)), Inv(dimensions));
                return false;
            }

            if (!SpatialSizes.HasValidGeometry(conv)) return false; // its kernel, stride or padding is reported on the layer
            var a = conv.Arguments;
            long outHeight = dimensions == 2 ? SpatialSizes.OutputLength(height, a.KernelHeight, a.Stride, a.Padding) : 1;
            long outWidth = SpatialSizes.OutputLength(width, a.KernelWidth, a.Stride, a.Padding);
            if (outHeight <= 0 || outWidth <= 0)
            {
                string kernel = dimensions == 2 ? Inv(a.KernelHeight) + "×" + Inv(a.KernelWidth) : Inv(a.KernelWidth);
                string padded = dimensions == 2 ? Inv(height + 2L * a.Padding) + "×" + Inv(width + 2L * a.Padding) : Inv(width + 2L * a.Padding);
                scope.Report(DiagnosticDescriptors.KernelExceedsInput, scope.At(k), conv.Name, kernel, padded);
                return false;
            }

            (height, width) = (outHeight, outWidth);
        }

        return true;
    }
}
