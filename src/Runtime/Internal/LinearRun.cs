using System;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// One layer of a linear run: offsets into θ and its shape — inputs → outputs units, each pair joined by
/// <see cref="Taps"/> weights (weights [outputs, inputs, taps] row-major), or unit i to unit i only when
/// <see cref="Diagonal"/> (weights [outputs]).
/// </summary>
internal readonly struct RunLayer(int weightOffset, int inputs, int outputs, int biasOffset, int taps = 1, bool diagonal = false)
{
    public int WeightOffset { get; } = weightOffset;
    public int Inputs { get; } = inputs;
    public int Outputs { get; } = outputs;
    /// <summary>Offset of the bias, or −1 without one.</summary>
    public int BiasOffset { get; } = biasOffset;
    /// <summary>Weights per (output, input) pair: a convolution's kernel taps, or the positions a dense layer after one reads.</summary>
    public int Taps { get; } = taps;
    /// <summary>True when unit i connects to unit i only (one weight per unit).</summary>
    public bool Diagonal { get; } = diagonal;
    /// <summary>Weights entering one output unit: its row of A.</summary>
    public int Columns => Diagonal ? 1 : Inputs * Taps;
    public int WeightCount => Outputs * Columns;
    /// <summary>True for a plain dense layer (one tap, not diagonal).</summary>
    public bool Plain => Taps == 1 && !Diagonal;
}

/// <summary>
/// A maximal linear run of layers 0…k−1 (one block of φ): its product A = W_{k−1}⋯W_0 (n × m) and accumulated bias
/// β = W_{k−1}(⋯(W_1 b_0 + b_1)⋯) + b_{k−1}, their tangents, and the reverse pass from Ā, β̄ back to the layers.
/// </summary>
/// <remarks>
/// The prefix products P_j = W_j⋯W_0 start at P_0 = W_0 (a view of θ, never an identity product), so a one-layer run
/// costs nothing and a run of k layers costs Σ_{j≥1} n_j n_{j−1} m multiply-adds. Prefixes and prefix biases are kept
/// in <see cref="Buffers"/> for the reverse pass, which needs P_{j−1} and β_{j−1} for W̄_j = Ḡ_j P_{j−1}ᵀ + ḡ_j β_{j−1}ᵀ.
/// </remarks>
internal sealed class LinearRun
{
    // Where β after layer j comes from: none yet, layer j's own bias in θ (first biased layer), or a buffer.
    private enum BiasSource { None, Theta, Buffer }

    private readonly BiasSource[] _bias;

    public LinearRun(RunLayer[] layers, int previousComponents)
    {
        // A product of convolutions is no matrix product of their kernels, and a diagonal layer joins a run only as a
        // factor of one: both are lifted as one-layer runs.
        if (layers.Length > 1 && Array.Exists(layers, l => !l.Plain))
            throw new NotSupportedException("A linear run of two or more layers must be dense with one tap; lift convolutions and diagonal layers as one-layer runs.");
        Layers = layers;
        PreviousComponents = previousComponents;
        _bias = new BiasSource[layers.Length];
        for (int j = 0; j < layers.Length; j++)
        {
            bool carried = j > 0 && _bias[j - 1] != BiasSource.None;
            _bias[j] = carried ? BiasSource.Buffer : layers[j].BiasOffset >= 0 ? BiasSource.Theta : BiasSource.None;
        }

        HasBias = _bias[layers.Length - 1] != BiasSource.None;
        ComponentsPerNeuron = Columns * previousComponents + (HasBias ? 1 : 0);
    }

    public RunLayer[] Layers { get; }
    /// <summary>Components per neuron at the run's input boundary (L_{b−1}; 1 for a segment's first run).</summary>
    public int PreviousComponents { get; }
    /// <summary>Components per neuron at the run's output boundary (L_b = m·L_{b−1} + [bias]).</summary>
    public int ComponentsPerNeuron { get; }
    public bool HasBias { get; }
    public int Inputs => Layers[0].Inputs;
    public int Outputs => Layers[Layers.Length - 1].Outputs;
    /// <summary>Columns of A per output unit: the inputs, times the taps of a one-layer run, or 1 for a diagonal layer.</summary>
    public int Columns => Layers.Length == 1 ? Layers[0].Columns : Inputs;
    /// <summary>Weights per (output, input) pair of a one-layer run (1 otherwise).</summary>
    public int Taps => Layers[0].Taps;
    /// <summary>True when the run is one diagonal layer.</summary>
    public bool Diagonal => Layers[0].Diagonal;

