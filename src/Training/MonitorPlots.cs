using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace ConservationCodegen.Training;

/// <summary>The monitor's three plots (ScottPlot), each saved as PNG and SVG.</summary>
internal static class MonitorPlots
{
    private const int MaxLines = 10;
    private const int MaxPoints = 5_000;

    public static IReadOnlyList<string> Save(ConservationMonitor monitor, string directory, string name, int width, int height)
    {
        if (monitor.StepCount == 0) throw new InvalidOperationException("Nothing to plot: no step was monitored.");
        if (width < 100 || height < 100) throw new ArgumentOutOfRangeException(nameof(width), "Plots need at least 100×100 pixels.");
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var (suffix, plot) in new[] { ("laws", Laws(monitor)), ("change", Change(monitor)), ("drift", Drift(monitor)) })
        {
            string stem = Path.Combine(directory, $"{name}-{suffix}");
            plot.SavePng(stem + ".png", width, height);
            plot.SaveSvg(stem + ".svg", width, height);
            paths.Add(stem + ".png");
            paths.Add(stem + ".svg");
        }

        return paths;
    }

    // The recorded laws that drift most, over the steps (value before each step, and after the last).
    private static Plot Laws(ConservationMonitor m)
    {
        var recordedSteps = m.RecordedSteps;
        int last = recordedSteps[^1], recorded = m.RecordedLawCount;
        var final = new double[recorded];
        for (int k = 0; k < recorded; k++) final[k] = m.Values(last)[k] + m.ObservedChanges(last)[k];
        var shown = Enumerable.Range(0, recorded).OrderByDescending(k => Math.Abs(final[k] - m.InitialValues[k])).ThenBy(k => k).Take(MaxLines).OrderBy(k => k);
        var plot = new Plot();
        var xs = recordedSteps.Select(i => (double)i).Append(last + 1).ToArray();
        foreach (int k in shown)
        {
            var ys = new double[xs.Length];
            for (int i = 0; i < recordedSteps.Count; i++) ys[i] = m.Values(recordedSteps[i])[k];
            ys[^1] = final[k];
            var line = plot.Add.Scatter(xs, ys);
            line.MarkerSize = 0;
            line.LegendText = m.Model.LawNames[k];
        }

        int lines = Math.Min(MaxLines, recorded);
        plot.Title($"Conservation laws under {m.Optimizer.Name}" + (lines < m.Model.LawCount ? $" ({lines} of {m.Model.LawCount}: those that drift most)" : ""));
        plot.XLabel("step");
        plot.YLabel("law value h(θ)");
        plot.ShowLegend(Edge.Right); // outside the data, which it would hide
        return plot;
    }

    // Every (predicted, observed) pair of the recorded laws, with the diagonal they should lie on.
    private static Plot Change(ConservationMonitor m)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        long total = (long)m.RecordedSteps.Count * m.RecordedLawCount;
        int stride = (int)Math.Max(1, total / MaxPoints);
        long index = 0;
        foreach (int s in m.RecordedSteps)
        {
            var predicted = m.PredictedChanges(s);
            var observed = m.ObservedChanges(s);
            for (int k = 0; k < m.RecordedLawCount; k++, index++)
            {
                if (index % stride != 0 || double.IsNaN(predicted[k])) continue;
                xs.Add(predicted[k]);
                ys.Add(observed[k]);
            }
        }

        var plot = new Plot();
        if (xs.Count > 0)
        {
            double low = Math.Min(xs.Min(), ys.Min()), high = Math.Max(xs.Max(), ys.Max());
            var diagonal = plot.Add.Line(low, low, high, high);
            diagonal.LegendText = "observed = predicted";
            var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            points.LegendText = "a law at a step";
            // Every kept violation, drawn over the sample so none is lost to the stride.
            var flagged = m.Violations.Where(v => !v.IsNonFinite).ToArray();
            if (flagged.Length > 0)
            {
                var red = plot.Add.ScatterPoints(flagged.Select(v => v.Predicted).ToArray(), flagged.Select(v => v.Observed).ToArray());
                red.Color = Colors.Red;
                red.MarkerSize = 9;
                red.LegendText = m.ViolationCount > flagged.Length ? $"first {flagged.Length} of {m.ViolationCount} violations" : "violation";
            }

            plot.ShowLegend();
        }

        plot.Title(m.Optimizer.Prediction == LawPrediction.FromGradient
            ? $"Observed vs predicted change per step ({m.ViolationCount} violations)"
            : "Observed vs predicted change (prediction = the actual update)");
        plot.XLabel("predicted h(θ') − h(θ)");
        plot.YLabel("observed h(θ') − h(θ)");
        return plot;
    }

    // The largest |h(θ_k) − h(θ₀)| over all laws, per step, on a log scale.
    private static Plot Drift(ConservationMonitor m)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var s in m.Statistics)
        {
            if (!(s.LargestDrift > 0)) continue;
            xs.Add(s.Step + 1);
            ys.Add(Math.Log10(s.LargestDrift));
        }

        var plot = new Plot();
        if (xs.Count > 0)
        {
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.MarkerSize = 0;
        }

        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => "1e" + Math.Round(y).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Title($"Largest cumulative drift of a law under {m.Optimizer.Name}");
        plot.XLabel("step");
        plot.YLabel("max |h(θ) − h(θ₀)| (log scale)");
        return plot;
    }
}
