using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Pipeline;

namespace ConservationCodegen.Diagnostics;

/// <summary>Turns the (memoised) engine results of one model into generator diagnostics at its attribute.</summary>
internal static class ModelFindings
{
    /// <summary>Models up to this many parameters get a degree-4 probe to say whether raising MaxDegree helps.</summary>
    public const int DegreeProbeMaxParameters = 24;

    public static List<DiagnosticInfo> For(ModelSpec spec, GenerationOptions options, AttributeLocation at, CancellationToken token)
    {
        var found = new List<DiagnosticInfo>();
        void Add(Microsoft.CodeAnalysis.DiagnosticDescriptor d, params string[] args) =>
            found.Add(new DiagnosticInfo(d, at.Tree, at.Span, new EquatableArray<string>(args)));

        var result = AnalysisMemo.Analyze(spec, options, token);
        switch (result.Status)
        {
            case AnalysisStatus.Invalid:
            case AnalysisStatus.InternalError:
                Add(GeneratorDiagnostics.InternalError, spec.TypeName, result.Message);
                return found;
            case AnalysisStatus.TooLarge:
                Add(result.OverMemoryLimit ? GeneratorDiagnostics.TooLargeForMemory
                        : result.StoppedByWallClock ? GeneratorDiagnostics.TooLargeSlowMachine
                        : GeneratorDiagnostics.TooLarge,
                    spec.TypeName, Inv(result.ParameterCount), Inv(options.BudgetMilliseconds), result.BudgetReason ?? result.Message, GenerationOptions.BudgetProperty);
                break;
        }

        if (result.IndependentLawCount is int n && result.IndependentPolynomialLawCount is int polynomial && polynomial < n)
        {
            // An upper bound is never stated as the number of laws that exist, nor used to say how many are missing.
            bool exact = result.CountIsExact;
            var descriptor = !exact ? GeneratorDiagnostics.UncoveredLawsUpperBound
                : result.Segments.All(s => s.Certificate.StartsWith("theorem:", System.StringComparison.Ordinal)) ? GeneratorDiagnostics.UncoveredLaws
                : GeneratorDiagnostics.UncoveredLawsProbable;
            Add(descriptor, spec.TypeName, Inv(n), Inv(polynomial), Inv(spec.MaxDegree), DegreeAdvice(spec, options, result, polynomial, n, exact, token));
        }

        if (Emit.LayeredNetworkEmitter.MissingInputShape(result.Model))
            Add(Emit.LayeredNetworkEmitter.HasAttention(result.Model) ? GeneratorDiagnostics.NoForwardPassAttention : GeneratorDiagnostics.NoForwardPass, spec.TypeName);
        foreach (var l in spec.Layers)
            if (l.Attention?.KeyBias is { } keyBias) Add(GeneratorDiagnostics.DeadParameter, keyBias.Name, spec.TypeName,
                "softmax over the keys adds the same b_K·q to every logit of a query, so the loss does not depend on the key bias: its gradient is zero and it never trains (each entry is kept as a law); drop it, as most implementations do");

        foreach (var note in result.ModelNotes)
            if (note.Kind == Engine.Analysis.ModelNoteKind.DeadParameter) Add(GeneratorDiagnostics.DeadParameter, note.Member, spec.TypeName,
                "BatchNorm subtracts each unit's batch mean, which removes the bias before it, so its gradient is zero and it never trains (each entry is kept as a law); remove it, the normalisation's shift (NormShift) takes its place");

        for (int k = 0; k < spec.Layers.Count; k++)
        {
            var l = spec.Layers[k];
            if (l.Block.NormEpsilon > 0)
            {
                string group = Engine.NormalizedBlocks.NormalizationFamily.GroupOf(Engine.Laws.LawKind.NormalizationScale, k);
                Add(GeneratorDiagnostics.InexactLaws, spec.TypeName, l.Block.NormEpsilon.ToString("R", CultureInfo.InvariantCulture), l.MemberName,
                    l.Block.Normalization.ToString(), l.Block.Normalization == Engine.Model.NormalizationKind.BatchNorm
                        ? $"{group}[0], …, {group}[{Inv(l.Outputs - 1)}]"
                        : group);
            }
        }

        var symmetries = result.RotationSymmetries;
        if (symmetries.Count > 0)
        {
            var where = string.Join("; ", symmetries.Select(s => spec.Layers[s.Layer].Attention is not null
                ? $"so({Inv(s.Width)}) on the units of each query–key and value–output pair of the heads of '{spec.Layers[s.Layer].MemberName}' (dimension {Inv(s.Dimension)} in all)"
                : $"so({Inv(s.Width)}) between '{spec.Layers[s.Layer].MemberName}' and '{spec.Layers[s.Layer + 1].MemberName}' (dimension {Inv(s.Dimension)})"));
            Add(GeneratorDiagnostics.UncoveredSymmetries, spec.TypeName, where);
        }

        return found;
    }

    // Says whether a higher MaxDegree can close the gap; for small models it probes degree 4 to know.
    private static string DegreeAdvice(ModelSpec spec, GenerationOptions options, AnalysisResult result, int found, int independent, bool exact, CancellationToken token)
    {
        if (spec.MaxDegree >= 4 && !SearchedEveryDegree(result, 4))
            return "MaxDegree is already 4 (the maximum), but the search for laws beyond the structural ones was not exhaustive for this model, so the remaining laws may still be polynomial.";
        if (spec.MaxDegree >= 4)
            return exact
                ? "MaxDegree is already 4 (the maximum), so the remaining laws are not polynomial of degree at most 4."
                : "MaxDegree is already 4 (the maximum), so any remaining laws are not polynomial of degree at most 4.";
        long parameters = spec.Layers.Sum(l => l.Block.ParameterCount);
        if (parameters > DegreeProbeMaxParameters)
            return "A higher MaxDegree (up to 4) may find more; the generator does not probe it for models above "
                + Inv(DegreeProbeMaxParameters) + " parameters.";
        var probe = AnalysisMemo.Analyze(spec, options, token, maxDegree: 4);
        if (probe.Status != AnalysisStatus.Completed)
            return "A higher MaxDegree (up to 4) may find more; probing degree 4 did not finish within the budget.";
        int atFour = probe.IndependentPolynomialLawCount ?? found;
        int gained = atFour - found;
        if (gained <= 0 && !SearchedEveryDegree(probe, 4))
            return "Raising MaxDegree to 4 finds no further law, but that search was not exhaustive for this model, so the remaining laws may still be polynomial.";
        if (gained <= 0)
            return exact && probe.CountIsExact
                ? "Raising MaxDegree to 4 finds no further law: the remaining " + Inv(independent - atFour) + (independent - atFour == 1 ? " is" : " are") + " not polynomial of degree at most 4."
                : "Raising MaxDegree to 4 finds no further law: any remaining laws are not polynomial of degree at most 4.";
        return "Raising MaxDegree to 4 finds " + Inv(gained) + " more" + (probe.Complete ? " and makes the laws complete." : ".");
    }

    // "Not polynomial of degree ≤ k" holds only where the search covered every polynomial of degree ≤ k: in every part of
    // the model whose laws are not complete, the exhaustive degree reached k (parts without a search never claim it).
    private static bool SearchedEveryDegree(AnalysisResult result, int degree) =>
        result.Segments.Where(s => !s.Complete).All(s => s.ExhaustiveDegree >= degree);

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
