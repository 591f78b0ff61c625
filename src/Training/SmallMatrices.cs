using System;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ConservationCodegen.Training;

/// <summary>
/// The small dense matrices of the predictions and teleports (a hidden layer's width squared), row-major as θ stores
/// them, through MathNet.Numerics: products, the symmetric eigendecomposition and the inverse.
/// </summary>
internal static class SmallMatrices
{
    private static Matrix<double> FromRowMajor(ReadOnlySpan<double> a, int rows, int columns) =>
        Matrix<double>.Build.DenseOfRowMajor(rows, columns, a.Slice(0, rows * columns).ToArray());

    private static double[] ToRowMajor(Matrix<double> m) => m.ToRowMajorArray();

    /// <summary>C = Aᵀ A for A row-major [rows, columns]; C is [columns, columns].</summary>
    public static double[] Gram(ReadOnlySpan<double> a, int rows, int columns)
    {
        var m = FromRowMajor(a, rows, columns);
        var c = ToRowMajor(m.TransposeThisAndMultiply(m));
        Symmetrise(c, columns);
        return c;
    }

    /// <summary>Copies the upper triangle onto the lower one.</summary>
    public static void Symmetrise(double[] c, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                c[i * n + j] = c[j * n + i];
    }

    /// <summary>C = A B, A [n, k], B [k, m].</summary>
    public static double[] Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int n, int k, int m) =>
        ToRowMajor(FromRowMajor(a, n, k) * FromRowMajor(b, k, m));

    /// <summary>Aᵀ for A [n, m].</summary>
    public static double[] Transpose(ReadOnlySpan<double> a, int n, int m) => ToRowMajor(FromRowMajor(a, n, m).Transpose());

    /// <summary>
    /// Eigenvalues (descending) and orthonormal eigenvectors (columns of a row-major [n, n] matrix, in the same order) of
    /// the symmetric matrix <paramref name="a"/> (its upper triangle is read).
    /// </summary>
    public static (double[] Values, double[] Vectors) SymmetricEigen(ReadOnlySpan<double> a, int n)
    {
        var s = a.Slice(0, n * n).ToArray();
        Symmetrise(s, n);
        var evd = FromRowMajor(s, n, n).Evd(Symmetricity.Symmetric);
        var ascending = evd.EigenValues;
        var vectors = evd.EigenVectors;
        var values = new double[n];
        var columns = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            int from = n - 1 - k; // MathNet orders a symmetric matrix's eigenvalues ascending
            values[k] = ascending[from].Real;
            for (int i = 0; i < n; i++) columns[i * n + k] = vectors[i, from];
        }

        return (values, columns);
    }

    /// <summary>V diag(f(λ)) Vᵀ for the eigendecomposition of a symmetric matrix.</summary>
    public static double[] Function(double[] values, double[] vectors, int n, Func<double, double> f)
    {
        var v = FromRowMajor(vectors, n, n);
        var scaled = v.Clone();
        for (int k = 0; k < n; k++) scaled.SetColumn(k, v.Column(k) * f(values[k]));
        var result = ToRowMajor(scaled.TransposeAndMultiply(v));
        Symmetrise(result, n);
        return result;
    }

    /// <summary>
    /// The inverse of the square matrix <paramref name="a"/> (LU with partial pivoting), or null when a pivot is below
    /// n·ε times the largest entry (numerically singular).
    /// </summary>
    public static double[]? Inverse(ReadOnlySpan<double> a, int n)
    {
        double scale = 0;
        foreach (double x in a.Slice(0, n * n)) scale = Math.Max(scale, Math.Abs(x));
        if (!(scale > 0) || !double.IsFinite(scale)) return null;
        var lu = FromRowMajor(a, n, n).LU();
        for (int i = 0; i < n; i++)
            if (!(Math.Abs(lu.U[i, i]) > n * 1e-15 * scale)) return null;
        return ToRowMajor(lu.Inverse());
    }
}
