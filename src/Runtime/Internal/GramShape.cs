using System;

namespace ConservationCodegen.Internal;

/// <summary>
/// Where one hidden layer's weights sit in θ, and the rows of the stacked operand the triangle kernel reads: W_inᵀ
/// (inputs rows), bᵀ (one row, if any) and W_out (outputs rows), padded to <see cref="Stride"/> columns; the first
/// <see cref="PositiveRows"/> rows add to Q, the others subtract.
/// </summary>
internal readonly struct GramShape
{
    public GramShape(int length, int inWeights, int inputs, int bias, int outWeights, int outputs, int width)
    {
        // Checked once here so the kernels can index without bounds checks.
        if (inputs < 0 || outputs < 0 || width < 0) throw new ArgumentOutOfRangeException(nameof(width), "Shapes must be non-negative.");
        if (inWeights < 0 || (long)inWeights + (long)inputs * width > length) throw new ArgumentOutOfRangeException(nameof(inWeights));
        if (bias < -1 || (bias >= 0 && (long)bias + width > length)) throw new ArgumentOutOfRangeException(nameof(bias));
        if (outWeights < 0 || (long)outWeights + (long)outputs * width > length) throw new ArgumentOutOfRangeException(nameof(outWeights));
        InWeights = inWeights;
        Inputs = inputs;
        Bias = bias;
        OutWeights = outWeights;
        Outputs = outputs;
        Width = width;
    }

    public int InWeights { get; }

    public int Inputs { get; }

    /// <summary>Offset of b, or −1.</summary>
    public int Bias { get; }

    public int OutWeights { get; }

    public int Outputs { get; }

    public int Width { get; }

    /// <summary>Number of laws: the diagonal, or the upper triangle.</summary>
    public int LawCount(bool diagonalOnly) => diagonalOnly ? Width : Width * (Width + 1) / 2;

    public int PositiveRows => Inputs + (Bias >= 0 ? 1 : 0);

    public int Rows => PositiveRows + Outputs;

    /// <summary>Columns of the stacked operand: the width rounded up to whole column blocks of the kernel.</summary>
    public int Stride => (Width + GramTriangle.BlockColumns - 1) / GramTriangle.BlockColumns * GramTriangle.BlockColumns;

    public ReadOnlySpan<double> InRow(ReadOnlySpan<double> v, int i) => v.Slice(InWeights + i * Inputs, Inputs);

    public ReadOnlySpan<double> OutRow(ReadOnlySpan<double> v, int l) => v.Slice(OutWeights + l * Width, Width);

    public double BiasOf(ReadOnlySpan<double> v, int i) => Bias >= 0 ? v[Bias + i] : 0d;
}
