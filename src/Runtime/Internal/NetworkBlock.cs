using System.ComponentModel;

namespace ConservationCodegen.Internal;

/// <summary>
/// One block of a <see cref="LayeredNetwork"/>: where its parameters sit in θ, its shape, the activation after it and
/// an optional residual connection. Built by <see cref="Dense"/>, <see cref="Conv1d"/>, <see cref="Conv2d"/>,
/// <see cref="Diagonal"/>, <see cref="ChannelDiagonal"/> or <see cref="GatedLinearUnit"/>, then <see cref="WithActivation"/> and <see cref="WithResidualFrom"/>; generated models write
/// one array of them as constants. User code should call the generated members instead.
/// </summary>
/// <remarks>
/// Every block maps one sample's values, stored channel-major ([channels, height, width]; a dense or diagonal block
/// sees a flat vector, a channel diagonal [channels, positions]), to its outputs. Weights are row-major as stored ([outputs, inputs] for a dense block,
/// [out, in, kernel height, kernel width] for a convolution, [width] for a diagonal one); the bias and the trainable
/// Swish β have one entry per output unit (neuron or channel).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct NetworkBlock
{
    private NetworkBlock(
        NetworkBlockKind kind, int weights, int bias, int inChannels, int outChannels, int inputHeight, int inputWidth,
        int kernelHeight, int kernelWidth, int stride, int paddingHeight, int paddingWidth)
    {
        Kind = kind;
        Weights = weights;
        Bias = bias;
        InChannels = inChannels;
        OutChannels = outChannels;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        Stride = stride;
        PaddingHeight = paddingHeight;
        PaddingWidth = paddingWidth;
        Beta = -1;
        Gate = -1;
        Degree = 1;
        ResidualFrom = -1;
        NegativeSlope = 0.01;
    }

    /// <summary>A dense layer z = W x + b, W stored [outputs, inputs] at <paramref name="weights"/>.</summary>
    /// <param name="weights">Offset of W in θ.</param>
    /// <param name="inputs">Inputs per sample (after a convolution: its channel-major flattening, channels × positions).</param>
    /// <param name="outputs">Outputs per sample.</param>
    /// <param name="bias">Offset of b (one per output), or −1 for none.</param>
    public static NetworkBlock Dense(int weights, int inputs, int outputs, int bias = -1) =>
        new(NetworkBlockKind.Dense, weights, bias, inputs, outputs, 1, 1, 1, 1, 1, 0, 0);

    /// <summary>
    /// A 1-D convolution (cross-correlation, as PyTorch's <c>Conv1d</c>): kernels K [outChannels, inChannels, kernel] at
    /// <paramref name="weights"/>, input [inChannels, inputLength], zero padding on both ends.
    /// </summary>
    /// <param name="weights">Offset of K in θ.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inputLength">Positions per input channel.</param>
    /// <param name="kernel">Kernel size.</param>
    /// <param name="stride">Step between output positions (≥ 1).</param>
    /// <param name="padding">Zeros added at each end (≥ 0).</param>
    /// <param name="bias">Offset of the bias (one per output channel), or −1 for none.</param>
    public static NetworkBlock Conv1d(int weights, int inChannels, int outChannels, int inputLength, int kernel, int stride = 1, int padding = 0, int bias = -1) =>
        new(NetworkBlockKind.Convolution, weights, bias, inChannels, outChannels, 1, inputLength, 1, kernel, stride, 0, padding);

    /// <summary>
    /// A 2-D convolution (cross-correlation, as PyTorch's <c>Conv2d</c>): kernels K [outChannels, inChannels,
    /// kernelHeight, kernelWidth] at <paramref name="weights"/>, input [inChannels, inputHeight, inputWidth], the same
    /// stride along both axes and zero padding on every side.
    /// </summary>
    /// <param name="weights">Offset of K in θ.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inputHeight">Rows per input channel.</param>
    /// <param name="inputWidth">Columns per input channel.</param>
    /// <param name="kernelHeight">Kernel rows.</param>
    /// <param name="kernelWidth">Kernel columns.</param>
    /// <param name="stride">Step between output positions along both axes (≥ 1).</param>
    /// <param name="padding">Zeros added on every side (≥ 0).</param>
    /// <param name="bias">Offset of the bias (one per output channel), or −1 for none.</param>
    public static NetworkBlock Conv2d(
        int weights, int inChannels, int outChannels, int inputHeight, int inputWidth, int kernelHeight, int kernelWidth,
        int stride = 1, int padding = 0, int bias = -1) =>
        new(NetworkBlockKind.Convolution, weights, bias, inChannels, outChannels, inputHeight, inputWidth, kernelHeight, kernelWidth, stride, padding, padding);

    /// <summary>A diagonal layer z = u ⊙ x + b, u stored [width] at <paramref name="weights"/>.</summary>
    /// <param name="weights">Offset of u in θ.</param>
    /// <param name="width">Units in and out.</param>
    /// <param name="bias">Offset of b, or −1 for none.</param>
    public static NetworkBlock Diagonal(int weights, int width, int bias = -1) =>
        new(NetworkBlockKind.Diagonal, weights, bias, width, width, 1, 1, 1, 1, 1, 0, 0);

    /// <summary>
    /// A diagonal layer after a convolution, z[c, p] = u_c·x[c, p] + b_c: one weight (and bias) per channel, shared by
    /// every position (a normalised convolution's affine γ ⊙ n + β). The sample stays channel-major [channels, positions].
    /// </summary>
    /// <param name="weights">Offset of u in θ.</param>
    /// <param name="channels">Channels in and out.</param>
    /// <param name="positions">Positions per channel (height × width of the convolution's output).</param>
    /// <param name="bias">Offset of b (one per channel), or −1 for none.</param>
    public static NetworkBlock ChannelDiagonal(int weights, int channels, int positions, int bias = -1) =>
        new(NetworkBlockKind.Diagonal, weights, bias, channels, channels, 1, positions, 1, 1, 1, 0, 0);

    /// <summary>
    /// Multi-head self-attention over the tokens of a sample (a network built with a token count): W_Q, W_K, W_V stored
    /// [heads·headDim, modelDim] and W_O [modelDim, heads·headDim] at their offsets, biases of heads·headDim entries or
    /// −1. Head a computes softmax over the keys of (X W_Q^aᵀ + b_Q^a)(X W_K^aᵀ + b_K^a)ᵀ/√headDim, applied to
    /// X W_V^aᵀ + b_V^a, then W_O^a; the block adds its heads.
    /// </summary>
    public static NetworkBlock SelfAttention(
        int queryWeights, int queryBias, int keyWeights, int keyBias, int valueWeights, int valueBias, int outputWeights, int modelDim, int heads, int headDim) =>
        new(NetworkBlockKind.SelfAttention, queryWeights, -1, modelDim, modelDim, 1, 1, 1, 1, 1, 0, 0)
        {
            Attention = new AttentionLayout(queryWeights, queryBias, keyWeights, keyBias, valueWeights, valueBias, outputWeights, heads, headDim),
        };

    /// <summary>
    /// A gated linear unit z = act(W₁x) ⊙ (W₂x): the gate weights W₁ [hidden, inputs] at <paramref name="gate"/>, the up
    /// weights W₂ (same shape) at <paramref name="up"/>, no bias. The activation after the block (<see cref="WithActivation"/>)
    /// stays the identity: the dense layer after it reads z.
    /// </summary>
    /// <param name="gate">Offset of W₁ in θ.</param>
    /// <param name="up">Offset of W₂ in θ.</param>
    /// <param name="inputs">Inputs per sample.</param>
    /// <param name="hidden">Hidden units (outputs per sample).</param>
    /// <param name="gateActivation">act: Swish (SiLU, β = 1), GELU, sigmoid, tanh, softplus, or any other activation of a dense layer.</param>
    public static NetworkBlock GatedLinearUnit(int gate, int up, int inputs, int hidden, Activation gateActivation) =>
        new(NetworkBlockKind.GatedLinearUnit, up, -1, inputs, hidden, 1, 1, 1, 1, 1, 0, 0) { Gate = gate, GateActivation = gateActivation };

    /// <summary>
    /// This gated linear unit with a trainable β in its Swish gate, act(z) = z·sigmoid(β_j z) per hidden unit j: β at
    /// <paramref name="beta"/> (one per hidden unit).
    /// </summary>
    public NetworkBlock WithGateBeta(int beta) => this with { Beta = beta };

    /// <summary>
    /// This block with <paramref name="activation"/> after it (ignored on the last block, as on
    /// <see cref="DenseNetwork"/>).
    /// </summary>
    /// <param name="activation">The activation.</param>
    /// <param name="negativeSlope">Slope α of <see cref="Activation.LeakyReLU"/> for z &lt; 0.</param>
    /// <param name="degree">k of <see cref="Activation.RePU"/> (max(0, z)^k) and <see cref="Activation.Power"/> (z^k), ≥ 2; 1 otherwise.</param>
    /// <param name="beta">
    /// For <see cref="Activation.Swish"/>, z·sigmoid(β_u z): the offset of a trainable β (one per output unit), or −1 for
    /// the fixed β = 1 (SiLU).
    /// </param>
    public NetworkBlock WithActivation(Activation activation, double negativeSlope = 0.01, int degree = 1, int beta = -1) =>
        this with { Activation = activation, NegativeSlope = negativeSlope, Degree = degree, Beta = beta };

    /// <summary>
    /// This block with a normalisation of its pre-activation z = W x + b, applied before its activation (a dense or
    /// convolution block; no residual connection): BatchNorm standardises each output unit over the rows of the batch
    /// (every token of every sample; a convolution's channel over every sample and position), LayerNorm the outputs of
    /// each row together (a convolution's channels at each position of each sample), RMSNorm divides them by their root
    /// mean square.
    /// Variances are biased, and <paramref name="epsilon"/> is added inside the square root as in PyTorch; with the
    /// default 0 the normalisation's scale symmetry, and hence its laws, are exact.
    /// </summary>
    /// <param name="normalization">The normalisation.</param>
    /// <param name="epsilon">ε ≥ 0 inside the square root.</param>
    /// <param name="layer">The layer's member name, for error messages (null: the block's index is used).</param>
    public NetworkBlock WithNormalization(Normalization normalization, double epsilon = 0, string? layer = null) =>
        this with { Normalization = normalization, NormEpsilon = epsilon, LayerName = layer };

    /// <summary>
    /// This block with a residual connection: the input of block <paramref name="block"/> (≤ this block's index, same
    /// size as this block's output) is added to this block's output before its activation, σ(g(x) + x).
    /// </summary>
    public NetworkBlock WithResidualFrom(int block) => this with { ResidualFrom = block };

    internal NetworkBlockKind Kind { get; }

    /// <summary>The offsets and heads of a self-attention block; null for other kinds.</summary>
    internal AttentionLayout? Attention { get; private init; }

    /// <summary>Offset of the weights in θ (of a gated linear unit: its up weights).</summary>
    public int Weights { get; }

    /// <summary>Offset of a gated linear unit's gate weights in θ, or −1.</summary>
    public int Gate { get; private init; }

    /// <summary>A gated linear unit's gate activation.</summary>
    public Activation GateActivation { get; private init; }

    /// <summary>Offset of the bias in θ, or −1.</summary>
    public int Bias { get; }

    /// <summary>Offset of the trainable Swish β in θ (of a gated linear unit: its gate's β), or −1.</summary>
    public int Beta { get; private init; }

    /// <summary>Input channels (a dense block's inputs, a diagonal block's width).</summary>
    public int InChannels { get; }

    /// <summary>Output channels (a dense block's outputs, a diagonal block's width): the units of the bias and β.</summary>
    public int OutChannels { get; }

    /// <summary>Rows per input channel (1 unless a 2-D convolution).</summary>
    public int InputHeight { get; }

    /// <summary>Columns per input channel (a 1-D convolution's length, a channel diagonal's positions; 1 for dense and diagonal blocks).</summary>
    public int InputWidth { get; }

    /// <summary>Kernel rows (1 unless a 2-D convolution).</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel columns (a 1-D convolution's kernel size).</summary>
    public int KernelWidth { get; }

    /// <summary>Stride along each axis.</summary>
    public int Stride { get; }

    /// <summary>Zero padding above and below (0 for a 1-D convolution).</summary>
    public int PaddingHeight { get; }

    /// <summary>Zero padding left and right.</summary>
    public int PaddingWidth { get; }

    /// <summary>The activation after the block.</summary>
    public Activation Activation { get; private init; }

    /// <summary>The normalisation of the pre-activation (<see cref="Normalization.None"/> by default).</summary>
    public Normalization Normalization { get; private init; }

    /// <summary>ε inside the normalisation's square root.</summary>
    public double NormEpsilon { get; private init; }

    /// <summary>The layer's member name for error messages, or null.</summary>
    public string? LayerName { get; private init; }

    /// <summary>Leaky-ReLU slope.</summary>
    public double NegativeSlope { get; private init; }

    /// <summary>Degree of RePU and Power.</summary>
    public int Degree { get; private init; }

    /// <summary>Index of the block whose input is added to this block's output, or −1.</summary>
    public int ResidualFrom { get; private init; }

    /// <summary>Output rows per channel.</summary>
    public int OutputHeight => Kind == NetworkBlockKind.Convolution ? (InputHeight + 2 * PaddingHeight - KernelHeight) / Stride + 1 : Kind == NetworkBlockKind.Diagonal ? InputHeight : 1;

    /// <summary>Output columns per channel.</summary>
    public int OutputWidth => Kind == NetworkBlockKind.Convolution ? (InputWidth + 2 * PaddingWidth - KernelWidth) / Stride + 1 : Kind == NetworkBlockKind.Diagonal ? InputWidth : 1;

    /// <summary>Output positions per channel (a diagonal block keeps its input's; 1 for dense blocks).</summary>
    public int Positions => OutputHeight * OutputWidth;

    /// <summary>Values per input sample.</summary>
    public int InputSize => InChannels * InputHeight * InputWidth;

    /// <summary>Values per output sample.</summary>
    public int OutputSize => OutChannels * Positions;

    /// <summary>Number of weights.</summary>
    public long WeightCount => Kind switch
    {
        NetworkBlockKind.Diagonal => OutChannels,
        NetworkBlockKind.SelfAttention => 0, // its members are checked one by one (AttentionLayout)
        NetworkBlockKind.Convolution => (long)OutChannels * InChannels * KernelHeight * KernelWidth,
        _ => (long)OutChannels * InChannels,
    };

    /// <summary>Weights per output channel: the rows of the unfolded input a convolution multiplies.</summary>
    internal int FieldSize => InChannels * KernelHeight * KernelWidth;
}

/// <summary>How a <see cref="NetworkBlock"/> combines its inputs.</summary>
internal enum NetworkBlockKind
{
    Dense,
    Convolution,
    Diagonal,
    GatedLinearUnit,
    SelfAttention,
}

/// <summary>Where a self-attention block's members sit in θ (biases −1 when absent), and its heads.</summary>
internal sealed record AttentionLayout(
    int QueryWeights, int QueryBias, int KeyWeights, int KeyBias, int ValueWeights, int ValueBias, int OutputWeights, int Heads, int HeadDim)
{
    /// <summary>heads·headDim.</summary>
    public int Projection => Heads * HeadDim;
}
