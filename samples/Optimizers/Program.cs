using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ConservationCodegen;
using ConservationCodegen.Training;
using Optimizers;

// One MNIST-sized ReLU network, four optimizers, the conservation monitor on each: what every step does to the 128
// balance laws, predicted exactly before the step (SGD, weight decay, heavy ball) or accounted for (Adam).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
const int train = 2048, test = 512, batch = 64, steps = 300;
var x = new double[train * SyntheticDigits.Pixels];
var y = new double[train * SyntheticDigits.Classes];
var xTest = new double[test * SyntheticDigits.Pixels];
var yTest = new double[test * SyntheticDigits.Classes];
var trainClasses = new int[train];
var testClasses = new int[test];
SyntheticDigits.Generate(train, 1, x, y, trainClasses);
SyntheticDigits.Generate(test, 2, xTest, yTest, testClasses);

// He initialisation, the same starting point for every optimizer.
var rng = new Random(7);
var initial = new double[MnistMlp.ParameterCount];
for (int i = 0; i < MnistMlp.W1Length; i++) initial[MnistMlp.W1Offset + i] = Gaussian(rng) * Math.Sqrt(2.0 / 784);
for (int i = 0; i < MnistMlp.W2Length; i++) initial[MnistMlp.W2Offset + i] = Gaussian(rng) * Math.Sqrt(2.0 / 128);

Console.WriteLine($"MnistMlp 784-128-10: D = {MnistMlp.ParameterCount:N0}, {MnistMlp.PolynomialLawCount} laws ({MnistMlp.CountCertificate}); " +
                  $"{steps} steps of {batch} on {train:N0} synthetic digits per optimizer.");
var runs = new (string File, Optimizer Optimizer)[]
{
    ("sgd", new Sgd(learningRate: 0.1)),
    ("sgd-weight-decay", new Sgd(learningRate: 0.1, weightDecay: 5e-3)),
    ("heavy-ball", new HeavyBall(learningRate: 0.02, momentum: 0.9)),
    ("adam", new Adam(learningRate: 1e-3)),
};

Directory.CreateDirectory("optimizers-plots");
Console.WriteLine();
Console.WriteLine($"{"optimizer",-30} {"prediction",-12} {"max |obs − pred|",17} {"× rounding",11} {"violations",10} {"largest drift",14} {"loss",7} {"accuracy",8}");
var model = new MnistMlp();
var gradient = new double[MnistMlp.ParameterCount];
var outputs = new double[test * SyntheticDigits.Classes];
foreach (var (file, optimizer) in runs)
{
    var theta = (double[])initial.Clone();
    var monitor = new ConservationMonitor(model, optimizer);
    double loss = 0;
    var clock = Stopwatch.StartNew();
    for (int step = 0; step < steps; step++)
    {
        int start = step * batch % train;
        loss = MnistMlp.ComputeLossAndGradient(theta, x.AsSpan(start * SyntheticDigits.Pixels, batch * SyntheticDigits.Pixels),
            y.AsSpan(start * SyntheticDigits.Classes, batch * SyntheticDigits.Classes), batch, Loss.SoftmaxCrossEntropy, gradient);
        monitor.Step(theta, gradient);
    }

    MnistMlp.Forward(theta, xTest, test, outputs);
    double accuracy = Enumerable.Range(0, test).Count(s => ArgMax(outputs.AsSpan(s * 10, 10)) == testClasses[s]) / (double)test;
    var stats = monitor.Statistics;
    string kind = optimizer.Prediction == LawPrediction.FromGradient ? "exact check" : "account";
    // An account (Adam) matches its own update by construction: there is nothing to compare, so no numbers are shown.
    bool check = optimizer.Prediction == LawPrediction.FromGradient;
    string difference = check ? stats.Max(s => s.WorstDifference).ToString("0.0e+0") : "—";
    string ratio = check ? stats.Max(s => s.WorstMismatch).ToString("0.0e+0") : "—";
    string violations = check ? monitor.ViolationCount.ToString() : "—";
    Console.WriteLine($"{optimizer.Name,-30} {kind,-12} {difference,17} {ratio,11} {violations,10} {stats[^1].LargestDrift,14:0.000e+0} {loss,7:0.000} {accuracy,8:P1}");
    monitor.SavePlots("optimizers-plots", file);
    monitor.WriteCsv(Path.Combine("optimizers-plots", file + ".csv"));
}

Console.WriteLine();
Console.WriteLine("SGD, weight decay and heavy ball: every law moved exactly as predicted before the step (the difference is rounding).");
Console.WriteLine("Adam keeps no law: the monitor accounts for the change of its actual updates, and its drift is the price of per-coordinate step sizes.");
Console.WriteLine("Plots (laws, observed vs predicted change, drift on a log scale) and CSV per optimizer: optimizers-plots/");
return;

static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

static int ArgMax(ReadOnlySpan<double> v)
{
    int best = 0;
    for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
    return best;
}
