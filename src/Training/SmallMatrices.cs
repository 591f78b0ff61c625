using System;

namespace ConservationCodegen.Training;

/// <summary>
/// Dense row-major helpers for the small matrices of the predictions and teleports (a hidden layer's width squared):
/// products, the symmetric eigendecomposition, and inversion by Gauss–Jordan elimination with partial pivoting.
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
    /// the symmetric matrix <paramref name="a"/> (its upper triangle is read): Householder tridiagonalisation and the
    /// implicit QL iteration (tred2 and tql2 of EISPACK, as in JAMA), O(n³).
    /// </summary>
    public static (double[] Values, double[] Vectors) SymmetricEigen(ReadOnlySpan<double> a, int n)
    {
        var v = a.Slice(0, n * n).ToArray();
        Symmetrise(v, n);
        var d = new double[n];
        var e = new double[n];
        Tridiagonalise(v, d, e, n);
        DiagonaliseTridiagonal(v, d, e, n);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (x, y) => d[y].CompareTo(d[x]));
        var values = new double[n];
        var vectors = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            values[j] = d[order[j]];
            for (int i = 0; i < n; i++) vectors[i * n + j] = v[i * n + order[j]];
        }

        return (values, vectors);
    }

    // Householder reduction of the symmetric v to tridiagonal form: diagonal d, subdiagonal e (e[0] = 0), v the
    // accumulated orthogonal transformation.
    private static void Tridiagonalise(double[] v, double[] d, double[] e, int n)
    {
        for (int j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
        for (int i = n - 1; i > 0; i--)
        {
            double scale = 0, h = 0;
            for (int k = 0; k < i; k++) scale += Math.Abs(d[k]);
            if (scale == 0)
            {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++)
                {
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                    v[j * n + i] = 0;
                }
            }
            else
            {
                for (int k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }

                double f = d[i - 1];
                double g = Math.Sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    v[j * n + i] = f;
                    g = e[j] + v[j * n + j] * f;
                    for (int k = j + 1; k <= i - 1; k++)
                    {
                        g += v[k * n + j] * d[k];
                        e[k] += v[k * n + j] * f;
                    }

                    e[j] = g;
                }

                f = 0;
                for (int j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }

                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                }
            }

            d[i] = h;
        }

        for (int i = 0; i < n - 1; i++)
        {
            v[(n - 1) * n + i] = v[i * n + i];
            v[i * n + i] = 1;
            double h = d[i + 1];
            if (h != 0)
            {
                for (int k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
                for (int j = 0; j <= i; j++)
                {
                    double g = 0;
                    for (int k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
                    for (int k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
                }
            }

            for (int k = 0; k <= i; k++) v[k * n + i + 1] = 0;
        }

        for (int j = 0; j < n; j++)
        {
            d[j] = v[(n - 1) * n + j];
            v[(n - 1) * n + j] = 0;
        }

        v[(n - 1) * n + n - 1] = 1;
        e[0] = 0;
    }

    // Implicit QL iteration on the tridiagonal (d, e), accumulating the rotations into v: d the eigenvalues, v's columns
    // the eigenvectors.
    private static void DiagonaliseTridiagonal(double[] v, double[] d, double[] e, int n)
    {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0, tst1 = 0, eps = Math.Pow(2, -52);
        for (int l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n)
            {
                if (Math.Abs(e[m]) <= eps * tst1) break;
                m++;
            }

            if (m > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > 60) throw new InvalidOperationException("The symmetric eigenvalue iteration did not converge (non-finite input?).");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = c, c3 = c, el1 = e[l + 1], s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        for (int k = 0; k < n; k++)
                        {
                            h = v[k * n + i + 1];
                            v[k * n + i + 1] = s * v[k * n + i] + c * h;
                            v[k * n + i] = c * v[k * n + i] - s * h;
                        }
                    }

                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * tst1);
            }

            d[l] += f;
            e[l] = 0;
        }
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
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
    /// The inverse of the square matrix <paramref name="a"/> by Gauss–Jordan elimination with partial pivoting, or null when a pivot is below
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