    /// <summary>
    /// A and β (empty without bias) at θ; views of θ for a one-layer run, else the last prefix buffers. Without
    /// <paramref name="product"/> only the prefixes the reverse pass reads are formed (all but A, β).
    /// </summary>
    public void Multiply(ReadOnlySpan<double> theta, Buffers buffers, out ReadOnlySpan<double> a, out ReadOnlySpan<double> beta, bool product = true)
    {
        int m = Inputs;
        int end = product ? Layers.Length : Layers.Length - 1;
        for (int j = 1; j < end; j++)
        {
            var layer = Layers[j];
            var w = theta.Slice(layer.WeightOffset, layer.WeightCount);
            MatrixRows.Product(w, layer.Outputs, layer.Inputs, Prefix(theta, buffers, j - 1), m, buffers.Prefixes[j], accumulate: false);
            if (_bias[j] != BiasSource.Buffer) continue;
            var next = buffers.Biases[j].AsSpan();
            if (_bias[j - 1] == BiasSource.None) next.Clear();
            else MatrixRows.Times(w, layer.Outputs, layer.Inputs, Bias(theta, buffers, j - 1), next, accumulate: false);
            if (layer.BiasOffset >= 0) AddTo(next, theta.Slice(layer.BiasOffset, layer.Outputs));
        }

        a = product ? Prefix(theta, buffers, Layers.Length - 1) : default;
        beta = product ? Bias(theta, buffers, Layers.Length - 1) : default;
    }

    /// <summary>
    /// A, β and their tangents dA, dβ along the parameter direction <paramref name="v"/>; A and β only when
    /// <paramref name="product"/> (a segment's only run lifts dA alone).
    /// </summary>
    public void MultiplyTangent(
        ReadOnlySpan<double> theta, ReadOnlySpan<double> v, Buffers buffers,
        out ReadOnlySpan<double> a, out ReadOnlySpan<double> beta, out ReadOnlySpan<double> da, out ReadOnlySpan<double> dbeta,
        bool product = true)
    {
        int m = Inputs;
        for (int j = 1; j < Layers.Length; j++)
        {
            var layer = Layers[j];
            var w = theta.Slice(layer.WeightOffset, layer.WeightCount);
            var dw = v.Slice(layer.WeightOffset, layer.WeightCount);
            var p = Prefix(theta, buffers, j - 1);
            // dP_j = dW_j P_{j−1} + W_j dP_{j−1}
            var dp = buffers.PrefixTangents[j].AsSpan();
            MatrixRows.Product(dw, layer.Outputs, layer.Inputs, p, m, dp, accumulate: false);
            MatrixRows.Product(w, layer.Outputs, layer.Inputs, Prefix(v, buffers.PrefixTangents, j - 1), m, dp, accumulate: true);
            bool last = j == Layers.Length - 1;
            if (product || !last) MatrixRows.Product(w, layer.Outputs, layer.Inputs, p, m, buffers.Prefixes[j], accumulate: false);
            if (_bias[j] != BiasSource.Buffer) continue;
            var next = buffers.Biases[j].AsSpan();
            var dnext = buffers.BiasTangents[j].AsSpan();
            if (_bias[j - 1] == BiasSource.None)
            {
                next.Clear();
                dnext.Clear();
            }
            else
            {
                var previous = Bias(theta, buffers, j - 1);
                MatrixRows.Times(w, layer.Outputs, layer.Inputs, previous, next, accumulate: false);
                MatrixRows.Times(dw, layer.Outputs, layer.Inputs, previous, dnext, accumulate: false);
                MatrixRows.Times(w, layer.Outputs, layer.Inputs, Bias(v, buffers.BiasTangents, j - 1), dnext, accumulate: true);
            }

            if (layer.BiasOffset >= 0)
            {
                AddTo(next, theta.Slice(layer.BiasOffset, layer.Outputs));
                AddTo(dnext, v.Slice(layer.BiasOffset, layer.Outputs));
            }
        }

        int final = Layers.Length - 1;
        a = product ? Prefix(theta, buffers, final) : default;
        beta = Bias(theta, buffers, final);
        da = Prefix(v, buffers.PrefixTangents, final);
        dbeta = Bias(v, buffers.BiasTangents, final);
    }

    /// <summary>A after <see cref="Multiply"/> has run on these buffers (without recomputing it).</summary>
    public ReadOnlySpan<double> Product(ReadOnlySpan<double> theta, Buffers buffers) => Prefix(theta, buffers, Layers.Length - 1);

    /// <summary>
    /// Where the lifting writes Ā (n × m) and β̄ (n): straight into the gradient for a one-layer run (Ā = W̄, β̄ = b̄),
    /// else into the buffers that <see cref="Backpropagate"/> reads.
    /// </summary>
    public void AdjointTargets(Span<double> gradient, Buffers buffers, out Span<double> aBar, out Span<double> betaBar)
    {
        if (Layers.Length == 1)
        {
            var layer = Layers[0];
            aBar = gradient.Slice(layer.WeightOffset, layer.WeightCount);
            betaBar = layer.BiasOffset >= 0 ? gradient.Slice(layer.BiasOffset, layer.Outputs) : default;
            return;
        }

        aBar = buffers.Adjoints[0].AsSpan(0, Outputs * Inputs);
        betaBar = HasBias ? buffers.BiasAdjoints[0].AsSpan(0, Outputs) : default;
    }

