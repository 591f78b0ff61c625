using System;
using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// The forward pass and backpropagation of a stack of blocks — dense layers, 1-D and 2-D convolutions, diagonal
/// layers, gated linear units, with residual connections — over the flat parameter layout, for whole batches. Generated models hold one
/// instance (<c>static readonly</c>) built from their <see cref="NetworkBlock"/>s and call it from <c>Forward</c> and
/// <c>ComputeLossAndGradient</c>; user code should call those members instead.
/// </summary>
/// <remarks>
/// A sample is stored channel-major and samples follow each other (row-major [batch, channels, height, width]); a
/// dense block after a convolution reads that flattening. Block k computes z_k = g_k(x_k) (+ x_j when it has a
/// residual connection from block j), then x_{k+1} = σ_k(z_k); the last block has no activation. Convolutions run as
/// matrix products over unfolded inputs (<see cref="ConvolutionKernels"/>), everything through
/// <see cref="TensorPrimitives"/>. Work buffers are pooled; instances are immutable and safe to share between threads.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LayeredNetwork
{
    private readonly NetworkBlock[] _blocks;
    private readonly int[] _valueOffset;   // per block: start of its outputs among one sample's stored values
    private readonly int[] _inputOffset;   // per block: start of its input gradient among one sample's input gradients
    private readonly int _valueLength;     // outputs of all blocks, per sample
    private readonly int _inputLength;     // inputs of blocks 1…L−1, per sample
    private readonly int _tokens;          // tokens per sample: every block but attention maps each token on its own

    /// <summary>Creates the network and checks that the blocks fit θ and each other.</summary>
    /// <param name="parameterCount">Length of θ.</param>
    /// <param name="blocks">The blocks in order (see <see cref="NetworkBlock"/>).</param>
    /// <exception cref="ArgumentException">A block lies outside θ, two consecutive blocks disagree on a size, or a
    /// residual connection, activation degree or β is invalid.</exception>
    public LayeredNetwork(int parameterCount, NetworkBlock[] blocks)
        : this(parameterCount, blocks, 1)
    {
    }

    /// <summary>
    /// Creates a network over samples of <paramref name="tokens"/> tokens (token-major: a sample is [tokens, features]):
    /// every block but self-attention maps each token on its own, self-attention mixes the tokens of a sample. The loss
    /// is averaged over every token of the batch, each token's outputs one row of targets.
    /// </summary>
    /// <exception cref="ArgumentException">As the other constructor; also a convolution in a network of several tokens.</exception>
    public LayeredNetwork(int parameterCount, NetworkBlock[] blocks, int tokens)
    {
        if (tokens < 1) throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "A sample has at least one token.");
        _tokens = tokens;
        if (blocks is null || blocks.Length == 0) throw new ArgumentException("The network needs at least one block.", nameof(blocks));
        if (parameterCount < 0) throw new ArgumentOutOfRangeException(nameof(parameterCount));
        ParameterCount = parameterCount;
        _blocks = (NetworkBlock[])blocks.Clone();
        _valueOffset = new int[blocks.Length];
        _inputOffset = new int[blocks.Length];
        long values = 0, inputs = 0;
        for (int k = 0; k < blocks.Length; k++)
        {
            Validate(k);
            _valueOffset[k] = (int)values;
            values += (long)tokens * blocks[k].OutputSize;
            _inputOffset[k] = (int)inputs;
            if (k > 0) inputs += (long)tokens * blocks[k].InputSize;
            if (values > int.MaxValue || inputs > int.MaxValue) throw new ArgumentException("The network's values per sample exceed the supported size.", nameof(blocks));
        }

        _valueLength = (int)values;
        _inputLength = (int)inputs;
    }

    /// <summary>Length of θ.</summary>
    public int ParameterCount { get; }

    /// <summary>Inputs per sample (all its tokens).</summary>
    public int InputWidth => _tokens * _blocks[0].InputSize;

    /// <summary>Outputs per sample (all its tokens).</summary>
    public int OutputWidth => _tokens * _blocks[_blocks.Length - 1].OutputSize;

    /// <summary>Evaluates the network on <paramref name="batchSize"/> samples (rows of <paramref name="inputs"/>).</summary>
    public void Forward(ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, int batchSize, Span<double> outputs)
    {
        CheckBatch(theta, inputs, batchSize, outputs.Length, nameof(outputs));
        int n = batchSize * _valueLength, statistics = StatisticsLength(batchSize);
        long scratchLength = ScratchLength(batchSize);
        var buffer = ArrayPool<double>.Shared.Rent(checked((int)(n + statistics + scratchLength)));
        try
        {
            var values = buffer.AsSpan(0, n);
            RunForward(theta, inputs, batchSize, values, values, buffer.AsSpan(n, statistics), buffer.AsSpan(n + statistics, (int)scratchLength));
            Values(values, _blocks.Length - 1, batchSize).CopyTo(outputs);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Mean loss over the batch, and its gradient with respect to θ written into <paramref name="gradient"/>
    /// (overwritten, not accumulated; entries of θ no block reads are zero).
    /// </summary>
    public double LossAndGradient(
        ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int batchSize, Loss loss, Span<double> gradient)
    {
        CheckBatch(theta, inputs, batchSize, targets.Length, nameof(targets));
        if (gradient.Length < ParameterCount)
            throw new ArgumentException($"The gradient needs {Inv(ParameterCount)} entries; it has {Inv(gradient.Length)}.", nameof(gradient));
        if (loss is not (Loss.MeanSquaredError or Loss.SoftmaxCrossEntropy))
            throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss.");

        int n = batchSize * _valueLength, m = batchSize * _inputLength, last = _blocks.Length - 1, width = OutputWidth, rows = batchSize * _tokens;
        int statisticsLength = StatisticsLength(batchSize);
        long scratchLength = ScratchLength(batchSize);
        var buffer = ArrayPool<double>.Shared.Rent(checked((int)(2L * n + m + batchSize * (long)width + statisticsLength + scratchLength)));
        try
        {
            var pre = buffer.AsSpan(0, n);                 // z_k, block by block
            var post = buffer.AsSpan(n, n);                // σ_k(z_k)
            var inputGradients = buffer.AsSpan(2 * n, m);  // ∂loss/∂x_k for blocks 1…L−1, accumulated
            var upstream = buffer.AsSpan(2 * n + m, batchSize * width);
            var statistics = buffer.AsSpan(2 * n + m + batchSize * width, statisticsLength); // σ of each normalisation
            var scratch = buffer.AsSpan(2 * n + m + batchSize * width + statisticsLength, (int)scratchLength);
            RunForward(theta, inputs, batchSize, pre, post, statistics, scratch);
            // One row of targets per token: the loss is the mean over the batch's tokens (per sample when there is one).
            double total = BatchLoss.Gradient(Values(post, last, batchSize), targets, rows, _blocks[last].OutputSize, loss, upstream);

            gradient.Slice(0, ParameterCount).Clear();
            inputGradients.Clear();
            for (int k = last; k >= 0; k--)
            {
                ref readonly var block = ref _blocks[k];
                // ∂loss/∂z_k, formed in place over ∂loss/∂x_{k+1} (no other block reads it afterwards).
                var dz = k == last ? upstream : InputGradient(inputGradients, k + 1, batchSize);
                var z = Values(pre, k, batchSize);
                Deactivate(k, theta, z, dz, rows, gradient);
                // z holds the normalised values n of a normalised block: ∂loss/∂n becomes ∂loss/∂(W x + b).
                if (block.Normalization != Normalization.None) NormalizationKernels.Backward(block, z, dz, rows, Statistics(statistics, k, rows));
                ReadOnlySpan<double> x = k == 0 ? inputs.Slice(0, batchSize * InputWidth) : Values(post, k - 1, batchSize);
                var dx = k == 0 ? default : InputGradient(inputGradients, k, batchSize);
                if (block.Kind == NetworkBlockKind.SelfAttention) AttentionKernels.Backward(block, theta, x, dz, batchSize, _tokens, gradient, dx);
                else Backward(block, theta, x, dz, rows, gradient, dx, scratch);
                // A bias before BatchNorm has gradient exactly 0 (the batch mean removes it); its rounding residue, which
                // Adam would blow up to full steps, is not passed on.
                if (block.Normalization == Normalization.BatchNorm && block.Bias >= 0) gradient.Slice(block.Bias, block.OutChannels).Clear();
                if (block.ResidualFrom > 0)
                {
                    var target = InputGradient(inputGradients, block.ResidualFrom, batchSize);
                    TensorPrimitives.Add(target, dz, target);
                }
            }

            return total;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Evaluates the network in single precision: θ and inputs are widened, the pass runs in double, outputs are rounded.</summary>
    public void Forward(ReadOnlySpan<float> theta, ReadOnlySpan<float> inputs, int batchSize, Span<float> outputs)
    {
        CheckBatch(theta.Length, inputs.Length, batchSize, outputs.Length, nameof(outputs));
        double[] wideTheta = FloatBridge.Widen(theta, ParameterCount), wideInputs = FloatBridge.Widen(inputs, batchSize * InputWidth);
        double[] wideOutputs = FloatBridge.Rent(batchSize * OutputWidth);
        try
        {
            Forward(wideTheta.AsSpan(0, ParameterCount), wideInputs.AsSpan(0, batchSize * InputWidth), batchSize, wideOutputs.AsSpan(0, batchSize * OutputWidth));
            FloatBridge.Narrow(wideOutputs, outputs, batchSize * OutputWidth);
        }
        finally
        {
            FloatBridge.Return(wideTheta);
            FloatBridge.Return(wideInputs);
            FloatBridge.Return(wideOutputs);
        }
    }

    /// <summary>
    /// Mean loss and its gradient in single precision: θ, inputs and targets are widened, the pass runs in double, the
    /// gradient is rounded.
    /// </summary>
    public double LossAndGradient(
        ReadOnlySpan<float> theta, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batchSize, Loss loss, Span<float> gradient)
    {
        CheckBatch(theta.Length, inputs.Length, batchSize, targets.Length, nameof(targets));
        if (gradient.Length < ParameterCount)
            throw new ArgumentException($"The gradient needs {Inv(ParameterCount)} entries; it has {Inv(gradient.Length)}.", nameof(gradient));
        int inputLength = batchSize * InputWidth, targetLength = batchSize * OutputWidth;
        double[] wideTheta = FloatBridge.Widen(theta, ParameterCount), wideInputs = FloatBridge.Widen(inputs, inputLength);
        double[] wideTargets = FloatBridge.Widen(targets, targetLength), wideGradient = FloatBridge.Rent(ParameterCount);
        try
        {
            double total = LossAndGradient(
                wideTheta.AsSpan(0, ParameterCount), wideInputs.AsSpan(0, inputLength), wideTargets.AsSpan(0, targetLength), batchSize, loss,
                wideGradient.AsSpan(0, ParameterCount));
            FloatBridge.Narrow(wideGradient, gradient, ParameterCount);
            return total;
        }
        finally
        {
            FloatBridge.Return(wideTheta);
            FloatBridge.Return(wideInputs);
            FloatBridge.Return(wideTargets);
            FloatBridge.Return(wideGradient);
        }
    }

    // Fills pre (z, or n for a normalised block) and post (σ(z)) block after block, and each normalisation's σ; post
    // may be the same span as pre (forward only).
    private void RunForward(
        ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, int batchSize, Span<double> pre, Span<double> post, Span<double> statistics, Span<double> scratch)
    {
        int rows = batchSize * _tokens;
        for (int k = 0; k < _blocks.Length; k++)
        {
            ref readonly var block = ref _blocks[k];
            ReadOnlySpan<double> x = k == 0 ? inputs.Slice(0, batchSize * InputWidth) : Values(post, k - 1, batchSize);
            var z = Values(pre, k, batchSize);
            if (block.Kind == NetworkBlockKind.SelfAttention) AttentionKernels.Forward(block, theta, x, batchSize, _tokens, z);
            else Linear(block, theta, x, rows, z, scratch);
            if (block.ResidualFrom >= 0)
            {
                ReadOnlySpan<double> skip = block.ResidualFrom == 0 ? inputs.Slice(0, z.Length) : Values(post, block.ResidualFrom - 1, batchSize);
                TensorPrimitives.Add(z, skip, z);
            }

            if (block.Normalization != Normalization.None) NormalizationKernels.Forward(block, z, rows, Statistics(statistics, k, rows), k);
            Activate(k, theta, z, Values(post, k, batchSize), rows);
        }
    }

    private static void Linear(in NetworkBlock block, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, int batchSize, Span<double> z, Span<double> scratch)
    {
        int ins = block.InputSize, outs = block.OutputSize;
        switch (block.Kind)
        {
            case NetworkBlockKind.Convolution:
                ConvolutionKernels.Forward(block, theta, x, batchSize, z, scratch);
                return;
            case NetworkBlockKind.Diagonal when block.Positions > 1:
                ChannelDiagonalForward(block, theta, x, batchSize, z);
                return;
            case NetworkBlockKind.Diagonal:
                var u = theta.Slice(block.Weights, outs);
                for (int b = 0; b < batchSize; b++) TensorPrimitives.Multiply(x.Slice(b * ins, ins), u, z.Slice(b * outs, outs));
                break;
            case NetworkBlockKind.GatedLinearUnit:
                GatedLinearUnitForward(block, theta, x, batchSize, z, scratch);
                return;
            default:
                var w = theta.Slice(block.Weights, outs * ins);
                for (int b = 0; b < batchSize; b++)
                {
                    var xb = x.Slice(b * ins, ins);
                    for (int o = 0; o < outs; o++) z[b * outs + o] = TensorPrimitives.Dot(w.Slice(o * ins, ins), xb);
                }

                break;
        }

        if (block.Bias >= 0)
        {
            var bias = theta.Slice(block.Bias, outs);
            for (int b = 0; b < batchSize; b++) TensorPrimitives.Add(z.Slice(b * outs, outs), bias, z.Slice(b * outs, outs));
        }
    }

    // Adds the block's weight and bias gradients for upstream dz (∂loss/∂z), and its input gradient into dx when not empty.
    private static void Backward(
        in NetworkBlock block, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> dz, int batchSize,
        Span<double> gradient, Span<double> dx, Span<double> scratch)
    {
        int ins = block.InputSize, outs = block.OutputSize;
        switch (block.Kind)
        {
            case NetworkBlockKind.Convolution:
                ConvolutionKernels.Backward(block, theta, x, dz, batchSize, gradient, dx, scratch);
                return;
            case NetworkBlockKind.GatedLinearUnit:
                GatedLinearUnitBackward(block, theta, x, dz, batchSize, gradient, dx, scratch);
                return;
            case NetworkBlockKind.Diagonal when block.Positions > 1:
                ChannelDiagonalBackward(block, theta, x, dz, batchSize, gradient, dx);
                return;
            case NetworkBlockKind.Diagonal:
            {
                var u = theta.Slice(block.Weights, outs);
                var gu = gradient.Slice(block.Weights, outs);
                for (int b = 0; b < batchSize; b++)
                {
                    TensorPrimitives.MultiplyAdd(x.Slice(b * ins, ins), dz.Slice(b * outs, outs), gu, gu);
                    if (!dx.IsEmpty) TensorPrimitives.MultiplyAdd(u, dz.Slice(b * outs, outs), dx.Slice(b * ins, ins), dx.Slice(b * ins, ins));
                }

                break;
            }

            default:
            {
                var w = theta.Slice(block.Weights, outs * ins);
                var gw = gradient.Slice(block.Weights, outs * ins);
                for (int b = 0; b < batchSize; b++)
                {
                    var xb = x.Slice(b * ins, ins);
                    var dxb = dx.IsEmpty ? default : dx.Slice(b * ins, ins);
                    for (int o = 0; o < outs; o++)
                    {
                        double d = dz[b * outs + o];
                        if (d == 0) continue;
                        TensorPrimitives.MultiplyAdd(xb, d, gw.Slice(o * ins, ins), gw.Slice(o * ins, ins));
                        if (!dx.IsEmpty) TensorPrimitives.MultiplyAdd(w.Slice(o * ins, ins), d, dxb, dxb);
                    }
                }

                break;
            }
        }

        if (block.Bias >= 0)
        {
            var gb = gradient.Slice(block.Bias, outs);
            for (int b = 0; b < batchSize; b++) TensorPrimitives.Add(gb, dz.Slice(b * outs, outs), gb);
        }
    }

    // z[c, p] = u_c·x[c, p] + b_c at every position p of every channel c.
    private static void ChannelDiagonalForward(in NetworkBlock block, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, int batchSize, Span<double> z)
    {
        int channels = block.OutChannels, p = block.Positions;
        for (int b = 0; b < batchSize; b++)
            for (int c = 0; c < channels; c++)
            {
                int at = (b * channels + c) * p;
                TensorPrimitives.Multiply(x.Slice(at, p), theta[block.Weights + c], z.Slice(at, p));
                if (block.Bias >= 0) TensorPrimitives.Add(z.Slice(at, p), theta[block.Bias + c], z.Slice(at, p));
            }
    }

    // ∂u_c = Σ_p x[c, p]·dz[c, p], ∂b_c = Σ_p dz[c, p], dx[c, p] += u_c·dz[c, p], over the batch.
    private static void ChannelDiagonalBackward(
        in NetworkBlock block, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> dz, int batchSize, Span<double> gradient, Span<double> dx)
    {
        int channels = block.OutChannels, p = block.Positions;
        for (int b = 0; b < batchSize; b++)
            for (int c = 0; c < channels; c++)
            {
                int at = (b * channels + c) * p;
                var dzc = dz.Slice(at, p);
                gradient[block.Weights + c] += TensorPrimitives.Dot(x.Slice(at, p), dzc);
                if (block.Bias >= 0) gradient[block.Bias + c] += TensorPrimitives.Sum(dzc);
                if (!dx.IsEmpty) TensorPrimitives.MultiplyAdd(dzc, theta[block.Weights + c], dx.Slice(at, p), dx.Slice(at, p));
            }
    }

    // z = act(W₁x) ⊙ (W₂x) per sample; scratch holds the gate's pre-activations and values.
    private static void GatedLinearUnitForward(in NetworkBlock block, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, int batchSize, Span<double> z, Span<double> scratch)
    {
        int ins = block.InputSize, outs = block.OutputSize;
        var gate = new BlockActivation(block.GateActivation, 0.01, 1);
        var w1 = theta.Slice(block.Gate, outs * ins);
        var w2 = theta.Slice(block.Weights, outs * ins);
        var u = scratch.Slice(0, outs);
        var g = scratch.Slice(outs, outs);
        for (int b = 0; b < batchSize; b++)
        {
            var xb = x.Slice(b * ins, ins);
            var zb = z.Slice(b * outs, outs);
            for (int j = 0; j < outs; j++)
            {
                u[j] = TensorPrimitives.Dot(w1.Slice(j * ins, ins), xb);
                zb[j] = TensorPrimitives.Dot(w2.Slice(j * ins, ins), xb);
            }

            ApplyGate(gate, block, theta, u, g);
            TensorPrimitives.Multiply(zb, g, zb);
        }
    }

    // g = act(u), with each hidden unit's own β when the gate has a trainable one.
    private static void ApplyGate(in BlockActivation gate, in NetworkBlock block, ReadOnlySpan<double> theta, ReadOnlySpan<double> u, Span<double> g)
    {
        if (block.Beta < 0)
        {
            gate.Apply(u, 1d, g);
            return;
        }

        for (int j = 0; j < u.Length; j++) gate.Apply(u.Slice(j, 1), theta[block.Beta + j], g.Slice(j, 1));
    }

    // With v = W₂x, u = W₁x, z = act(u) ⊙ v: ∂/∂v = dz ⊙ act(u), ∂/∂u = dz ⊙ v ⊙ act′(u); each row's gradient is that times
    // xᵀ, and dx gets W₂ᵀ∂v + W₁ᵀ∂u. The pre-activations are recomputed (two dot products per unit).
    private static void GatedLinearUnitBackward(
        in NetworkBlock block, ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> dz, int batchSize,
        Span<double> gradient, Span<double> dx, Span<double> scratch)
    {
        int ins = block.InputSize, outs = block.OutputSize;
        var gate = new BlockActivation(block.GateActivation, 0.01, 1);
        var w1 = theta.Slice(block.Gate, outs * ins);
        var w2 = theta.Slice(block.Weights, outs * ins);
        var g1 = gradient.Slice(block.Gate, outs * ins);
        var g2 = gradient.Slice(block.Weights, outs * ins);
        var u = scratch.Slice(0, outs);
        var du = scratch.Slice(outs, outs);
        var g = scratch.Slice(2 * outs, outs);
        for (int b = 0; b < batchSize; b++)
        {
            var xb = x.Slice(b * ins, ins);
            var dxb = dx.IsEmpty ? default : dx.Slice(b * ins, ins);
            var dzb = dz.Slice(b * outs, outs);
            for (int j = 0; j < outs; j++)
            {
                u[j] = TensorPrimitives.Dot(w1.Slice(j * ins, ins), xb);
                du[j] = dzb[j] * TensorPrimitives.Dot(w2.Slice(j * ins, ins), xb);
            }

            ApplyGate(gate, block, theta, u, g);
            if (block.Beta < 0) gate.ScaleByDerivative(u, 1d, du);
            else
                for (int j = 0; j < outs; j++)
                {
                    double beta = theta[block.Beta + j];
                    // du holds dz ⊙ v here: ∂/∂β_j adds dz_j·v_j·∂act/∂β, then du becomes dz ⊙ v ⊙ act′(u).
                    gradient[block.Beta + j] += BlockActivation.BetaGradient(u.Slice(j, 1), beta, du.Slice(j, 1));
                    gate.ScaleByDerivative(u.Slice(j, 1), beta, du.Slice(j, 1));
                }
            for (int j = 0; j < outs; j++)
            {
                double dv = dzb[j] * g[j], dg = du[j];
                if (dv != 0)
                {
                    TensorPrimitives.MultiplyAdd(xb, dv, g2.Slice(j * ins, ins), g2.Slice(j * ins, ins));
                    if (!dx.IsEmpty) TensorPrimitives.MultiplyAdd(w2.Slice(j * ins, ins), dv, dxb, dxb);
                }

                if (dg != 0)
                {
                    TensorPrimitives.MultiplyAdd(xb, dg, g1.Slice(j * ins, ins), g1.Slice(j * ins, ins));
                    if (!dx.IsEmpty) TensorPrimitives.MultiplyAdd(w1.Slice(j * ins, ins), dg, dxb, dxb);
                }
            }
        }
    }

    // a = σ(z) for block k, per output unit (channel) when β is trainable.
    private void Activate(int k, ReadOnlySpan<double> theta, ReadOnlySpan<double> z, Span<double> a, int batchSize)
    {
        ref readonly var block = ref _blocks[k];
        var activation = ActivationOf(k);
        if (activation.Kind != Activation.Swish || block.Beta < 0)
        {
            activation.Apply(z, 1d, a);
            return;
        }

        int units = block.OutChannels, p = block.Positions;
        for (int b = 0; b < batchSize; b++)
            for (int u = 0; u < units; u++)
            {
                int at = (b * units + u) * p;
                activation.Apply(z.Slice(at, p), theta[block.Beta + u], a.Slice(at, p));
            }
    }

    // dz ⊙= σ′(z) for block k, after adding the β gradient of a trainable Swish (which reads the upstream values).
    private void Deactivate(int k, ReadOnlySpan<double> theta, ReadOnlySpan<double> z, Span<double> dz, int batchSize, Span<double> gradient)
    {
        ref readonly var block = ref _blocks[k];
        var activation = ActivationOf(k);
        if (activation.Kind != Activation.Swish || block.Beta < 0)
        {
            activation.ScaleByDerivative(z, 1d, dz);
            return;
        }

        int units = block.OutChannels, p = block.Positions;
        for (int b = 0; b < batchSize; b++)
            for (int u = 0; u < units; u++)
            {
                int at = (b * units + u) * p;
                double beta = theta[block.Beta + u];
                gradient[block.Beta + u] += BlockActivation.BetaGradient(z.Slice(at, p), beta, dz.Slice(at, p));
                activation.ScaleByDerivative(z.Slice(at, p), beta, dz.Slice(at, p));
            }
    }

    private BlockActivation ActivationOf(int k)
    {
        ref readonly var block = ref _blocks[k];
        return k == _blocks.Length - 1 ? new BlockActivation(Activation.Identity, 0, 1) : new BlockActivation(block.Activation, block.NegativeSlope, block.Degree);
    }

    private Span<double> Values(Span<double> all, int k, int batchSize) =>
        all.Slice(batchSize * _valueOffset[k], batchSize * _tokens * _blocks[k].OutputSize);

    private Span<double> InputGradient(Span<double> all, int k, int batchSize) =>
        all.Slice(batchSize * _inputOffset[k], batchSize * _tokens * _blocks[k].InputSize);

    // The σ values of every normalised block for one batch, block after block.
    private int StatisticsLength(int batchSize)
    {
        long length = 0;
        foreach (var block in _blocks) length += NormalizationKernels.StatisticsLength(block, batchSize * _tokens);
        return checked((int)length);
    }

    private Span<double> Statistics(Span<double> all, int k, int rows)
    {
        int start = 0;
        for (int j = 0; j < k; j++) start += NormalizationKernels.StatisticsLength(_blocks[j], rows);
        return all.Slice(start, NormalizationKernels.StatisticsLength(_blocks[k], rows));
    }

    private long ScratchLength(int batchSize)
    {
        long length = 0;
        foreach (var block in _blocks)
            if (block.Kind == NetworkBlockKind.Convolution) length = Math.Max(length, ConvolutionKernels.ScratchLength(block, batchSize));
            else if (block.Kind == NetworkBlockKind.GatedLinearUnit) length = Math.Max(length, 3L * block.OutChannels);
        return length;
    }

    private void CheckBatch(ReadOnlySpan<double> theta, ReadOnlySpan<double> inputs, int batchSize, int outputLength, string outputName) =>
        CheckBatch(theta.Length, inputs.Length, batchSize, outputLength, outputName);

    private void CheckBatch(int thetaLength, int inputLength, int batchSize, int outputLength, string outputName)
    {
        if (thetaLength < ParameterCount)
            throw new ArgumentException($"θ needs {Inv(ParameterCount)} entries; it has {Inv(thetaLength)}.", "theta");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch needs at least one sample.");
        if (inputLength < (long)batchSize * InputWidth)
            throw new ArgumentException($"{Inv(batchSize)} samples need {Inv(batchSize * (long)InputWidth)} inputs ({Inv(InputWidth)} per sample); there are {Inv(inputLength)}.", "inputs");
        if (outputLength < (long)batchSize * OutputWidth)
            throw new ArgumentException($"{Inv(batchSize)} samples need {Inv(batchSize * (long)OutputWidth)} {outputName} ({Inv(OutputWidth)} per sample); there are {Inv(outputLength)}.", outputName);
        if ((long)batchSize * (2L * _valueLength + _inputLength + OutputWidth + _tokens * (long)_blocks.Length) + ScratchLength(batchSize) > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch is too large for one pass; split it.");
    }

    private void Validate(int k)
    {
        var b = _blocks[k];
        string name = "Block " + Inv(k);
        void Fail(string problem) => throw new ArgumentException(name + " " + problem, "blocks");
        void InTheta(int offset, long count, string what)
        {
            if (offset < 0 || offset + count > ParameterCount)
                Fail($"has its {what} at [{Inv(offset)}, {Inv(offset + count)}), outside θ of length {Inv(ParameterCount)}.");
        }

        if (b.InChannels <= 0 || b.OutChannels <= 0 || b.InputHeight <= 0 || b.InputWidth <= 0 || b.KernelHeight <= 0 || b.KernelWidth <= 0)
            Fail("has a non-positive size.");
        if (b.Stride < 1 || b.PaddingHeight < 0 || b.PaddingWidth < 0) Fail("needs stride ≥ 1 and padding ≥ 0.");
        if (b.OutputHeight <= 0 || b.OutputWidth <= 0) Fail("has a kernel larger than its padded input: no output position is left.");
        // One sample's unfolded input and outputs must fit one scratch array.
        if ((long)b.InChannels * b.InputHeight * b.InputWidth > int.MaxValue || (long)b.OutChannels * b.OutputHeight * b.OutputWidth > int.MaxValue
            || (long)b.InChannels * b.KernelHeight * b.KernelWidth * b.OutputHeight * b.OutputWidth > Array.MaxLength / 4)
            Fail("is too large.");
        if (!Enum.IsDefined(b.Activation)) Fail($"has an unknown activation ({Inv((long)b.Activation)}).");
        if (_tokens > 1 && b.Kind == NetworkBlockKind.Convolution) Fail("is a convolution in a network of token sequences.");
        if (b.Attention is { } attention)
        {
            long p = attention.Projection, d = b.InChannels;
            if (attention.Heads <= 0 || attention.HeadDim <= 0) Fail("has no heads.");
            InTheta(attention.QueryWeights, p * d, "query weights");
            InTheta(attention.KeyWeights, p * d, "key weights");
            InTheta(attention.ValueWeights, p * d, "value weights");
            InTheta(attention.OutputWeights, d * p, "output weights");
            foreach (var (bias, what) in new[] { (attention.QueryBias, "query bias"), (attention.KeyBias, "key bias"), (attention.ValueBias, "value bias") })
                if (bias >= 0) InTheta(bias, p, what);
                else if (bias != -1) Fail($"has a {what} offset below −1.");
        }

        InTheta(b.Weights, b.WeightCount, "weights");
        if (b.Normalization != Normalization.None)
        {
            if (!Enum.IsDefined(b.Normalization)) Fail($"has an unknown normalisation ({Inv((long)b.Normalization)}).");
            if (b.Kind is not (NetworkBlockKind.Dense or NetworkBlockKind.Convolution)) Fail("is normalised, which only a dense or convolution block can be here.");
            if (b.ResidualFrom != -1) Fail("is normalised and has a residual connection, which a normalised block does not take.");
            if (b.Normalization == Normalization.LayerNorm && b.OutChannels < 2) Fail("has LayerNorm on a single output (channel), whose normalised value is always 0.");
            if (!(b.NormEpsilon >= 0) || double.IsInfinity(b.NormEpsilon)) Fail("needs a finite NormEpsilon ≥ 0.");
        }

        if (b.Kind == NetworkBlockKind.GatedLinearUnit)
        {
            InTheta(b.Gate, b.WeightCount, "gate weights");
            if (!Enum.IsDefined(b.GateActivation) || b.GateActivation is Activation.RePU or Activation.Power)
                Fail($"has a gate activation ({b.GateActivation}) a gated linear unit does not take.");
            if (b.Bias != -1 || b.Activation != Activation.Identity) Fail("is a gated linear unit, which takes no bias and no activation after it.");
        }

        if (b.Bias >= 0) InTheta(b.Bias, b.OutChannels, "bias");
        else if (b.Bias != -1) Fail("has a bias offset below −1.");
        if (b.Beta >= 0)
        {
            if (b.Kind == NetworkBlockKind.GatedLinearUnit ? b.GateActivation != Activation.Swish : b.Activation != Activation.Swish)
                Fail("has a trainable β, which only a Swish activation (or a gated linear unit's Swish gate) takes.");
            InTheta(b.Beta, b.OutChannels, "β");
        }
        else if (b.Beta != -1) Fail("has a β offset below −1.");

        bool degree = b.Activation is Activation.RePU or Activation.Power;
        if (degree ? b.Degree < 2 : b.Degree != 1) Fail(degree ? $"needs degree ≥ 2 for {b.Activation} (got {Inv(b.Degree)})." : $"has degree {Inv(b.Degree)}, which only RePU and Power take.");
        if (k > 0 && _blocks[k - 1].OutputSize != b.InputSize)
            Fail($"reads {Inv(b.InputSize)} values per sample but block {Inv(k - 1)} outputs {Inv(_blocks[k - 1].OutputSize)}.");
        if (b.ResidualFrom != -1)
        {
            if (b.ResidualFrom < 0 || b.ResidualFrom > k) Fail($"has a residual connection from block {Inv(b.ResidualFrom)}; it must name this block or an earlier one.");
            if (_blocks[b.ResidualFrom].InputSize != b.OutputSize)
                Fail($"outputs {Inv(b.OutputSize)} values per sample but the input of block {Inv(b.ResidualFrom)}, which its residual connection adds, has {Inv(_blocks[b.ResidualFrom].InputSize)}.");
        }
    }

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
