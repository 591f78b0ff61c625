namespace ConservationCodegen.Engine.Model;

/// <summary>
/// An elementwise scaling layer y = σ(u ⊙ x + b), u ∈ ℝ^width: one weight per unit. Two in a row (w = u ⊙ v) are a
/// Hadamard factorisation; a chain of them a diagonal linear network. After a convolution (e.g. a normalised
/// convolution's affine γ ⊙ n + β) the units are its channels: channel c is scaled by u_c, and shifted by b_c, at every
/// position, so the positions pass through and what follows reads it as it would read the convolution
/// (<see cref="ModelDescription.ChannelSource"/>).
/// </summary>
public sealed record DiagonalSpec : BlockSpec
{
    /// <param name="width">Units in and out.</param>
    public DiagonalSpec(int width) => Width = width;

    /// <summary>Units in and out.</summary>
    public int Width { get; }

    /// <inheritdoc/>
    public override string KindName => "diagonal";

    /// <inheritdoc/>
    public override int Inputs => Width;

    /// <inheritdoc/>
    public override int Outputs => Width;

    /// <inheritdoc/>
    public override long WeightCount => Width;

    /// <inheritdoc/>
    public override string ShapeText => Inv(Width);

    /// <summary>Unit i joined to unit i only.</summary>
    public override LayerShape ShapeAfter(BlockSpec? before) => new(Width, Width, 1, Diagonal: true);
}
