using System;
using System.Globalization;
using System.Linq;
using QuickStart;

// Plain C# gradient descent on synthetic regression data; the generated laws watch the training loop.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var rng = new Random(42);
var model = new TwoLayerRelu();
var theta = new double[TwoLayerRelu.ParameterCount];
for (int i = 0; i < theta.Length; i++) theta[i] = rng.NextDouble() - 0.5;
model.SetParameters(theta);

const int samples = 64;
var xs = Enumerable.Range(0, samples).Select(_ => new[] { rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1 }).ToArray();
var ys = xs.Select(x => new[] { Math.Sin(x[0]) + x[1] * x[2], x[0] - 0.5 * x[2] }).ToArray();

Console.WriteLine($"TwoLayerRelu: D = {TwoLayerRelu.ParameterCount}, |phi| = {TwoLayerRelu.PhiLength}, " +
                  $"independent laws = {TwoLayerRelu.IndependentLawCount}, emitted = {TwoLayerRelu.PolynomialLawCount}, complete = {TwoLayerRelu.LawsAreComplete}");
var q0 = model.ComputeConservedQuantities();
double eta = 0.05;
var gradient = new double[theta.Length];
var predicted = new double[TwoLayerRelu.PolynomialLawCount];
var predictedTotal = new double[TwoLayerRelu.PolynomialLawCount];
double worstMismatch = 0;
for (int step = 0; step < 500; step++)
{
    double loss = LossAndGradient(model, xs, ys, gradient);
    var before = model.ComputeConservedQuantities();
    TwoLayerRelu.PredictStepDrift(gradient, eta, predicted);
    model.CopyParametersTo(theta);
    for (int i = 0; i < theta.Length; i++) theta[i] -= eta * gradient[i];
    model.SetParameters(theta);
    var after = model.ComputeConservedQuantities();
    for (int k = 0; k < predicted.Length; k++)
    {
        predictedTotal[k] += predicted[k];
        worstMismatch = Math.Max(worstMismatch, Math.Abs(after[k] - before[k] - predicted[k]));
    }

    if (step % 100 == 0) Console.WriteLine($"step {step,4}: loss = {loss:0.000000}");
}

var q1 = model.ComputeConservedQuantities();
Console.WriteLine();
Console.WriteLine($"{"law",-14} {"formula",-40} {"at init",10} {"at end",10} {"observed drift",15} {"predicted drift",15}");
for (int k = 0; k < TwoLayerRelu.PolynomialLawCount; k++)
{
    Console.WriteLine($"{TwoLayerRelu.LawNames[k],-14} {TwoLayerRelu.LawFormulas[k],-40} {q0[k],10:0.000000} {q1[k],10:0.000000} {q1[k] - q0[k],15:0.000000e+0} {predictedTotal[k],15:0.000000e+0}");
}

Console.WriteLine($"max |observed - predicted| per step: {worstMismatch:0.0e+0} (rounding only: gradient descent moves each law by exactly eta^2 g^T A g)");

static double LossAndGradient(TwoLayerRelu m, double[][] xs, double[][] ys, double[] g)
{
    Array.Clear(g);
    double loss = 0;
    foreach (var (x, y) in xs.Zip(ys))
    {
        var pre = new double[4];
        var h = new double[4];
        for (int r = 0; r < 4; r++)
        {
            pre[r] = m.B1[r];
            for (int c = 0; c < 3; c++) pre[r] += m.W1[r, c] * x[c];
            h[r] = Math.Max(0, pre[r]);
        }

        var err = new double[2];
        for (int o = 0; o < 2; o++)
        {
            double out_ = m.B2[o];
            for (int r = 0; r < 4; r++) out_ += m.W2[o, r] * h[r];
            err[o] = (out_ - y[o]) / xs.Length;
            loss += 0.5 * (out_ - y[o]) * (out_ - y[o]) / xs.Length;
        }

        // θ layout: W1 (4×3), B1 (4), W2 (2×4), B2 (2).
        for (int o = 0; o < 2; o++)
        {
            for (int r = 0; r < 4; r++) g[16 + o * 4 + r] += err[o] * h[r];
            g[24 + o] += err[o];
        }

        for (int r = 0; r < 4; r++)
        {
            if (pre[r] <= 0) continue;
            double back = 0;
            for (int o = 0; o < 2; o++) back += m.W2[o, r] * err[o];
            for (int c = 0; c < 3; c++) g[r * 3 + c] += back * x[c];
            g[12 + r] += back;
        }
    }

    return loss;
}
