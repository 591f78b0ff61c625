using System.Globalization;
using System.Linq;
using System.Threading;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Pipeline;

namespace ConservationCodegen.Diagnostics;

/// <summary>
/// CCG0107 for a model declared with <c>Optimizer = OptimizerKind.Momentum</c>: how many conservation laws the momentum
/// flow keeps (certified, with high probability, an upper bound, or not counted at this size), and how many momentum
/// charges the generated code checks. Never states more than the count supports.
/// </summary>
internal static class MomentumFindings
{
    public static DiagnosticInfo For(ModelSpec spec, GenerationOptions options, AttributeLocation at, CancellationToken token)
    {
        var result = AnalysisMemo.MomentumCount(spec, options, token);
        int charges = Emit.MomentumChargeEmitter.Levels(spec.ToDescription()).Sum(l => l.Count);
        bool gradientLaws = AnalysisMemo.Analyze(spec, options, token).PolynomialLawCount > 0;
        var (count, check) = Sentences(result, charges, gradientLaws);
        return new DiagnosticInfo(GeneratorDiagnostics.MomentumLaws, at.Tree, at.Span, new EquatableArray<string>(new[] { spec.TypeName, count, check }));
    }

    /// <summary>
    /// The two sentences of CCG0107: what the count says, and what the generated code checks (<paramref name="gradientLaws"/>:
    /// whether the model emits any gradient-flow law, whose drift is then all that can be watched without charges).
    /// </summary>
    internal static (string Count, string Check) Sentences(MomentumCountResult r, int charges, bool gradientLaws = true)
    {
        string none = gradientLaws
            ? "only the drift of the gradient-flow laws can be monitored under momentum (the HeavyBall optimizer predicts it exactly from its buffer)"
            : "it emits no gradient-flow law either (its activations cut every law), so nothing conserved can be monitored under momentum";
        string chargesText = charges == 1 ? "its momentum charge" : "its " + Inv(charges) + " momentum charges";
        string check = charges == 0 ? "It has no momentum charge to check: " + none + "."
            : "The generated code checks " + chargesText + " (ComputeMomentumCharges: under heavy ball j_{k+1} = β j_k exactly; HeavyBall and ConservationMonitor check it every step).";
        string laws(int n) => n == 0 ? "no conservation law" : n == 1 ? "1 independent conservation law" : Inv(n) + " independent conservation laws";

        if (r.Status is AnalysisStatus.Invalid or AnalysisStatus.InternalError || r.IndependentLawCount is not int n)
        {
            // The notes say which part was not counted and why (memory, budget, a kind the count does not handle).
            string why = r.Notes.FirstOrDefault() ?? r.Message ?? "no count";
            // Invalid here means the momentum count refuses the model (softmax cross-entropy), not its size.
            string count = "was not counted under momentum" + (r.Status == AnalysisStatus.Invalid ? "" : " at this size") + " (" + why.TrimEnd('.') + ")";
            string lower = charges == 0 ? check
                : "Its " + (charges == 1 ? "momentum charge is a conservation law" : Inv(charges) + " momentum charges are conservation laws") + " of the momentum flow, so the number of laws is at least the number of independent ones among them. " + check;
            return (count, lower);
        }

        if (r.Complete)
        {
            if (n == 0) return ("keeps no conservation law under momentum (certified: the momentum flow's fields reach full rank 2D = " + Inv(2 * r.ParameterCount) + ", by exact computation)", check);
            return ("keeps " + laws(n) + " under momentum (certified by exact computation: its momentum charges generate all of them)", check);
        }

        if (r.CountIsExact)
            return ("keeps " + laws(n) + " under momentum with high probability (the rank of the momentum flow's fields stopped growing at a random point; not certified)"
                + (r.ChargeRank is int known && known > 0 ? ", " + Inv(known) + " of them from its momentum charges" : ""), check);

        return ("keeps at most " + laws(n) + " under momentum (the compile budget stopped the count before its rank was stable: an upper bound)", check);
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
