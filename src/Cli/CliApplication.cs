using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Cli;

/// <summary>The <c>conservation-laws</c> command line. Exit codes: 0 analysed, 1 model could not be analysed, 2 bad arguments.</summary>
public static class CliApplication
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? error : output).WriteLine(CliOptions.Usage);
            return args.Length == 0 ? 2 : 0;
        }

        bool analyze = args[0] is "analyze" or "analyse";
        if (analyze && args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            output.WriteLine(CliOptions.Usage);
            return 0;
        }

        if (!analyze)
        {
            error.WriteLine($"error: unknown command '{args[0]}' (the command is 'analyze').");
            error.WriteLine(CliOptions.Usage);
            return 2;
        }

        var problem = CliOptions.TryParse(args.Skip(1).ToList(), out var options);
        if (problem is not null)
        {
            error.WriteLine("error: " + problem);
            error.WriteLine(CliOptions.Usage);
            return 2;
        }

        var model = ModelDescription.FromWidths(options.Widths, options.HiddenActivations, options.Bias);
        var analysisOptions = options.BudgetMilliseconds is int ms
            ? AnalysisOptions.ForBudget(ms, options.MaxDegree)
            : new AnalysisOptions { MaxDegree = options.MaxDegree, WorkBudget = long.MaxValue, MaxCountBytes = long.MaxValue };
        var result = ConservationAnalysis.Analyze(model, analysisOptions);
        if (options.Json) WriteJson(result, options, output);
        else WriteText(result, options, output);
        if (result.Status == AnalysisStatus.Invalid) error.WriteLine("error: " + result.Message);
        return result.Status is AnalysisStatus.Completed ? 0 : 1;
    }

    /// <summary>The JSON document as one string (tests, small models).</summary>
    public static string ToJson(AnalysisResult r, CliOptions o)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteJson(r, o, text);
        return text.ToString();
    }

    /// <summary>
    /// Writes the JSON document to <paramref name="output"/> in chunks, so the laws of a model with 10⁵ of them stream
    /// out instead of being held twice in memory.
    /// </summary>
    public static void WriteJson(AnalysisResult r, CliOptions o, TextWriter output)
    {
        using var stream = new MemoryStream();
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[1 << 16];
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            // Decodes the written bytes through one reused buffer (no large strings on the large-object heap).
            void Drain()
            {
                w.Flush();
                var bytes = stream.GetBuffer();
                int length = (int)stream.Length;
                for (int at = 0; at < length;)
                {
                    int take = Math.Min(length - at, chars.Length / 2);
                    int count = decoder.GetChars(bytes, at, take, chars, 0, flush: false);
                    output.Write(chars, 0, count);
                    at += take;
                }

                stream.SetLength(0);
            }

            w.WriteStartObject();
            w.WriteString("status", r.Status.ToString());
            if (r.Message.Length > 0) w.WriteString("message", r.Message);
            w.WriteString("model", r.Model.ToString());
            w.WriteStartArray("layers");
            foreach (var l in r.Model.Layers)
            {
                w.WriteStartObject();
                w.WriteNumber("inputs", l.Inputs);
                w.WriteNumber("outputs", l.Outputs);
                w.WriteString("activation", ActivationKinds.DisplayName(l.Activation));
                w.WriteBoolean("bias", l.HasBias);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("maxDegree", o.MaxDegree);
            w.WriteNumber("parameters", r.ParameterCount);
            w.WritePropertyName("phiLength");
            w.WriteRawValue(r.ExactPhiLength.ToString(CultureInfo.InvariantCulture)); // exact, even beyond 2⁶³
            WriteNullable(w, "dimW", r.DimW);
            WriteNullable(w, "lieTraceRank", r.LieTraceRank);
            WriteNullable(w, "bracketRounds", r.BracketRounds);
            WriteNullable(w, "independentLawCount", r.IndependentLawCount);
            w.WriteNumber("polynomialLawCount", r.PolynomialLawCount);
            WriteNullable(w, "independentPolynomialLawCount", r.IndependentPolynomialLawCount);
            w.WriteBoolean("complete", r.Complete);
            w.WriteString("certificate", r.Certificate);
            w.WriteStartArray("segments");
            foreach (var s in r.Segments)
            {
                w.WriteStartObject();
                w.WriteNumber("firstLayer", s.FirstLayer + 1);
                w.WriteNumber("lastLayer", s.LastLayer + 1);
                w.WriteNumber("parameters", s.ParameterCount);
                WriteNullable(w, "independentLawCount", s.LieTraceRank is int rank ? s.ParameterCount - rank : null);
                WriteNullable(w, "independentPolynomialLawCount", s.IndependentPolynomialLawCount);
                w.WriteBoolean("complete", s.Complete);
                w.WriteString("certificate", s.Certificate);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("laws");
            foreach (var law in r.Laws)
            {
                w.WriteStartObject();
                w.WriteString("name", law.Name);
                w.WriteString("group", law.Group);
                w.WriteString("kind", law.Kind.ToString());
                w.WriteNumber("degree", law.Degree);
                w.WriteString("formula", law.Formula);
                w.WriteString("latex", law.LatexFormula);
                w.WriteEndObject();
                if (stream.Length > 1 << 15) Drain();
            }

            w.WriteEndArray();
            w.WriteStartArray("errors");
            foreach (var e in r.Errors) w.WriteStringValue(e.Message);
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var n in r.Notes) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteNumber("elapsedMilliseconds", Math.Round(r.ElapsedMilliseconds, 3));
            w.WriteEndObject();
            Drain();
        }

        output.WriteLine();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void WriteText(AnalysisResult r, CliOptions o, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"Model: {r.Model}");
        if (r.Status == AnalysisStatus.Invalid) return;
        output.WriteLine(string.Format(inv, "Parameters D = {0}, length of phi = {1}", r.ParameterCount, r.ExactPhiLength));
        if (r.Status == AnalysisStatus.TooLarge)
            output.WriteLine(o.BudgetMilliseconds is int ms
                ? string.Format(inv, "Part of the analysis does not fit the budget of {0} ms (--budget): {1}.", ms, r.BudgetReason)
                : "Part of the analysis did not finish: " + r.BudgetReason + ".");
        else if (r.Status != AnalysisStatus.Completed) output.WriteLine(r.Message);
        if (r.IndependentLawCount is int count)
        {
            var details = new System.Collections.Generic.List<string> { "certificate: " + r.Certificate };
            if (r.DimW is int dimW) details.Add(string.Format(inv, "dim W_phi = {0}", dimW));
            details.Add(string.Format(inv, "Lie-trace rank = {0}", r.LieTraceRank));
            if (r.BracketRounds is int rounds) details.Add(string.Format(inv, "bracket rounds = {0}", rounds));
            output.WriteLine(string.Format(inv, "Independent conservation laws: {0}  ({1})", count, string.Join(", ", details)));
        }
        else
        {
            output.WriteLine("Independent conservation laws: not counted (see notes).");
        }

        output.WriteLine(r.IndependentPolynomialLawCount is int independent
            ? string.Format(inv, "Polynomial laws of degree <= {0}: {1} ({2} functionally independent)", o.MaxDegree, r.PolynomialLawCount, independent)
            : string.Format(inv, "Polynomial laws of degree <= {0}: {1} (their independence was not computed)", o.MaxDegree, r.PolynomialLawCount));
        string? group = null;
        int inGroup = 0, groupSize = 0;
        for (int k = 0; k < r.Laws.Count; k++)
        {
            var law = r.Laws[k];
            if (law.Group != group)
            {
                group = law.Group;
                inGroup = 0;
                groupSize = 0;
                for (int j = k; j < r.Laws.Count && r.Laws[j].Group == group; j++) groupSize++;
                string what = law.Kind switch
                {
                    LawKind.GramEntry => "Gram entries of W_k W_k^T (+ b_k b_k^T) - W_{k+1}^T W_{k+1} (linear hidden layer)",
                    LawKind.NeuronBalance => "per-neuron balances (homogeneous activation)",
                    _ => "other laws",
                };
                output.WriteLine(string.Format(inv, "  {0}: {1}, {2} law{3}", group, what, groupSize, groupSize == 1 ? "" : "s"));
            }

            if (o.AllLaws || inGroup < CliOptions.LawsPerGroupInText) output.WriteLine($"    {law.Name} = {law.Formula}");
            else if (inGroup == CliOptions.LawsPerGroupInText)
                output.WriteLine(string.Format(inv, "    ... and {0} more (--all-laws or --json lists them all)", groupSize - inGroup));
            inGroup++;
        }

        if (r.Status == AnalysisStatus.Completed)
        {
            output.WriteLine(r.Complete
                ? "Complete: yes (certified: every conservation law is locally a function of the laws above)."
                : "Complete: no (the laws above do not cover every conservation law; see notes).");
        }
        else if (r.Status == AnalysisStatus.TooLarge)
        {
            output.WriteLine(r.OverMemoryLimit
                ? "Complete: not known (the exact count needs more memory than a budgeted run may use; --no-budget computes it)."
                : "Complete: not known (the count did not fit the budget; raise --budget, or use --no-budget).");
        }

        // The budget's reason was printed above; the other notes follow.
        foreach (var n in r.Notes)
            if (n.TrimEnd('.') != r.BudgetReason) output.WriteLine("Note: " + n);
        output.WriteLine(string.Format(inv, "Elapsed: {0:0.###} ms", r.ElapsedMilliseconds));
    }
}
