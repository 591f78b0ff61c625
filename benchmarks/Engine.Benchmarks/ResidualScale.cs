using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Benchmarks;

/// <summary>
/// Convolutional and residual models at user sizes (`--residual name`, one model per process so the first call includes
/// JIT): a small ResNet on 3×8×8 inputs, 20-block residual MLPs of width 256 and a 4-block transformer of width 128 (with LayerNorms: transformer-ln). Prints time, peak working set and the
/// certificate.
/// </summary>
internal static class ResidualScale
{
    public static ModelDescription Build(string name)
    {
        switch (name)
        {
            case "resnet":
            {
                static ConvolutionSpec Conv(int cin, int cout, int from = -1) =>
                    new(2, cin, cout, 3, 3, 1, 1) { Activation = ActivationKind.ReLU, HasBias = true, ResidualFrom = from };
                var blocks = new List<BlockSpec> { Conv(3, 16) };
                for (int b = 0; b < 2; b++)
                {
                    int first = blocks.Count;
                    blocks.Add(Conv(16, 16));
                    blocks.Add(Conv(16, 16, from: first));
                }

                blocks.Add(new LayerSpec(16 * 8 * 8, 10, ActivationKind.Identity, true));
                return new ModelDescription(blocks, new[] { 3, 8, 8 });
            }

            case "mlp":
            case "mlp-stem":
            {
                var blocks = new List<BlockSpec>();
                if (name == "mlp-stem") blocks.Add(new LayerSpec(256, 256, ActivationKind.ReLU, true));
                for (int b = 0; b < 20; b++)
                {
                    int first = blocks.Count;
                    blocks.Add(new LayerSpec(256, 256, ActivationKind.ReLU, true));
                    blocks.Add(new LayerSpec(256, 256, ActivationKind.ReLU, true) { ResidualFrom = first });
                }

                blocks.Add(new LayerSpec(256, 10, ActivationKind.Identity, true));
                return new ModelDescription(blocks);
            }

            case "transformer":
            case "transformer-ln":
            {
                // Four blocks of x + attention(x) (4 heads of 32 on 128 features, all three biases) and a residual MLP
                // 128 → 512 (GELU) → 128: the attention's input and output are cuts, as the engine requires.
                // transformer-ln: the same blocks after a LayerNorm embedding 128 → 128 with GELU, then a final LayerNorm with its
                // affine and GELU and a linear head to 10.
                bool norm = name == "transformer-ln";
                var blocks = new List<BlockSpec>();
                if (norm) blocks.Add(new LayerSpec(128, 128, ActivationKind.Gelu, true) { Normalization = NormalizationKind.LayerNorm });
                for (int l = 0; l < 4; l++)
                {
                    int at = blocks.Count;
                    blocks.Add(new SelfAttentionSpec(128, 4, 32, true, true, true) { ResidualFrom = at });
                    blocks.Add(new LayerSpec(128, 512, ActivationKind.Gelu, true));
                    blocks.Add(new LayerSpec(512, 128, ActivationKind.Identity, true) { ResidualFrom = at + 1 });
                }

                if (norm)
                {
                    blocks.Add(new LayerSpec(128, 128, ActivationKind.Identity, true) { Normalization = NormalizationKind.LayerNorm });
                    blocks.Add(new DiagonalSpec(128) { HasBias = true, Activation = ActivationKind.Gelu });
                    blocks.Add(new LayerSpec(128, 10, ActivationKind.Identity, true));
                }

                return new ModelDescription(blocks);
            }

            default:
                throw new ArgumentException("resnet, mlp, mlp-stem, transformer or transformer-ln", nameof(name));
        }
    }

    public static void Run(string name)
    {
        var model = Build(name);
        var sw = Stopwatch.StartNew();
        var r = ConservationAnalysis.Analyze(model);
        double first = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var again = ConservationAnalysis.Analyze(model);
        double second = sw.Elapsed.TotalMilliseconds;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "{0}: D = {1}, {2} laws, count {3} ({4}, complete {5}); first call {6:0} ms (JIT included), second {7:0} ms; peak working set {8:0} MB; status {9}",
            name, model.ParameterCount, r.Laws.Count, r.IndependentLawCount?.ToString(CultureInfo.InvariantCulture) ?? "n/a", r.Certificate, r.Complete,
            first, second, process.PeakWorkingSet64 / 1048576.0, r.Status));
        foreach (var note in r.Notes) Console.WriteLine("  note: " + note);
        if (r.Status == AnalysisStatus.Invalid) Console.WriteLine("  " + r.Message);
        _ = again;
    }
}
