namespace ConservationCodegen.Engine.DenseChain;

using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Model;

/// <summary>
/// χ_g = ∇f_g for a product-form cotangent g of a residual region: the gated pass of <see cref="GatedGradient"/> over
/// every layer of the region, each skip adding its source level to its target level before the target's gate
/// (a_t = W_t(z_{t−1} ⊗ g_t) + β·b_t + Σ_{skips s→t} z_s, z_t = gate_t ⊙ a_t), and in reverse the target's δ flowing
/// back into the source. A path through a skip picks up no parameter and no gate of the branch beside it, so distinct
/// components of the region's φ keep distinct gate monomials and random gates span W_φ(θ). Evaluated on jets of any
/// size (θ region-local).
/// </summary>
internal sealed class RegionGradientField : FieldExpression
{
    private readonly ModelDescription _model;
    private readonly int _first;
    private readonly int _last;
    private readonly int _start;
    private readonly IReadOnlyList<(int Source, int Target)> _skips;
    private readonly uint[]?[] _levelGates; // index g − first + 1 (0: the region's input level)
    private readonly uint[] _biasGate;      // per layer, index g − first
    private readonly uint[]?[] _tapGates;   // per layer, index g − first

    public RegionGradientField(ResidualRegion region, DeterministicRandom rng)
    {
        _model = region.Model;
        _first = region.FirstLayer;
        _last = region.LastLayer;
        _start = region.ParameterStart;
        _skips = region.Skips;
        int layers = _last - _first + 1;
        _levelGates = new uint[]?[layers + 1];
        _biasGate = new uint[layers];
        _tapGates = new uint[]?[layers];
        for (int g = _first - 1; g <= _last; g++)
        {
            bool gated = g == _first - 1 || g == _last || IsGate(_model.Layers[g].Activation);
            if (!gated) continue;
            int width = g == _first - 1 ? _model.Shapes[_first].Inputs : _model.Shapes[g].Outputs;
            var u = new uint[width];
            for (int i = 0; i < width; i++) u[i] = rng.NextNonZeroMod();
            _levelGates[g - _first + 1] = u;
        }

        uint block = rng.NextNonZeroMod();
        for (int g = _first; g <= _last; g++)
        {
            _biasGate[g - _first] = block;
            if (g < _last && IsGate(_model.Layers[g].Activation)) block = rng.NextNonZeroMod();
            int taps = _model.Shapes[g].Taps;
            if (taps == 1) continue;
            var p = new uint[taps];
            for (int i = 0; i < taps; i++) p[i] = rng.NextNonZeroMod();
            _tapGates[g - _first] = p;
        }
    }

    private static bool IsGate(ActivationKind kind) => kind != ActivationKind.Identity && ActivationKinds.IsPositivelyHomogeneous(kind);

    public override int Length => 1;

