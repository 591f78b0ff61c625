using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Metric;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// docs/momentum.md's table of counts is the engine's: this test recomputes every row (gradient flow, momentum, layer
/// rates, mirror) and fails when the page differs. <c>CCG_UPDATE_DOCS=1</c> rewrites the table between its markers.
/// </summary>
public sealed class MomentumDocTableTests
{
    private const string Begin = "<!-- counts-table:begin -->";
    private const string End = "<!-- counts-table:end -->";
    private static readonly AnalysisOptions Unbudgeted = new() { WorkBudget = long.MaxValue };

    public static TheoryData<string> RowNames()
    {
        var data = new TheoryData<string>();
        // The symbolic φ of the tests is the path lifting: RePU rows are left out.
        foreach (var (name, model) in Rows())
            if (!model.Layers.Any(l => ActivationKinds.HasDegree(l.Activation))) data.Add(name);
        return data;
    }

    /// <summary>Each row's momentum, layer-rate and mirror counts equal the independent symbolic counts of the tests.</summary>
    [Theory]
    [MemberData(nameof(RowNames))]
    public void Every_row_equals_the_symbolic_counts(string row)
    {
        var model = Rows().Single(r => r.Name == row).Model;
        int d = model.ParameterCount;
        var momentum = MomentumAnalysis.Count(model, Unbudgeted);
        momentum.IndependentLawCount.ShouldBe(SymbolicMomentumRank.LawCount(model));
        var rates = TableRates(model.Layers.Count);
        MetricFlowAnalysis.CountLayerRates(model, LayerRates.Create(model, rates, out _)!, Unbudgeted).IndependentLawCount
            .ShouldBe(SymbolicMetricRank.LawCount(SymbolicMetricRank.RateFields(model, rates), d));
        var mirror = MetricFlowAnalysis.CountMirror(model, Unbudgeted);
        if (mirror.Status != AnalysisStatus.Invalid)
            mirror.IndependentLawCount.ShouldBe(SymbolicMetricRank.LawCount(SymbolicMetricRank.MirrorFields(model), d));
    }

    private static IEnumerable<(string Name, ModelDescription Model)> Rows()
    {
        for (int h = 1; h <= 4; h++) yield return ($"linear 1-{h}-1", TestModels.Linear(1, h, 1));
        yield return ("linear 2-2-2", TestModels.Linear(2, 2, 2));
        yield return ("linear 3-2-3", TestModels.Linear(3, 2, 3));
        yield return ("linear 2-3-2", TestModels.Linear(2, 3, 2));
        yield return ("linear 1-2-1 with biases", ModelDescription.FromWidths(new[] { 1, 2, 1 }, ActivationKind.Identity, bias: true));
        yield return ("linear 2-2-2-2", TestModels.Linear(2, 2, 2, 2));
        yield return ("linear 1-2-2-1 with biases", ModelDescription.FromWidths(new[] { 1, 2, 2, 1 }, ActivationKind.Identity, bias: true));
        yield return ("ReLU 2-3-2", TestModels.Relu(false, 2, 3, 2));
        yield return ("ReLU 2-2-1 with biases", TestModels.Relu(true, 2, 2, 1));
        yield return ("ReLU 1-2-2-1 with biases", TestModels.Relu(true, 1, 2, 2, 1));
        yield return ("tanh 1-2-2-1 with biases", ModelDescription.FromWidths(new[] { 1, 2, 2, 1 }, ActivationKind.Tanh, bias: true));
        yield return ("RePU(2) 2-3-1 with biases", new ModelDescription(new[]
        {
            new LayerSpec(2, 3, ActivationKind.RePU, true) { ActivationDegree = 2 },
            new LayerSpec(3, 1, ActivationKind.Identity, true),
        }));
    }

    /// <summary>The rates of the table's layer-rate column: 1, 0.5, 2, 0.25 for layers 1–4.</summary>
    internal static decimal[] TableRates(int layers) => new[] { 1m, 0.5m, 2m, 0.25m }.Take(layers).ToArray();

    internal static string Table()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| model | D | gradient flow | momentum | layer rates | rates used | mirror |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, model) in Rows())
        {
            var gf = ConservationAnalysis.Analyze(model, Unbudgeted);
            var momentum = MomentumAnalysis.Count(model, Unbudgeted);
            var rates = TableRates(model.Layers.Count);
            var layerRates = MetricFlowAnalysis.CountLayerRates(model, LayerRates.Create(model, rates, out _)!, Unbudgeted);
            var mirror = MetricFlowAnalysis.CountMirror(model, Unbudgeted);
            sb.Append("| ").Append(name)
                .Append(" | ").Append(model.ParameterCount.ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(Cell(gf.IndependentLawCount, gf.Complete, gf.CountIsExact))
                .Append(" | ").Append(Cell(momentum.IndependentLawCount, momentum.Complete, momentum.CountIsExact))
                .Append(" | ").Append(Cell(layerRates.IndependentLawCount, layerRates.Complete, layerRates.CountIsExact))
                .Append(" | ").Append(string.Join(", ", rates.Select(r => r.ToString(CultureInfo.InvariantCulture))))
                .Append(" | ").Append(mirror.Status == AnalysisStatus.Invalid ? "—" : Cell(mirror.IndependentLawCount, mirror.Complete, mirror.CountIsExact))
                .AppendLine(" |");
        }

        return sb.ToString();
    }

    // "3": certified; "3*": exact with high probability (rank stable at a random point, not certified); "≤ 3": an upper
    // bound; "not counted".
    private static string Cell(int? count, bool complete, bool exact)
    {
        if (count is not int n) return "not counted";
        string text = n.ToString(CultureInfo.InvariantCulture);
        return complete ? text : exact ? text + "*" : "≤ " + text;
    }

    private static string PagePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConservationCodegen.sln"))) return Path.Combine(dir.FullName, "docs", "momentum.md");
        throw new InvalidOperationException("Repository root not found.");
    }

    [Fact]
    public void The_pages_table_of_counts_is_what_the_engine_computes()
    {
        string path = PagePath();
        string page = File.ReadAllText(path).Replace("\r\n", "\n");
        int begin = page.IndexOf(Begin, StringComparison.Ordinal), end = page.IndexOf(End, StringComparison.Ordinal);
        begin.ShouldBeGreaterThanOrEqualTo(0, "docs/momentum.md has no " + Begin + " marker");
        end.ShouldBeGreaterThan(begin);
        string current = page.Substring(begin + Begin.Length, end - begin - Begin.Length).Trim('\n');
        string computed = Table().Replace("\r\n", "\n").TrimEnd('\n');
        if (Environment.GetEnvironmentVariable("CCG_UPDATE_DOCS") == "1" && current != computed)
        {
            File.WriteAllText(path, page.Substring(0, begin + Begin.Length) + "\n" + computed + "\n" + page.Substring(end));
            return;
        }

        current.ShouldBe(computed);
    }
}
