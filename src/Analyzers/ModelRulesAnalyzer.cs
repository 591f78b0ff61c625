using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using static ConservationCodegen.Analyzers.ModelScope;

namespace ConservationCodegen.Analyzers;

/// <summary>
/// Cheap structural checks of [ConservationModel] classes: partial, layer sizes and how each layer reads the previous
/// one, residual connections, member, bias and β types, initializer shapes, option values (activation degree, kernel,
/// stride, padding, input shape), and where an activation without rescaling symmetry cuts the model. Every problem the
/// generator leaves to the analyzers is an error here. No symbolic mathematics runs here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelRulesAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.WidthMismatch, DiagnosticDescriptors.WidthNotPositive,
        DiagnosticDescriptors.ChannelsNotPositive, DiagnosticDescriptors.DiagonalWidthNotPositive, DiagnosticDescriptors.ChannelMismatch,
        DiagnosticDescriptors.ConvolutionAfterFlat, DiagnosticDescriptors.DiagonalAfterConvolution,
        DiagnosticDescriptors.DenseInputsNotMultipleOfChannels, DiagnosticDescriptors.DenseInputsDisagreeWithShape,
        DiagnosticDescriptors.ResidualNotALayer, DiagnosticDescriptors.ResidualNotALayerDidYouMean, DiagnosticDescriptors.ResidualNamesLaterLayer, DiagnosticDescriptors.ResidualWidthMismatch,
        DiagnosticDescriptors.ResidualSpatialMismatch, DiagnosticDescriptors.ResidualEndsAfterFlattening, DiagnosticDescriptors.ResidualMayChangeSize,
        DiagnosticDescriptors.NoLayers, DiagnosticDescriptors.UnsupportedLayerType, DiagnosticDescriptors.UnsupportedLayerTypeOf,
        DiagnosticDescriptors.SharedBias, DiagnosticDescriptors.BiasIsWeight, DiagnosticDescriptors.SharedMember, DiagnosticDescriptors.WeightAsCompanion,
        DiagnosticDescriptors.MemberMissing, DiagnosticDescriptors.MemberMissingDidYouMean, DiagnosticDescriptors.MemberWrongType, DiagnosticDescriptors.MemberWrongLength,
        DiagnosticDescriptors.InitializerShape, DiagnosticDescriptors.InitializerLength, DiagnosticDescriptors.InitializerRows, DiagnosticDescriptors.InitializerRowLength,
        DiagnosticDescriptors.InitializerShapeOf,
        DiagnosticDescriptors.CutBy, DiagnosticDescriptors.CutByFixedSwish,
        DiagnosticDescriptors.MaxDegreeOutOfRange, DiagnosticDescriptors.UndefinedOptimizer, DiagnosticDescriptors.UndefinedLoss, DiagnosticDescriptors.UndefinedInputSymmetry,
        DiagnosticDescriptors.InputRotationNeedsDense, DiagnosticDescriptors.InputRotationWithInputResidual, DiagnosticDescriptors.UndefinedActivation, DiagnosticDescriptors.NegativeSlopeOutOfRange,
        DiagnosticDescriptors.KernelOutOfRange, DiagnosticDescriptors.StrideOutOfRange, DiagnosticDescriptors.PaddingOutOfRange,
        DiagnosticDescriptors.DegreeTooSmall, DiagnosticDescriptors.DegreeWithoutPower, DiagnosticDescriptors.BetaWithoutSwish,
        DiagnosticDescriptors.InputShapeWithoutConvolution, DiagnosticDescriptors.InputShapeNotPositive, DiagnosticDescriptors.InputShapeRank,
        DiagnosticDescriptors.InputShapeChannels, DiagnosticDescriptors.InputShapeMixedConvolutions, DiagnosticDescriptors.KernelExceedsInput,
        DiagnosticDescriptors.GatedUnitLast, DiagnosticDescriptors.GatedUnitNotFollowedByDense, DiagnosticDescriptors.GatedUnitAfterConvolution, DiagnosticDescriptors.GatedUnitOption, DiagnosticDescriptors.GatedUnitBetaNotSwish,
        DiagnosticDescriptors.GatedUnitUpReused, DiagnosticDescriptors.GatedUnitUpMissing, DiagnosticDescriptors.GatedUnitUpNotFound,
        DiagnosticDescriptors.GatedUnitUpWrongType, DiagnosticDescriptors.UndefinedGateActivation,
        DiagnosticDescriptors.AttentionMemberNotNamed, DiagnosticDescriptors.AttentionMemberNotFound, DiagnosticDescriptors.AttentionMemberWrongType, DiagnosticDescriptors.AttentionMemberReused);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var model = start.Compilation.GetTypeByMetadataName("ConservationCodegen.ConservationModelAttribute");
            if (model is null) return;
            start.RegisterSymbolAction(c => AnalyzeType(c, model), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol modelAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var marker = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, modelAttribute));
        if (marker is null) return;
        var markerLocation = marker.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations.FirstOrDefault();
        var layers = LayerReader.Read(type, context.CancellationToken);
        var scope = new ModelScope(context, type, markerLocation, layers, InputShapeArgument.Read(marker));

        bool partial = type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
        if (!partial) scope.Report(DiagnosticDescriptors.NotPartial, markerLocation, type.Name);

        int degree = ModelArguments.MaxDegreeOf(marker);
        if (!ModelArguments.IsValidMaxDegree(degree))
            scope.Report(DiagnosticDescriptors.MaxDegreeOutOfRange, markerLocation,
                Bag((FixProperties.NearestMaxDegree, Inv(degree < DiagnosticDescriptors.MinMaxDegree ? DiagnosticDescriptors.MinMaxDegree : DiagnosticDescriptors.MaxMaxDegree))),
                type.Name, Inv(degree), Inv(DiagnosticDescriptors.MinMaxDegree), Inv(DiagnosticDescriptors.MaxMaxDegree));

        int optimizer = ModelArguments.OptimizerOf(marker);
        if (!ModelArguments.IsValidOptimizer(optimizer))
            scope.Report(DiagnosticDescriptors.UndefinedOptimizer, markerLocation, type.Name, Inv(optimizer));

        int loss = ModelArguments.LossOf(marker);
        if (!ModelArguments.IsValidLoss(loss))
            scope.Report(DiagnosticDescriptors.UndefinedLoss, markerLocation, type.Name, Inv(loss));
        int symmetry = ModelArguments.InputSymmetryOf(marker);
        if (!ModelArguments.IsValidInputSymmetry(symmetry))
            scope.Report(DiagnosticDescriptors.UndefinedInputSymmetry, markerLocation, type.Name, Inv(symmetry));
        else if (symmetry == ModelArguments.RotationSymmetry && layers.Count > 0)
            CheckInputRotation(scope, markerLocation, type.Name, layers);

        if (layers.Count == 0)
        {
            // A layer attribute whose arguments do not compile is the compiler's error to report, not "no layers".
            if (!LayerReader.HasAnyLayer(type)) scope.Report(DiagnosticDescriptors.NoLayers, markerLocation, type.Name);
            return;
        }

        scope.ShapeIsValid = InputShapeRules.Check(scope);
        for (int k = 0; k < layers.Count; k++)
        {
            var layer = layers[k];
            var at = scope.At(k);
            bool sizesRight = ChainRules.CheckSizesAndJoin(scope, k);
            BlockOptionRules.Check(scope, k);
            GatedUnitRules.Check(scope, k);
            AttentionRules.Check(scope, k);
            if (!layer.Storage.IsWeightOf(layer.Kind))
            {
                if (layer.Kind == LayerKind.Dense)
                    scope.Report(DiagnosticDescriptors.UnsupportedLayerType, at, layer.Name, layer.Type?.ToDisplayString() ?? "?");
                else
                    scope.Report(DiagnosticDescriptors.UnsupportedLayerTypeOf, at, layer.Name, layer.Type?.ToDisplayString() ?? "?",
                        layer.Arguments.AttributeName, StorageShapes.WeightTypesOf(layer.Kind));
            }
            // While the sizes are wrong the attribute is not the reference for the shape: one problem, one diagnostic.
            else if (sizesRight && (!layer.Arguments.IsConvolution || SpatialSizes.HasValidGeometry(layer)))
            {
                InitializerRules.Check(scope, layer);
            }

            ChainRules.CheckResidual(scope, k);
            if (k < layers.Count - 1 && ActivationTable.CutsModel(layer.Activation, layer.Beta is not null))
            {
                if (layer.Activation == Activation.Swish)
                    scope.Report(DiagnosticDescriptors.CutByFixedSwish, at, layer.Name, layers[k + 1].Name);
                else
                    scope.Report(DiagnosticDescriptors.CutBy, at, layer.Activation.ToString(), layer.Name, layers[k + 1].Name);
            }
        }

        CompanionRules.Check(scope);
    }

    // InputSymmetry.Rotation: the input must enter only through a first [Dense] layer's weights, so that rotating it is
    // W₁ ↦ W₁R (a bias is fine; a convolution, diagonal layer, gated linear unit or attention block, or a residual
    // connection adding x itself, is not).
    private static void CheckInputRotation(ModelScope scope, Location? marker, string name, List<LayerInfo> layers)
    {
        var first = layers[0];
        if (first.Kind != LayerKind.Dense)
            scope.Report(DiagnosticDescriptors.InputRotationNeedsDense, marker, name, first.Name, first.Arguments.AttributeName);
        foreach (var layer in layers)
            if (layer.Arguments.Options.ResidualFrom == first.Name)
                scope.Report(DiagnosticDescriptors.InputRotationWithInputResidual, marker, name, layer.Name, first.Name);
    }
}
