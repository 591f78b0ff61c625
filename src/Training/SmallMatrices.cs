using System;

namespace ConservationCodegen.Training;

/// <summary>
/// Dense row-major helpers for the small matrices of the predictions and teleports (a hidden layer's width squared):
/// products, the symmetric eigendecomposition by cyclic Jacobi rotations, and inversion by LU with partial pivoting.
/// </summary>
internal static class SmallMatrices
{
    /// <summary>C = Aᵀ A for A row-major [rows, columns]; C is [columns, columns].</summary>
    public static double[] Gram(ReadOnlySpan<double> a, int rows, int columns)
    {
        var c = new double[columns * columns];
        for (int r = 0; r < rows; r++)
        {
            var row = a.Slice(r * columns, columns);
            for (int i = 0; i < columns; i++)
            {
                double ai = row[i];
                if (ai == 0) continue;
                for (int j = i; j < columns; j++) c[i * columns + j] += ai * row[j];
            }
        }

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
    public static double[] Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int n, int k, int m)
    {
        var c = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++)
            {
                double aip = a[i * k + p];
                if (aip == 0) continue;
                for (int j = 0; j < m; j++) c[i * m + j] += aip * b[p * m + j];
            }

        return c;
    }

    /// <summary>Aᵀ for A [n, m].</summary>
    public static double[] Transpose(ReadOnlySpan<double> a, int n, int m)
    {
        var t = new double[m * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                t[j * n + i] = a[i * m + j];
        return t;
    }

    /// <summary>
    /// Eigenvalues (descending) and orthonormal eigenvectors (columns of a row-major [n, n] matrix, in the same order) of
    /// the symmetric matrix <paramref name="a"/>, by cyclic Jacobi rotations to full double precision.
    /// </summary>
    public static (double[] Values, double[] Vectors) SymmetricEigen(ReadOnlySpan<double> a, int n)
    {
        var m = a.Slice(0, n * n).ToArray();
        Symmetrise(m, n);
        var v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double x = m[i * n + j] * m[i * n + j];
                    total += x;
                    if (i != j) off += x;
                }

            if (off == 0 || off <= 1e-32 * total) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = m[p * n + q];
                    if (apq == 0) continue;
                    double app = m[p * n + p], aqq = m[q * n + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double mkp = m[k * n + p], mkq = m[k * n + q];
                        m[k * n + p] = c * mkp - s * mkq;
                        m[k * n + q] = s * mkp + c * mkq;
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double mpk = m[p * n + k], mqk = m[q * n + k];
                        m[p * n + k] = c * mpk - s * mqk;
                        m[q * n + k] = s * mpk + c * mqk;
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
        }

        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (x, y) => m[y * n + y].CompareTo(m[x * n + x]));
        var values = new double[n];
        var vectors = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            values[j] = m[order[j] * n + order[j]];
            for (int i = 0; i < n; i++) vectors[i * n + j] = v[i * n + order[j]];
        }

        return (values, vectors);
    }

    /// <summary>V diag(f(λ)) Vᵀ for the eigendecomposition of a symmetric matrix.</summary>
    public static double[] Function(double[] values, double[] vectors, int n, Func<double, double> f)
    {
        var result = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            double fk = f(values[k]);
            for (int i = 0; i < n; i++)
            {
                double vik = vectors[i * n + k] * fk;
                if (vik == 0) continue;
                for (int j = 0; j < n; j++) result[i * n + j] += vik * vectors[j * n + k];
            }
        }

        Symmetrise(result, n);
        return result;
    }

    /// <summary>
    /// The inverse of the square matrix <paramref name="a"/> by LU with partial pivoting, or null when a pivot is below
    /// n·ε times the largest entry (numerically singular).
    /// </summary>
    public static double[]? Inverse(ReadOnlySpan<double> a, int n)
    {
        var lu = a.Slice(0, n * n).ToArray();
        var inv = new double[n * n];
        for (int i = 0; i < n; i++) inv[i * n + i] = 1;
        double scale = 0;
        foreach (double x in lu) scale = Math.Max(scale, Math.Abs(x));
        if (!(scale > 0) || !double.IsFinite(scale)) return null;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(lu[r * n + col]) > Math.Abs(lu[pivot * n + col])) pivot = r;
            if (!(Math.Abs(lu[pivot * n + col]) > n * 1e-15 * scale)) return null;
            if (pivot != col)
            {
                for (int j = 0; j < n; j++)
                {
                    (lu[col * n + j], lu[pivot * n + j]) = (lu[pivot * n + j], lu[col * n + j]);
                    (inv[col * n + j], inv[pivot * n + j]) = (inv[pivot * n + j], inv[col * n + j]);
                }
            }

            double d = lu[col * n + col];
            for (int j = 0; j < n; j++)
            {
                lu[col * n + j] /= d;
                inv[col * n + j] /= d;
            }

            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double f = lu[r * n + col];
                if (f == 0) continue;
                for (int j = 0; j < n; j++)
                {
                    lu[r * n + j] -= f * lu[col * n + j];
                    inv[r * n + j] -= f * inv[col * n + j];
                }
            }
        }

        return inv;
    }
}
