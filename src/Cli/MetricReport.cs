using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
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
        output.WriteLine("Laws:       " + CountText(r));
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

    private static string CountText(MetricFlowResult r)
    {
        if (r.IndependentLawCount is not int n) return "not counted (see the notes)";
        string laws = n.ToString(CultureInfo.InvariantCulture) + " independent law" + (n == 1 ? "" : "s");
        if (r.Complete) return laws + " (certificate: " + r.Certificate + ")";
        return r.CountIsExact
            ? "at most " + laws + " for certain, exactly " + n.ToString(CultureInfo.InvariantCulture) + " with high probability (not certified)"
            : "at most " + laws + " (the budget stopped the bracket iteration: an upper bound)";
    }

    public static void WriteJson(ModelDescription model, MetricFlowResult r, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("status", r.Status.ToString());
            if (r.Message is { Length: > 0 } message) w.WriteString("message", message);
            w.WriteString("model", model.ToString());
            w.WriteString("flow", r.Flow);
            if (r.Rates is not null) WriteRates(w, r.Rates);
            w.WriteNumber("parameters", r.ParameterCount);
            Number(w, "independentLawCount", r.IndependentLawCount);
            w.WriteBoolean("countIsExact", r.CountIsExact);
            w.WriteBoolean("complete", r.Complete);
            w.WriteString("certificate", r.Certificate);
            Number(w, "dimW", r.DimW);
            Number(w, "lieRank", r.LieRank);
            Number(w, "independentPolynomialLawCount", r.IndependentPolynomialLawCount);
            Number(w, "bracketRounds", r.BracketRounds);
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
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>"layerRates": the rates as JSON numbers, exactly as given.</summary>
    public static void WriteRates(Utf8JsonWriter w, LayerRates rates)
    {
        w.WriteStartArray("layerRates");
        foreach (var rate in rates.Rates) w.WriteNumberValue(rate);
        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
