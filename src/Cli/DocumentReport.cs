using System.Globalization;
using System.IO;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;

namespace ConservationCodegen.Cli;

/// <summary>
/// The laws for a paper or a notebook: a LaTeX fragment (counts as comments, laws in an <c>align*</c> environment) or a
/// Markdown report (counts as a list, laws as a table per group with inline math). Both use the engine's LaTeX formulas.
/// </summary>
public static class DocumentReport
{
    /// <summary>Writes the LaTeX fragment.</summary>
    public static void WriteLatex(AnalysisResult r, CliOptions o, TextWriter output)
    {
        output.WriteLine("% conservation-laws: " + r.Model + "  " + ReportFacts.NotationLegend);
        if (r.Status == AnalysisStatus.Invalid)
        {
            output.WriteLine("% invalid model: " + r.Message);
            return;
        }

        foreach (var line in Facts(r, o)) output.WriteLine("% " + line);
        var groups = ReportFacts.LawGroups(r);
        if (groups.Count == 0) return;
        output.WriteLine(@"\begin{align*}");
        int at = 0;
        for (int gi = 0; gi < groups.Count; gi++)
        {
            var g = groups[gi];
            output.WriteLine("  % " + g);
            int shown = o.AllLaws ? g.Count : System.Math.Min(g.Count, CliOptions.LawsPerGroupInText);
            for (int k = 0; k < shown; k++)
            {
                var law = r.Laws[at + k];
                bool last = gi == groups.Count - 1 && k == shown - 1;
                output.WriteLine($"  {LatexName(law)} &= {law.LatexFormula}{(last ? "" : @" \\")}");
            }

            if (shown < g.Count)
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  % ... and {0} more ({1}; --all-laws lists them all)", g.Count - shown, g.Group));
            at += g.Count;
        }

        output.WriteLine(@"\end{align*}");
    }

    /// <summary>Writes the Markdown report.</summary>
    public static void WriteMarkdown(AnalysisResult r, CliOptions o, TextWriter output)
    {
        output.WriteLine("# Conservation laws of `" + r.Model + "`");
        output.WriteLine();
        output.WriteLine(ReportFacts.NotationLegend);
        output.WriteLine();
        if (r.Status == AnalysisStatus.Invalid)
        {
            output.WriteLine("Invalid model: " + r.Message);
            return;
        }

        foreach (var line in Facts(r, o)) output.WriteLine("- " + line);
        int at = 0;
        foreach (var g in ReportFacts.LawGroups(r))
        {
            output.WriteLine();
            output.WriteLine("## " + g);
            output.WriteLine();
            output.WriteLine("| law | formula |");
            output.WriteLine("|---|---|");
            int shown = o.AllLaws ? g.Count : System.Math.Min(g.Count, CliOptions.LawsPerGroupInText);
            for (int k = 0; k < shown; k++)
            {
                var law = r.Laws[at + k];
                output.WriteLine($"| `{law.Name}` | ${law.LatexFormula.Replace("|", @"\vert ")}$ |");
            }

            if (shown < g.Count)
            {
                output.WriteLine();
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "… and {0} more (`--all-laws` lists them all).", g.Count - shown));
            }

            at += g.Count;
        }
    }

    // The facts both formats list before the laws, one sentence each.
    private static System.Collections.Generic.List<string> Facts(AnalysisResult r, CliOptions o)
    {
        var inv = CultureInfo.InvariantCulture;
        var facts = new System.Collections.Generic.List<string>
        {
            string.Format(inv, "Parameters D = {0}; φ has {1} components.", r.ParameterCount, r.ExactPhiLength),
        };
        foreach (var cut in ReportFacts.Cuts(r.Model)) facts.Add("Cut: " + cut + ".");
        if (r.Status == AnalysisStatus.TooLarge) facts.Add("Part of the analysis did not fit the budget: " + r.BudgetReason + ".");
        facts.Add(ReportFacts.CountPhrase(r) is string count
            ? string.Format(inv, "Independent conservation laws: {0} ({1}; certificate {2}).", count,
                ReportFacts.CountStanding(r) ?? "exact", r.Certificate)
            : "Independent conservation laws: not counted.");
        facts.Add(r.IndependentPolynomialLawCount is int independent
            ? string.Format(inv, "Polynomial laws of degree ≤ {0}: {1} ({2} functionally independent).", o.MaxDegree, r.PolynomialLawCount, independent)
            : string.Format(inv, "Polynomial laws of degree ≤ {0}: {1} (their independence was not computed).", o.MaxDegree, r.PolynomialLawCount));
        var groups = ReportFacts.LawGroups(r);
        if (groups.Count > 0) facts.Add("Per layer: " + string.Join(", ", groups) + ".");
        facts.AddRange(ReportFacts.MissingLaws(r, o.MaxDegree).Select(m => "Missing: " + m));
        facts.Add(r.Status != AnalysisStatus.Completed ? "Complete: not known." : r.Complete ? "Complete: yes (certified)." : r.IndependentLawCount is null || !r.CountIsExact ? "Complete: not known." : "Complete: no.");
        return facts;
    }

    // "Hidden1[0,2]" → \mathrm{Hidden1}_{0,2}; "Other3" → \mathrm{Other3}.
    private static string LatexName(ConservationLaw law)
    {
        int bracket = law.Name.IndexOf('[');
        return bracket < 0
            ? @"\mathrm{" + law.Name + "}"
            : @"\mathrm{" + law.Name.Substring(0, bracket) + "}_{" + law.Name.Substring(bracket + 1).TrimEnd(']') + "}";
    }
}
