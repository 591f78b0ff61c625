using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Threading;

namespace ConservationCodegen.Internal;

/// <summary>
/// Loop implementation of φ, its Jacobian-vector and vector-Jacobian products for models too large to unroll.
/// Generated code creates one instance per model from a shape descriptor; user code should call the generated
/// members instead.
/// </summary>
/// <remarks>
/// A segment is a chain of blocks (maximal linear runs). Block b multiplies out to A_b = W_m⋯W_1 and an accumulated
/// bias β_b. The segment's φ is F_B, with F_0 = 1 per input neuron and
/// F_b[x·L_b + y·L_{b−1} + z] = A_b[x, y]·F_{b−1}[y·L_{b−1} + z], followed by β_b[x] when the block has a bias,
/// L_b = n_{b−1}·L_{b−1} + [bias]. This is the path-lifting map across the products of linear runs.
/// The JVP runs the same lifting on (F, dF); the VJP runs it backwards, Ā_b[x, y] = ⟨F̄_b[x, y, ·], F_{b−1}[y, ·]⟩ and
/// F̄_{b−1}[y, ·] = Σ_x A_b[x, y]·F̄_b[x, y, ·], then through each run (<see cref="LinearRun"/>). Work buffers are
/// kept between calls, so a call allocates nothing; instances are safe to share between threads.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LayeredFactorization
{
    private readonly LinearRun[][] _segments;
    private readonly int[] _segmentPhiOffset;
    private Workspace? _spare;

    /// <summary>
    /// Builds the kernel from a descriptor: segment count, then per segment its block count, per block its layer
    /// count, per layer (weight offset, inputs, outputs, bias offset or −1).
    /// </summary>
    public LayeredFactorization(int parameterCount, int phiLength, int[] descriptor)
        : this(parameterCount, phiLength, descriptor, LayerFields)
    {
    }

    /// <summary>
    /// Builds the kernel for models with convolutions and diagonal layers from a descriptor like that of the
    /// constructor, with two more integers per layer: (weight offset, inputs, outputs, bias offset or −1, taps,
    /// diagonal 0 or 1). A layer with taps joins each (output, input) unit pair by that many weights (weights
    /// [outputs, inputs, taps]: a convolution's channels and kernel positions, or a dense layer after a convolution
    /// reading channels × positions); a diagonal layer joins unit i to unit i only (weights [outputs]). Such layers
    /// must be blocks of their own (one-layer runs).
    /// </summary>
    /// <remarks>
    /// φ is the path-lifting over units and taps: block b's level holds, per output unit x, one row of A_b's columns
    /// — for a layer with taps, column (y, t) = y·taps + t, and for a diagonal layer the single column of unit x — each
    /// followed by the previous level's components of the unit it reads (y, or x for a diagonal layer), then the bias:
    /// F_b[x·L_b + c·L_{b−1} + z] = A_b[x, c]·F_{b−1}[unit(c)·L_{b−1} + z], L_b = columns·L_{b−1} + [bias].
    /// </remarks>
    public static LayeredFactorization WithTaps(int parameterCount, int phiLength, int[] descriptor) =>
        new(parameterCount, phiLength, descriptor, TapLayerFields);

    private const int LayerFields = 4, TapLayerFields = 6;

    private LayeredFactorization(int parameterCount, int phiLength, int[] descriptor, int fields)
    {
        ParameterCount = parameterCount;
        PhiLength = phiLength;
        int p = 0;
        _segments = new LinearRun[descriptor[p++]][];
        _segmentPhiOffset = new int[_segments.Length];
        int phiOffset = 0;
        for (int s = 0; s < _segments.Length; s++)
        {
            var runs = new LinearRun[descriptor[p++]];
            int previousLength = 1;
            for (int b = 0; b < runs.Length; b++)
            {
                var layers = new RunLayer[descriptor[p++]];
                for (int j = 0; j < layers.Length; j++)
                {
                    layers[j] = fields == LayerFields
                        ? new RunLayer(descriptor[p], descriptor[p + 1], descriptor[p + 2], descriptor[p + 3])
                        : new RunLayer(descriptor[p], descriptor[p + 1], descriptor[p + 2], descriptor[p + 3], descriptor[p + 4], descriptor[p + 5] != 0);
                    if (layers[j].Taps < 1 || layers[j].Diagonal && (layers[j].Taps != 1 || layers[j].Inputs != layers[j].Outputs))
                        throw new ArgumentException("A layer needs at least one tap; a diagonal layer one tap and as many inputs as outputs.", nameof(descriptor));
                    p += fields;
                }

                runs[b] = new LinearRun(layers, previousLength);
                previousLength = runs[b].ComponentsPerNeuron;
            }

            _segments[s] = runs;
            _segmentPhiOffset[s] = phiOffset;
            phiOffset += SegmentLength(runs);
        }

        if (phiOffset != phiLength) throw new ArgumentException("Descriptor does not match PhiLength.", nameof(descriptor));
    }

    /// <summary>Number of parameters D.</summary>
    public int ParameterCount { get; }

    /// <summary>Number of components of φ.</summary>
    public int PhiLength { get; }

    /// <summary>φ(θ).</summary>
    public void ComputePhi(ReadOnlySpan<double> theta, Span<double> phi)
    {
        Check(theta.Length, ParameterCount, nameof(theta));
        Check(phi.Length, PhiLength, nameof(phi));
        var ws = Rent();
        for (int s = 0; s < _segments.Length; s++) Lift(s, theta, ws, phi.Slice(_segmentPhiOffset[s], SegmentLength(_segments[s])));
        Return(ws);
    }

    /// <summary>Jacobian-vector product (∂φ/∂θ)·v.</summary>
    public void JacobianTimes(ReadOnlySpan<double> theta, ReadOnlySpan<double> v, Span<double> result)
    {
        Check(theta.Length, ParameterCount, nameof(theta));
        Check(v.Length, ParameterCount, nameof(v));
        Check(result.Length, PhiLength, nameof(result));
        var ws = Rent();
        JacobianTimes(theta, v, result, ws);
        Return(ws);
    }

    /// <summary>Vector-Jacobian product wᵀ(∂φ/∂θ), written to <paramref name="result"/> (length D).</summary>
    public void JacobianTransposeTimes(ReadOnlySpan<double> theta, ReadOnlySpan<double> w, Span<double> result)
    {
        Check(theta.Length, ParameterCount, nameof(theta));
        Check(w.Length, PhiLength, nameof(w));
        Check(result.Length, ParameterCount, nameof(result));
        var ws = Rent();
        result.Slice(0, ParameterCount).Clear();
        for (int s = 0; s < _segments.Length; s++)
        {
            var runs = _segments[s];
            int last = runs.Length - 1;
            Lift(s, theta, ws, default, liftLast: false);
            ReadOnlySpan<double> bar = w.Slice(_segmentPhiOffset[s], SegmentLength(runs));
            for (int b = last; b >= 0; b--)
            {
                var run = runs[b];
                var buffers = ws.Runs[s][b];
                run.AdjointTargets(result, buffers, out var aBar, out var betaBar);
                if (b == 0) UnliftFirst(run, bar, aBar, betaBar);
                else Unlift(run, run.Product(theta, buffers), bar, ws.Levels[s][b - 1], aBar, betaBar, ws.LevelTangents[s][b - 1]);
                if (run.Layers.Length > 1) run.Backpropagate(theta, buffers, result);
                if (b > 0) bar = ws.LevelTangents[s][b - 1];
            }
        }

        Return(ws);
    }

    /// <summary>Dense Jacobian, row-major PhiLength × D, one JVP per parameter.</summary>
    public void ComputeJacobian(ReadOnlySpan<double> theta, Span<double> jacobian)
    {
        Check(theta.Length, ParameterCount, nameof(theta));
        Check(jacobian.Length, checked(PhiLength * ParameterCount), nameof(jacobian));
        var unit = new double[ParameterCount];
        var column = new double[PhiLength];
        var ws = Rent();
        for (int j = 0; j < ParameterCount; j++)
        {
            unit[j] = 1;
            JacobianTimes(theta, unit, column, ws);
            unit[j] = 0;
            for (int i = 0; i < PhiLength; i++) jacobian[i * ParameterCount + j] = column[i];
        }

        Return(ws);
    }

    private void JacobianTimes(ReadOnlySpan<double> theta, ReadOnlySpan<double> v, Span<double> result, Workspace ws)
    {
        for (int s = 0; s < _segments.Length; s++)
        {
            var runs = _segments[s];
            var levels = ws.Levels[s];
            var tangents = ws.LevelTangents[s];
            var output = result.Slice(_segmentPhiOffset[s], SegmentLength(runs));
            for (int b = 0; b < runs.Length; b++)
            {
                var run = runs[b];
                bool last = b == runs.Length - 1;
                run.MultiplyTangent(theta, v, ws.Runs[s][b], out var a, out var beta, out var da, out var dbeta, product: !(last && b == 0));
                Span<double> f = last ? default : levels[b];
                Span<double> df = last ? output : tangents[b];
                if (b == 0)
                {
                    if (!last) LiftFirst(run, a, beta, f);
                    LiftFirst(run, da, dbeta, df);
                }
                else
                {
                    if (!last) LiftStep(run, a, beta, levels[b - 1], f);
                    LiftTangent(run, a, da, dbeta, levels[b - 1], tangents[b - 1], df);
                }
            }
        }
    }

    // F_1 … F_B of segment s; F_B goes to phi (when liftLast), the others to the workspace. Every run's product is
    // left in its buffers, which the VJP reads.
    private void Lift(int s, ReadOnlySpan<double> theta, Workspace ws, Span<double> phi, bool liftLast = true)
    {
        var runs = _segments[s];
        var levels = ws.Levels[s];
        for (int b = 0; b < runs.Length; b++)
        {
            var run = runs[b];
            bool last = b == runs.Length - 1;
            // The VJP reads a last run's product only to pull F̄ back through it, which a segment's only run skips.
            run.Multiply(theta, ws.Runs[s][b], out var a, out var beta, product: liftLast || !last || b > 0);
            if (last && !liftLast) break;
            Span<double> f = last ? phi : levels[b];
            if (b == 0) LiftFirst(run, a, beta, f);
            else LiftStep(run, a, beta, levels[b - 1], f);
        }
    }

    // F_1 = [A | β] row by row (F_0 = 1).
    private static void LiftFirst(LinearRun run, ReadOnlySpan<double> a, ReadOnlySpan<double> beta, Span<double> f)
    {
        int n = run.Outputs, m = run.Columns, lb = run.ComponentsPerNeuron;
        for (int x = 0; x < n; x++)
        {
            a.Slice(x * m, m).CopyTo(f.Slice(x * lb, m));
            if (run.HasBias) f[x * lb + m] = beta[x];
        }
    }

    // F_b[x, c, ·] = A[x, c]·F_{b−1}[unit(c), ·]; by source unit, so its row stays in cache across x (and taps).
    private static void LiftStep(LinearRun run, ReadOnlySpan<double> a, ReadOnlySpan<double> beta, ReadOnlySpan<double> previous, Span<double> f)
    {
        int n = run.Outputs, m = run.Inputs, columns = run.Columns, taps = run.Taps, lb = run.ComponentsPerNeuron, lp = run.PreviousComponents;
        bool diagonal = run.Diagonal;
        for (int y = 0; y < m; y++)
        {
            var source = previous.Slice(y * lp, lp);
            for (int x = diagonal ? y : 0, end = diagonal ? y + 1 : n; x < end; x++)
                for (int t = 0; t < taps; t++)
                {
                    int c = diagonal ? 0 : y * taps + t;
                    TensorPrimitives.Multiply(source, a[x * columns + c], f.Slice(x * lb + c * lp, lp));
                }
        }

        if (run.HasBias)
            for (int x = 0; x < n; x++) f[x * lb + columns * lp] = beta[x];
    }

    // dF_b[x, c, ·] = dA[x, c]·F_{b−1}[unit(c), ·] + A[x, c]·dF_{b−1}[unit(c), ·].
    private static void LiftTangent(
        LinearRun run, ReadOnlySpan<double> a, ReadOnlySpan<double> da, ReadOnlySpan<double> dbeta,
        ReadOnlySpan<double> previous, ReadOnlySpan<double> previousTangent, Span<double> df)
    {
        int n = run.Outputs, m = run.Inputs, columns = run.Columns, taps = run.Taps, lb = run.ComponentsPerNeuron, lp = run.PreviousComponents;
        bool diagonal = run.Diagonal;
        for (int y = 0; y < m; y++)
        {
            var source = previous.Slice(y * lp, lp);
            var sourceTangent = previousTangent.Slice(y * lp, lp);
            for (int x = diagonal ? y : 0, end = diagonal ? y + 1 : n; x < end; x++)
                for (int t = 0; t < taps; t++)
                {
                    int c = diagonal ? 0 : y * taps + t, at = x * columns + c;
                    FusedRows.Combine(da[at], source, a[at], sourceTangent, df.Slice(x * lb + c * lp, lp));
                }
        }

        if (run.HasBias)
            for (int x = 0; x < n; x++) df[x * lb + columns * lp] = dbeta[x];
    }

    // Ā[x, y] = F̄_1[x, y] and β̄[x] = F̄_1[x, bias] (F_0 = 1).
    private static void UnliftFirst(LinearRun run, ReadOnlySpan<double> bar, Span<double> aBar, Span<double> betaBar)
    {
        int n = run.Outputs, m = run.Columns, lb = run.ComponentsPerNeuron;
        for (int x = 0; x < n; x++)
        {
            bar.Slice(x * lb, m).CopyTo(aBar.Slice(x * m, m));
            if (run.HasBias) betaBar[x] = bar[x * lb + m];
        }
    }

    // Ā[x, c] = ⟨F̄_b[x, c, ·], F_{b−1}[unit(c), ·]⟩, β̄[x] = F̄_b[x, bias], F̄_{b−1}[y, ·] = Σ_{(x, c) reading y} A[x, c]·F̄_b[x, c, ·].
    private static void Unlift(
        LinearRun run, ReadOnlySpan<double> a, ReadOnlySpan<double> bar, ReadOnlySpan<double> previous,
        Span<double> aBar, Span<double> betaBar, Span<double> previousBar)
    {
        int n = run.Outputs, m = run.Inputs, columns = run.Columns, taps = run.Taps, lb = run.ComponentsPerNeuron, lp = run.PreviousComponents;
        bool diagonal = run.Diagonal;
        for (int y = 0; y < m; y++)
        {
            var source = previous.Slice(y * lp, lp);
            var target = previousBar.Slice(y * lp, lp);
            int first = diagonal ? y : 0;
            for (int x = first, end = diagonal ? y + 1 : n; x < end; x++)
                for (int t = 0; t < taps; t++)
                {
                    int c = diagonal ? 0 : y * taps + t, at = x * columns + c;
                    aBar[at] = FusedRows.DotAndMultiplyAdd(bar.Slice(x * lb + c * lp, lp), source, a[at], target, accumulate: x > first || t > 0);
                }
        }

        if (run.HasBias)
            for (int x = 0; x < n; x++) betaBar[x] = bar[x * lb + columns * lp];
    }

    private static int SegmentLength(LinearRun[] runs) => runs[runs.Length - 1].Outputs * runs[runs.Length - 1].ComponentsPerNeuron;

    // One workspace is kept for the next call; concurrent callers get their own (allocated only under contention).
    private Workspace Rent() => Interlocked.Exchange(ref _spare, null) ?? new Workspace(_segments);

    private void Return(Workspace ws) => Volatile.Write(ref _spare, ws);

    private static void Check(int length, int required, string name)
    {
        if (length < required) throw new ArgumentException($"{name} must have at least {required} entries.", name);
    }

    // Per segment: the run buffers, and the levels F_1 … F_{B−1} with their tangents (dF for the JVP, F̄ for the VJP).
    private sealed class Workspace
    {
        public Workspace(LinearRun[][] segments)
        {
            Runs = new LinearRun.Buffers[segments.Length][];
            Levels = new double[segments.Length][][];
            LevelTangents = new double[segments.Length][][];
            for (int s = 0; s < segments.Length; s++)
            {
                var runs = segments[s];
                Runs[s] = Array.ConvertAll(runs, r => r.CreateBuffers());
                Levels[s] = new double[runs.Length - 1][];
                LevelTangents[s] = new double[runs.Length - 1][];
                for (int b = 0; b < runs.Length - 1; b++)
                {
                    Levels[s][b] = new double[runs[b].Outputs * runs[b].ComponentsPerNeuron];
                    LevelTangents[s][b] = new double[Levels[s][b].Length];
                }
            }
        }

        public LinearRun.Buffers[][] Runs { get; }
        public double[][][] Levels { get; }
        public double[][][] LevelTangents { get; }
    }
}
