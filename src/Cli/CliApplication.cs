using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Metric;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Cli;

/// <summary>The <c>conservation-laws</c> command line. Exit codes: 0 analysed, 1 model could not be analysed, 2 bad arguments, 130 cancelled.</summary>
public static class CliApplication
{
    /// <summary>Runs the command line with no cancellation.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, CancellationToken.None);

    /// <summary>Runs the command line; <paramref name="cancellationToken"/> (Ctrl+C) stops the analysis within milliseconds (exit code 130).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? error : output).WriteLine(CliOptions.Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] is "--version" or "version")
        {
            // The package version the tool was built as (the same number as the generator and runtime packages).
            var assembly = typeof(CliApplication).Assembly;
            string version = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "unknown";
            output.WriteLine("conservation-laws " + version.Split('+')[0]);
            return 0;
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

        var model = BuildModel(options);
        var analysisOptions = options.BudgetMilliseconds is int ms
            ? AnalysisOptions.ForBudget(ms, options.MaxDegree)
            : new AnalysisOptions { MaxDegree = options.MaxDegree, WorkBudget = long.MaxValue, MaxCountBytes = UnbudgetedMemoryLimit() };
        LayerRates? rates = null;
        if (options.LayerRates is { } given)
        {
            rates = LayerRates.Create(model, given, out var rateError);
            if (rates is null)
            {
                error.WriteLine("error: --layer-rates: " + rateError);
                return 2;
            }
        }

        if (options.Flow == "momentum") return RunMomentum(model, rates, analysisOptions, options, output, error, cancellationToken);
        if (options.Flow == "mirror" || rates is not null) return RunMetric(model, rates, analysisOptions, options, output, error, cancellationToken);

        AnalysisResult result;
        try
        {
            result = WithProgress(model, analysisOptions, error, () => ConservationAnalysis.Analyze(model, analysisOptions, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("conservation-laws: cancelled.");
            return 130;
        }

        switch (options.Format)
        {
            case OutputFormat.Json: WriteJson(result, options, output); break;
            case OutputFormat.Latex: DocumentReport.WriteLatex(result, options, output); break;
            case OutputFormat.Markdown: DocumentReport.WriteMarkdown(result, options, output); break;
            default: TextReport.Write(result, options, output); break;
        }

        if (result.Status == AnalysisStatus.Invalid) error.WriteLine("error: " + result.Message);
        return result.Status is AnalysisStatus.Completed ? 0 : 1;
    }

    // --flow momentum: the count of the momentum flow's laws, as text or JSON.
    private static int RunMomentum(ModelDescription model, LayerRates? rates, AnalysisOptions analysisOptions, CliOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        MomentumCountResult result;
        try
        {
            result = WithProgress(model, analysisOptions, error, () => MomentumAnalysis.Count(model, rates, analysisOptions, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("conservation-laws: cancelled.");
            return 130;
        }

        if (options.Format == OutputFormat.Json) MomentumReport.WriteJson(model, result, output, rates);
        else MomentumReport.WriteText(model, result, output, rates);
        if (result.Status == AnalysisStatus.Invalid) error.WriteLine("error: " + result.Message);
        return result.Status is AnalysisStatus.Completed ? 0 : 1;
    }

    // --flow mirror, or --layer-rates with gradient flow: laws and count of the metric flow, as text or JSON.
    private static int RunMetric(ModelDescription model, LayerRates? rates, AnalysisOptions analysisOptions, CliOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        MetricFlowResult result;
        try
        {
            result = WithProgress(model, analysisOptions, error, () => rates is null
                ? MetricFlowAnalysis.CountMirror(model, analysisOptions, cancellationToken)
                : MetricFlowAnalysis.CountLayerRates(model, rates, analysisOptions, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("conservation-laws: cancelled.");
            return 130;
        }

        if (options.Format == OutputFormat.Json) MetricReport.WriteJson(model, result, output);
        else MetricReport.WriteText(model, result, options, output);
        if (result.Status == AnalysisStatus.Invalid) error.WriteLine("error: " + result.Message);
        return result.Status is AnalysisStatus.Completed ? 0 : 1;
    }

    /// <summary>The model the options describe: widths, one activation per hidden layer, a bias per layer as asked.</summary>
    public static ModelDescription BuildModel(CliOptions options)
    {
        var layers = new List<LayerSpec>();
        for (int k = 1; k < options.Widths.Count; k++)
        {
            var act = k < options.Widths.Count - 1 && k - 1 < options.HiddenActivations.Count ? options.HiddenActivations[k - 1] : ActivationKind.Identity;
            int hidden = k - 1 < options.HiddenActivations.Count && k < options.Widths.Count - 1 ? k - 1 : -1;
            layers.Add(new LayerSpec(options.Widths[k - 1], options.Widths[k], act, options.HasBias(k - 1))
            {
                ActivationDegree = hidden >= 0 ? options.HiddenDegrees[hidden] : 1,
                BetaName = hidden >= 0 && options.HiddenTrainableBeta[hidden] ? "" : null, // "": the default name Beta{k}
            });
        }

        return new ModelDescription(layers) { Loss = options.Loss };
    }

    // --no-budget lifts the budget, not the machine's memory: the exact count may use three quarters of what the
    // process can have, and is refused (with a note) above that instead of running out of memory.
    private static long UnbudgetedMemoryLimit()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return available > 0 ? available / 4 * 3 : long.MaxValue;
    }

    /// <summary>Delay before the progress line; an analysis that answers sooner prints none (tests shorten it).</summary>
    internal static TimeSpan ProgressDelay { get; set; } = TimeSpan.FromSeconds(1);

    // Runs the analysis on a worker so this thread can write a progress line on standard error after a second (and
    // every ten seconds after that); the standard output, JSON included, is untouched.
    private static T WithProgress<T>(ModelDescription model, AnalysisOptions options, TextWriter error, Func<T> analyse)
    {
        var clock = Stopwatch.StartNew();
        var work = Task.Factory.StartNew(analyse, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var wait = ProgressDelay;
        // The wait handle never runs the analysis inline on this thread (Task.Wait may), so the line can be written.
        var done = ((IAsyncResult)work).AsyncWaitHandle;
        while (!done.WaitOne(wait))
        {
            error.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "conservation-laws: analysing {0} (D = {1}){2}: {3:0} s so far{4}",
                model, model.ParameterCount,
                options.WorkBudget == long.MaxValue ? ", no budget" : string.Format(CultureInfo.InvariantCulture, ", budget {0} ms", options.WorkBudget / 1_000_000),
                clock.Elapsed.TotalSeconds, clock.Elapsed < TimeSpan.FromSeconds(2) ? " (Ctrl+C cancels)" : ""));
            error.Flush();
            wait = TimeSpan.FromSeconds(10);
        }

        return work.GetAwaiter().GetResult();
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
            w.WriteString("flow", "gradient");
            w.WriteStartArray("layers");
            foreach (var l in r.Model.Layers)
            {
                w.WriteStartObject();
                w.WriteNumber("inputs", l.Inputs);
                w.WriteNumber("outputs", l.Outputs);
                w.WriteString("activation", ActivationKinds.DisplayName(l.Activation));
                if (ActivationKinds.HasDegree(l.Activation)) w.WriteNumber("activationDegree", l.ActivationDegree);
                if (l.HasBeta) w.WriteBoolean("trainableBeta", true);
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
            w.WriteBoolean("countIsExact", r.CountIsExact);
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
                w.WriteBoolean("countIsExact", s.CountIsExact);
                WriteNullable(w, "exhaustiveDegree", s.ExhaustiveDegree);
                WriteNullable(w, "independentPolynomialLawCount", s.IndependentPolynomialLawCount);
                w.WriteBoolean("complete", s.Complete);
                w.WriteString("certificate", s.Certificate);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("summary");
            foreach (var g in ReportFacts.LawGroups(r))
            {
                w.WriteStartObject();
                w.WriteString("group", g.Group);
                w.WriteString("kind", g.Kind.ToString());
                w.WriteNumber("count", g.Count);
                if (g.Activation is null) w.WriteNull("activation");
                else w.WriteString("activation", g.Activation);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("cuts");
            foreach (var c in ReportFacts.Cuts(r.Model)) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartArray("missingLaws");
            foreach (var m in ReportFacts.MissingLaws(r, o.MaxDegree)) w.WriteStringValue(m);
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
                // The writer buffers until it is flushed: its pending bytes, not the stream's length, say when to drain.
                if (w.BytesPending > 1 << 15) Drain();
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
}
