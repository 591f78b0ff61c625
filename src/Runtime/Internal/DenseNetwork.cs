using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// The forward pass and backpropagation of a chain of dense layers over the flat parameter layout, for whole
/// row-major batches. Generated models hold one instance with their shapes as constants and call it from
/// <c>Forward</c> and <c>ComputeLossAndGradient</c>; user code should call those members instead.
/// </summary>
/// <remarks>
/// Rows are combined with <see cref="TensorPrimitives"/> (SIMD dot products and multiply-adds). Work buffers are
/// pooled, so a call allocates nothing; instances are immutable and safe to share between threads.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DenseNetwork
{
    private const int Fields = 5; // weight offset, inputs, outputs, bias offset (−1: none), activation
    private readonly int[] _layers;
    private readonly double[] _slopes;
    private readonly int _activationLength;
    private readonly int _maxWidth; // widest layer input or output: the size of a backpropagated row

    /// <summary>Creates the network.</summary>
    /// <param name="parameterCount">Length of θ.</param>
    /// <param name="layers">Per layer: weight offset, inputs, outputs, bias offset (−1 for none), <see cref="Activation"/> value.</param>
    /// <param name="negativeSlopes">Per layer: the slope of <see cref="Activation.LeakyReLU"/> for z &lt; 0.</param>
    public DenseNetwork(int parameterCount, int[] layers, double[] negativeSlopes)
    {
        if (layers.Length == 0 || layers.Length % Fields != 0) throw new ArgumentException("Five integers per layer are expected.", nameof(layers));
        if (negativeSlopes.Length != layers.Length / Fields) throw new ArgumentException("One slope per layer is expected.", nameof(negativeSlopes));
        ParameterCount = parameterCount;
        _layers = layers;
        _slopes = negativeSlopes;
        _maxWidth = InputWidth;
        var table = new DenseLayerInfo[LayerCount];
        for (int k = 0; k < LayerCount; k++)
        {
            table[k] = new DenseLayerInfo(WeightOffset(k), Inputs(k), Outputs(k), BiasOffset(k), ActivationOf(k), negativeSlopes[k]);
            _activationLength += Outputs(k);
            _maxWidth = Math.Max(_maxWidth, Outputs(k));
        }

        Layers = Array.AsReadOnly(table);
    }

    /// <summary>Length of θ.</summary>
    public int ParameterCount { get; }

    /// <summary>The layers as a table (what <see cref="IConservationModel.DenseLayers"/> returns for a dense model).</summary>
    public IReadOnlyList<DenseLayerInfo> Layers { get; }

    /// <summary>Inputs per sample.</summary>
    public int InputWidth => _layers[1];

    /// <summary>Outputs per sample.</summary>
    public int OutputWidth => Outputs(LayerCount - 1);

    private int LayerCount => _layers.Length / Fields;

    private int WeightOffset(int k) => _layers[k * Fields];

    private int Inputs(int k) => _layers[k * Fields + 1];

    private int Outputs(int k) => _layers[k * Fields + 2];

    private int BiasOffset(int k) => _layers[k * Fields + 3];

    private Activation ActivationOf(int k) => k == LayerCount - 1 ? Activation.Identity : (Activation)_layers[k * Fields + 4];

    /// <summary>Evaluates the network on <paramref name="batchSize"/> samples (rows of <paramref name="inputs"/>).</summary>
    public void Forward(ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, int batchSize, Span<double> outputs)
    {
        CheckBatch(theta, inputs, batchSize, outputs.Length, nameof(outputs));
        var buffer = ArrayPool<double>.Shared.Rent(batchSize * _activationLength);
        try
        {
            var values = buffer.AsSpan(0, batchSize * _activationLength);
            RunForward(theta, inputs, batchSize, values, values);
            values.Slice(values.Length - batchSize * OutputWidth).CopyTo(outputs);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Mean loss over the batch, and its gradient with respect to θ written into <paramref name="gradient"/>
    /// (overwritten, not accumulated).
    /// </summary>
    public double LossAndGradient(
        ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int batchSize, Loss loss, Span<double> gradient)
    {
        CheckBatch(theta, inputs, batchSize, targets.Length, nameof(targets));
        if (gradient.Length < ParameterCount)
            throw new ArgumentException($"The gradient needs {ParameterCount} entries; it has {gradient.Length}.", nameof(gradient));
        if (loss is not (Loss.MeanSquaredError or Loss.SoftmaxCrossEntropy))
            throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss.");

        int n = batchSize * _activationLength;
        var buffer = ArrayPool<double>.Shared.Rent(2 * n + 2 * batchSize * _maxWidth);
        try
        {
            var pre = buffer.AsSpan(0, n);       // z = W x + b, per layer
            var post = buffer.AsSpan(n, n);      // σ(z), per layer
            var upstream = buffer.AsSpan(2 * n, batchSize * _maxWidth);
            var downstream = buffer.AsSpan(2 * n + batchSize * _maxWidth, batchSize * _maxWidth);
            RunForward(theta, inputs, batchSize, pre, post);

            int width = OutputWidth;
            var y = post.Slice(n - batchSize * width, batchSize * width);
            double total = BatchLoss.Gradient(y, targets, batchSize, width, loss, upstream);

            gradient.Slice(0, ParameterCount).Clear();
            int end = n;
            for (int k = LayerCount - 1; k >= 0; k--)
            {
                int outs = Outputs(k), ins = Inputs(k);
                int start = end - batchSize * outs;
                var dz = upstream.Slice(0, batchSize * outs);
                ScaleByDerivative(ActivationOf(k), _slopes[k], pre.Slice(start, batchSize * outs), dz);
                ReadOnlySpan<double> x = k == 0 ? inputs : post.Slice(start - batchSize * ins, batchSize * ins);
                var w = theta.Slice(WeightOffset(k), outs * ins);
                var gw = gradient.Slice(WeightOffset(k), outs * ins);
                for (int b = 0; b < batchSize; b++)
                {
                    var xb = x.Slice(b * ins, ins);
                    for (int o = 0; o < outs; o++)
                    {
                        double d = dz[b * outs + o];
                        if (d != 0) TensorPrimitives.MultiplyAdd(xb, d, gw.Slice(o * ins, ins), gw.Slice(o * ins, ins));
                    }
                }

                if (BiasOffset(k) >= 0)
                {
                    var gb = gradient.Slice(BiasOffset(k), outs);
                    for (int b = 0; b < batchSize; b++) TensorPrimitives.Add(gb, dz.Slice(b * outs, outs), gb);
                }

                if (k > 0)
                {
                    var dx = downstream.Slice(0, batchSize * ins);
                    dx.Clear();
                    for (int b = 0; b < batchSize; b++)
                    {
                        var dxb = dx.Slice(b * ins, ins);
                        for (int o = 0; o < outs; o++)
                        {
                            double d = dz[b * outs + o];
                            if (d != 0) TensorPrimitives.MultiplyAdd(w.Slice(o * ins, ins), d, dxb, dxb);
                        }
                    }

                    dx.CopyTo(upstream);
                }

                end = start;
            }

            return total;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private void CheckBatch(ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, int batchSize, int outputLength, string outputName)
    {
        if (theta.Length < ParameterCount)
            throw new ArgumentException($"θ needs {ParameterCount} entries; it has {theta.Length}.", nameof(theta));
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch needs at least one sample.");
        if (inputs.Length < (long)batchSize * InputWidth)
            throw new ArgumentException($"{batchSize} samples need {batchSize * (long)InputWidth} inputs ({InputWidth} per sample); there are {inputs.Length}.", nameof(inputs));
        if (outputLength < (long)batchSize * OutputWidth)
            throw new ArgumentException($"{batchSize} samples need {batchSize * (long)OutputWidth} {outputName} ({OutputWidth} per sample); there are {outputLength}.", outputName);
    }

    // Fills pre (z) and post (σ(z)) layer after layer; post may be the same span as pre (forward only).
    private void RunForward(ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, int batchSize, Span<double> pre, Span<double> post)
    {
        int start = 0;
        ReadOnlySpan<double> x = inputs;
        for (int k = 0; k < LayerCount; k++)
        {
            int outs = Outputs(k), ins = Inputs(k);
            var z = pre.Slice(start, batchSize * outs);
            var w = theta.Slice(WeightOffset(k), outs * ins);
            for (int b = 0; b < batchSize; b++)
            {
                var xb = x.Slice(b * ins, ins);
                for (int o = 0; o < outs; o++) z[b * outs + o] = TensorPrimitives.Dot(w.Slice(o * ins, ins), xb);
            }

            if (BiasOffset(k) >= 0)
            {
                var bias = theta.Slice(BiasOffset(k), outs);
                for (int b = 0; b < batchSize; b++) TensorPrimitives.Add(z.Slice(b * outs, outs), bias, z.Slice(b * outs, outs));
            }

            var a = post.Slice(start, batchSize * outs);
            Apply(ActivationOf(k), _slopes[k], z, a);
            x = a;
            start += batchSize * outs;
        }
    }

    // The layered network's activation (vectorised where it can be); a dense layer's Swish has the fixed β = 1.
    private static void Apply(Activation activation, double slope, ReadOnlySpan<double> z, Span<double> a) =>
        new BlockActivation(activation, slope, 1).Apply(z, 1.0, a);

    /// <summary>σ(z) for one value, exactly as documented on <see cref="Activation"/>.</summary>
    public static double Scalar(Activation activation, double slope, double z) => activation switch
    {
        Activation.Identity => z,
        Activation.ReLU => z > 0 ? z : 0,
        Activation.LeakyReLU => z > 0 ? z : slope * z,
        Activation.Abs => Math.Abs(z),
        Activation.Tanh => Math.Tanh(z),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Gelu => z * NormalCdf(z),
        Activation.Softplus => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z)),
        Activation.Swish => z * Logistic(z),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    /// <summary>σ′(z); at 0, ReLU′ = 0, leaky ReLU′ = α and |z|′ = 0, as in PyTorch.</summary>
    public static double Derivative(Activation activation, double slope, double z) => activation switch
    {
        Activation.Identity => 1,
        Activation.ReLU => z > 0 ? 1 : 0,
        Activation.LeakyReLU => z > 0 ? 1 : slope,
        Activation.Abs => z > 0 ? 1 : z < 0 ? -1 : 0,
        Activation.Tanh => TanhDerivative(Math.Tanh(z)),
        Activation.Sigmoid => SigmoidDerivative(Logistic(z)),
        Activation.Gelu => NormalCdf(z) + z * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI),
        Activation.Softplus => Logistic(z),
        Activation.Swish => Logistic(z) * (1 + z * (1 - Logistic(z))),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    private static double Logistic(double z) => 1 / (1 + Math.Exp(-z));

    // σ′ from σ itself, so each is evaluated once per element.
    private static double TanhDerivative(double t) => 1 - t * t;

    private static double SigmoidDerivative(double s) => s * (1 - s);

    private static void ScaleByDerivative(Activation activation, double slope, ReadOnlySpan<double> z, Span<double> dz)
    {
        if (activation == Activation.Identity) return;
        for (int i = 0; i < z.Length; i++) dz[i] *= Derivative(activation, slope, z[i]);
    }

    /// <summary>Φ(z), the standard normal distribution function, to about 1e-15.</summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    // erfc by its Taylor series of erf near 0 and a continued fraction in the tails; relative error ≈ 1e-15.
    private static double Erfc(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 2.0)
        {
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 80 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }

            double erf = 2 / Math.Sqrt(Math.PI) * sum;
            return x >= 0 ? 1 - erf : 1 + erf;
        }

        // Lentz's continued fraction: erfc(a) = e^{−a²}/√π · 1/(a + 1/2/(a + 1/(a + 3/2/(a + …)))).
        double tiny = 1e-300, f = ax, c = ax, d = 0;
        for (int n = 1; n < 300; n++)
        {
            double an = n * 0.5;
            d = ax + an * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = ax + an / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }

        double tail = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / f;
        return x >= 0 ? tail : 2 - tail;
    }
}
