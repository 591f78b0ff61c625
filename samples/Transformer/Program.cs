using System;
using System.Diagnostics;
using System.Linq;
using ConservationCodegen;
using ConservationCodegen.Training;
using Transformer;

// Each token's label is the best of 5 fixed directions applied to the token plus three times the sequence mean: the
// model must mix tokens (attention) to learn it. Trained with SGD and with heavy ball under the conservation monitor.
const int Tokens = 12, Features = 32, Classes = 5, Samples = 64, Batch = 8, Steps = 200;
var rng = new Random(1);
double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

var directions = Enumerable.Range(0, Classes * Features).Select(_ => Normal()).ToArray();
var inputs = new double[Samples * Tokens * Features];
var targets = new double[Samples * Tokens * Classes];
for (int s = 0; s < Samples; s++)
{
    for (int i = 0; i < Tokens * Features; i++) inputs[s * Tokens * Features + i] = Normal();
    var mean = new double[Features];
    for (int t = 0; t < Tokens; t++)
        for (int f = 0; f < Features; f++) mean[f] += inputs[(s * Tokens + t) * Features + f] / Tokens;
    for (int t = 0; t < Tokens; t++)
    {
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < Classes; c++)
        {
            double score = 0;
            for (int f = 0; f < Features; f++) score += directions[c * Features + f] * (inputs[(s * Tokens + t) * Features + f] + 3 * mean[f]);
            if (score > bestScore) (best, bestScore) = (c, score);
        }

        targets[(s * Tokens + t) * Classes + best] = 1;
    }
}

Console.WriteLine($"TinyTransformer: D = {TinyTransformer.ParameterCount}, {TinyTransformer.PolynomialLawCount} laws, "
    + $"{TinyTransformer.IndependentLawCount} independent ({TinyTransformer.CountCertificate}), complete: {TinyTransformer.LawsAreComplete}");

foreach (var optimizer in new Optimizer[] { new Sgd(0.05), new HeavyBall(0.02, 0.9) })
{
    var model = new TinyTransformer();
    var theta = Enumerable.Range(0, TinyTransformer.ParameterCount).Select(_ => 0.15 * Normal()).ToArray();
    Array.Fill(theta, 1.0, TinyTransformer.GammaOffset, TinyTransformer.GammaLength); // γ starts at 1, as in PyTorch
    var gradient = new double[theta.Length];
    var monitor = new ConservationMonitor(model, optimizer);
    var clock = Stopwatch.StartNew();
    double first = 0, loss = 0;
    for (int step = 0; step < Steps; step++)
    {
        int at = step * Batch % Samples;
        loss = TinyTransformer.ComputeLossAndGradient(theta, inputs.AsSpan(at * Tokens * Features, Batch * Tokens * Features),
            targets.AsSpan(at * Tokens * Classes, Batch * Tokens * Classes), Batch, Loss.SoftmaxCrossEntropy, gradient);
        if (step == 0) first = loss;
        monitor.Step(theta, gradient);
    }

    Console.WriteLine();
    Console.WriteLine($"{optimizer.GetType().Name}: loss {first:0.000} -> {loss:0.000} in {Steps} steps ({clock.ElapsedMilliseconds} ms)");
    Console.Write(monitor.Summary());
    model.SetParameters(theta);
    var now = model.ComputeConservedQuantities();
    Console.WriteLine($"  {"law",-32} {"formula",-62} {"start",9} {"end",9}");
    // The first law of each kind per block: the LayerNorms' Norm and Shift, the heads' Grams (head 0 standing for all),
    // the units' balances (Hidden), the head's translation laws.
    var firsts = Enumerable.Range(0, TinyTransformer.PolynomialLawCount)
        .GroupBy(k => System.Text.RegularExpressions.Regex.Replace(TinyTransformer.LawNames[k].Split('[')[0], "Head[0-9]+", "Head")).Select(g => g.First());
    foreach (int k in firsts)
        Console.WriteLine($"  {TinyTransformer.LawNames[k],-32} {TinyTransformer.LawFormulas[k],-62} {monitor.InitialValues[k],9:0.0000} {now[k],9:0.0000}");
}
