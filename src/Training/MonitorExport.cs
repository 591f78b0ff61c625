using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ConservationCodegen.Training;

/// <summary>CSV and JSON files of a monitored run (culture-invariant; NaN is an empty CSV cell and JSON null).</summary>
internal static class MonitorExport
{
    public static void WriteCsv(ConservationMonitor monitor, string path)
    {
        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        // value_before is h before the step; drift_after = h after the step − h at the first monitored θ.
        w.WriteLine("step,law,name,value_before,observed_change,predicted_change,drift_after");
        var names = monitor.Model.LawNames;
        foreach (int step in monitor.RecordedSteps)
        {
            var values = monitor.Values(step);
            var observed = monitor.ObservedChanges(step);
            var predicted = monitor.PredictedChanges(step);
            for (int k = 0; k < monitor.RecordedLawCount; k++)
            {
                double drift = values[k] + observed[k] - monitor.InitialValues[k];
                w.Write(step.ToString(inv));
                w.Write(',');
                w.Write(k.ToString(inv));
                w.Write(",\"");
                w.Write(names[k].Replace("\"", "\"\""));
                w.Write('"');
                foreach (double v in new[] { values[k], observed[k], predicted[k], drift })
                {
                    w.Write(',');
                    if (!double.IsNaN(v)) w.Write(v.ToString("R", inv));
                }

                w.WriteLine();
            }
        }
    }

    public static void WriteJson(ConservationMonitor monitor, string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep η, λ, ′ readable
        });
        json.WriteStartObject();
        json.WriteString("optimizer", monitor.Optimizer.Name);
        json.WriteString("prediction", monitor.Optimizer.Prediction == LawPrediction.FromGradient ? "fromGradient" : "fromUpdate");
        json.WriteString("lawNote", monitor.Optimizer.LawNote);
        json.WriteNumber("steps", monitor.StepCount);
        json.WriteNumber("lawCount", monitor.Model.LawCount);
        json.WriteStartArray("recordedLaws");
        for (int k = 0; k < monitor.RecordedLawCount; k++) json.WriteStringValue(monitor.Model.LawNames[k]);
        json.WriteEndArray();
        Numbers(json, "initialValues", monitor.InitialValues.Slice(0, monitor.RecordedLawCount));
        json.WriteStartArray("records");
        foreach (int step in monitor.RecordedSteps)
        {
            json.WriteStartObject();
            json.WriteNumber("step", step);
            Numbers(json, "values", monitor.Values(step));
            Numbers(json, "observed", monitor.ObservedChanges(step));
            Numbers(json, "predicted", monitor.PredictedChanges(step));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("statistics");
        foreach (var s in monitor.Statistics)
        {
            json.WriteStartObject();
            json.WriteNumber("step", s.Step);
            Number(json, "largestChange", s.LargestChange);
            Number(json, "largestDrift", s.LargestDrift);
            if (s.LargestDriftLaw >= 0) json.WriteString("largestDriftLaw", monitor.Model.LawNames[s.LargestDriftLaw]);
            Number(json, "worstDifference", s.WorstDifference);
            Number(json, "worstMismatch", s.WorstMismatch);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("violationCount", monitor.ViolationCount);
        json.WriteStartArray("violations");
        foreach (var v in monitor.Violations)
        {
            json.WriteStartObject();
            json.WriteNumber("step", v.Step);
            json.WriteString("law", v.LawName);
            Number(json, "observed", v.Observed);
            Number(json, "predicted", v.Predicted);
            Number(json, "tolerance", v.Tolerance);
            json.WriteString("message", v.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteBoolean("checksMomentumCharges", monitor.ChecksMomentumCharges);
        json.WriteNumber("chargeViolationCount", monitor.ChargeViolationCount);
        json.WriteStartArray("chargeViolations");
        foreach (var v in monitor.ChargeViolations)
        {
            json.WriteStartObject();
            json.WriteNumber("step", v.Step);
            json.WriteString("level", v.Level);
            json.WriteString("charge", v.ChargeName);
            Number(json, "observed", v.Observed);
            Number(json, "expected", v.Expected);
            Number(json, "tolerance", v.Tolerance);
            Number(json, "chargeChange", v.ChargeChange);
            json.WriteString("message", v.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteBoolean("checksInputRotation", monitor.ChecksInputRotation);
        json.WriteNumber("inputRotationViolationCount", monitor.InputRotationViolationCount);
        json.WriteStartArray("inputRotationViolations");
        foreach (var v in monitor.InputRotationViolations)
        {
            json.WriteStartObject();
            json.WriteNumber("step", v.Step);
            json.WriteString("entry", v.EntryName);
            Number(json, "observed", v.Observed);
            Number(json, "expected", v.Expected);
            Number(json, "tolerance", v.Tolerance);
            Number(json, "entryChange", v.EntryChange);
            json.WriteString("message", v.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    private static void Numbers(Utf8JsonWriter json, string name, System.ReadOnlySpan<double> values)
    {
        json.WriteStartArray(name);
        foreach (double v in values)
        {
            if (double.IsFinite(v)) json.WriteNumberValue(v);
            else json.WriteNullValue();
        }

        json.WriteEndArray();
    }
}