    /// <summary>
    /// Reverse pass through a run of two or more layers, after <see cref="Multiply"/> on the same buffers and with Ā,
    /// β̄ in the <see cref="AdjointTargets"/>: writes W̄_j and b̄_j into <paramref name="gradient"/>.
    /// </summary>
    public void Backpropagate(ReadOnlySpan<double> theta, Buffers buffers, Span<double> gradient)
    {
        int m = Inputs;
        int current = 0;
        for (int j = Layers.Length - 1; j >= 0; j--)
        {
            var layer = Layers[j];
            var g = buffers.Adjoints[current].AsSpan(0, layer.Outputs * m);
            var gb = buffers.BiasAdjoints[current].AsSpan(0, layer.Outputs);
            var wBar = gradient.Slice(layer.WeightOffset, layer.WeightCount);
            if (layer.BiasOffset >= 0) gb.CopyTo(gradient.Slice(layer.BiasOffset, layer.Outputs));
            if (j == 0)
            {
                g.CopyTo(wBar); // P_{−1} = I
                break;
            }

            // W̄_j = Ḡ_j P_{j−1}ᵀ + ḡ_j β_{j−1}ᵀ, then Ḡ_{j−1} = W_jᵀ Ḡ_j and ḡ_{j−1} = W_jᵀ ḡ_j.
            MatrixRows.ProductTransposedRight(g, layer.Outputs, m, Prefix(theta, buffers, j - 1), layer.Inputs, wBar);
            bool previousBias = _bias[j - 1] != BiasSource.None;
            if (previousBias)
            {
                var previous = Bias(theta, buffers, j - 1);
                for (int r = 0; r < layer.Outputs; r++)
                    TensorPrimitives.MultiplyAdd(previous, gb[r], wBar.Slice(r * layer.Inputs, layer.Inputs), wBar.Slice(r * layer.Inputs, layer.Inputs));
            }

            var w = theta.Slice(layer.WeightOffset, layer.WeightCount);
            int next = 1 - current;
            MatrixRows.ProductTransposedLeft(w, layer.Outputs, layer.Inputs, g, m, buffers.Adjoints[next]);
            if (previousBias) MatrixRows.TransposeTimes(w, layer.Outputs, layer.Inputs, gb, buffers.BiasAdjoints[next]);
            current = next;
        }
    }

    /// <summary>Allocates the work buffers of this run (one set per concurrent caller).</summary>
    public Buffers CreateBuffers() => new(this);

    // P_j: layer 0's weights in θ (or v, for tangents), else the buffer.
    private ReadOnlySpan<double> Prefix(ReadOnlySpan<double> theta, Buffers buffers, int j) => Prefix(theta, buffers.Prefixes, j);

    private ReadOnlySpan<double> Prefix(ReadOnlySpan<double> source, double[][] prefixes, int j) =>
        j == 0 ? source.Slice(Layers[0].WeightOffset, Layers[0].WeightCount) : prefixes[j];

    private ReadOnlySpan<double> Bias(ReadOnlySpan<double> theta, Buffers buffers, int j) => Bias(theta, buffers.Biases, j);

    private ReadOnlySpan<double> Bias(ReadOnlySpan<double> source, double[][] biases, int j) => _bias[j] switch
    {
        BiasSource.Theta => source.Slice(Layers[j].BiasOffset, Layers[j].Outputs),
        BiasSource.Buffer => biases[j],
        _ => default,
    };

    private static void AddTo(Span<double> target, ReadOnlySpan<double> values) =>
        TensorPrimitives.Add(target, values, target);

    /// <summary>Work buffers of one run: prefix products and biases, their tangents, and two adjoint ping-pong pairs.</summary>
    internal sealed class Buffers
    {
        public Buffers(LinearRun run)
        {
            int k = run.Layers.Length, m = run.Inputs, widest = 0;
            Prefixes = new double[k][];
            PrefixTangents = new double[k][];
            Biases = new double[k][];
            BiasTangents = new double[k][];
            for (int j = 0; j < k; j++)
            {
                int n = run.Layers[j].Outputs;
                widest = Math.Max(widest, Math.Max(n, run.Layers[j].Inputs));
                // Index 0 is a view of θ or v; buffers start at layer 1.
                Prefixes[j] = j == 0 ? [] : new double[n * m];
                PrefixTangents[j] = j == 0 ? [] : new double[n * m];
                Biases[j] = j == 0 ? [] : new double[n];
                BiasTangents[j] = j == 0 ? [] : new double[n];
            }

            int adjoint = k == 1 ? 0 : widest * m;
            int biasAdjoint = k == 1 ? 0 : widest;
            Adjoints = [new double[adjoint], new double[adjoint]];
            BiasAdjoints = [new double[biasAdjoint], new double[biasAdjoint]];
        }

        public double[][] Prefixes { get; }
        public double[][] PrefixTangents { get; }
        public double[][] Biases { get; }
        public double[][] BiasTangents { get; }
        public double[][] Adjoints { get; }
        public double[][] BiasAdjoints { get; }
    }
}
