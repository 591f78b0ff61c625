using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace ConservationCodegen.Engine.Arithmetic;

/// <summary>
/// Incremental row echelon form over GF(p): insert vectors one at a time and learn whether the rank grew.
/// Row i has pivot 1 at <see cref="PivotColumns"/>[i] and zeros at the pivots of earlier rows.
/// </summary>
public sealed class ModEchelon
{
    // Rows applied between two cancellation checks (≈ 64 · columns multiply-adds).
    private const int RowsPerCheck = 64;

    private readonly List<uint[]> _rows = new();
    private readonly List<int> _pivots = new();
    private readonly bool[] _isPivot;
    private readonly ulong[] _scratch;

    private readonly System.Threading.CancellationToken _cancellation;

    /// <param name="columns">Vector length.</param>
    /// <param name="cancellationToken">Checked every <see cref="RowsPerCheck"/> rows applied and per row of the kernel computations.</param>
    public ModEchelon(int columns, System.Threading.CancellationToken cancellationToken = default)
    {
        Columns = columns;
        _cancellation = cancellationToken;
        _isPivot = new bool[columns];
        _scratch = new ulong[columns];
    }

    /// <summary>Vector length.</summary>
    public int Columns { get; }

    /// <summary>Current rank.</summary>
    public int Rank => _rows.Count;

    /// <summary>Pivot column of each row.</summary>
    public IReadOnlyList<int> PivotColumns => _pivots;

    /// <summary>Reduces <paramref name="vector"/> (entries in [0, p)) and keeps it if independent. Returns true when the rank grew.</summary>
    [MethodImpl(HotLoop.Optimized)]
    public bool Insert(uint[] vector)
    {
        var v = _scratch;
        int n = Columns;
        for (int j = 0; j < n; j++) v[j] = vector[j];
        // Rows are applied two at a time: both products are below 2⁵², so one ulong holds v + m₁r₁ + m₂r₂
        // and each entry of v is loaded and folded once per pair (the elimination is the count's hot loop).
        int count = _rows.Count;
        int i = 0;
        while (i < count)
        {
            if ((i & (RowsPerCheck - 1)) < 2) _cancellation.ThrowIfCancellationRequested();
            int pc1 = _pivots[i];
            uint f1 = ModP.Reduce(v[pc1]);
            if (f1 == 0)
            {
                i++;
                continue;
            }

            ulong m1 = ModP.P - f1;
            var row1 = _rows[i];
            if (i + 1 < count)
            {
                int pc2 = _pivots[i + 1];
                var row2 = _rows[i + 1];
                uint f2 = ModP.Reduce(v[pc2] + m1 * row1[pc2]);
                ulong m2 = f2 == 0 ? 0 : ModP.P - f2;
                int start = pc1 < pc2 ? pc1 : pc2;
                for (int j = start; j < n; j++) v[j] = ModP.Fold(v[j] + m1 * row1[j] + m2 * row2[j]);
                i += 2;
            }
            else
            {
                for (int j = pc1; j < n; j++) v[j] = ModP.Fold(v[j] + m1 * row1[j]);
                i++;
            }
        }

        int pivot = -1;
        for (int j = 0; j < n; j++)
        {
            if (ModP.Reduce(v[j]) != 0)
            {
                pivot = j;
                break;
            }
        }

        if (pivot < 0) return false;
        uint inv = ModP.Inverse(ModP.Reduce(v[pivot]));
        var newRow = new uint[n];
        for (int j = pivot; j < n; j++) newRow[j] = ModP.Mul(ModP.Reduce(v[j]), inv);
        _rows.Add(newRow);
        _pivots.Add(pivot);
        _isPivot[pivot] = true;
        return true;
    }

    /// <summary>
    /// Basis of the right kernel {x : row·x = 0 for every row}, in reduced echelon form with respect to
    /// the column order (each basis vector has leading coefficient 1 and zeros at the other vectors' leads).
    /// </summary>
    public List<uint[]> KernelBasis()
    {
        int n = Columns, r = _rows.Count;
        // Back-substitute to reduced row echelon form on a copy.
        var order = new int[r];
        for (int i = 0; i < r; i++) order[i] = i;
        Array.Sort(order, (a, b) => _pivots[a].CompareTo(_pivots[b]));
        var rref = new uint[r][];
        var pivots = new int[r];
        for (int i = 0; i < r; i++)
        {
            rref[i] = (uint[])_rows[order[i]].Clone();
            pivots[i] = _pivots[order[i]];
        }

        for (int i = r - 1; i >= 0; i--)
        {
            _cancellation.ThrowIfCancellationRequested();
            for (int k = 0; k < i; k++)
            {
                uint f = rref[k][pivots[i]];
                if (f == 0) continue;
                uint m = ModP.Neg(f);
                for (int j = pivots[i]; j < n; j++)
                    if (rref[i][j] != 0) rref[k][j] = ModP.Add(rref[k][j], ModP.Mul(m, rref[i][j]));
            }
        }

        var kernel = new List<uint[]>();
        for (int f = 0; f < n; f++)
        {
            if (_isPivot[f]) continue;
            var x = new uint[n];
            x[f] = 1;
            for (int i = 0; i < r; i++) x[pivots[i]] = ModP.Neg(rref[i][f]);
            kernel.Add(x);
        }

        return ReducedRowEchelon(kernel, n, _cancellation);
    }

    /// <summary>Reduced row echelon form of a set of vectors (canonical basis of their span).</summary>
    public static List<uint[]> ReducedRowEchelon(List<uint[]> vectors, int n, System.Threading.CancellationToken cancellationToken = default)
    {
        var rows = new List<uint[]>();
        foreach (var v in vectors) rows.Add((uint[])v.Clone());
        int rank = 0;
        for (int col = 0; col < n && rank < rows.Count; col++)
        {
            int sel = -1;
            for (int i = rank; i < rows.Count; i++)
                if (rows[i][col] != 0) { sel = i; break; }
            if (sel < 0) continue;
            cancellationToken.ThrowIfCancellationRequested();
            (rows[rank], rows[sel]) = (rows[sel], rows[rank]);
            uint inv = ModP.Inverse(rows[rank][col]);
            for (int j = col; j < n; j++) rows[rank][j] = ModP.Mul(rows[rank][j], inv);
            for (int i = 0; i < rows.Count; i++)
            {
                if (i == rank || rows[i][col] == 0) continue;
                uint m = ModP.Neg(rows[i][col]);
                for (int j = col; j < n; j++)
                    if (rows[rank][j] != 0) rows[i][j] = ModP.Add(rows[i][j], ModP.Mul(m, rows[rank][j]));
            }

            rank++;
        }

        rows.RemoveRange(rank, rows.Count - rank);
        return rows;
    }
}
