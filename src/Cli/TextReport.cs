using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;

namespace ConservationCodegen.Cli;

/// <summary>The terminal report: model, counts, per-layer summary, cuts, the laws by group, what is missing, notes.</summary>
public static class TextReport
{
    /// <summary>Writes the report.</summary>
    public static void Write(AnalysisResult r, CliOptions o, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"Model: {r.Model}");
        output.WriteLine("  " + ReportFacts.NotationLegend);
        if (r.Status == AnalysisStatus.Invalid) return;
        output.WriteLine(string.Format(inv, "Parameters D = {0}, length of phi = {1}", r.ParameterCount, r.ExactPhiLength));
        foreach (var cut in ReportFacts.Cuts(r.Model)) output.WriteLine("Cut: " + cut + ".");
        if (r.Status == AnalysisStatus.TooLarge)
            output.WriteLine(o.BudgetMilliseconds is int ms
                ? string.Format(inv, "Part of the analysis does not fit the budget of {0} ms (--budget): {1}.", ms, r.BudgetReason)
                : "Part of the analysis did not finish: " + r.BudgetReason + ".");
        else if (r.Status != AnalysisStatus.Completed) output.WriteLine(r.Message);

        if (ReportFacts.CountPhrase(r) is string count)
        {
            var details = new List<string> { "certificate: " + r.Certificate };
            if (r.DimW is int dimW) details.Add(string.Format(inv, "dim W_phi = {0}", dimW));
            details.Add(string.Format(inv, r.CountIsExact ? "Lie-trace rank = {0}" : "Lie-trace rank >= {0}", r.LieTraceRank));
            if (r.BracketRounds is int rounds) details.Add(string.Format(inv, "bracket rounds = {0}", rounds));
            output.WriteLine(string.Format(inv, "Independent conservation laws: {0}  ({1})", count, string.Join(", ", details)));
            if (ReportFacts.CountStanding(r) is string standing) output.WriteLine("  (" + standing + ")");
        }
        else
        {
            output.WriteLine("Independent conservation laws: not counted (see notes).");
        }

        output.WriteLine(r.IndependentPolynomialLawCount is int independent
            ? string.Format(inv, "Polynomial laws of degree <= {0}: {1} ({2} functionally independent)", o.MaxDegree, r.PolynomialLawCount, independent)
            : string.Format(inv, "Polynomial laws of degree <= {0}: {1} (their independence was not computed)", o.MaxDegree, r.PolynomialLawCount));
        var groups = ReportFacts.LawGroups(r);
        if (groups.Count > 0) output.WriteLine("Per layer: " + string.Join(", ", groups));

        int at = 0;
        foreach (var g in groups)
        {
            string what = g.Kind switch
            {
                LawKind.GramEntry => "Gram entries of W_k W_k^T (+ b_k b_k^T) - W_{k+1}^T W_{k+1} (linear hidden layer)",
                LawKind.NeuronBalance => g.Activation == "swish-beta" ? "per-neuron balances (rescaling with the trainable beta)" : "per-neuron balances (homogeneous activation)",
                LawKind.Translation => "column sums of the last layer (and its bias sum): linear laws of softmax cross-entropy",
                LawKind.DeadParameter => "parameters with zero gradient (they never train)",
                _ => "other laws",
            };
            output.WriteLine(string.Format(inv, "  {0}: {1}, {2} law{3}", g.Group, what, g.Count, g.Count == 1 ? "" : "s"));
            for (int k = 0; k < g.Count; k++)
            {
                if (!o.AllLaws && k == CliOptions.LawsPerGroupInText)
                {
                    output.WriteLine(string.Format(inv, "    ... and {0} more (--all-laws or --json lists them all)", g.Count - k));
                    break;
                }

                var law = r.Laws[at + k];
                output.WriteLine($"    {law.Name} = {law.Formula}");
            }

            at += g.Count;
        }

        foreach (var line in ReportFacts.MissingLaws(r, o.MaxDegree)) output.WriteLine("Missing: " + line);

        if (r.Status == AnalysisStatus.Completed)
        {
            output.WriteLine(r.Complete
                ? "Complete: yes (certified: every conservation law is locally a function of the laws above)."
                : r.IndependentLawCount is null || !r.CountIsExact
                    ? "Complete: not known (the count is not certified; see the notes)."
                    : "Complete: no (the laws above do not cover every conservation law; see above).");
        }
        else if (r.Status == AnalysisStatus.TooLarge)
        {
            output.WriteLine(r.OverMemoryLimit
                ? (o.BudgetMilliseconds is null
                    ? "Complete: not known (the exact count needs more memory than this machine allows)."
                    : "Complete: not known (the exact count needs more memory than a budgeted run may use; --no-budget computes it).")
                : "Complete: not known (the count did not fit the budget; raise --budget, or use --no-budget).");
        }

        // The budget's reason was printed above, and the gap in the "Missing" lines; the other notes follow.
        foreach (var n in r.Notes)
            if (n.TrimEnd('.') != r.BudgetReason && !n.Contains("independent polynomial laws of degree")) output.WriteLine("Note: " + n);
        output.WriteLine(string.Format(inv, "Elapsed: {0:0.###} ms", r.ElapsedMilliseconds));
    }
}
