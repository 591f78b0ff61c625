using System.Globalization;
using System.IO;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Metric;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Cli;

/// <summary>
/// The report of a metric flow (<c>--layer-rates</c> with gradient flow, or <c>--flow mirror</c>): its count, on what the
/// count rests, and its polynomial laws. The same count fields as the gradient-flow report, plus <c>flow</c> and
/// <c>layerRates</c>.
/// </summary>
internal static class MetricReport
{
    public static void WriteText(ModelDescription model, MetricFlowResult r, CliOptions options, TextWriter output)
    {
        output.WriteLine("Model:      " + model);
        output.WriteLine(r.Rates is null
            ? "Flow:       mirror, θ' = −diag(θ)∇L (entropic mirror flow of a positive factorisation)"
            : "Flow:       gradient with layer rates, θ' = −diag(η)∇L with η = " + r.Rates + " per layer");
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "Parameters: D = {0}", r.ParameterCount));
        if (r.Status == AnalysisStatus.Invalid) return;
        output.WriteLine("Laws:       " + FlowReportParts.CountText(r.IndependentLawCount, r.Complete, r.CountIsExact, r.Certificate));
        if (r.Laws.Count > 0)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "Polynomial laws ({0}{1}):", r.Laws.Count,
                r.Rates is null ? ", from the diagonal gradient-flow balances" : ", each gradient-flow law with each layer's terms divided by its rate"));
            int limit = options.AllLaws ? int.MaxValue : 4 * CliOptions.LawsPerGroupInText;
            foreach (var law in r.Laws.Take(limit)) output.WriteLine("  " + law.Name + " = " + law.Formula);
            if (r.Laws.Count > limit)
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  ... {0} more (--all-laws prints every law)", r.Laws.Count - limit));
        }

        foreach (var note in r.Notes) output.WriteLine("Note:       " + note);
        if (r.Message is { Length: > 0 } message) output.WriteLine("Stopped:    " + message);
    }

    public static void WriteJson(ModelDescription model, MetricFlowResult r, TextWriter output) =>
        FlowReportParts.WriteJson(output, r.Status.ToString(), r.Message, model.ToString(), r.Flow, r.Rates, r.ParameterCount,
            r.IndependentLawCount, r.CountIsExact, r.Complete, r.Certificate, w =>
            {
                FlowReportParts.Number(w, "dimW", r.DimW);
                FlowReportParts.Number(w, "lieRank", r.LieRank);
                FlowReportParts.Number(w, "independentPolynomialLawCount", r.IndependentPolynomialLawCount);
                FlowReportParts.Number(w, "bracketRounds", r.BracketRounds);
                w.WriteStartArray("laws");
                foreach (var law in r.Laws)
                {
                    w.WriteStartObject();
                    w.WriteString("name", law.Name);
                    w.WriteString("formula", law.Formula);
                    w.WriteNumber("degree", law.Degree);
                    w.WriteString("gradientFlowLaw", law.Source.Formula);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("notes");
                foreach (var note in r.Notes) w.WriteStringValue(note);
                w.WriteEndArray();
            });
}
