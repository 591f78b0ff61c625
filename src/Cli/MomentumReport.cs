using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Metric;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Cli;

/// <summary>
/// The report of <c>--flow momentum</c>: how many independent laws the momentum flow τθ̈ + θ̇ = −∇L keeps, and on what
/// the number rests. The same count fields as the gradient-flow report, plus <c>flow</c>.
/// </summary>
internal static class MomentumReport
{
    public static void WriteText(ModelDescription model, MomentumCountResult r, TextWriter output, LayerRates? rates = null)
    {
        output.WriteLine("Model:      " + model);
        output.WriteLine(rates is null
            ? "Flow:       momentum, τθ'' + θ' = −∇L (laws are functions of θ + τθ' and τe^{t/τ}θ')"
            : "Flow:       momentum with layer rates, τθ'' + θ' = −M∇L, M = diag(η) with η = " + rates + " per layer (laws are functions of θ + τθ' and τe^{t/τ}θ')");
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "Parameters: D = {0} (phase space 2D = {1})", r.ParameterCount, 2L * r.ParameterCount));
        if (r.Status == AnalysisStatus.Invalid) return;
        output.WriteLine("Laws:       " + CountText(r));
        if (r.ChargeRank is int charges && charges > 0)
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "Charges:    {0} independent rotation charge{1} J = <Xa, " + (rates is null ? "b" : "M⁻¹b") + ">/τ (from the so(w) symmetries of linear hidden layers)", charges, charges == 1 ? "" : "s"));
        foreach (var note in r.Notes) output.WriteLine("Note:       " + note);
        if (r.Message is { Length: > 0 } message) output.WriteLine("Stopped:    " + message);
    }

    // What the number is: certified, exact with high probability, or an upper bound.
    private static string CountText(MomentumCountResult r)
    {
        if (r.IndependentLawCount is not int n) return "not counted (see the notes)";
        string laws = n.ToString(CultureInfo.InvariantCulture) + " independent law" + (n == 1 ? "" : "s");
        if (r.Complete) return laws + " (certificate: computed)";
        return r.CountIsExact
            ? "at most " + laws + " for certain, exactly " + n.ToString(CultureInfo.InvariantCulture) + " with high probability (not certified)"
            : "at most " + laws + " (the budget stopped the bracket iteration: an upper bound)";
    }

    public static void WriteJson(ModelDescription model, MomentumCountResult r, TextWriter output, LayerRates? rates = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("status", r.Status.ToString());
            if (r.Message is { Length: > 0 } message) w.WriteString("message", message);
            w.WriteString("model", model.ToString());
            w.WriteString("flow", "momentum");
            if (rates is not null) MetricReport.WriteRates(w, rates);
            w.WriteNumber("parameters", r.ParameterCount);
            Number(w, "independentLawCount", r.IndependentLawCount);
            w.WriteBoolean("countIsExact", r.CountIsExact);
            w.WriteBoolean("complete", r.Complete);
            w.WriteString("certificate", r.Certificate);
            Number(w, "lieRank", r.LieRank);
            Number(w, "generatorRank", r.GeneratorRank);
            Number(w, "chargeCount", r.ChargeRank);
            Number(w, "bracketRounds", r.BracketRounds);
            w.WriteStartArray("notes");
            foreach (var note in r.Notes) w.WriteStringValue(note);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
