using System;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using ConservationCodegen.Engine.Metric;

namespace ConservationCodegen.Cli;

/// <summary>
/// What the reports of the other flows (<c>--flow momentum</c>, <c>--flow mirror</c>, <c>--layer-rates</c>) share: how a
/// count is worded, and the JSON object with the count fields every flow writes first.
/// </summary>
internal static class FlowReportParts
{
    /// <summary>What the number is: certified, exact with high probability, or an upper bound.</summary>
    public static string CountText(int? count, bool complete, bool countIsExact, string certificate)
    {
        if (count is not int n) return "not counted (see the notes)";
        string laws = n.ToString(CultureInfo.InvariantCulture) + " independent law" + (n == 1 ? "" : "s");
        if (complete) return laws + " (certificate: " + certificate + ")";
        return countIsExact
            ? "at most " + laws + " for certain, exactly " + n.ToString(CultureInfo.InvariantCulture) + " with high probability (not certified)"
            : "at most " + laws + " (the budget stopped the bracket iteration: an upper bound)";
    }

    /// <summary>
    /// Writes one indented JSON object: status, message, model, flow, layerRates, parameters, independentLawCount,
    /// countIsExact, complete, certificate, then the flow's own fields.
    /// </summary>
    public static void WriteJson(TextWriter output, string status, string? message, string model, string flow, LayerRates? rates,
        int parameters, int? count, bool countIsExact, bool complete, string certificate, Action<Utf8JsonWriter> rest)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("status", status);
            if (message is { Length: > 0 }) w.WriteString("message", message);
            w.WriteString("model", model);
            w.WriteString("flow", flow);
            if (rates is not null)
            {
                w.WriteStartArray("layerRates");
                foreach (var rate in rates.Rates) w.WriteNumberValue(rate);
                w.WriteEndArray();
            }

            w.WriteNumber("parameters", parameters);
            Number(w, "independentLawCount", count);
            w.WriteBoolean("countIsExact", countIsExact);
            w.WriteBoolean("complete", complete);
            w.WriteString("certificate", certificate);
            rest(w);
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>A count, or null when it is not known.</summary>
    public static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
