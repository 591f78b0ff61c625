using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using ConservationCodegen.Training;
using Shouldly;
using SkiaSharp;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>The monitor's files: plots decode as images of the requested size; CSV and JSON hold every recorded step.</summary>
public sealed class MonitorOutputTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ccg-monitor-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static ConservationMonitor Run(Optimizer optimizer, int steps)
    {
        var rng = new Random(12);
        var model = new ReluBias();
        var monitor = new ConservationMonitor(model, optimizer, new MonitorOptions { MaxRecordedLaws = 5 });
        var theta = Enumerable.Range(0, ReluBias.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var x = Enumerable.Range(0, 4 * 6).Select(_ => rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 4 * 3).Select(_ => rng.NextDouble()).ToArray();
        var g = new double[theta.Length];
        for (int s = 0; s < steps; s++)
        {
            ReluBias.ComputeLossAndGradient(theta, x, y, 4, Loss.MeanSquaredError, g);
            monitor.Step(theta, g);
        }

        return monitor;
    }

    [Fact]
    public void PlotsAreWrittenAsImagesOfTheRequestedSize()
    {
        var monitor = Run(new HeavyBall(0.05), 30);
        var paths = monitor.SavePlots(_folder, "run", 640, 400);
        paths.Count.ShouldBe(6);
        foreach (var png in paths.Where(p => p.EndsWith(".png", StringComparison.Ordinal)))
        {
            using var bitmap = SKBitmap.Decode(png);
            bitmap.ShouldNotBeNull(png);
            bitmap.Width.ShouldBe(640);
            bitmap.Height.ShouldBe(400);
        }

        foreach (var svg in paths.Where(p => p.EndsWith(".svg", StringComparison.Ordinal)))
        {
            var root = XDocument.Load(svg).Root!;
            root.Name.LocalName.ShouldBe("svg");
            root.Attribute("width")!.Value.ShouldStartWith("640");
            root.Attribute("height")!.Value.ShouldStartWith("400");
        }

        Path.GetFileName(paths[0]).ShouldBe("run-laws.png");
    }

    [Fact]
    public void CsvAndJsonHoldEveryRecordedStep()
    {
        var monitor = Run(new Sgd(0.05), 12);
        monitor.RecordedLawCount.ShouldBe(5);
        string csv = Path.Combine(_folder, "run.csv"), json = Path.Combine(_folder, "run.json");
        Directory.CreateDirectory(_folder);
        monitor.WriteCsv(csv);
        monitor.WriteJson(json);

        var lines = File.ReadAllLines(csv);
        lines[0].ShouldBe("step,law,name,value_before,observed_change,predicted_change,drift_after");
        lines.Length.ShouldBe(1 + 12 * 5);
        var cells = lines[1 + 3 * 5 + 2].Split(',');
        cells[0].ShouldBe("3");
        cells[2].ShouldBe("\"Hidden1[2]\"");
        double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(monitor.Values(3)[2]);

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rootElement = document.RootElement;
        rootElement.GetProperty("steps").GetInt32().ShouldBe(12);
        rootElement.GetProperty("prediction").GetString().ShouldBe("fromGradient");
        rootElement.GetProperty("records").GetArrayLength().ShouldBe(12);
        rootElement.GetProperty("records")[7].GetProperty("observed")[4].GetDouble().ShouldBe(monitor.ObservedChanges(7)[4]);
        rootElement.GetProperty("violationCount").GetInt32().ShouldBe(0);
    }

    [Fact]
    public void PlottingBeforeAnyStepIsRefused()
    {
        var monitor = new ConservationMonitor(new ReluBias(), new Sgd(0.1));
        Should.Throw<InvalidOperationException>(() => monitor.SavePlots(_folder));
    }
}
