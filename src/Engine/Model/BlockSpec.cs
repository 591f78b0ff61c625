using System.Globalization;

namespace ConservationCodegen.Engine.Model;

/// <summary>
/// One block of a model: a layer kind over its own parameter groups (weights, optional bias, optional trainable Swish
/// β), the activation after it, and an optional skip connection. One record per kind (<see cref="LayerSpec"/> for a
/// dense layer, <see cref="ConvolutionSpec"/>, <see cref="DiagonalSpec"/>); the engine sees each through the
/// <see cref="LayerShape"/> the model assigns it, so the mathematics of paths, laws and counts is written once.
/// </summary>
public abstract record BlockSpec
{
    /// <summary>Activation applied after this block (ignored on the last block).</summary>
    public ActivationKind Activation { get; init; }

    /// <summary>Whether the block has a bias: one entry per output unit (neuron or channel).</summary>
    public bool HasBias { get; init; }

    /// <summary>Name used in formulas for the weights.</summary>
    public string WeightName { get; init; } = "";

    /// <summary>Name used in formulas for the bias.</summary>
    public string BiasName { get; init; } = "";

    /// <summary>Degree k of <see cref="ActivationKind.RePU"/> and <see cref="ActivationKind.Power"/> (k ≥ 2); 1 otherwise.</summary>
    public int ActivationDegree { get; init; } = 1;

    /// <summary>
    /// Name of the trainable per-unit β of a <see cref="ActivationKind.Swish"/> activation, or null (a fixed β: SiLU). An
    /// empty name asks for the default, "Beta" followed by the block's 1-based index.
    /// </summary>
    public string? BetaName { get; init; }

    /// <summary>
    /// Index (0-based) of an earlier block whose input receives this block's output before its activation (a residual
    /// connection x + g(x)), or −1 for none.
    /// </summary>
    public int ResidualFrom { get; init; } = -1;

    /// <summary>
    /// A normalisation of the block's pre-activation, applied before its activation (none by default). It has no
    /// parameters of its own and cuts the model after the block: the block's scale (and, for BatchNorm and LayerNorm,
    /// translation) laws replace the balances of its units.
    /// </summary>
    public NormalizationKind Normalization { get; init; }

    /// <summary>
    /// ε added to the variance inside the normalisation's square root (0 by default). With ε &gt; 0 rescaling the
    /// block's weights changes the normalised values, so the block has no scale laws; its translation laws stay.
    /// </summary>
    public double NormEpsilon { get; init; }

    /// <summary>Kind name used in messages and reports: "dense", "conv1d", "conv2d", "diagonal".</summary>
    public abstract string KindName { get; }

    /// <summary>Input units: features of a dense or diagonal layer, channels of a convolution.</summary>
    public abstract int Inputs { get; }

    /// <summary>Output units: neurons or channels; the bias and β have one entry per output unit.</summary>
    public abstract int Outputs { get; }

    /// <summary>Number of weights (the first parameter group of the block in θ).</summary>
    public abstract long WeightCount { get; }

    /// <summary>True when the block has a trainable Swish β.</summary>
    public bool HasBeta => BetaName is not null;

    /// <summary>
    /// Parameters before the weights that no path of φ crosses: the gate weights of a <see cref="GatedLinearUnitSpec"/>;
    /// 0 for every other block.
    /// </summary>
    public virtual long GateWeightCount => 0;

    /// <summary>Number of parameters: gate weights (if any), weights, then the bias, then β, in that order in θ.</summary>
    public long ParameterCount => GateWeightCount + WeightCount + (HasBias ? Outputs : 0) + (HasBeta ? Outputs : 0);

    /// <summary>The weights' shape as written in messages, e.g. "4×3" or "16×3×3×3".</summary>
    public abstract string ShapeText { get; }

    /// <summary>How the engine sees this block when <paramref name="before"/> (null: none) feeds it (see <see cref="LayerShape"/>).</summary>
    public abstract LayerShape ShapeAfter(BlockSpec? before);

    private protected static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
