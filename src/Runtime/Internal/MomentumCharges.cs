using System;
using System.Buffers;
using System.ComponentModel;

namespace ConservationCodegen.Internal;

/// <summary>
/// The momentum charges of one hidden level inside a linear run: for each pair i &lt; j of its units, with the rotation
/// generator E = e_i e_jᵀ − e_j e_iᵀ acting as X_E θ = (E·A, E·b, −B·E),
/// J[i, j] = ⟨X_E θ_prev, v⟩ = Σ_r (v_r[i]·θ_r[j] − θ_r[i]·v_r[j]), where r runs over the stacked rows of the level —
/// the columns of A, the bias and every (row, tap) of B, all with a plus sign — so J is the strict upper triangle of
/// S − Sᵀ with S = Σ_r v_r θ_rᵀ. Generated code calls it with the shapes as constants; user code should call the
/// generated <c>ComputeMomentumCharges</c> instead.
/// </summary>
/// <remarks>
/// Tiny levels are summed entry by entry straight from θ and v; larger ones go through the blocked triangle kernel of
/// the Gram laws (<see cref="GramTriangle"/>) in its antisymmetric two-sided mode, whose diagonal is dropped.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MomentumCharges
{
    /// <summary>Writes the width·(width − 1)/2 charges J[i, j], i &lt; j, row by row, into <paramref name="destination"/>.</summary>
    /// <param name="thetaPrevious">θ_{k−1}, the parameters before the step that produced <paramref name="velocity"/>.</param>
    /// <param name="velocity">v_k, the momentum buffer.</param>
    /// <param name="inWeights">Offset of A: width rows of <paramref name="inputs"/> entries.</param>
    /// <param name="inputs">Entries per row of A.</param>
    /// <param name="bias">Offset of b (length width), or −1 without a bias.</param>
    /// <param name="outWeights">Offset of B: <paramref name="outputs"/> rows of width units × <paramref name="outTaps"/> taps.</param>
    /// <param name="outputs">Rows of B.</param>
    /// <param name="width">Units of the level.</param>
    /// <param name="outTaps">Consecutive entries of B per (row, unit); 1 for dense.</param>
    /// <param name="destination">At least width·(width − 1)/2 entries.</param>
    public static void Evaluate(
        ReadOnlySpan<double> thetaPrevious, ReadOnlySpan<double> velocity, int inWeights, int inputs, int bias, int outWeights, int outputs, int width,
        int outTaps, Span<double> destination)
    {
        var s = new GramShape(thetaPrevious.Length, inWeights, inputs, bias, outWeights, outputs, width, outTaps);
        if (velocity.Length != thetaPrevious.Length) throw new ArgumentException("thetaPrevious and velocity must have the same length.", nameof(velocity));
        int count = width * (width - 1) / 2;
        if (destination.Length < count) throw new ArgumentException("The destination is too short.", nameof(destination));
        if (count == 0) return;
        if ((long)count * s.Rows <= GramLaws.SmallTriangleWork)
        {
            Small(thetaPrevious, velocity, s, destination);
            return;
        }

        int length = GramTriangle.OperandLength(s);
        int triangle = width * (width + 1) / 2;
        var scratch = ArrayPool<double>.Shared.Rent(2 * length + triangle);
        try
        {
            var a = scratch.AsSpan(0, length);
            var b = scratch.AsSpan(length, length);
            var full = scratch.AsSpan(2 * length, triangle);
            GramTriangle.Gather(velocity, s, a);
            GramTriangle.Gather(thetaPrevious, s, b);
            GramTriangle.Write(a, b, twoSided: true, s, 1d, full, skew: true);
            // Row i of the full triangle starts with the (zero) diagonal entry; the charges keep the rest.
            int from = 0, to = 0;
            for (int i = 0; i < width; i++)
            {
                int rest = width - i - 1;
                full.Slice(from + 1, rest).CopyTo(destination.Slice(to, rest));
                from += rest + 1;
                to += rest;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> from <paramref name="start"/> with the names <c>{level}[i,j]</c>, i &lt; j, row
    /// by row (the order of the charges). Generated code calls it once, on first use of <c>MomentumChargeNames</c>.
    /// </summary>
    /// <param name="destination">Names of all charges of the model.</param>
    /// <param name="start">Index of the level's first charge.</param>
    /// <param name="width">Units of the level.</param>
    /// <param name="level">The level's name, e.g. <c>Hidden1</c>.</param>
    public static void Names(string[] destination, int start, int width, string level)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        int k = start;
        for (int i = 0; i < width; i++)
            for (int j = i + 1; j < width; j++)
                destination[k++] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{level}[{i},{j}]");
    }

    // Entry by entry from θ and v: no scratch, no gather.
    private static void Small(ReadOnlySpan<double> t, ReadOnlySpan<double> v, in GramShape s, Span<double> destination)
    {
        int w = s.Width, n = s.Inputs, m = s.Outputs, taps = s.OutTaps, k = 0;
        for (int i = 0; i < w; i++)
        {
            for (int j = i + 1; j < w; j++)
            {
                double sum = 0d;
                for (int c = 0; c < n; c++) sum += Pair(t, v, s.InWeights + i * n + c, s.InWeights + j * n + c);
                if (s.Bias >= 0) sum += Pair(t, v, s.Bias + i, s.Bias + j);
                for (int l = 0; l < m; l++)
                    for (int p = 0; p < taps; p++) sum += Pair(t, v, s.OutWeights + (l * w + i) * taps + p, s.OutWeights + (l * w + j) * taps + p);
                destination[k++] = sum;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static double Pair(ReadOnlySpan<double> t, ReadOnlySpan<double> v, int xi, int xj) => v[xi] * t[xj] - t[xi] * v[xj];
}
