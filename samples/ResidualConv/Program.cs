using System;
using System.Diagnostics;
using System.Globalization;
using ConservationCodegen;
using ConservationCodegen.Training;
using ResidualConv;

// Train a small residual convolutional network with the generated forward pass and gradient, plain SGD, and the
// conservation monitor checking every step: the balances per hidden channel and the residual stream's balances.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
const int samples = 512, batch = 32, steps = 300, pixels = 64, classes = 4;
var rng = new Random(3);
var x = new double[samples * pixels];
var y = new double[samples * classes];
var labels = new int[samples];
for (int s = 0; s < samples; s++) Stripes.Draw(rng, x.AsSpan(s * pixels, pixels), y.AsSpan(s * classes, classes), out labels[s]);

// He initialisation: weights only, biases start at zero.
var theta = new double[ResidualNet.ParameterCount];
Initialise(ResidualNet.K1Offset, ResidualNet.K1Length, 9);
Initialise(ResidualNet.K2Offset, ResidualNet.K2Length, 72);
Initialise(ResidualNet.K3Offset, ResidualNet.K3Length, 72);
Initialise(ResidualNet.W4Offset, ResidualNet.W4Length, 512);

Console.WriteLine($"ResidualNet (Conv2d 1→8, residual block of two Conv2d 8→8, Dense 512→4): D = {ResidualNet.ParameterCount:N0}");
Console.WriteLine($"  {ResidualNet.PolynomialLawCount} laws, {ResidualNet.IndependentLawCount} independent " +
                  $"(certificate {ResidualNet.CountCertificate}), complete = {ResidualNet.LawsAreComplete}");
foreach (int k in new[] { 0, 7, 8, ResidualNet.PolynomialLawCount - 1 })
    Console.WriteLine($"  {ResidualNet.LawNames[k],-12} = {ResidualNet.LawFormulas[k]}");
Console.WriteLine();

// The balance of the level the skip reads, on its own: not a law (rescaling that level alone changes the model).
double startEnd = SkipSourceBalance(theta, 0);

var model = new ResidualNet();
var gradient = new double[theta.Length];
var monitor = new ConservationMonitor(model, new Sgd(learningRate: 0.05));
var clock = Stopwatch.StartNew();
double first = 0, recent = 0;
for (int step = 0; step < steps; step++)
{
    int start = step * batch % samples;
    double loss = ResidualNet.ComputeLossAndGradient(theta, x.AsSpan(start * pixels, batch * pixels),
        y.AsSpan(start * classes, batch * classes), batch, Loss.SoftmaxCrossEntropy, gradient);
    monitor.Step(theta, gradient);
    if (step == 0) first = loss;
    recent += step >= steps - 16 ? loss / 16 : 0;
    if (step % 50 == 0) Console.WriteLine($"step {step,4}: loss = {loss:0.0000}");
}
clock.Stop();

var outputs = new double[samples * classes];
ResidualNet.Forward(theta, x, samples, outputs);
int correct = 0;
for (int s = 0; s < samples; s++) correct += ArgMax(outputs.AsSpan(s * classes, classes)) == labels[s] ? 1 : 0;
Console.WriteLine($"loss {first:0.0000} → {recent:0.0000} (mean of the last 16 steps), training accuracy {correct / (double)samples:P0}, " +
                  $"{steps} steps in {clock.Elapsed.TotalSeconds:0.0} s");
model.SetParameters(theta);
var q = model.ComputeConservedQuantities();
double predicted = 0; // Stream1[0] is law 8: the sum of the exact per-step SGD drifts η²B(g, g) the monitor predicted
foreach (int step in monitor.RecordedSteps) predicted += monitor.PredictedChanges(step)[8];
Console.WriteLine($"Stream1[0] moved by {q.Stream1[0] - monitor.InitialValues[8]:0.000000}, the predicted SGD drift by {predicted:0.000000}; " +
                  $"the skip source's own balance |K1[0]|² + B1[0]² − |K2[:,0]|² by {SkipSourceBalance(theta, 0) - startEnd:0.000000} (not a law)");
Console.WriteLine();
Console.Write(monitor.Summary());
return monitor.ViolationCount == 0 && recent < first ? 0 : 1;

void Initialise(int offset, int length, int fanIn)
{
    double scale = Math.Sqrt(2.0 / fanIn);
    for (int i = 0; i < length; i++) theta[offset + i] = scale * Gaussian(rng);
}

// |K1[c,:,:,:]|² + B1[c]² − |K2[:,c,:,:]|², read from θ in the generated layout.
static double SkipSourceBalance(ReadOnlySpan<double> theta, int c)
{
    double sum = theta[ResidualNet.B1Offset + c] * theta[ResidualNet.B1Offset + c];
    foreach (double w in theta.Slice(ResidualNet.K1Offset + c * 9, 9)) sum += w * w;
    for (int o = 0; o < 8; o++)
        foreach (double w in theta.Slice(ResidualNet.K2Offset + o * 72 + c * 9, 9)) sum -= w * w;
    return sum;
}

static double Gaussian(Random random) =>
    Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

static int ArgMax(ReadOnlySpan<double> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
    return best;
}
