using System;
using ConservationCodegen.Emit;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Extraction;
using ConservationCodegen.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConservationCodegen;

/// <summary>
/// The incremental generator: [ConservationModel] classes → equatable <see cref="ModelSpec"/> (cheap) →
/// engine analysis keyed only on the spec (heavy, memoised) → emitted members.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ConservationGenerator : IIncrementalGenerator
{
    private static readonly DiagnosticDescriptor NotGenerated = new(
        "CCG0104", "Conservation model not generated", "The conservation model '{0}' was not generated: {1}",
        "ConservationCodegen.Generator", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor InternalError = new(
        "CCG0103", "Internal error in the conservation generator", "Internal error while generating '{0}': {1}. Please report it.",
        "ConservationCodegen.Generator", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var extracted = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.ConservationModelAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, token) => SafeExtract(ctx, token))
            .WithTrackingName(TrackingNames.Extract);

        var problems = extracted.Where(static r => r.Problem is not null);
        context.RegisterSourceOutput(problems, static (spc, r) =>
            spc.ReportDiagnostic(Diagnostic.Create(r.Problem!.StartsWith("internal:", StringComparison.Ordinal) ? InternalError : NotGenerated, null, r.TypeName, r.Problem)));

        var analysed = extracted
            .Where(static r => r.Spec is not null)
            .Select(static (r, _) => r.Spec!)
            .WithTrackingName(TrackingNames.Spec)
            .Select(static (spec, token) => (Spec: spec, Source: SafeEmit(spec, token)))
            .WithTrackingName(TrackingNames.Analyze);

        context.RegisterSourceOutput(analysed, static (spc, item) =>
        {
            if (item.Source.StartsWith("internal:", StringComparison.Ordinal))
                spc.ReportDiagnostic(Diagnostic.Create(InternalError, null, item.Spec.TypeName, item.Source));
            else
                spc.AddSource(item.Spec.MetadataName + ".Conservation.g.cs", item.Source);
        });
    }

    private static ExtractionResult SafeExtract(GeneratorAttributeSyntaxContext ctx, System.Threading.CancellationToken token)
    {
        try
        {
            return ModelExtractor.Extract(ctx, token);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            return new ExtractionResult(null, "internal: " + e.GetType().Name + ": " + e.Message, ctx.TargetSymbol.Name);
        }
    }

    // The engine runs here, keyed only on the spec; a string result keeps the pipeline value equatable.
    private static string SafeEmit(ModelSpec spec, System.Threading.CancellationToken token)
    {
        try
        {
            var result = ConservationAnalysis.Analyze(spec.ToDescription(), new AnalysisOptions { MaxDegree = spec.MaxDegree }, token);
            if (result.Status is AnalysisStatus.Invalid or AnalysisStatus.InternalError) return "internal: " + result.Message;
            return ModelEmitter.Emit(spec, result);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            return "internal: " + e.GetType().Name + ": " + e.Message;
        }
    }
}
