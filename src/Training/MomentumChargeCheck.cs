using System;
using System.Collections.Generic;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace ConservationCodegen.Training;

/// <summary>
/// The per-step check j_{k+1} = β j_k of a model's momentum charges under heavy ball (docs/training.md, "Momentum
/// charges"). Every step it evaluates, per level, one fixed random projection of the charges,
/// ⟨Ω, J⟩ = Σ_{i&lt;j} Ω_ij J[i, j] with Ω = p qᵀ − q pᵀ (p_i = cos φ_i, q_i = sin φ_i, φ_i pseudo-random), which is
/// Σ_r [(p·v_r)(q·θ_r) − (q·v_r)(p·θ_r)] over the level's stacked rows: one pass over the level's parameters instead of
/// width²·rows products. Every Ω_ij = sin(φ_j − φ_i) is non-zero, so a change of any single charge shows; a change of
/// several is missed only if it is orthogonal to Ω (probability zero for changes that do not depend on Ω). A flagged
/// step evaluates the full charges once to name the one that moved most.
/// </summary>
internal sealed class MomentumChargeCheck
{
    private readonly ChargeSet _set;
    private readonly MomentumChargeLevel[] _levels;
    private readonly double[][] _p, _q;
    private readonly double[] _pq; // ‖p‖·‖q‖ per level
    private readonly double[] _previous, _previousMagnitude, _current, _currentMagnitude;
    private readonly double[] _accumulators;
    private readonly double _epsilon;
    private readonly int _maxReported;
    // With a velocity scale: the largest ‖V‖ of each level seen so far stands for ‖V‖ in the allowance (see the constructor).
    private readonly double[]? _largestVelocity;
    private readonly List<MomentumChargeViolation> _violations = new();
    private double[]? _charges, _difference;
    private bool _started;

    public MomentumChargeCheck(IConservationModel model, double unitRoundoff, double roundingFactor, int maxReported)
        : this(model, ChargeSet.MomentumCharges(model), unitRoundoff, roundingFactor, maxReported)
    {
    }

    /// <summary>
    /// A check of any set of rotation charges of <paramref name="model"/> (the momentum charges, or the input angular
    /// momentum). With <paramref name="velocityScale"/> the allowance uses the largest ‖V‖ of each level seen so far instead
    /// of the current one: near a stationary point the gradient is far smaller than the terms it is computed from, and its
    /// rounding follows those terms, whose size the gradients far from it show.
    /// </summary>
    public MomentumChargeCheck(IConservationModel model, ChargeSet charges, double unitRoundoff, double roundingFactor, int maxReported, bool velocityScale = false)
    {
        _largestVelocity = velocityScale ? new double[charges.Levels.Count] : null;
        Model = model;
        _set = charges;
        _levels = new MomentumChargeLevel[charges.Levels.Count];
        for (int i = 0; i < _levels.Length; i++) _levels[i] = charges.Levels[i];
        _p = new double[_levels.Length][];
        _q = new double[_levels.Length][];
        _pq = new double[_levels.Length];
        int longest = 0;
        for (int l = 0; l < _levels.Length; l++)
        {
            var level = _levels[l];
            _p[l] = new double[level.Width];
            _q[l] = new double[level.Width];
            ulong state = 0x9E3779B97F4A7C15UL * (ulong)(l + 1);
            for (int i = 0; i < level.Width; i++)
            {
                double phi = Math.PI * (SplitMix(ref state) >> 11) * (1.0 / (1UL << 53));
                _p[l][i] = Math.Cos(phi);
                _q[l][i] = Math.Sin(phi);
            }

            _pq[l] = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(_p[l]) * TensorPrimitives.SumOfSquares<double>(_q[l]));
            longest = Math.Max(longest, Math.Max(level.Inputs, level.OutTaps));
        }