    [MethodImpl(HotLoop.Optimized)]
    public override uint[] Evaluate(uint[] theta, int size)
    {
        int layers = _last - _first + 1;
        var z = new uint[layers + 1][];
        var expanded = new uint[layers][];
        var input = _levelGates[0]!;
        z[0] = new uint[input.Length * size];
        for (int i = 0; i < input.Length; i++) z[0][i * size] = input[i];

        for (int g = _first; g <= _last; g++)
        {
            int l = g - _first;
            var shape = _model.Shapes[g];
            int w = _model.WeightOffset(g) - _start, row = shape.RowLength, nOut = shape.Outputs;
            int bias = _model.Layers[g].HasBias ? _model.BiasOffset(g) - _start : -1;
            var x = expanded[l] = GatedGradient.ExpandTaps(z[l], _tapGates[l], shape, size);
            var acc = new ulong[nOut * size];
            for (int r = 0; r < nOut; r++)
            {
                if (shape.Diagonal) JetAlgebra.MulAdd(acc, r * size, theta, (w + r) * size, x, r * size, size);
                else
                    for (int c = 0; c < row; c++) JetAlgebra.MulAdd(acc, r * size, theta, (w + r * row + c) * size, x, c * size, size);
                if (bias >= 0) JetAlgebra.ScaleAdd(acc, r * size, theta, (bias + r) * size, _biasGate[l], size);
            }

            foreach (var (source, target) in _skips)
                if (target == g) JetAlgebra.ScaleAdd(acc, 0, z[source - _first + 1], 0, 1, nOut * size);

            var gate = g < _last ? _levelGates[l + 1] : null;
            var zg = new uint[nOut * size];
            for (int r = 0; r < nOut; r++)
                for (int m = 0; m < size; m++)
                {
                    uint v = ModP.Reduce(acc[r * size + m]);
                    zg[r * size + m] = gate is null ? v : ModP.Mul(v, gate[r]);
                }

            z[l + 1] = zg;
        }

        // dz[level] = ∂f/∂z_level, accumulated from the layer above and from every skip that reads the level.
        var dz = new ulong[layers + 1][];
        for (int k = 0; k <= layers; k++) dz[k] = new ulong[z[k].Length];
        var output = _levelGates[layers]!;
        for (int i = 0; i < output.Length; i++) dz[layers][i * size] = output[i];
        var grad = new uint[theta.Length];
        var tmp = new ulong[size];
        for (int g = _last; g >= _first; g--)
        {
            int l = g - _first;
            var shape = _model.Shapes[g];
            int w = _model.WeightOffset(g) - _start, row = shape.RowLength, nOut = shape.Outputs;
            int bias = _model.Layers[g].HasBias ? _model.BiasOffset(g) - _start : -1;
            var gate = g < _last ? _levelGates[l + 1] : null;
            var delta = new uint[nOut * size];
            for (int r = 0; r < nOut; r++)
                for (int m = 0; m < size; m++)
                {
                    uint v = ModP.Reduce(dz[l + 1][r * size + m]);
                    delta[r * size + m] = gate is null ? v : ModP.Mul(v, gate[r]);
                }

            var x = expanded[l];
            for (int r = 0; r < nOut; r++)
            {
                int first = shape.Diagonal ? r : 0, count = shape.Diagonal ? 1 : row, at = shape.Diagonal ? w + r : w + r * row;
                for (int c = 0; c < count; c++)
                {
                    System.Array.Clear(tmp, 0, size);
                    JetAlgebra.MulAdd(tmp, 0, delta, r * size, x, (first + c) * size, size);
                    for (int m = 0; m < size; m++) grad[(at + c) * size + m] = ModP.Reduce(tmp[m]);
                }

                if (bias >= 0)
                    for (int m = 0; m < size; m++) grad[(bias + r) * size + m] = ModP.Mul(delta[r * size + m], _biasGate[l]);
            }

            foreach (var (source, target) in _skips)
            {
                if (target != g) continue;
                var into = dz[source - _first + 1];
                for (int i = 0; i < delta.Length; i++) into[i] = ModP.Fold(into[i] + delta[i]);
            }

            if (g == _first) break;
            int width = shape.Diagonal ? nOut : row;
            var back = new ulong[width * size];
            for (int r = 0; r < nOut; r++)
            {
                if (shape.Diagonal) JetAlgebra.MulAdd(back, r * size, theta, (w + r) * size, delta, r * size, size);
                else
                    for (int c = 0; c < row; c++) JetAlgebra.MulAdd(back, c * size, theta, (w + r * row + c) * size, delta, r * size, size);
            }

            var reduced = new uint[width * size];
            for (int i = 0; i < reduced.Length; i++) reduced[i] = ModP.Reduce(back[i]);
            var contracted = GatedGradient.ContractTaps(reduced, _tapGates[l], shape, size);
            var below = dz[l];
            for (int i = 0; i < contracted.Length; i++) below[i] = ModP.Fold(below[i] + contracted[i]);
        }

        return grad;
    }
}
