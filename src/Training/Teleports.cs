using System;
using System.Globalization;

namespace ConservationCodegen.Training;

/// <summary>
/// Teleports: moves of θ along a symmetry of a dense model that keep the function it computes (up to rounding) and move
/// its conserved values — so training can start from a chosen balance or imbalance — plus one data-dependent move
/// (<see cref="DataDependentMove"/>) that is not a symmetry. Every method checks all its input before it changes θ, and
/// reads the layer table <see cref="IConservationModel.DenseLayers"/> (generated dense models). See
/// <c>docs/training.md</c>, "Teleports".
/// </summary>
public static class Teleports
{
    /// <summary>
    /// Rescales every positively homogeneous hidden unit (after a ReLU, leaky ReLU, |z| or no activation) by α &gt; 0 —
    /// incoming weights and bias × α, outgoing weights ÷ α, which keeps the model's function — so that its balance
    /// ‖w_in‖² + b² − ‖w_out‖² (the value of its generated law; for a unit inside a linear run, the diagonal of the
    /// Gram law) becomes <paramref name="target"/>: α² = (δ + √(δ² + 4ab)) / 2a with a = ‖(w_in, b)‖², b = ‖w_out‖²,
    /// δ the target, unit after unit, in sweeps until every balance is at the target (adjacent homogeneous layers share a
    /// weight matrix). Returns the number of units moved (all but all-zero units already at balance 0). Units after other activations (tanh, sigmoid, GELU, …) have no
    /// rescaling symmetry and are left alone; models whose table is empty (RePU, Power, convolutions, skips) are refused.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// θ has the wrong length; the model describes no dense layers; or a unit cannot reach the target: with zero incoming
    /// weights and bias only a negative balance is reachable, with zero outgoing weights only a positive one, and an
    /// all-zero unit keeps balance 0.
    /// </exception>
    public static int RebalanceUnits(IConservationModel model, Span<double> theta, double target = 0)
    {
        ConservationPredictions.CheckTheta(model, theta);
        if (!double.IsFinite(target)) throw new ArgumentOutOfRangeException(nameof(target), target, "The target balance must be finite.");
        var layers = RequireLayers(model);
        // Whether a unit's norms are zero never changes under rescaling, so reachability is decided once, before θ moves.
        int count = 0;
        for (int k = 0; k + 1 < layers.Count; k++)
        {
            if (!ConservationPredictions.IsHomogeneous(layers[k].Activation)) continue;
            for (int i = 0; i < layers[k].Outputs; i++)
            {
                var (a, b) = ConservationPredictions.UnitNorms(theta, layers[k], layers[k + 1], i);
                if (!double.IsNaN(Scale(a, b, target, k, i))) count++;
            }
        }

        // Consecutive homogeneous layers share a weight matrix, so one unit's rescale moves its neighbours' balances:
        // sweep until every balance is at the target. Each unit's exact rescale minimises the convex function
        // Σ‖W'‖² + Σ‖b'‖² − δ Σ log α² over its own α, so the sweeps (coordinate descent) converge; one sweep suffices when
        // no two homogeneous layers are adjacent. Work on a copy, so a failure leaves θ untouched.
        var work = theta.ToArray();
        for (int sweep = 0; ; sweep++)
        {
            bool done = true;
            for (int k = 0; k + 1 < layers.Count; k++)
            {
                if (!ConservationPredictions.IsHomogeneous(layers[k].Activation)) continue;
                var layer = layers[k];
                var next = layers[k + 1];
                for (int i = 0; i < layer.Outputs; i++)
                {
                    var (a, b) = ConservationPredictions.UnitNorms(work, layer, next, i);
                    if (Math.Abs(a - b - target) <= 1e-14 * (a + b + Math.Abs(target))) continue;
                    done = false;
                    double alpha = Scale(a, b, target, k, i);
                    if (double.IsNaN(alpha)) continue;
                    foreach (ref double w in work.AsSpan(layer.WeightOffset + i * layer.Inputs, layer.Inputs)) w *= alpha;
                    if (layer.HasBias) work[layer.BiasOffset + i] *= alpha;
                    for (int o = 0; o < next.Outputs; o++) work[next.WeightOffset + o * next.Inputs + i] /= alpha;
                }
            }

            if (done || sweep == MaxSweeps) break;
        }

        double worst = 0;
        for (int k = 0; k + 1 < layers.Count; k++)
        {
            if (!ConservationPredictions.IsHomogeneous(layers[k].Activation)) continue;
            for (int i = 0; i < layers[k].Outputs; i++)
            {
                var (a, b) = ConservationPredictions.UnitNorms(work, layers[k], layers[k + 1], i);
                worst = Math.Max(worst, Math.Abs(a - b - target) / (a + b + Math.Abs(target) + double.Epsilon));
            }
        }

        if (worst > 1e-12)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The balances did not settle at {target} within {MaxSweeps} sweeps (worst relative gap {worst:G3}); θ is unchanged."), nameof(theta));
        work.CopyTo(theta);
        return count;
    }

