using System;
using System.Collections.Generic;
using System.Threading;
using ConservationCodegen.Diagnostics;
using ConservationCodegen.Emit;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Extraction;
using ConservationCodegen.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConservationCodegen;

/// <summary>
/// The incremental generator: [ConservationModel] classes → equatable <see cref="ModelSpec"/> (cheap) → engine
/// analysis keyed only on the spec and options (heavy, memoised) → emitted files. Findings that need the
/// mathematics go through a separate diagnostics branch at the attribute's location, so they never invalidate
/// source output. Nothing here throws into the compiler except cancellation.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ConservationGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => GenerationOptions.From(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        var extracted = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.ConservationModelAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, token) => SafeExtract(ctx, token))
            .WithTrackingName(TrackingNames.Extract);

        var specs = extracted
            .Select(static (r, _) => r.Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Spec);

        var generated = specs
            .Combine(options)
            .Select(static (item, token) => SafeGenerate(item.Left, item.Right, token))
            .WithTrackingName(TrackingNames.Analyze);

        // Hint names need every model's name (they must be unique ignoring case); the table changes only when a model
        // is added, removed or renamed, so other edits leave the outputs cached.
        var hintNames = specs
            .Select(static (spec, _) => spec.MetadataName)
            .Collect()
            .Select(static (keys, _) => HintNameTable.Assign(keys))
            .WithTrackingName(TrackingNames.HintNames);

        context.RegisterSourceOutput(generated.Combine(hintNames), static (spc, item) => AddSources(spc, item.Left, item.Right));

        // An unusable budget value is reported once per compilation, not silently replaced.
        context.RegisterSourceOutput(options, static (spc, o) =>
        {
            if (o.InvalidBudgetText is not null)
                spc.ReportDiagnostic(Diagnostic.Create(GeneratorDiagnostics.InvalidOption, Location.None,
                    GenerationOptions.BudgetProperty, o.InvalidBudgetText, GenerationOptions.DefaultBudgetMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });

        var diagnostics = extracted
            .Combine(options)
            .Select(static (item, token) => SafeDiagnose(item.Left, item.Right, token))
            .WithTrackingName(TrackingNames.Diagnose);

        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var info in list) spc.ReportDiagnostic(info.ToDiagnostic());
        });
    }

    private static void AddSources(SourceProductionContext spc, GenerationOutput output, HintNameTable hintNames)
    {
        string? error = output.InternalError;
        try
        {
            string stem = hintNames.StemOf(output.Key);
            foreach (var file in output.Files) spc.AddSource(stem + "." + file.Suffix, file.Source);
        }
        catch (ArgumentException e)
        {
            error ??= e.GetType().Name + ": " + e.Message; // a hint name the compiler refused: reported, never thrown
        }

        if (error is not null)
            spc.ReportDiagnostic(Diagnostic.Create(GeneratorDiagnostics.InternalError, Location.None, output.TypeName, error));
    }

    private static ExtractionResult SafeExtract(GeneratorAttributeSyntaxContext ctx, CancellationToken token)
    {
        try
        {
            return ModelExtractor.Extract(ctx, token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ExtractionResult(null, "internal: " + e.GetType().Name + ": " + e.Message, ctx.TargetSymbol.Name);
        }
    }

    // The engine runs here (through the memo), keyed only on the spec and options.
    private static GenerationOutput SafeGenerate(ModelSpec spec, GenerationOptions options, CancellationToken token)
    {
        try
        {
            var result = AnalysisMemo.Analyze(spec, options, token);
            if (result.Status is AnalysisStatus.Invalid or AnalysisStatus.InternalError)
                return new GenerationOutput(spec.TypeName, spec.MetadataName, default, null); // reported by the diagnostics branch
            var files = AnalysisMemo.Emitted(spec, options, result, () => ModelEmitter.Emit(spec, result));
            return new GenerationOutput(spec.TypeName, spec.MetadataName, new EquatableArray<GeneratedFile>(files), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new GenerationOutput(spec.TypeName, spec.MetadataName, default, e.GetType().Name + ": " + e.Message);
        }
    }

    private static EquatableArray<DiagnosticInfo> SafeDiagnose(ExtractionResult extracted, GenerationOptions options, CancellationToken token)
    {
        var at = extracted.Location;
        try
        {
            if (extracted.Problem is not null)
            {
                bool internalError = extracted.Problem.StartsWith("internal: ", StringComparison.Ordinal);
                if (internalError)
                    return Single(new DiagnosticInfo(GeneratorDiagnostics.InternalError, at?.Tree, at?.Span ?? default,
                        new EquatableArray<string>(new[] { extracted.TypeName, extracted.Problem.Substring(10) })));

                // An error an analyzer (or the compiler) reports is not repeated: one problem, one diagnostic.
                if (extracted.ReportedElsewhere)
                    return options.AnalyzersRun
                        ? default
                        : Single(new DiagnosticInfo(GeneratorDiagnostics.NotGeneratedAnalyzersDisabled, at?.Tree, at?.Span ?? default,
                            new EquatableArray<string>(new[] { extracted.TypeName })));

                return Single(extracted.ProblemDescriptor is { } descriptor
                    ? new DiagnosticInfo(descriptor, at?.Tree, at?.Span ?? default, extracted.ProblemArguments)
                    : new DiagnosticInfo(GeneratorDiagnostics.NotGenerated, at?.Tree, at?.Span ?? default,
                        new EquatableArray<string>(new[] { extracted.TypeName, extracted.Problem })));
            }

            if (extracted.Spec is null || at is null) return default;
            var findings = ModelFindings.For(extracted.Spec, options, at, token);
            if (extracted.Momentum) findings.Add(MomentumFindings.For(extracted.Spec, options, at, token));
            return new EquatableArray<DiagnosticInfo>(findings.ToArray());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Single(new DiagnosticInfo(GeneratorDiagnostics.InternalError, at?.Tree, at?.Span ?? default,
                new EquatableArray<string>(new[] { extracted.TypeName, e.GetType().Name + ": " + e.Message })));
        }
    }

    private static EquatableArray<DiagnosticInfo> Single(DiagnosticInfo info) => new(new[] { info });
}

/// <summary>The source branch's result for one model (<paramref name="Key"/>: its unique key for the hint names): its files, or an internal error.</summary>
internal sealed record GenerationOutput(string TypeName, string Key, EquatableArray<GeneratedFile> Files, string? InternalError);
