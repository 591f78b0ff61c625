using ConservationCodegen.Engine.Arithmetic;

namespace ConservationCodegen.Engine.Momentum;

/// <summary>
/// Exact interpolation over GF(p): the coefficients c₀…c_m of a polynomial of degree ≤ m in s from its values at the
/// nodes s_j = j + 1 (j = 0…m), as c_k = Σ_j V⁻¹[k, j]·value_j with V[j, k] = s_j^k. The nodes are distinct nonzero
/// residues while m + 1 &lt; p, so V is invertible. The identity holds over any commutative GF(p)-algebra, so it applies
/// coefficient by coefficient to jets.
/// </summary>
internal static class VandermondeInverse
{
    /// <summary>The node s_j.</summary>
    public static uint Node(int j) => (uint)(j + 1);

    /// <summary>V⁻¹ for the nodes 1…m+1 (row k, column j), by Gauss–Jordan elimination mod p.</summary>
    public static uint[,] For(int degree)
    {
        int n = degree + 1;
        var a = new uint[n, 2 * n];
        for (int j = 0; j < n; j++)
        {
            uint power = 1;
            for (int k = 0; k < n; k++)
            {
                a[j, k] = power;
                power = ModP.Mul(power, Node(j));
            }

            a[j, n + j] = 1;
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (a[pivot, col] == 0) pivot++; // V is invertible: some row has a nonzero entry here
            if (pivot != col)
                for (int c = 0; c < 2 * n; c++) (a[pivot, c], a[col, c]) = (a[col, c], a[pivot, c]);
            uint inverse = ModP.Inverse(a[col, col]);
            for (int c = 0; c < 2 * n; c++) a[col, c] = ModP.Mul(a[col, c], inverse);
            for (int r = 0; r < n; r++)
            {
                if (r == col || a[r, col] == 0) continue;
                uint f = a[r, col];
                for (int c = 0; c < 2 * n; c++) a[r, c] = ModP.Sub(a[r, c], ModP.Mul(f, a[col, c]));
            }
        }

        var result = new uint[n, n];
        for (int k = 0; k < n; k++)
            for (int j = 0; j < n; j++)
                result[k, j] = a[k, n + j];
        return result;
    }
}
