using System.Linq;
using static ConservationCodegen.Analyzers.ModelScope;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// CCG0002: the sizes of one layer and how it reads the previous one, as the engine validates the chain — widths and
/// channels positive; a convolution after a convolution with the same channels and never after a dense or diagonal
/// layer; no diagonal layer after a convolution; a dense layer after a convolution reading a multiple of its channels
/// (exactly channels × positions when the input shape is declared); a diagonal or dense layer after a dense or diagonal
/// one taking its outputs — and residual connections: an earlier (or this) layer whose input has this layer's size.
/// </summary>
internal static class ChainRules
{
    /// <summary>Reports the layer's own sizes and its join to the previous layer; true when they are right.</summary>
    public static bool CheckSizesAndJoin(ModelScope scope, int k)
    {
        var layer = scope.Layers[k];
        var at = scope.At(k);
        if (layer.Inputs <= 0 || layer.Outputs <= 0)
        {
            if (layer.Kind == LayerKind.Diagonal)
                scope.Report(DiagnosticDescriptors.DiagonalWidthNotPositive, at, layer.Name, Inv(layer.Outputs));
            else
                scope.Report(layer.Arguments.IsConvolution ? DiagnosticDescriptors.ChannelsNotPositive : DiagnosticDescriptors.WidthNotPositive,
                    at, layer.Name, Inv(layer.Inputs), Inv(layer.Outputs));
            return false;
        }

        if (k == 0 || scope.Layers[k - 1].Outputs <= 0) return true;
        var before = scope.Layers[k - 1];
        bool convolution = layer.Arguments.IsConvolution, afterConvolution = before.Arguments.IsConvolution;
        // Attention after a convolution is refused by the generator (CCG0104), which names the block.
        if (layer.Kind == LayerKind.SelfAttention && afterConvolution) return true;
        if (convolution && !afterConvolution)
        {
            scope.Report(DiagnosticDescriptors.ConvolutionAfterFlat, at, layer.Name, before.KindName, before.Name);
            return false;
        }

        if (convolution)
        {
            if (before.Outputs == layer.Inputs) return true;
            scope.Report(DiagnosticDescriptors.ChannelMismatch, at, Bag((FixProperties.PreviousOutputs, Inv(before.Outputs))),
                layer.Name, Inv(layer.Inputs), before.Name, Inv(before.Outputs));
            return false;
        }

        if (layer.Kind == LayerKind.Diagonal && afterConvolution)
        {
            scope.Report(DiagnosticDescriptors.DiagonalAfterConvolution, at, layer.Name, before.Name);
            return false;
        }

        if (afterConvolution) return DenseAfterConvolution(scope, k);
        if (before.Outputs == layer.Inputs) return true;
        scope.Report(DiagnosticDescriptors.WidthMismatch, at, Bag((FixProperties.PreviousOutputs, Inv(before.Outputs))),
            layer.Name, Inv(layer.Inputs), before.Name, Inv(before.Outputs));
        return false;
    }

    // A dense layer after a convolution of C channels reads them flattened channel by channel: C·S inputs for S
    // positions per channel, S known only from a declared input shape.
    private static bool DenseAfterConvolution(ModelScope scope, int k)
    {
        var layer = scope.Layers[k];
        var conv = scope.Layers[k - 1];
        int channels = conv.Outputs;
        long? positions = scope.ShapeIsValid ? SpatialSizes.After(scope.Layers, scope.InputShape, k - 1) : null;
        long values = positions is > 0 ? channels * positions.Value : 0;
        // The fix writes the exact count when the input shape gives it (and it is an int).
        var properties = values is > 0 and <= int.MaxValue ? Bag((FixProperties.PreviousOutputs, Inv(values))) : Bag();
        if (layer.Inputs % channels != 0)
        {
            scope.Report(DiagnosticDescriptors.DenseInputsNotMultipleOfChannels, scope.At(k), properties, layer.Name, Inv(channels), conv.Name, Inv(layer.Inputs));
            return false;
        }

        if (values <= 0 || values == layer.Inputs) return true;
        scope.Report(DiagnosticDescriptors.DenseInputsDisagreeWithShape, scope.At(k), properties,
            layer.Name, Inv(layer.Inputs), conv.Name, Inv(channels), Inv(positions!.Value), Inv(values));
        return false;
    }

    /// <summary>
    /// ResidualFrom: before this layer's activation its output is added to the input of the named layer, which must be
    /// this or an earlier one with that many inputs, and (through convolutions) the same positions per channel.
    /// </summary>
    public static void CheckResidual(ModelScope scope, int k)
    {
        var layer = scope.Layers[k];
        if (layer.Arguments.Options.ResidualFrom is not { } from) return;
        var at = scope.At(k);
        int j = scope.IndexOf(from);
        if (j < 0)
        {
            // "Did you mean" offers only this layer or an earlier one: the only names a skip may take.
            if (BiasNames.Closest(from, scope.Layers.Take(k + 1).Select(l => l.Name)) is { } suggestion)
                scope.Report(DiagnosticDescriptors.ResidualNotALayerDidYouMean, at, Bag((FixProperties.SuggestedResidual, suggestion)),
                    layer.Name, from, scope.Type.Name, suggestion);
            else
                scope.Report(DiagnosticDescriptors.ResidualNotALayer, at, layer.Name, from, scope.Type.Name);
            return;
        }

        if (j > k)
        {
            scope.Report(DiagnosticDescriptors.ResidualNamesLaterLayer, at, layer.Name, from);
            return;
        }

        var target = scope.Layers[j];
        if (target.Inputs <= 0 || layer.Outputs <= 0) return; // reported as a size of its own
        if (target.Inputs != layer.Outputs)
        {
            scope.Report(DiagnosticDescriptors.ResidualWidthMismatch, at, layer.Name, Inv(layer.Outputs), target.Name, Inv(target.Inputs));
            return;
        }

        int spanned = -1;
        for (int i = j; i <= k && spanned < 0; i++)
            if (scope.Layers[i].Arguments.IsConvolution) spanned = i;
        if (spanned < 0) return;
        if (scope.InputShape is null && !layer.Arguments.IsConvolution)
        {
            scope.Report(DiagnosticDescriptors.ResidualEndsAfterFlatteningNoShape, at, layer.Name, scope.Layers[spanned].Name, target.Name);
            return;
        }

        if (scope.InputShape is not null)
        {
            // Sizes are compared only for a shape that fits the model (its own problem is reported otherwise).
            if (!scope.ShapeIsValid) return;
            long? sizeBefore = SpatialSizes.Before(scope.Layers, scope.InputShape, j), sizeAfter = SpatialSizes.After(scope.Layers, scope.InputShape, k);
            if (sizeBefore is long positions && !layer.Arguments.IsConvolution)
                scope.Report(DiagnosticDescriptors.ResidualEndsAfterFlattening, at, layer.Name, scope.Layers[spanned].Name, Inv(positions), target.Name);
            else if (sizeBefore is long b && sizeAfter is long a && a != b)
                scope.Report(DiagnosticDescriptors.ResidualSpatialMismatch, at, layer.Name, Inv(a), target.Name, Inv(b));
            return;
        }

        for (int i = j; i <= k; i++)
        {
            var conv = scope.Layers[i];
            if (conv.Arguments.IsConvolution && !SpatialSizes.KeepsSize(conv))
            {
                scope.Report(DiagnosticDescriptors.ResidualMayChangeSize, at, layer.Name, conv.Name);
                return;
            }
        }
    }
}
