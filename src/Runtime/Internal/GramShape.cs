using System;

namespace ConservationCodegen.Internal;

/// <summary>
/// Where one hidden layer's weights sit in θ, and the rows of the stacked operand the triangle kernel reads: W_inᵀ
/// (inputs rows), bᵀ (one row, if any) and W_out (outputs × out-taps rows: row (l, p) holds tap p of every unit),
/// padded to <see cref="Stride"/> columns; the first <see cref="PositiveRows"/> rows add to Q, the others subtract
/// (weighted by the degree k). W_out's entry (l, unit i, tap p) is at OutWeights + (l·Width + i)·OutTaps + p; a trainable
/// Swish β (one per unit) subtracts β_i² from Q[i, i].
/// </summary>
internal readonly struct GramShape
{
    public GramShape(int length, int inWeights, int inputs, int bias, int outWeights, int outputs, int width, int outTaps = 1, int degree = 1, int beta = -1)
    {
        // Checked once here so the kernels can index without bounds checks.
        if (inputs < 0 || outputs < 0 || width < 0) throw new ArgumentOutOfRangeException(nameof(width), "Shapes must be non-negative.");
        if (inWeights < 0 || (long)inWeights + (long)inputs * width > length) throw new ArgumentOutOfRangeException(nameof(inWeights));
        if (bias < -1 || (bias >= 0 && (long)bias + width > length)) throw new ArgumentOutOfRangeException(nameof(bias));
        if (outTaps < 1) throw new ArgumentOutOfRangeException(nameof(outTaps), outTaps, "At least one tap per outgoing weight.");
        if (degree < 1) throw new ArgumentOutOfRangeException(nameof(degree), degree, "The degree must be at least 1.");
        if (outWeights < 0 || (long)outWeights + (long)outputs * width * outTaps > length) throw new ArgumentOutOfRangeException(nameof(outWeights));
        if (beta < -1 || (beta >= 0 && (long)beta + width > length)) throw new ArgumentOutOfRangeException(nameof(beta));
        InWeights = inWeights;
        Inputs = inputs;
        Bias = bias;
        OutWeights = outWeights;
        Outputs = outputs;
        Width = width;
        OutTaps = outTaps;
        Degree = degree;
        Beta = beta;
    }

    public int InWeights { get; }

    public int Inputs { get; }

    /// <summary>Offset of b, or −1.</summary>
    public int Bias { get; }

    public int OutWeights { get; }

    public int Outputs { get; }

    public int Width { get; }

    /// <summary>Consecutive entries of W_out per (row, unit).</summary>
    public int OutTaps { get; }

    /// <summary>k in Q = A Aᵀ + b bᵀ − k Bᵀ B − diag(β²).</summary>
    public int Degree { get; }

    /// <summary>Offset of β, or −1.</summary>
    public int Beta { get; }

    /// <summary>True when the layer is a plain Gram layer (one tap, degree 1, no β): the original kernels' shape.</summary>
    public bool Plain => OutTaps == 1 && Degree == 1 && Beta < 0;

    /// <summary>Number of laws: the diagonal, or the upper triangle.</summary>
    public int LawCount(bool diagonalOnly) => diagonalOnly ? Width : Width * (Width + 1) / 2;

    public int PositiveRows => Inputs + (Bias >= 0 ? 1 : 0);

    public int Rows => PositiveRows + Outputs * OutTaps;

    /// <summary>Columns of the stacked operand: the width rounded up to whole column blocks of the kernel.</summary>
    public int Stride => (Width + GramTriangle.BlockColumns - 1) / GramTriangle.BlockColumns * GramTriangle.BlockColumns;

    public ReadOnlySpan<double> InRow(ReadOnlySpan<double> v, int i) => v.Slice(InWeights + i * Inputs, Inputs);

    /// <summary>Row l of W_out with one tap: its width entries.</summary>
    public ReadOnlySpan<double> OutRow(ReadOnlySpan<double> v, int l) => v.Slice(OutWeights + l * Width, Width);

    /// <summary>Row l of W_out: width × out-taps entries, unit after unit.</summary>
    public ReadOnlySpan<double> OutEntries(ReadOnlySpan<double> v, int l) => v.Slice(OutWeights + l * Width * OutTaps, Width * OutTaps);

    public double BetaOf(ReadOnlySpan<double> v, int i) => Beta >= 0 ? v[Beta + i] : 0d;

    public double BiasOf(ReadOnlySpan<double> v, int i) => Bias >= 0 ? v[Bias + i] : 0d;
}
