using System;
using System.ComponentModel;

namespace ConservationCodegen.Internal;

/// <summary>
/// Loop implementation of φ, its Jacobian-vector and vector-Jacobian products for models too large to unroll.
/// Generated code creates one instance per model from a shape descriptor; user code should call the generated
/// members instead.
/// </summary>
/// <remarks>
/// A segment is a chain of blocks (maximal linear runs). Block b multiplies out to A_b = W_m⋯W_1 and an accumulated
/// bias β_b. The segment's φ is F_B, with F_0 = 1 per input neuron and
/// F_b[x·L_b + y·L_{b−1} + z] = A_b[x, y]·F_{b−1}[y·L_{b−1} + z], followed by β_b[x] when the block has a bias,
/// L_b = n_{b−1}·L_{b−1} + [bias]. This is the path-lifting map across the products of linear runs.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LayeredFactorization
{
    private readonly Block[][] _segments;
    private readonly int[] _segmentPhiOffset;

    /// <summary>
    /// Builds the kernel from a descriptor: segment count, then per segment its block count, per block its layer
    /// count, per layer (weight offset, inputs, outputs, bias offset or −1).
    /// </summary>
    public LayeredFactorization(int parameterCount, int phiLength, int[] descriptor)
    {
        ParameterCount = parameterCount;
        PhiLength = phiLength;
        int p = 0;
        _segments = new Block[descriptor[p++]][];
        _segmentPhiOffset = new int[_segments.Length];
        int phiOffset = 0;
        for (int s = 0; s < _segments.Length; s++)
        {
            var blocks = new Block[descriptor[p++]];
            int previousLength = 1;
            for (int b = 0; b < blocks.Length; b++)
            {
                var layers = new Layer[descriptor[p++]];
                for (int j = 0; j < layers.Length; j++)
                {
                    layers[j] = new Layer(descriptor[p], descriptor[p + 1], descriptor[p + 2], descriptor[p + 3]);
                    p += 4;
                }

                blocks[b] = new Block(layers, previousLength);
                previousLength = blocks[b].ComponentsPerNeuron;
            }

            _segments[s] = blocks;
            _segmentPhiOffset[s] = phiOffset;
            var last = blocks[blocks.Length - 1];
            phiOffset += last.Outputs * last.ComponentsPerNeuron;
        }

        if (phiOffset != phiLength) throw new ArgumentException("Descriptor does not match PhiLength.", nameof(descriptor));
    }

    /// <summary>Number of parameters D.</summary>
    public int ParameterCount { get; }

    /// <summary>Number of components of φ.</summary>
    public int PhiLength { get; }

    /// <summary>φ(θ).</summary>
    public void ComputePhi(ReadOnlySpan<double> theta, Span<double> phi)
    {
        Check(theta.Length, ParameterCount, nameof(theta));
        Check(phi.Length, PhiLength, nameof(phi));
        for (int s = 0; s < _segments.Length; s++)
        {
            var f = Forward(_segments[s], theta, null, null);
            f[f.Length - 1].AsSpan().CopyTo(phi.Slice(_segmentPhiOffset[s]));
        }
    }

    /// <summary>Jacobian-vector product (∂φ/∂θ)·v.</summary>
    public void JacobianTimes(ReadOnlySpan<double> theta, ReadOnlySpan<double> v, Span<double> result)
    {
        Check(theta.Length, ParameterCount, nameof(theta));
        Check(v.Length, ParameterCount, nameof(v));
        Check(result.Length, PhiLength, nameof(result));
        for (int s = 0; s < _segments.Length; s++)
        {
            var blocks = _segments[s];
            var tangents = new double[blocks.Length + 1][];
            Forward(blocks, theta, null, null, v, tangents);
            tangents[blocks.Length].AsSpan().CopyTo(result.Slice(_segmentPhiOffset[s]));
        }
    }

    /// <summary>Vector-Jacobian product wᵀ(∂φ/∂θ), written to <paramref name="result"/> (length D).</summary>
    public void JacobianTransposeTimes(ReadOnlySpan<double> theta, ReadOnlySpan<double> w, Span<double> result)
    {
        Check(theta.Length, ParameterCount, nameof(theta));
        Check(w.Length, PhiLength, nameof(w));
        Check(result.Length, ParameterCount, nameof(result));
        result.Slice(0, ParameterCount).Clear();
        for (int s = 0; s < _segments.Length; s++)
        {
            var blocks = _segments[s];
            var prefixes = new double[blocks.Length][][];
            var prefixBiases = new double[blocks.Length][][];
            var f = Forward(blocks, theta, prefixes, prefixBiases);
            var bar = w.Slice(_segmentPhiOffset[s], f[blocks.Length].Length).ToArray();
            for (int b = blocks.Length - 1; b >= 0; b--)
            {
                var block = blocks[b];
                var a = prefixes[b][block.Layers.Length];
                int n = block.Outputs, m = block.Inputs, lb = block.ComponentsPerNeuron, lp = block.PreviousComponents;
                var aBar = new double[n * m];
                var betaBar = new double[n];
                var previousBar = new double[m * lp];
                var previous = f[b];
                for (int x = 0; x < n; x++)
                {
                    for (int y = 0; y < m; y++)
                    {
                        var barSlice = bar.AsSpan(x * lb + y * lp, lp);
                        aBar[x * m + y] = Dot(barSlice, previous.AsSpan(y * lp, lp));
                        double axy = a[x * m + y];
                        var target = previousBar.AsSpan(y * lp, lp);
                        for (int z = 0; z < lp; z++) target[z] += axy * barSlice[z];
                    }

                    if (block.HasBias) betaBar[x] = bar[x * lb + m * lp];
                }

                BackpropagateRun(block, theta, prefixes[b], prefixBiases[b], aBar, betaBar, result);
                bar = previousBar;
            }
        }
    }

    /// <summary>Dense Jacobian, row-major PhiLength × D, one JVP per parameter.</summary>
    public void ComputeJacobian(ReadOnlySpan<double> theta, Span<double> jacobian)
    {
        Check(theta.Length, ParameterCount, nameof(theta));
        Check(jacobian.Length, checked(PhiLength * ParameterCount), nameof(jacobian));
        var unit = new double[ParameterCount];
        var column = new double[PhiLength];
        for (int j = 0; j < ParameterCount; j++)
        {
            unit[j] = 1;
            JacobianTimes(theta, unit, column);
            unit[j] = 0;
            for (int i = 0; i < PhiLength; i++) jacobian[i * ParameterCount + j] = column[i];
        }
    }

    // Forward pass through the blocks. Optionally records per-block prefix products and biases (for the VJP) and
    // propagates a tangent (for the JVP). Returns F_0 … F_B.
    private static double[][] Forward(
        Block[] blocks, ReadOnlySpan<double> theta, double[][][]? prefixes, double[][][]? prefixBiases,
        ReadOnlySpan<double> tangent = default, double[][]? tangents = null)
    {
        var f = new double[blocks.Length + 1][];
        f[0] = new double[blocks[0].Inputs];
        f[0].AsSpan().Fill(1);
        if (tangents is not null) tangents[0] = new double[blocks[0].Inputs];
        for (int b = 0; b < blocks.Length; b++)
        {
            var block = blocks[b];
            int m = block.Inputs;
            var (a, beta, da, dbeta) = MultiplyRun(block, theta, prefixes, prefixBiases, b, tangent, tangents is not null);
            int n = block.Outputs, lb = block.ComponentsPerNeuron, lp = block.PreviousComponents;
            var next = new double[n * lb];
            double[]? dnext = tangents is null ? null : new double[n * lb];
            for (int x = 0; x < n; x++)
            {
                for (int y = 0; y < m; y++)
                {
                    double axy = a[x * m + y];
                    var src = f[b].AsSpan(y * lp, lp);
                    var dst = next.AsSpan(x * lb + y * lp, lp);
                    for (int z = 0; z < lp; z++) dst[z] = axy * src[z];
                    if (dnext is not null)
                    {
                        double daxy = da![x * m + y];
                        var dsrc = tangents![b].AsSpan(y * lp, lp);
                        var ddst = dnext.AsSpan(x * lb + y * lp, lp);
                        for (int z = 0; z < lp; z++) ddst[z] = daxy * src[z] + axy * dsrc[z];
                    }
                }

                if (block.HasBias)
                {
                    next[x * lb + m * lp] = beta[x];
                    if (dnext is not null) dnext[x * lb + m * lp] = dbeta![x];
                }
            }

            f[b + 1] = next;
            if (tangents is not null) tangents[b + 1] = dnext!;
        }

        return f;
    }

    // A = W_k⋯W_1 and β through one linear run, with prefix products P_j (P_0 = I) and prefix biases when requested,
    // and the tangent dA, dβ when requested.
    private static (double[] A, double[] Beta, double[]? DA, double[]? DBeta) MultiplyRun(
        Block block, ReadOnlySpan<double> theta, double[][][]? prefixes, double[][][]? prefixBiases, int b,
        ReadOnlySpan<double> tangent, bool withTangent)
    {
        int m = block.Inputs;
        var p = new double[m * m];
        for (int i = 0; i < m; i++) p[i * m + i] = 1;
        var beta = new double[m];
        double[]? dp = withTangent ? new double[m * m] : null;
        double[]? dbeta = withTangent ? new double[m] : null;
        if (prefixes is not null)
        {
            prefixes[b] = new double[block.Layers.Length + 1][];
            prefixBiases![b] = new double[block.Layers.Length + 1][];
            prefixes[b][0] = p;
            prefixBiases[b][0] = beta;
        }

        for (int j = 0; j < block.Layers.Length; j++)
        {
            var layer = block.Layers[j];
            var w = theta.Slice(layer.WeightOffset, layer.Outputs * layer.Inputs);
            var np = new double[layer.Outputs * m];
            var nbeta = new double[layer.Outputs];
            double[]? ndp = withTangent ? new double[layer.Outputs * m] : null;
            double[]? ndbeta = withTangent ? new double[layer.Outputs] : null;
            for (int r = 0; r < layer.Outputs; r++)
            {
                var row = np.AsSpan(r * m, m);
                for (int c = 0; c < layer.Inputs; c++)
                {
                    double wrc = w[r * layer.Inputs + c];
                    Axpy(wrc, p.AsSpan(c * m, m), row);
                    nbeta[r] += wrc * beta[c];
                    if (withTangent)
                    {
                        double dw = tangent[layer.WeightOffset + r * layer.Inputs + c];
                        var drow = ndp.AsSpan(r * m, m);
                        Axpy(dw, p.AsSpan(c * m, m), drow);
                        Axpy(wrc, dp.AsSpan(c * m, m), drow);
                        ndbeta![r] += dw * beta[c] + wrc * dbeta![c];
                    }
                }

                if (layer.BiasOffset >= 0)
                {
                    nbeta[r] += theta[layer.BiasOffset + r];
                    if (withTangent) ndbeta![r] += tangent[layer.BiasOffset + r];
                }
            }

            p = np;
            beta = nbeta;
            dp = ndp;
            dbeta = ndbeta;
            if (prefixes is not null)
            {
                prefixes[b][j + 1] = p;
                prefixBiases![b][j + 1] = beta;
            }
        }

        return (p, beta, dp, dbeta);
    }

    // Reverse mode through A = W_k⋯W_1, β: W̄_j = Ḡ P_{j−1}ᵀ + ḡ β_{j−1}ᵀ, b̄_j = ḡ, then Ḡ ← W_jᵀḠ, ḡ ← W_jᵀḡ.
    private static void BackpropagateRun(
        Block block, ReadOnlySpan<double> theta, double[][] prefixes, double[][] prefixBiases,
        double[] aBar, double[] betaBar, Span<double> result)
    {
        int m = block.Inputs;
        var g = aBar;
        var gb = betaBar;
        for (int j = block.Layers.Length - 1; j >= 0; j--)
        {
            var layer = block.Layers[j];
            var previous = prefixes[j];
            var previousBias = prefixBiases[j];
            for (int r = 0; r < layer.Outputs; r++)
            {
                var grow = g.AsSpan(r * m, m);
                for (int c = 0; c < layer.Inputs; c++)
                    result[layer.WeightOffset + r * layer.Inputs + c] += Dot(grow, previous.AsSpan(c * m, m)) + gb[r] * previousBias[c];
                if (layer.BiasOffset >= 0) result[layer.BiasOffset + r] += gb[r];
            }

            if (j == 0) break;
            var w = theta.Slice(layer.WeightOffset, layer.Outputs * layer.Inputs);
            var ng = new double[layer.Inputs * m];
            var ngb = new double[layer.Inputs];
            for (int r = 0; r < layer.Outputs; r++)
                for (int c = 0; c < layer.Inputs; c++)
                {
                    double wrc = w[r * layer.Inputs + c];
                    Axpy(wrc, g.AsSpan(r * m, m), ng.AsSpan(c * m, m));
                    ngb[c] += wrc * gb[r];
                }

            g = ng;
            gb = ngb;
        }
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (a == 0) return;
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private static void Check(int length, int required, string name)
    {
        if (length < required) throw new ArgumentException($"{name} must have at least {required} entries.", name);
    }

    private readonly struct Layer(int weightOffset, int inputs, int outputs, int biasOffset)
    {
        public int WeightOffset { get; } = weightOffset;
        public int Inputs { get; } = inputs;
        public int Outputs { get; } = outputs;
        public int BiasOffset { get; } = biasOffset;
    }

    private sealed class Block
    {
        public Block(Layer[] layers, int previousComponents)
        {
            Layers = layers;
            PreviousComponents = previousComponents;
            foreach (var l in layers) HasBias |= l.BiasOffset >= 0;
            ComponentsPerNeuron = Inputs * previousComponents + (HasBias ? 1 : 0);
        }

        public Layer[] Layers { get; }
        public int PreviousComponents { get; }
        public bool HasBias { get; }
        public int ComponentsPerNeuron { get; }
        public int Inputs => Layers[0].Inputs;
        public int Outputs => Layers[Layers.Length - 1].Outputs;
    }
}
