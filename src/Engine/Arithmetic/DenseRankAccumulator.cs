using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ConservationCodegen.Engine.Arithmetic;

/// <summary>
/// Rank over GF(p) of dense vectors inserted in batches: the Lie-rank count's hot loop (docs/engine.md).
/// FFLAS-style: residues are stored as doubles in balanced form (|x| &lt; 2²⁵), so eight row updates
/// v + m₁r₁ + … + m₈r₈ stay below 2⁵³ and are exact; one SIMD pass applies eight rows and reduces once.
/// A whole batch is reduced against each group of eight rows before the next group is loaded, so the stored
/// rows are streamed from memory once per batch rather than once per vector.
/// Rows are kept in row echelon form: pivot 1 at the first nonzero column, zeros at earlier rows' pivots.
/// </summary>
public sealed class DenseRankAccumulator
{
    /// <summary>Rows applied per SIMD pass: 8·(2²⁵ − 1)² + 2²⁵ &lt; 2⁵³.</summary>
    private const int Group = 8;
    private const double Prime = ModP.P;
    private const double InversePrime = 1.0 / ModP.P;
    private const double RoundingMagic = 6755399441055744.0; // 1.5·2⁵²: x + c − c rounds x to an integer

    private readonly List<double[]> _rows = new();
    private readonly List<int> _pivots = new();
    private readonly int _stride;

    // Scratch of ApplyGroup (an accumulator is used from one thread).
    private readonly double[] _multipliers = new double[Group];
    private readonly double[][] _groupRows = new double[Group][];

    private readonly System.Threading.CancellationToken _cancellation;

    /// <param name="columns">Vector length.</param>
    /// <param name="cancellationToken">Checked before each group of rows is applied to a vector, so a cancelled elimination stops within milliseconds.</param>
    public DenseRankAccumulator(int columns, System.Threading.CancellationToken cancellationToken = default)
    {
        Columns = columns;
        _cancellation = cancellationToken;
        int lanes = Vector<double>.Count;
        _stride = (columns + lanes - 1) / lanes * lanes;
    }

    /// <summary>Vector length.</summary>
    public int Columns { get; }

    /// <summary>Current rank.</summary>
    public int Rank => _rows.Count;

    /// <summary>Pivot column of each row, in insertion order (row i is zero at the pivots of rows before it).</summary>
    public IReadOnlyList<int> PivotColumns => _pivots;

    /// <summary>Multiply-adds performed so far (for the work meter).</summary>
    public long Operations { get; private set; }

    /// <summary>
    /// Reduces every vector (entries in [0, p)) and keeps the independent ones, in order.
    /// Returns, per vector, whether it raised the rank.
    /// </summary>
    public bool[] InsertBatch(IReadOnlyList<uint[]> vectors)
    {
        var work = new double[vectors.Count][];
        for (int b = 0; b < work.Length; b++) work[b] = ToBalanced(vectors[b]);

        // Existing rows: one group at a time across the whole batch (the group stays in cache).
        int existing = _rows.Count;
        for (int g = 0; g < existing; g += Group)
        {
            int count = Math.Min(Group, existing - g);
            foreach (var w in work)
            {
                _cancellation.ThrowIfCancellationRequested();
                ApplyGroup(w, g, count);
            }
        }

        // Within the batch: each vector against the rows its predecessors added, then it may become a row.
        var grew = new bool[work.Length];
        for (int b = 0; b < work.Length; b++)
        {
            var w = work[b];
            _cancellation.ThrowIfCancellationRequested();
            for (int g = existing; g < _rows.Count; g += Group) ApplyGroup(w, g, Math.Min(Group, _rows.Count - g));
            grew[b] = TryAddRow(w);
        }

        return grew;
    }

    private double[] ToBalanced(uint[] vector)
    {
        if (vector.Length != Columns) throw new ArgumentException("Vector length does not match the accumulator.", nameof(vector));
        var w = new double[_stride];
        for (int j = 0; j < vector.Length; j++) w[j] = ModP.ToSigned(vector[j]);
        return w;
    }

    // v ← v − Σ_k v'[pc_k]·row_k for `count` consecutive rows, where v' is v reduced by the rows before k.
    [MethodImpl(HotLoop.Optimized)]
    private void ApplyGroup(double[] v, int first, int count)
    {
        var m = _multipliers;
        var rows = _groupRows;
        Array.Clear(m, 0, Group);
        int start = int.MaxValue;
        bool any = false;
        for (int k = 0; k < Group; k++)
        {
            if (k >= count)
            {
                rows[k] = _rows[first]; // padding: multiplier 0
                continue;
            }

            var row = _rows[first + k];
            int pc = _pivots[first + k];
            rows[k] = row;
            // The pivot entry as the earlier rows of this group leave it.
            double x = v[pc];
            for (int l = 0; l < k; l++) x += m[l] * rows[l][pc];
            double f = Reduce(x);
            if (f == 0) continue;
            m[k] = -f;
            any = true;
            if (pc < start) start = pc;
        }

        if (!any) return;
        int lanes = Vector<double>.Count;
        start = start / lanes * lanes;
        Operations += (long)Group * (_stride - start);
        var m0 = new Vector<double>(m[0]);
        var m1 = new Vector<double>(m[1]);
        var m2 = new Vector<double>(m[2]);
        var m3 = new Vector<double>(m[3]);
        var m4 = new Vector<double>(m[4]);
        var m5 = new Vector<double>(m[5]);
        var m6 = new Vector<double>(m[6]);
        var m7 = new Vector<double>(m[7]);
        // Every array has the padded length _stride and j + lanes ≤ _stride, so unchecked loads are in range.
        ref double v0 = ref v[0];
        ref double r0 = ref rows[0][0], r1 = ref rows[1][0], r2 = ref rows[2][0], r3 = ref rows[3][0];
        ref double r4 = ref rows[4][0], r5 = ref rows[5][0], r6 = ref rows[6][0], r7 = ref rows[7][0];
        var p = new Vector<double>(Prime);
        var pInv = new Vector<double>(InversePrime);
        var magic = new Vector<double>(RoundingMagic);
        for (int j = start; j < _stride; j += lanes)
        {
            // A balanced tree of sums: every partial sum is an integer below 2⁵³, so any order is exact.
            var x = (Load(ref v0, j) + m0 * Load(ref r0, j) + m1 * Load(ref r1, j))
                + (m2 * Load(ref r2, j) + m3 * Load(ref r3, j))
                + ((m4 * Load(ref r4, j) + m5 * Load(ref r5, j))
                + (m6 * Load(ref r6, j) + m7 * Load(ref r7, j)));
            var q = x * pInv + magic - magic;
            Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref v0, j)) = x - q * p;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Load(ref double origin, int index) =>
        Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref origin, index));

    private bool TryAddRow(double[] v)
    {
        int pivot = -1;
        for (int j = 0; j < Columns; j++)
        {
            if (v[j] != 0)
            {
                pivot = j;
                break;
            }
        }

        if (pivot < 0) return false;
        double inverse = ModP.ToSigned(ModP.Inverse(ModP.FromLong((long)v[pivot])));
        for (int j = pivot; j < Columns; j++) v[j] = Reduce(v[j] * inverse);
        _rows.Add(v);
        _pivots.Add(pivot);
        return true;
    }

    /// <summary>The balanced residue of an exact integer |x| &lt; 2⁵³: |result| ≤ (p − 1)/2 + 2 &lt; 2²⁵.</summary>
    private static double Reduce(double x)
    {
        double q = x * InversePrime + RoundingMagic - RoundingMagic;
        return x - q * Prime;
    }
}
