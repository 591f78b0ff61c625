using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Cli;

/// <summary>One group of laws in the per-layer summary, e.g. "Hidden1: 36 Gram entries (linear)".</summary>
/// <param name="Group">The laws' group ("Hidden1", "Other").</param>
/// <param name="Kind">What the laws are.</param>
/// <param name="Count">How many laws the group has.</param>
/// <param name="Activation">The activation after the group's hidden layer (null for laws found by the search).</param>
public sealed record LawGroupSummary(string Group, LawKind Kind, int Count, string? Activation)
{
    /// <summary>"Hidden1: 36 Gram entries (linear)".</summary>
    public override string ToString()
    {
        string what = Kind switch
        {
            LawKind.GramEntry => Count == 1 ? "Gram entry" : "Gram entries",
            LawKind.NeuronBalance => Count == 1 ? "balance" : "balances",
            LawKind.Translation => Count == 1 ? "translation law" : "translation laws",
            LawKind.DeadParameter => Count == 1 ? "dead parameter" : "dead parameters",
            _ => Count == 1 ? "other law" : "other laws",
        };
        return string.Format(CultureInfo.InvariantCulture, "{0}: {1} {2}{3}", Group, Count, what, Activation is null ? "" : " (" + Activation + ")");
    }
}

/// <summary>
/// What every output format says beyond the raw numbers: the count as "N" or "at most N", the per-layer summary, the cuts
/// made by non-homogeneous activations, and what is known about laws that were not found. Each sentence states only what
/// the analysis established.
/// </summary>
public static class ReportFacts
{
    /// <summary>How the model line is written.</summary>
    public const string NotationLegend = "(notation: '-->' a layer, '=b=>' a layer with a bias, '[act]' the activation after a layer; none shown = linear)";

    /// <summary>"30", or "at most 46" when the count is only an upper bound; null when it was not counted.</summary>
    public static string? CountPhrase(AnalysisResult r) =>
        r.IndependentLawCount is int n ? (r.CountIsExact ? "" : "at most ") + n.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// How far the count can be trusted when it is not a certified exact number, in the words every format prints; null
    /// when it is exact and certified (or not counted).
    /// </summary>
    public static string? CountStanding(AnalysisResult r) =>
        r.IndependentLawCount is null ? null
        : !r.CountIsExact ? "an upper bound: the Lie rank reached is only a lower bound (the bracket iteration stopped before its rank was stable, or activation patterns were sampled; see the notes); the exact number is not known"
        : r.Certificate == "none" ? "not certified: at most this many for certain, and exactly this many with high probability: the rank stopped growing at a random point modulo a prime"
        : null;

    /// <summary>Law groups in order, with their kind, size and the activation of their hidden layer.</summary>
    public static List<LawGroupSummary> LawGroups(AnalysisResult r)
    {
        var groups = new List<LawGroupSummary>();
        foreach (var run in r.LawGroups)
        {
            string? activation = run.Kind is not (LawKind.General or LawKind.Translation or LawKind.DeadParameter) && run.Layer >= 0 && run.Layer < r.Model.Layers.Count
                ? ActivationKinds.DisplayName(r.Model.Layers[run.Layer])
                : null;
            groups.Add(new LawGroupSummary(run.Group, run.Kind, run.Count, activation));
        }

        return groups;
    }

    /// <summary>One sentence per non-homogeneous activation: the model splits there and no law crosses it.</summary>
    public static List<string> Cuts(ModelDescription model)
    {
        var cuts = new List<string>();
        for (int k = 0; k + 1 < model.Layers.Count; k++)
        {
            var act = model.Layers[k].Activation;
            if (ActivationKinds.CutsModel(model.Layers[k]))
                cuts.Add(string.Format(CultureInfo.InvariantCulture, "{0} after layer {1}: no law crosses it (no rescaling symmetry)", ActivationKinds.DisplayName(act), k + 1));
        }

        return cuts;
    }

    /// <summary>
    /// Per segment whose laws are not all covered: how many are missing (exactly, or at most) and what the search
    /// established about them. Empty when the laws are complete or nothing was counted.
    /// </summary>
    public static List<string> MissingLaws(AnalysisResult r, int maxDegree)
    {
        var lines = new List<string>();
        foreach (var s in r.Segments)
        {
            if (s.Complete || s.LieTraceRank is not int rank || s.IndependentPolynomialLawCount is not int found) continue;
            int missing = s.ParameterCount - rank - found;
            if (missing <= 0) continue;
            string where = s.FirstLayer == s.LastLayer
                ? string.Format(CultureInfo.InvariantCulture, "layer {0}", s.FirstLayer + 1)
                : string.Format(CultureInfo.InvariantCulture, "layers {0}–{1}", s.FirstLayer + 1, s.LastLayer + 1);
            string count = s.CountIsExact
                ? string.Format(CultureInfo.InvariantCulture, "{0} independent law{1} beyond the {2} found", missing, missing == 1 ? "" : "s", found)
                : string.Format(CultureInfo.InvariantCulture, "at most {0} independent law{1} beyond the {2} found (the count is an upper bound)", missing, missing == 1 ? "" : "s", found);
            string known;
            if (s.ExhaustiveDegree is int k)
            {
                known = string.Format(CultureInfo.InvariantCulture,
                    "{0} not polynomial of degree ≤ {1}: every polynomial law of degree ≤ {1} is a function of the laws above (exhaustive search)",
                    !s.CountIsExact ? "any that exist are" : missing == 1 ? "it is" : "they are", k);
                if (k < 4) known += string.Format(CultureInfo.InvariantCulture, "; --max-degree {0} searches higher degrees", 4);
            }
            else
            {
                known = string.Format(CultureInfo.InvariantCulture,
                    "whether {0} polynomial of degree ≤ {1} was not established (the search covered only laws touching at most two neurons of a level, or did not run)",
                    !s.CountIsExact ? "any that exist are" : missing == 1 ? "it is" : "they are", maxDegree);
            }

            lines.Add(string.Format(CultureInfo.InvariantCulture, "Segment {0} ({1}): {2}; {3}.", s.Index + 1, where, count, known));
        }

        return lines;
    }
}
