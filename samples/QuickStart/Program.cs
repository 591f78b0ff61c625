using System;
using System.Globalization;
using System.Linq;
using ConservationCodegen;
using ConservationCodegen.Training;
using QuickStart;

// Train a small ReLU network with the generated forward pass and gradient, plain SGD, and the conservation monitor.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var rng = new Random(42);
const int samples = 64, batch = 16;
var inputs = Enumerable.Range(0, samples * TwoLayerRelu.InputWidth).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
var targets = new double[samples * TwoLayerRelu.OutputWidth];
for (int s = 0; s < samples; s++)
{
    var x = inputs.AsSpan(s * 3, 3);
    targets[s * 2] = Math.Sin(x[0]) + x[1] * x[2];
    targets[s * 2 + 1] = x[0] - 0.5 * x[2];
}

var model = new TwoLayerRelu();
var theta = Enumerable.Range(0, TwoLayerRelu.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
var gradient = new double[theta.Length];
var monitor = new ConservationMonitor(model, new Sgd(learningRate: 0.05));
Console.WriteLine($"TwoLayerRelu: D = {TwoLayerRelu.ParameterCount}, {TwoLayerRelu.PolynomialLawCount} laws, " +
                  $"{TwoLayerRelu.IndependentLawCount} independent ({TwoLayerRelu.CountCertificate}), complete = {TwoLayerRelu.LawsAreComplete}");

for (int step = 0; step < 500; step++)
{
    int start = step * batch % samples;
    double loss = TwoLayerRelu.ComputeLossAndGradient(theta, inputs.AsSpan(start * 3, batch * 3), targets.AsSpan(start * 2, batch * 2),
        batch, Loss.MeanSquaredError, gradient);
    monitor.Step(theta, gradient); // predicts each law's change, steps, checks
    if (step % 100 == 0) Console.WriteLine($"step {step,4}: loss = {loss:0.000000}");
}

model.SetParameters(theta);
var q = model.ComputeConservedQuantities();
Console.WriteLine();
Console.WriteLine($"{"law",-11} {"formula",-36} {"at start",10} {"at end",10} {"drift",11}");
for (int k = 0; k < TwoLayerRelu.PolynomialLawCount; k++)
    Console.WriteLine($"{TwoLayerRelu.LawNames[k],-11} {TwoLayerRelu.LawFormulas[k],-36} {monitor.InitialValues[k],10:0.000000} {q[k],10:0.000000} {q[k] - monitor.InitialValues[k],11:0.00e+0}");

Console.WriteLine();
Console.Write(monitor.Summary());
var plot = monitor.SavePlots("quickstart-plots", "sgd").First();
Console.WriteLine($"Plot: {plot} (and the change and drift plots next to it)");