        _previous = new double[_levels.Length];
        _previousMagnitude = new double[_levels.Length];
        _current = new double[_levels.Length];
        _currentMagnitude = new double[_levels.Length];
        _accumulators = new double[4 * longest];
        _epsilon = unitRoundoff * roundingFactor;
        _maxReported = maxReported;
    }

    public IConservationModel Model { get; }

    public IReadOnlyList<MomentumChargeViolation> Violations => _violations;

    public int ViolationCount { get; private set; }

    /// <summary>Largest |⟨Ω, j_{k+1} − β j_k⟩| as a fraction of its allowance at the last checked step (0 before).</summary>
    public double LastMismatch { get; private set; }

    /// <summary>Forgets the previous charges (a reset optimizer starts again from a zero buffer).</summary>
    public void Reset()
    {
        _started = false;
        if (_largestVelocity is not null) Array.Clear(_largestVelocity);
    }

    /// <summary>
    /// Checks step <paramref name="step"/>: θ_k, v_{k+1} and v_k (empty on the first step, from a zero buffer), before θ
    /// moves. Returns the violation it found (also recorded), or null.
    /// </summary>
    public MomentumChargeViolation? Check(int step, ReadOnlySpan<double> theta, ReadOnlySpan<double> next, ReadOnlySpan<double> velocity, double beta)
    {
        bool fromZero = step == 0;
        bool compare = fromZero || _started;
        int worst = -1;
        double worstRatio = 0, worstExpected = 0, worstAllowance = 0;
        LastMismatch = 0;
        for (int l = 0; l < _levels.Length; l++)
        {
            var (value, magnitude) = Sketch(l, theta, next);
            _current[l] = value;
            _currentMagnitude[l] = magnitude;
            if (!double.IsFinite(value) || !double.IsFinite(magnitude))
            {
                // NaN or ∞ in θ or v: nothing to compare now or next step (the monitor reports non-finite θ itself).
                compare = false;
                continue;
            }

            if (!compare) continue;
            double expected = fromZero ? 0 : beta * _previous[l];
            double allowance = _epsilon * (magnitude + (fromZero ? 0 : beta * _previousMagnitude[l]));
            double difference = Math.Abs(value - expected);
            double ratio = allowance > 0 ? difference / allowance : difference > 0 ? double.PositiveInfinity : 0;
            LastMismatch = Math.Max(LastMismatch, ratio);
            if (!(difference <= allowance) && ratio > worstRatio)
            {
                (worst, worstRatio, worstExpected, worstAllowance) = (l, ratio, expected, allowance);
            }
        }

        MomentumChargeViolation? found = null;
        if (worst >= 0 && compare)
        {
            var level = _levels[worst];
            string name = level.Name;
            double change = double.NaN;
            ViolationCount++;
            if (_violations.Count < _maxReported) (name, change) = Largest(level, theta, next, velocity, beta, fromZero);
            found = new MomentumChargeViolation(step, level.Name, name, _current[worst], worstExpected, worstAllowance, change);
            if (_violations.Count < _maxReported) _violations.Add(found);
        }

        _current.AsSpan().CopyTo(_previous);
        _currentMagnitude.AsSpan().CopyTo(_previousMagnitude);
        _started = AllFinite(); // the next step compares with these
        return found;
    }

    private bool AllFinite()
    {
        foreach (var v in _current) if (!double.IsFinite(v)) return false;
        return true;
    }

    // The charge of the level that moved most beyond β: J(θ_k, v_{k+1} − βv_k), equal to j_{k+1} − βj_k up to rounding
    // (θ_{k−1} = θ_k + ηv_k and J(v, v) = 0).
    private (string Name, double Change) Largest(MomentumChargeLevel level, ReadOnlySpan<double> theta, ReadOnlySpan<double> next, ReadOnlySpan<double> velocity, double beta, bool fromZero)
    {
        var charges = _charges ??= new double[_set.Count];
        var difference = _difference ??= new double[theta.Length];
        if (fromZero || velocity.IsEmpty) next.CopyTo(difference);
        else TensorPrimitives.MultiplyAdd(velocity, -beta, next, difference);
        _set.Evaluate(theta, difference, charges);
        var mine = charges.AsSpan(level.FirstCharge, level.ChargeCount);
        int k = mine.IsEmpty ? -1 : TensorPrimitives.IndexOfMaxMagnitude<double>(mine);
        if (k < 0) return (level.Name, double.NaN);
        var names = _set.Names;
        return (level.FirstCharge + k < names.Count ? names[level.FirstCharge + k] : level.Name, mine[k]);
    }

    // ⟨Ω, J(θ, v)⟩ of one level and its rounding scale 2‖p‖‖q‖‖Θ‖‖V‖ (Cauchy–Schwarz over the level's entries bounds
    // Σ_r (|p|·|v_r|)(|q|·|θ_r|) + (|q|·|v_r|)(|p|·|θ_r|), the scale of the rounding of every product and sum).
    private (double Value, double Magnitude) Sketch(int l, ReadOnlySpan<double> t, ReadOnlySpan<double> v)
    {
        var level = _levels[l];
        var p = _p[l];
        var q = _q[l];
        int w = level.Width, n = level.Inputs;
        double value = 0, tt = 0, vv = 0;

        // Incoming weights: the rows r are the columns of A; accumulate pᵀA and qᵀA of θ and v row by row of A.
        if (n > 0)
        {
            var acc = _accumulators.AsSpan(0, 4 * n);
            acc.Clear();
            var pt = acc.Slice(0, n);
            var qt = acc.Slice(n, n);
            var pv = acc.Slice(2 * n, n);
            var qv = acc.Slice(3 * n, n);
            var blockT = t.Slice(level.InWeights, w * n);
            var blockV = v.Slice(level.InWeights, w * n);
            tt += TensorPrimitives.SumOfSquares(blockT);
            vv += TensorPrimitives.SumOfSquares(blockV);
            // Four rows of A per pass over the accumulators (they are read and written once for four rows).
            int i = 0;
            for (; i + 4 <= w; i += 4) Accumulate4(blockT.Slice(i * n, 4 * n), blockV.Slice(i * n, 4 * n), n, p.AsSpan(i, 4), q.AsSpan(i, 4), acc);
            for (; i < w; i++) Accumulate(blockT.Slice(i * n, n), blockV.Slice(i * n, n), p[i], q[i], pt, qt, pv, qv);

            value += TensorPrimitives.Dot<double>(pv, qt) - TensorPrimitives.Dot<double>(qv, pt);
        }

        if (level.Bias >= 0) value += Row(t.Slice(level.Bias, w), v.Slice(level.Bias, w), p, q, ref tt, ref vv);

        int taps = level.OutTaps;
        for (int r = 0; r < level.Outputs; r++)
        {
            var entriesT = t.Slice(level.OutWeights + r * w * taps, w * taps);
            var entriesV = v.Slice(level.OutWeights + r * w * taps, w * taps);
            if (taps == 1)
            {
                value += Row(entriesT, entriesV, p, q, ref tt, ref vv);
                continue;
            }

            tt += TensorPrimitives.SumOfSquares(entriesT);
            vv += TensorPrimitives.SumOfSquares(entriesV);
            for (int tap = 0; tap < taps; tap++)
            {
                double ptS = 0, qtS = 0, pvS = 0, qvS = 0;
                for (int i = 0; i < w; i++)
                {
                    double x = entriesT[i * taps + tap], y = entriesV[i * taps + tap];
                    ptS += p[i] * x;
                    qtS += q[i] * x;
                    pvS += p[i] * y;
                    qvS += q[i] * y;
                }

                value += pvS * qtS - qvS * ptS;
            }
        }

        double velocity = Math.Sqrt(vv);
        if (_largestVelocity is not null && double.IsFinite(velocity)) velocity = _largestVelocity[l] = Math.Max(_largestVelocity[l], velocity);
        return (value, 2 * _pq[l] * Math.Sqrt(tt) * velocity);
    }

    // One stacked row read along the units (the bias, or a row of B): (p·v)(q·θ) − (q·v)(p·θ).
    private static double Row(ReadOnlySpan<double> rowT, ReadOnlySpan<double> rowV, double[] p, double[] q, ref double tt, ref double vv)
    {
        tt += TensorPrimitives.SumOfSquares(rowT);
        vv += TensorPrimitives.SumOfSquares(rowV);
        return TensorPrimitives.Dot<double>(p, rowV) * TensorPrimitives.Dot<double>(q, rowT) - TensorPrimitives.Dot<double>(q, rowV) * TensorPrimitives.Dot<double>(p, rowT);
    }

    // The accumulators (pt, qt, pv, qv: four spans of n in acc) += Σ_{r<4} (p_r, q_r)·row r of θ and of v.
    private static void Accumulate4(ReadOnlySpan<double> t, ReadOnlySpan<double> v, int n, ReadOnlySpan<double> p, ReadOnlySpan<double> q, Span<double> acc)
    {
        int c = 0, width = Vector<double>.Count;
        ref double t0 = ref MemoryMarshal.GetReference(t);
        ref double v0 = ref MemoryMarshal.GetReference(v);
        ref double a = ref MemoryMarshal.GetReference(acc);
        if (Vector.IsHardwareAccelerated)
        {
            var p0 = new Vector<double>(p[0]); var p1 = new Vector<double>(p[1]); var p2 = new Vector<double>(p[2]); var p3 = new Vector<double>(p[3]);
            var q0 = new Vector<double>(q[0]); var q1 = new Vector<double>(q[1]); var q2 = new Vector<double>(q[2]); var q3 = new Vector<double>(q[3]);
            for (; c + width <= n; c += width)
            {
                nuint at = (nuint)c;
                var x0 = Vector.LoadUnsafe(ref t0, at);
                var x1 = Vector.LoadUnsafe(ref t0, at + (nuint)n);
                var x2 = Vector.LoadUnsafe(ref t0, at + (nuint)(2 * n));
                var x3 = Vector.LoadUnsafe(ref t0, at + (nuint)(3 * n));
                var y0 = Vector.LoadUnsafe(ref v0, at);
                var y1 = Vector.LoadUnsafe(ref v0, at + (nuint)n);
                var y2 = Vector.LoadUnsafe(ref v0, at + (nuint)(2 * n));
                var y3 = Vector.LoadUnsafe(ref v0, at + (nuint)(3 * n));
                var pt = Vector.LoadUnsafe(ref a, at);
                pt = Vector.FusedMultiplyAdd(p3, x3, Vector.FusedMultiplyAdd(p2, x2, Vector.FusedMultiplyAdd(p1, x1, Vector.FusedMultiplyAdd(p0, x0, pt))));
                pt.StoreUnsafe(ref a, at);
                var qt = Vector.LoadUnsafe(ref a, at + (nuint)n);
                qt = Vector.FusedMultiplyAdd(q3, x3, Vector.FusedMultiplyAdd(q2, x2, Vector.FusedMultiplyAdd(q1, x1, Vector.FusedMultiplyAdd(q0, x0, qt))));
                qt.StoreUnsafe(ref a, at + (nuint)n);
                var pv = Vector.LoadUnsafe(ref a, at + (nuint)(2 * n));
                pv = Vector.FusedMultiplyAdd(p3, y3, Vector.FusedMultiplyAdd(p2, y2, Vector.FusedMultiplyAdd(p1, y1, Vector.FusedMultiplyAdd(p0, y0, pv))));
                pv.StoreUnsafe(ref a, at + (nuint)(2 * n));
                var qv = Vector.LoadUnsafe(ref a, at + (nuint)(3 * n));
                qv = Vector.FusedMultiplyAdd(q3, y3, Vector.FusedMultiplyAdd(q2, y2, Vector.FusedMultiplyAdd(q1, y1, Vector.FusedMultiplyAdd(q0, y0, qv))));
                qv.StoreUnsafe(ref a, at + (nuint)(3 * n));
            }
        }

        for (; c < n; c++)
            for (int r = 0; r < 4; r++)
            {
                double x = t[r * n + c], y = v[r * n + c];
                acc[c] += p[r] * x;
                acc[n + c] += q[r] * x;
                acc[2 * n + c] += p[r] * y;
                acc[3 * n + c] += q[r] * y;
            }
    }

    // pt += pi·x, qt += qi·x, pv += pi·y, qv += qi·y, in one pass over a row of A of θ and v (the rows left over by Accumulate4).
    private static void Accumulate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double pi, double qi, Span<double> pt, Span<double> qt, Span<double> pv, Span<double> qv)
    {
        TensorPrimitives.MultiplyAdd(x, pi, pt, pt);
        TensorPrimitives.MultiplyAdd(x, qi, qt, qt);
        TensorPrimitives.MultiplyAdd(y, pi, pv, pv);
        TensorPrimitives.MultiplyAdd(y, qi, qv, qv);
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>Evaluates every charge of a <see cref="ChargeSet"/> at (θ, v) into the destination.</summary>
internal delegate void ChargeEvaluator(ReadOnlySpan<double> theta, ReadOnlySpan<double> velocity, Span<double> destination);

/// <summary>
/// A set of rotation charges J(θ, v) = ⟨Xθ, v⟩ that <see cref="MomentumChargeCheck"/> can check: the levels whose random
/// projection it sketches (for the sketch the sign convention of J does not matter: it compares j' with βj), how many
/// charges there are, their names, and the full evaluation used to name the one that moved.
/// </summary>
internal sealed record ChargeSet(IReadOnlyList<MomentumChargeLevel> Levels, int Count, IReadOnlyList<string> Names, ChargeEvaluator Evaluate)
{
    /// <summary>The momentum charges of the hidden levels inside linear runs.</summary>
    public static ChargeSet MomentumCharges(IConservationModel model) =>
        new(model.MomentumChargeLevels, model.MomentumChargeCount, model.MomentumChargeNames, model.ComputeMomentumCharges);

    /// <summary>The input angular momentum of a model that declares rotation-invariant data (no level when it does not).</summary>
    public static ChargeSet InputRotation(IConservationModel model) =>
        new(model.InputAngularMomentumLevel is { } level && model.InputAngularMomentumCount > 0 ? new[] { level } : Array.Empty<MomentumChargeLevel>(),
            model.InputAngularMomentumCount, model.InputAngularMomentumNames, model.ComputeInputAngularMomentum);
}
