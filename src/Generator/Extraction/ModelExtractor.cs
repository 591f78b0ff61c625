using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ConservationCodegen.Diagnostics;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.LayerKinds;
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

    /// <summary>
    /// True for <c>[ConservationModel(Optimizer = OptimizerKind.Momentum)]</c>: the diagnostics branch counts the momentum
    /// laws (CCG0107). Kept out of <see cref="Spec"/>, so the option never re-runs the source branch.
    /// </summary>
    public bool Momentum { get; init; }

    /// <summary>
    /// True when the analyzers (shipped in the same package) or the compiler already report the problem as an error:
    /// the generator then says nothing, so each problem is reported once.
    /// </summary>
    public bool ReportedElsewhere { get; init; }

    /// <summary>The CCG0104 descriptor of a problem only the generator reports, with its arguments; null: <see cref="Problem"/> is the sentence.</summary>
    public DiagnosticDescriptor? ProblemDescriptor { get; init; }

    /// <summary>Arguments of <see cref="ProblemDescriptor"/> (strings, numbers formatted invariantly).</summary>
    public EquatableArray<string> ProblemArguments { get; init; }

    /// <summary>A problem that an analyzer (or the compiler) reports as an error.</summary>
    public static ExtractionResult ReportedByAnalyzer(string problem, string typeName) => new(null, problem, typeName) { ReportedElsewhere = true };

    /// <summary>A problem only the generator reports, with its own CCG0104 descriptor.</summary>
    public static ExtractionResult NotGenerated(string problem, string typeName, DiagnosticDescriptor descriptor, params string[] arguments) =>
        new(null, problem, typeName) { ProblemDescriptor = descriptor, ProblemArguments = new EquatableArray<string>(arguments) };
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

    private static ExtractionResult ExtractCore(GeneratorAttributeSyntaxContext context, CancellationToken token)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        string name = type.Name;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            return ExtractionResult.ReportedByAnalyzer($"'{name}' must be declared partial so the generator can add members to it.", name); // CCG0001
        if (type.TypeParameters.Length > 0)
            return ExtractionResult.NotGenerated($"'{name}' is generic; conservation models must not be generic.", name, GeneratorDiagnostics.NotGeneratedGeneric, name);
        if (type.IsStatic)
            return ExtractionResult.NotGenerated($"'{name}' is static.", name, GeneratorDiagnostics.NotGeneratedStatic, name);
        for (var t = type; t is not null; t = t.ContainingType)
            if (t.IsFileLocal)
                return ExtractionResult.NotGenerated($"'{t.Name}' is a file-local type.", name, GeneratorDiagnostics.NotGeneratedFileLocal, name, t.Name);

        int maxDegree = ModelArguments.MaxDegreeOf(context.Attributes[0]);
        if (!ModelArguments.IsValidMaxDegree(maxDegree))
            return ExtractionResult.ReportedByAnalyzer($"MaxDegree must be between 1 and 4 (got {Inv(maxDegree)}).", name); // CCG0007

        int loss = ModelArguments.LossOf(context.Attributes[0]);
        if (!ModelArguments.IsValidLoss(loss))
            return ExtractionResult.ReportedByAnalyzer($"The Loss of '{name}' is {Inv(loss)}, which is not defined.", name); // CCG0007
        int symmetry = ModelArguments.InputSymmetryOf(context.Attributes[0]);
        if (!ModelArguments.IsValidInputSymmetry(symmetry))
            return ExtractionResult.ReportedByAnalyzer($"The InputSymmetry of '{name}' is {Inv(symmetry)}, which is not defined.", name); // CCG0007

        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax(token)).OfType<TypeDeclarationSyntax>().Any(s => s.Modifiers.Any(SyntaxKind.PartialKeyword)))
                return ExtractionResult.NotGenerated($"'{name}' is nested in '{outer.Name}', which must be partial too.", name, GeneratorDiagnostics.NotGeneratedOuterNotPartial, name, outer.Name);
            containing.Insert(0, TypeDeclarations.Header(outer));
        }

        var members = type.GetMembers()
            .Where(m => m is IFieldSymbol or IPropertySymbol)
            .Select(m => (Member: m, Attribute: LayerAttributes.Find(m)))
            .Where(x => x.Attribute is not null)
            .OrderBy(x => x.Member.Locations.FirstOrDefault()?.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(x => x.Member.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ToList();
        if (members.Count == 0) return ExtractionResult.ReportedByAnalyzer($"'{name}' has no layers.", name); // CCG0003
        var order = members.Select(m => m.Member.Name).ToList();

        var layers = new List<LayerModel>();
        foreach (var (member, attribute) in members)
        {
            token.ThrowIfCancellationRequested();
            if (Unusable(member, name) is { } unusable) return unusable;
            if (LayerAttributes.Read(attribute!) is not { HasIntegerArguments: true } arguments)
                return ExtractionResult.ReportedByAnalyzer($"[{attribute!.AttributeClass?.Name}] on '{member.Name}' needs integer sizes.", name); // a compiler error
            var reader = LayerKindRegistry.For(arguments.Kind);
            var options = arguments.Options;
            // The engine's table mirrors Activation value for value (ActivationMappingTests).
            var activation = (ActivationKind)(int)options.Activation;

            // An undefined value (`(Activation)42`) must not be read as some activation: no model rather than a wrong one.
            if (!ActivationTable.IsDefined(options.Activation))
                return ExtractionResult.ReportedByAnalyzer($"The Activation of '{member.Name}' is {Inv((int)activation)}, which is not defined.", name); // CCG0007

            // 0 ≤ α < 1 keeps max(αz, z) positively homogeneous and not linear, which the laws and counts assume.
            double slope = options.NegativeSlope;
            if (activation == ActivationKind.LeakyReLU && !(slope >= 0 && slope < 1))
                return ExtractionResult.ReportedByAnalyzer($"NegativeSlope of '{member.Name}' must be in [0, 1) (got {slope.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}).", name); // CCG0007

            // Invalid normalisation arguments are the analyzers' (CCG0007); what the generator does not emit yet is its own.
            bool normalized = options.Normalization != Normalization.None || options.NormScale is not null || options.NormShift is not null;
            if (normalized)
            {
                bool valid = options.Normalization is Normalization.BatchNorm or Normalization.LayerNorm or Normalization.RmsNorm
                    && arguments.Kind is LayerKind.Dense or LayerKind.Conv1d or LayerKind.Conv2d && !(options.NormShift is not null && options.NormScale is null)
                    && !(options.Normalization == Normalization.LayerNorm && arguments.Outputs == 1);
                if (!valid) return ExtractionResult.ReportedByAnalyzer($"The normalisation arguments of '{member.Name}' are invalid.", name); // CCG0007
                if (!(options.NormEpsilon >= 0) || double.IsInfinity(options.NormEpsilon))
                {
                    string epsilon = $"the NormEpsilon of '{member.Name}' is {options.NormEpsilon.ToString("R", CultureInfo.InvariantCulture)}; it must be a finite number ≥ 0 (0, the default, keeps the scale laws exact)";
                    return ExtractionResult.NotGenerated(epsilon, name, GeneratorDiagnostics.NotGenerated, name, epsilon);
                }
            }

            var storage = StorageReader.StorageOf(StorageReader.TypeOf(member));
            if (!reader.Accepts(storage))
                return ExtractionResult.ReportedByAnalyzer($"'{member.Name}' has an unsupported type; use {reader.StorageTypes}.", name); // CCG0003

            if (arguments.Kind == LayerKind.SelfAttention)
            {
                var (attention, attentionMembers, attentionProblem) = Attention(type, arguments, member.Name, activation, order, layers, name);
                if (attentionProblem is not null) return attentionProblem;
                layers.Add(new LayerModel(member.Name, attention!, storage, null, StorageShape.Unsupported)
                {
                    Kind = arguments.Kind,
                    WeightIsStatic = member.IsStatic,
                    Attention = attentionMembers,
                });
                continue;
            }

            var (bias, biasStorage, biasIsStatic, biasProblem) = Companion(type, options.Bias, "bias", member.Name, layers, order, name);
            if (biasProblem is not null) return biasProblem;
            var (beta, betaStorage, betaIsStatic, betaProblem) = Companion(type, options.TrainableBeta, "β", member.Name, layers, order, name);
            if (betaProblem is not null) return betaProblem;
            if (beta is not null && beta == bias) return ExtractionResult.ReportedByAnalyzer($"'{beta}' is used twice in the layout of '{name}'.", name); // CCG0003

            var (up, upStorage, upIsStatic, upProblem) = UpMember(type, arguments, member.Name, reader, layers, order, name);
            if (upProblem is not null) return upProblem;

            int residualFrom = -1;
            if (options.ResidualFrom is { } from)
            {
                residualFrom = LayerIndexOf(from, member.Name, layers);
                if (residualFrom < 0)
                    return ExtractionResult.ReportedByAnalyzer($"ResidualFrom of '{member.Name}' names '{from}', which is not this or an earlier layer.", name); // CCG0002
            }

            // A normalised layer with an affine hands its activation to the affine, a diagonal layer right after it.
            bool affine = normalized && options.NormScale is not null;
            var block = reader.Block(arguments) with
            {
                Activation = affine ? ActivationKind.Identity : activation,
                Normalization = normalized ? (NormalizationKind)(int)options.Normalization : NormalizationKind.None,
                NormEpsilon = normalized ? options.NormEpsilon : 0,
                HasBias = bias is not null,
                WeightName = member.Name,
                BiasName = bias ?? "",
                ActivationDegree = options.ActivationDegree,
                BetaName = beta,
                ResidualFrom = residualFrom,
            };
            // A gated linear unit's formulas name its up weights (the path weights); its gate weights are this member.
            if (block is GatedLinearUnitSpec glu) block = glu with { WeightName = up!, GateName = member.Name };
            layers.Add(new LayerModel(member.Name, block, storage, bias, biasStorage,
                activation == ActivationKind.LeakyReLU ? slope : LayerArguments.DefaultNegativeSlope)
            {
                Kind = arguments.Kind,
                BetaMember = beta,
                BetaStorage = betaStorage,
                WeightIsStatic = member.IsStatic,
                BiasIsStatic = biasIsStatic,
                BetaIsStatic = betaIsStatic,
                UpMember = up,
                UpStorage = upStorage,
                UpIsStatic = upIsStatic,
            });
            if (affine && Affine(type, options, member.Name, block.Outputs, activation, slope, layers, order, name) is { } affineProblem) return affineProblem;
        }

        if (NameProblem(type, layers, name) is { } clash) return clash;
        bool inputRotation = symmetry == ModelArguments.RotationSymmetry;
        // A rotation of the input is W₁ ↦ W₁R only when the input enters through a first dense layer's weights alone.
        if (inputRotation && (layers[0].Kind != LayerKind.Dense || layers.Any(l => l.Block.ResidualFrom == 0)))
            return ExtractionResult.ReportedByAnalyzer($"InputSymmetry.Rotation of '{name}' needs a first [Dense] layer and no residual connection from the input.", name); // CCG0007
        if (inputRotation && (long)layers[0].Inputs * (layers[0].Inputs - 1) / 2 > ModelDescription.MaxLaws)
        {
            string message = $"its {Inv(layers[0].Inputs)} inputs have {((long)layers[0].Inputs * (layers[0].Inputs - 1) / 2).ToString(CultureInfo.InvariantCulture)} input angular-momentum entries (InputSymmetry.Rotation), and at most {ModelDescription.MaxLaws.ToString(CultureInfo.InvariantCulture)} are supported";
            return ExtractionResult.NotGenerated(message, name, GeneratorDiagnostics.NotGenerated, name, message);
        }

        var spec = new ModelSpec(
            TypeDeclarations.Namespace(type),
            name,
            TypeDeclarations.UniqueKey(type),
            TypeDeclarations.Keyword(type),
            new EquatableArray<string>(containing.ToArray()),
            maxDegree,
            new EquatableArray<LayerModel>(layers.ToArray()))
        {
            InputShape = new EquatableArray<int>(InputShapeArgument.Read(context.Attributes[0]) ?? System.Array.Empty<int>()),
            Loss = loss == ModelArguments.SoftmaxCrossEntropyLoss ? OutputLoss.SoftmaxCrossEntropy : OutputLoss.Any,
            InputRotation = inputRotation,
        };
        var description = spec.ToDescription();
        // Only a normalisation's affine is a diagonal layer after a convolution; a declared [Diagonal] there is CCG0002.
        for (int k = 1; k < layers.Count; k++)
            if (layers[k].Kind == LayerKind.Diagonal && layers[k].AffineOf is null && description.ChannelSource(k - 1) is not null)
                return ExtractionResult.ReportedByAnalyzer($"'{layers[k].MemberName}' is a diagonal layer after a convolution.", name); // CCG0002
        var errors = description.Validate();
        // Combinations the engine does not analyse are the generator's to report (the analyzers know only the rules).
        if (errors.Count == 0) errors = ConservationAnalysis.NotYetAnalysed(description).ToList();
        if (errors.Count > 0) return Rejected(spec, errors, name);
        return new ExtractionResult(spec, null, name) { Momentum = ModelArguments.OptimizerOf(context.Attributes[0]) == ModelArguments.MomentumOptimizer };
    }

    // Widths that are not positive or disagree are CCG0002's; only sizes beyond what the engine supports are the generator's.
    private static ExtractionResult Rejected(ModelSpec spec, IReadOnlyList<ModelError> errors, string name)
    {
        string problem = LayerMentions.Named(string.Join(" ", errors.Select(e => e.Message)), spec.Layers);
        if (errors.FirstOrDefault(e => e.Kind == ModelErrorKind.Unsupported) is { } unsupported)
            return ExtractionResult.NotGenerated(problem, name, GeneratorDiagnostics.NotGenerated, name, LayerMentions.Named(unsupported.Message, spec.Layers));
        if (errors.FirstOrDefault(e => e.Kind == ModelErrorKind.TooManyLaws) is { } tooManyLaws && !errors.Any(e => e.Kind != ModelErrorKind.TooManyLaws))
            return ExtractionResult.NotGenerated(problem, name, GeneratorDiagnostics.NotGeneratedTooManyLaws, name, ModelDescription.MaxLaws.ToString(CultureInfo.InvariantCulture));
        var tooLarge = errors.FirstOrDefault(e => e.Kind == ModelErrorKind.AbsurdSize);
        if (tooLarge is null) return ExtractionResult.ReportedByAnalyzer(problem, name);
        if (tooLarge.LayerIndex >= 0 && tooLarge.LayerIndex < spec.Layers.Count)
        {
            var layer = spec.Layers[tooLarge.LayerIndex];
            return ExtractionResult.NotGenerated(problem, name, GeneratorDiagnostics.NotGeneratedLayerTooWide,
                name, layer.MemberName, Inv(layer.Outputs), Inv(layer.Inputs), ModelDescription.MaxWidth.ToString("N0", CultureInfo.InvariantCulture));
        }

        long parameters = spec.Layers.Sum(l => l.Block.ParameterCount);
        return ExtractionResult.NotGenerated(problem, name, GeneratorDiagnostics.NotGeneratedTooManyParameters,
            name, parameters.ToString(CultureInfo.InvariantCulture), ModelDescription.MaxParameters.ToString(CultureInfo.InvariantCulture));
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    // A bias or β member named by a layer: it must exist, be usable, be a vector, and not be any other layer's member.
    private static (string? Name, StorageShape Storage, bool IsStatic, ExtractionResult? Problem) Companion(
        INamedTypeSymbol type, string? memberName, string role, string layer, List<LayerModel> layers, List<string> layerMembers, string name)
    {
        if (memberName is null) return (null, StorageShape.Unsupported, false, null);
        var member = type.GetMembers(memberName).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
        if (member is null) return (null, default, false, ExtractionResult.ReportedByAnalyzer($"The {role} member '{memberName}' of layer '{layer}' does not exist.", name)); // CCG0004
        if (Unusable(member, name) is { } unusable) return (null, default, false, unusable);
        var storage = StorageReader.StorageOf(StorageReader.TypeOf(member));
        if (!storage.IsBias()) return (null, default, false, ExtractionResult.ReportedByAnalyzer($"The {role} member '{memberName}' must be {StorageShapes.BiasTypes}.", name)); // CCG0004
        // One member as two layers' bias or β, or a weight as a bias, would duplicate θ entries and generated members.
        if (layers.Any(l => l.BiasMember == memberName || l.BetaMember == memberName || l.UpMember == memberName) || layerMembers.Contains(memberName))
            return (null, default, false, ExtractionResult.ReportedByAnalyzer($"'{memberName}' is used twice in the layout of '{name}'.", name)); // CCG0003
        return (memberName, storage, member.IsStatic, null);
    }

    // The affine γ ⊙ n + β of a normalised layer: a diagonal layer after it, γ its weights, β its bias, the layer's
    // activation after it (the engine's model of the affine, docs/layers.md). Null when added, else the problem.
    private static ExtractionResult? Affine(
        INamedTypeSymbol type, LayerOptions options, string layer, int outputs, ActivationKind activation, double slope, List<LayerModel> layers, List<string> order, string name)
    {
        var (scale, scaleStorage, scaleIsStatic, scaleProblem) = Companion(type, options.NormScale, "normalisation scale", layer, layers, order, name);
        if (scaleProblem is not null) return scaleProblem;
        var (shift, shiftStorage, shiftIsStatic, shiftProblem) = Companion(type, options.NormShift, "normalisation shift", layer, layers, order, name);
        if (shiftProblem is not null) return shiftProblem;
        if (shift is not null && shift == scale) return ExtractionResult.ReportedByAnalyzer($"'{shift}' is used twice in the layout of '{name}'.", name); // CCG0003
        if (!LayerKindRegistry.For(LayerKind.Diagonal).Accepts(scaleStorage))
            return ExtractionResult.ReportedByAnalyzer($"The normalisation scale '{scale}' of '{layer}' must be {LayerKindRegistry.For(LayerKind.Diagonal).StorageTypes}.", name); // CCG0004
        var block = new DiagonalSpec(outputs)
        {
            Activation = activation,
            HasBias = shift is not null,
            WeightName = scale!,
            BiasName = shift ?? "",
        };
        layers.Add(new LayerModel(scale!, block, scaleStorage, shift, shiftStorage, activation == ActivationKind.LeakyReLU ? slope : LayerArguments.DefaultNegativeSlope)
        {
            Kind = LayerKind.Diagonal,
            WeightIsStatic = scaleIsStatic,
            BiasIsStatic = shiftIsStatic,
            AffineOf = layer,
        });
        return null;
    }

    // The index in the engine's model of the layer whose input a residual connection of `layer` reads: this layer (the
    // next index) or an earlier declared one (an affine layer has no index of its own in the attributes); −1 for none.
    private static int LayerIndexOf(string from, string layer, List<LayerModel> layers)
    {
        if (from == layer) return layers.Count;
        return layers.FindIndex(l => l.AffineOf is null && l.MemberName == from);
    }

    // The up weights of a [GatedLinearUnit]: named, existing, usable, stored as its gate weights may be, no other
    // member of the layout. Other kinds have none.
    private static (string? Name, StorageShape Storage, bool IsStatic, ExtractionResult? Problem) UpMember(
        INamedTypeSymbol type, LayerArguments arguments, string layer, ILayerKind reader, List<LayerModel> layers, List<string> layerMembers, string name)
    {
        if (arguments.Kind != LayerKind.GatedLinearUnit) return (null, StorageShape.Unsupported, false, null);
        if (!ActivationTable.IsDefined(arguments.Options.GateActivation))
            return (null, default, false, ExtractionResult.ReportedByAnalyzer($"The GateActivation of '{layer}' is {Inv((int)arguments.Options.GateActivation)}, which is not defined.", name)); // CCG0007
        string? memberName = arguments.Options.Up;
        if (memberName is null)
            return (null, default, false, ExtractionResult.ReportedByAnalyzer($"The gated linear unit '{layer}' needs Up = nameof(…), the member holding its up weights.", name)); // CCG0004
        var member = type.GetMembers(memberName).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
        if (member is null) return (null, default, false, ExtractionResult.ReportedByAnalyzer($"The up member '{memberName}' of layer '{layer}' does not exist.", name)); // CCG0004
        if (Unusable(member, name) is { } unusable) return (null, default, false, unusable);
        var storage = StorageReader.StorageOf(StorageReader.TypeOf(member));
        if (!reader.Accepts(storage)) return (null, default, false, ExtractionResult.ReportedByAnalyzer($"The up member '{memberName}' must be {reader.StorageTypes}.", name)); // CCG0004
        if (memberName == layer || layers.Any(l => l.BiasMember == memberName || l.BetaMember == memberName || l.UpMember == memberName) || layerMembers.Contains(memberName))
            return (null, default, false, ExtractionResult.ReportedByAnalyzer($"'{memberName}' is used twice in the layout of '{name}'.", name)); // CCG0003
        return (memberName, storage, member.IsStatic, null);
    }

    // A [SelfAttention] block: its sizes, its six other members, and what it does not take (Bias, TrainableBeta). The
    // analyzers report the members' problems (CCG0003, CCG0004); the sizes and options are the generator's (CCG0104).
    private static (SelfAttentionSpec? Block, AttentionMembers? Members, ExtractionResult? Problem) Attention(
        INamedTypeSymbol type, LayerArguments arguments, string layer, ActivationKind activation, List<string> order, List<LayerModel> layers, string name)
    {
        ExtractionResult Fail(string message) => ExtractionResult.NotGenerated(message, name, GeneratorDiagnostics.NotGenerated, name, message);
        var names = arguments.Attention!;
        var options = arguments.Options;
        if (arguments.Heads <= 0 || arguments.HeadDim <= 0)
            return (null, null, Fail($"[SelfAttention] on '{layer}' has {Inv(arguments.Heads)} heads of width {Inv(arguments.HeadDim)}; both must be positive"));
        if (options.Bias is not null || options.TrainableBeta is not null)
            return (null, null, Fail($"[SelfAttention] on '{layer}' takes QueryBias, KeyBias and ValueBias, not {(options.Bias is not null ? "Bias" : "TrainableBeta")}"));
        if (names.Key is null || names.Value is null || names.Output is null)
            return (null, null, ExtractionResult.ReportedByAnalyzer($"[SelfAttention] on '{layer}' needs Key, Value and Output.", name)); // CCG0004

        var taken = new List<string>(order);
        foreach (var l in layers)
        {
            if (l.BiasMember is not null) taken.Add(l.BiasMember);
            if (l.BetaMember is not null) taken.Add(l.BetaMember);
        }

        BlockMember? Member(string? memberName, string role, bool weights, out ExtractionResult? problem)
        {
            problem = null;
            if (memberName is null) return null;
            var symbol = type.GetMembers(memberName).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
            if (symbol is null)
            {
                problem = ExtractionResult.ReportedByAnalyzer($"The {role} member '{memberName}' of the attention block '{layer}' does not exist.", name); // CCG0004
                return null;
            }

            if (Unusable(symbol, name) is { } unusable)
            {
                problem = unusable;
                return null;
            }

            var storage = StorageReader.StorageOf(StorageReader.TypeOf(symbol));
            if (weights ? !storage.IsWeightOf(LayerKind.SelfAttention) : !storage.IsBias())
            {
                problem = ExtractionResult.ReportedByAnalyzer($"The {role} member '{memberName}' of the attention block '{layer}' has the wrong type.", name); // CCG0004
                return null;
            }

            if (taken.Contains(memberName))
            {
                problem = ExtractionResult.ReportedByAnalyzer($"'{memberName}' is used twice in the layout of '{name}'.", name); // CCG0003
                return null;
            }

            taken.Add(memberName);
            return new BlockMember(memberName, storage, symbol.IsStatic);
        }

        var key = Member(names.Key, "key", true, out var p1);
        var value = p1 is null ? Member(names.Value, "value", true, out p1) : null;
        var output = p1 is null ? Member(names.Output, "output", true, out p1) : null;
        var queryBias = p1 is null ? Member(names.QueryBias, "query bias", false, out p1) : null;
        var keyBias = p1 is null ? Member(names.KeyBias, "key bias", false, out p1) : null;
        var valueBias = p1 is null ? Member(names.ValueBias, "value bias", false, out p1) : null;
        if (p1 is not null) return (null, null, p1);

        int residualFrom = -1;
        if (options.ResidualFrom is { } from)
        {
            residualFrom = LayerIndexOf(from, layer, layers);
            if (residualFrom < 0)
                return (null, null, ExtractionResult.ReportedByAnalyzer($"ResidualFrom of '{layer}' names '{from}', which is not this or an earlier layer.", name)); // CCG0002
        }

        var block = new SelfAttentionSpec(arguments.Inputs, arguments.Heads, arguments.HeadDim, queryBias is not null, keyBias is not null, valueBias is not null)
        {
            Activation = activation,
            WeightName = layer,
            ActivationDegree = options.ActivationDegree,
            ResidualFrom = residualFrom,
            QueryBiasName = queryBias?.Name ?? "bQ",
            KeyName = key!.Name,
            KeyBiasName = keyBias?.Name ?? "bK",
            ValueName = value!.Name,
            ValueBiasName = valueBias?.Name ?? "bV",
            OutputName = output!.Name,
        };
        return (block, new AttentionMembers(key, value, output!, queryBias, keyBias, valueBias), null);
    }

    // A [Dense] or bias member that generated code cannot read and write by name, or null when it can.
    private static ExtractionResult? Unusable(ISymbol member, string name) => member switch
    {
        IPropertySymbol { IsIndexer: true } =>
            ExtractionResult.NotGenerated("A layer or bias is an indexer.", name, GeneratorDiagnostics.NotGeneratedIndexer, name, member.ContainingType.Name),
        IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 } =>
            ExtractionResult.NotGenerated($"'{member.Name}' is an explicit interface implementation.", name, GeneratorDiagnostics.NotGeneratedExplicitInterface, name, member.Name),
        IPropertySymbol { GetMethod: null } =>
            ExtractionResult.NotGenerated($"'{member.Name}' has no getter.", name, GeneratorDiagnostics.NotGeneratedNoGetter, name, member.Name),
        _ => null,
    };

    // Members the generated code would declare a second time, and layer members used twice (their Offset and Length
    // constants would be declared twice).
    private static ExtractionResult? NameProblem(INamedTypeSymbol type, List<LayerModel> layers, string name)
    {
        var used = new List<string>();
        foreach (var l in layers)
        {
            used.Add(l.MemberName);
            if (l.BiasMember is not null) used.Add(l.BiasMember);
            if (l.BetaMember is not null) used.Add(l.BetaMember);
            if (l.UpMember is not null) used.Add(l.UpMember);
            if (l.Attention is { } a)
                foreach (var m in new[] { a.Key, a.Value, a.Output, a.QueryBias, a.KeyBias, a.ValueBias })
                    if (m is not null) used.Add(m.Name);
        }

        var twice = used.GroupBy(n => n, System.StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            return ExtractionResult.ReportedByAnalyzer($"'{twice.Key}' is used by more than one layer.", name); // CCG0003
        if (GeneratedMemberNames.IsGenerated(type.Name, used))
            return ExtractionResult.NotGenerated($"The class is named like a generated member.", name, GeneratorDiagnostics.NotGeneratedClassNamedLikeMember, name);
        if (GeneratedMemberNames.FindClash(type, used) is { } member)
            return ExtractionResult.NotGenerated($"'{member.Name}' clashes with a generated member.", name,
                member is IMethodSymbol ? GeneratorDiagnostics.NotGeneratedMethodClash : GeneratorDiagnostics.NotGeneratedMemberClash, name, member.Name);
        return null;
    }
}