    private const int MaxSweeps = 10_000;

    // α with a α² − b/α² = δ, or NaN for an all-zero unit already at δ = 0.
    private static double Scale(double a, double b, double delta, int layer, int unit)
    {
        if (a > 0 && b > 0)
        {
            double root = Math.Sqrt(delta * delta + 4 * a * b);
            double x = delta >= 0 ? (delta + root) / (2 * a) : 2 * b / (root - delta); // no cancellation either way
            return Math.Sqrt(x);
        }

        if (a > 0 && delta > 0) return Math.Sqrt(delta / a);
        if (b > 0 && delta < 0) return Math.Sqrt(-b / delta);
        if (a == 0 && b == 0 && delta == 0) return double.NaN;
        string side = a == 0 && b == 0 ? "all its weights are zero (its balance stays 0)"
            : a == 0 ? "its incoming weights and bias are zero (only a negative balance is reachable)"
            : "its outgoing weights are zero (only a positive balance is reachable)";
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"Unit {unit} after layer {layer} cannot be rescaled to balance {delta}: {side}."));
    }

    /// <summary>
    /// The GL(r) move of the linear pair (layers <paramref name="layer"/>, <paramref name="layer"/> + 1; no activation
    /// between): U ↦ U g, V ↦ V g^{−T}, i.e. W_{k+1} ↦ W_{k+1} g, W_k ↦ g⁻¹ W_k, b_k ↦ g⁻¹ b_k. The model's function is
    /// unchanged (W_{k+1} W_k and W_{k+1} b_k are); the pair's law matrix W_k W_kᵀ + b_k b_kᵀ − W_{k+1}ᵀ W_{k+1} becomes
    /// g⁻¹(VᵀV)g^{−T} − gᵀ(UᵀU)g. Inside a deeper linear run the neighbouring hidden layers' laws change too (their Gram
    /// sums see the moved rows or columns) unless g is orthogonal.
    /// </summary>
    /// <param name="model">A dense model.</param>
    /// <param name="theta">θ, moved in place.</param>
    /// <param name="layer">Index k of the pair's first layer (its laws are <c>Hidden{k+1}</c>).</param>
    /// <param name="g">Invertible r × r matrix, row-major (r = the outputs of layer k).</param>
    /// <exception cref="ArgumentException">Not a linear pair, wrong lengths, a non-finite entry, or g numerically singular.</exception>
    public static void MoveLinearPair(IConservationModel model, Span<double> theta, int layer, ReadOnlySpan<double> g)
    {
        var (first, second) = RequirePair(model, theta, layer);
        int r = first.Outputs;
        if (g.Length != r * r) throw new ArgumentException($"g must be {r}×{r} ({r * r} entries, row-major); it has {g.Length}.", nameof(g));
        foreach (double x in g)
            if (!double.IsFinite(x)) throw new ArgumentException("g has a non-finite entry.", nameof(g));
        var inverse = SmallMatrices.Inverse(g, r) ?? throw new ArgumentException("g is singular (or numerically so): a GL move needs an invertible matrix.", nameof(g));
        Apply(theta, first, second, g.ToArray(), inverse);
    }

    /// <summary>
    /// The GL(r) move (<see cref="MoveLinearPair"/>) of the linear pair at <paramref name="layer"/> that gives its law
    /// matrix W_k W_kᵀ + b_k b_kᵀ − W_{k+1}ᵀ W_{k+1} the value <paramref name="targetLaws"/> (any symmetric r × r matrix,
    /// row-major; all zeros balances the pair). Returns the g applied. Method: with A = UᵀU, B = VᵀV and
    /// A^{1/2} B A^{1/2} = E diag(c) Eᵀ, the move g₀ = A^{−1/2} E diag(c^{1/4}) makes both Gram sums diag(√c); a diagonal
    /// rescaling then splits each √c_i into s_i − t_i = q_i with s_i t_i = c_i, and a rotation turns diag(q) into
    /// Q* = W diag(q) Wᵀ = −target (Q = UᵀU − VᵀV; eigenvalues of Q* and c paired in descending order).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Not a linear pair; the target is not r × r, symmetric and finite; or UᵀU or VᵀV is singular (U = W_{k+1} or
    /// V = [W_k b_k]ᵀ without full column rank, e.g. a hidden layer wider than the outputs or the inputs): the move to a
    /// target is supported only when both are invertible — use <see cref="MoveLinearPair"/> with an explicit g otherwise.
    /// </exception>
    public static double[] MoveLinearPairTo(IConservationModel model, Span<double> theta, int layer, ReadOnlySpan<double> targetLaws)
    {
        var (first, second) = RequirePair(model, theta, layer);
        int r = first.Outputs;
        if (targetLaws.Length != r * r) throw new ArgumentException($"The target must be {r}×{r} ({r * r} entries, row-major); it has {targetLaws.Length}.", nameof(targetLaws));
        for (int i = 0; i < r; i++)
            for (int j = 0; j <= i; j++)
            {
                double x = targetLaws[i * r + j], y = targetLaws[j * r + i];
                if (!double.IsFinite(x) || !double.IsFinite(y)) throw new ArgumentException("The target has a non-finite entry.", nameof(targetLaws));
                if (Math.Abs(x - y) > 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y)))
                    throw new ArgumentException($"The target must be symmetric: entry [{i},{j}] = {x} but [{j},{i}] = {y}.", nameof(targetLaws));
            }

        // RequirePair checked it: the model's own description of this pair (its widths, with the hidden bias as an input).
        var pair = System.Linq.Enumerable.First(ConservationPredictions.LinearPairs(model), p => p.Layer == layer);
        var (u, v) = ConservationPredictions.Factors(model, theta, pair);
        var a = SmallMatrices.Gram(u, pair.OutputWidth, r);
        var b = SmallMatrices.Gram(v, pair.InputWidth, r);
        var (aValues, aVectors) = SmallMatrices.SymmetricEigen(a, r);
        var (bValues, _) = SmallMatrices.SymmetricEigen(b, r);
        RequireDefinite(aValues, r, pair.OutputWidth, $"UᵀU = W{layer + 2}ᵀW{layer + 2} (the outgoing weights)");
        RequireDefinite(bValues, r, pair.InputWidth, $"VᵀV = W{layer + 1}W{layer + 1}ᵀ{(first.HasBias ? " + b bᵀ" : "")} (the incoming weights)");

        var aHalf = SmallMatrices.Function(aValues, aVectors, r, Math.Sqrt);
        var aMinusHalf = SmallMatrices.Function(aValues, aVectors, r, x => 1 / Math.Sqrt(x));
        var c = SmallMatrices.Multiply(SmallMatrices.Multiply(aHalf, b, r, r, r), aHalf, r, r, r);
        SmallMatrices.Symmetrise(c, r);
        var (cValues, e) = SmallMatrices.SymmetricEigen(c, r);
        var q = new double[r * r];
        for (int i = 0; i < q.Length; i++) q[i] = -targetLaws[i];
        var (qValues, w) = SmallMatrices.SymmetricEigen(q, r);

        // g = A^{−1/2} E diag(f) Wᵀ and g⁻¹ = W diag(1/f) Eᵀ A^{1/2}, with f_i = c_i^{1/4} d_i and m d² − m/d² = q (m = √c_i).
        var f = new double[r];
        for (int i = 0; i < r; i++)
        {
            double m = Math.Sqrt(Math.Max(cValues[i], 0)), qi = qValues[i];
            if (!(m > 0)) throw new ArgumentException("UᵀU and VᵀV are invertible but their product is numerically singular; the target cannot be reached stably.", nameof(theta));
            double root = Math.Sqrt(qi * qi + 4 * m * m);
            double d2 = qi >= 0 ? (qi + root) / (2 * m) : 2 * m / (root - qi);
            f[i] = Math.Sqrt(m * d2);
        }

        var left = SmallMatrices.Multiply(aMinusHalf, e, r, r, r);
        var right = SmallMatrices.Transpose(w, r, r);
        for (int i = 0; i < r; i++)
            for (int k = 0; k < r; k++)
                left[i * r + k] *= f[k];
        var g = SmallMatrices.Multiply(left, right, r, r, r);
        var scaledW = (double[])w.Clone();
        for (int i = 0; i < r; i++)
            for (int k = 0; k < r; k++)
                scaledW[i * r + k] /= f[k];
        var inverse = SmallMatrices.Multiply(SmallMatrices.Multiply(scaledW, SmallMatrices.Transpose(e, r, r), r, r, r), aHalf, r, r, r);
        Apply(theta, first, second, g, inverse);
        return g;
    }

    /// <summary>
    /// <see cref="MoveLinearPairTo"/> with the target λI: the pair's law matrix becomes <paramref name="lambda"/> times the
    /// identity (0: the balanced pair, UᵀU = VᵀV). Returns the g applied.
    /// </summary>
    public static double[] BalanceLinearPair(IConservationModel model, Span<double> theta, int layer, double lambda = 0)
    {
        var (first, _) = RequirePair(model, theta, layer);
        int r = first.Outputs;
        var target = new double[r * r];
        for (int i = 0; i < r; i++) target[i * r + i] = lambda;
        return MoveLinearPairTo(model, theta, layer, target);
    }

    /// <summary>
    /// The data-dependent GL(h) action of Zhao et al. 2023 (§4) on the layers <paramref name="layer"/> (V, with its bias)
    /// and <paramref name="layer"/> + 1 (U): V ↦ gV, b ↦ g b, U ↦ U R_{σ(z)} R_{σ(gz)}⁻¹, where z = V x + b is the
    /// pre-activation at the chosen <paramref name="input"/> and R_s = |s|·H_s with H_s the reflection taking e₁ to s/|s|
    /// (so R_s e₁ = s). The output at that input is unchanged to rounding, for any activation (tanh, sigmoid, …).
    /// <para>
    /// It is not a symmetry: the function changes at every other input, the loss over a data set changes, and the move
    /// gives no conserved quantity. Use it to build ensembles of models that agree at one input; for moves that keep the
    /// whole function use <see cref="RebalanceUnits"/> and <see cref="MoveLinearPair"/>.
    /// </para>
    /// </summary>
    /// <param name="model">A dense model.</param>
    /// <param name="theta">θ, moved in place.</param>
    /// <param name="layer">Index of layer V; layer + 1 is U. Earlier layers are evaluated at the input, unchanged.</param>
    /// <param name="input">The model input x (the model's input width).</param>
    /// <param name="g">Invertible h × h matrix, row-major (h = the outputs of the layer).</param>
    /// <exception cref="ArgumentException">
    /// Wrong lengths, no such layer pair, g singular or not finite, or σ(z) or σ(gz) the zero vector (R_s needs s ≠ 0).
    /// </exception>
    public static void DataDependentMove(IConservationModel model, Span<double> theta, int layer, ReadOnlySpan<double> input, ReadOnlySpan<double> g)
    {
        ConservationPredictions.CheckTheta(model, theta);
        var layers = RequireLayers(model);
        if (layer < 0 || layer + 1 >= layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer is the 0-based index of layer V: the move needs layers {layer} and {layer + 1}, but the model has {layers.Count} layers (indices 0–{layers.Count - 1}), so layer must be 0–{layers.Count - 2}.");
        if (input.Length != layers[0].Inputs) throw new ArgumentException($"The input must have {layers[0].Inputs} entries; it has {input.Length}.", nameof(input));
        var vLayer = layers[layer];
        var uLayer = layers[layer + 1];
        int h = vLayer.Outputs;
        if (g.Length != h * h) throw new ArgumentException($"g must be {h}×{h} ({h * h} entries, row-major); it has {g.Length}.", nameof(g));
        foreach (double x in g)
            if (!double.IsFinite(x)) throw new ArgumentException("g has a non-finite entry.", nameof(g));
        if (SmallMatrices.Inverse(g, h) is null) throw new ArgumentException("g is singular (or numerically so): the action needs an invertible matrix.", nameof(g));

        // The input of layer V at x, through the earlier layers.
        var x0 = input.ToArray();
        for (int k = 0; k < layer; k++) x0 = Layer(theta, layers[k], x0, applyActivation: true);
        var z = Layer(theta, vLayer, x0, applyActivation: false);
        var gz = SmallMatrices.Multiply(g, z, h, h, 1);
        var s = Activate(vLayer, z);
        var sg = Activate(vLayer, gz);
        double ns = Norm(s), nsg = Norm(sg);
        if (!(ns > 0)) throw new ArgumentException("σ(Vx + b) is the zero vector at this input: the action is not defined there.", nameof(input));
        if (!(nsg > 0)) throw new ArgumentException("σ(g(Vx + b)) is the zero vector at this input: choose another g.", nameof(g));

        // U ↦ U·(|s|/|s'|)·H_s·H_s' (R_s R_s'⁻¹ with R_s = |s|H_s and H symmetric orthogonal).
        int n = uLayer.Outputs;
        var u = theta.Slice(uLayer.WeightOffset, n * h).ToArray();
        Reflect(u, n, h, s, ns);
        Reflect(u, n, h, sg, nsg);
        double ratio = ns / nsg;
        for (int i = 0; i < u.Length; i++) theta[uLayer.WeightOffset + i] = u[i] * ratio;

        var v = theta.Slice(vLayer.WeightOffset, h * vLayer.Inputs).ToArray();
        SmallMatrices.Multiply(g, v, h, h, vLayer.Inputs).CopyTo(theta.Slice(vLayer.WeightOffset, h * vLayer.Inputs));
        if (vLayer.HasBias)
        {
            var bias = theta.Slice(vLayer.BiasOffset, h).ToArray();
            SmallMatrices.Multiply(g, bias, h, h, 1).CopyTo(theta.Slice(vLayer.BiasOffset, h));
        }
    }

    // M ← M H_s for M [rows, h], with H_s = I − 2wwᵀ/wᵀw, w = e₁ − s/|s| (H_s = I when s/|s| = e₁).
    private static void Reflect(double[] m, int rows, int h, double[] s, double norm)
    {
        var w = new double[h];
        double tail = 0;
        for (int i = 1; i < h; i++)
        {
            w[i] = -s[i] / norm;
            tail += w[i] * w[i];
        }

        double u1 = s[0] / norm;
        w[0] = u1 > 0 ? tail / (1 + u1) : 1 - u1; // 1 − u₁ without cancellation
        double ww = w[0] * w[0] + tail;
        if (ww == 0) return;
        for (int r = 0; r < rows; r++)
        {
            double dot = 0;
            for (int i = 0; i < h; i++) dot += m[r * h + i] * w[i];
            double factor = 2 * dot / ww;
            for (int i = 0; i < h; i++) m[r * h + i] -= factor * w[i];
        }
    }

    private static double[] Layer(ReadOnlySpan<double> theta, DenseLayerInfo layer, double[] x, bool applyActivation)
    {
        var z = new double[layer.Outputs];
        for (int o = 0; o < layer.Outputs; o++)
        {
            double sum = layer.HasBias ? theta[layer.BiasOffset + o] : 0;
            for (int i = 0; i < layer.Inputs; i++) sum += theta[layer.WeightOffset + o * layer.Inputs + i] * x[i];
            z[o] = sum;
        }

        return applyActivation ? Activate(layer, z) : z;
    }

    private static double[] Activate(DenseLayerInfo layer, double[] z)
    {
        var a = new double[z.Length];
        for (int i = 0; i < z.Length; i++) a[i] = Internal.DenseNetwork.Scalar(layer.Activation, layer.NegativeSlope, z[i]);
        return a;
    }

    private static double Norm(double[] x)
    {
        double sum = 0;
        foreach (double v in x) sum += v * v;
        return Math.Sqrt(sum);
    }

    // W_{k+1} ↦ W_{k+1} g; W_k ↦ g⁻¹ W_k; b_k ↦ g⁻¹ b_k.
    private static void Apply(Span<double> theta, DenseLayerInfo first, DenseLayerInfo second, double[] g, double[] inverse)
    {
        int r = first.Outputs, n = second.Outputs, inputs = first.Inputs;
        var u = theta.Slice(second.WeightOffset, n * r).ToArray();
        SmallMatrices.Multiply(u, g, n, r, r).CopyTo(theta.Slice(second.WeightOffset, n * r));
        var w = theta.Slice(first.WeightOffset, r * inputs).ToArray();
        SmallMatrices.Multiply(inverse, w, r, r, inputs).CopyTo(theta.Slice(first.WeightOffset, r * inputs));
        if (first.HasBias)
        {
            var b = theta.Slice(first.BiasOffset, r).ToArray();
            SmallMatrices.Multiply(inverse, b, r, r, 1).CopyTo(theta.Slice(first.BiasOffset, r));
        }
    }

    private static void RequireDefinite(double[] values, int r, int rows, string what)
    {
        double top = values[0], bottom = values[r - 1];
        if (!(bottom > 1e-12 * top))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{what} is singular (smallest eigenvalue {bottom:G3}, largest {top:G3}; {rows} rows for hidden width {r}): a move to a target Q is supported only when UᵀU and VᵀV are both invertible. Use MoveLinearPair with an explicit g, or RebalanceUnits for the diagonal."));
    }

    private static System.Collections.Generic.IReadOnlyList<DenseLayerInfo> RequireLayers(IConservationModel model)
    {
        var layers = model.DenseLayers;
        if (layers.Count == 0)
            throw new ArgumentException("The model describes no dense layers (IConservationModel.DenseLayers is empty): teleports need a generated model that is a plain chain of dense layers.", nameof(model));
        return layers;
    }

    private static (DenseLayerInfo First, DenseLayerInfo Second) RequirePair(IConservationModel model, ReadOnlySpan<double> theta, int layer)
    {
        ConservationPredictions.CheckTheta(model, theta);
        var layers = RequireLayers(model);
        if (layer < 0 || layer + 1 >= layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer is the 0-based index of the pair's first layer: a linear pair needs layers {layer} and {layer + 1}, but the model has {layers.Count} layers (indices 0–{layers.Count - 1}), so layer must be 0–{layers.Count - 2}.");
        if (layers[layer].Activation != Activation.Identity)
            throw new ArgumentException($"Layers {layer} and {layer + 1} (0-based; laws Hidden{layer + 1}) are not a linear pair: layer {layer} is followed by {layers[layer].Activation}. Use RebalanceUnits for homogeneous units.", nameof(layer));
        return (layers[layer], layers[layer + 1]);
    }
}
