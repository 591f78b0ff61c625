using System;
using System.Collections.Generic;
using System.Globalization;

namespace ConservationCodegen.Training;

/// <summary>
/// What a dense model's conserved values predict: for each linear pair (two dense layers with no activation between),
/// the convergence-rate bound and sharpness of <see cref="LinearPairPrediction"/>; for each positively homogeneous
/// hidden unit, its balance and the norms it keeps. Reads the layer table <see cref="IConservationModel.DenseLayers"/>,
/// so it applies to generated dense models (an empty table gives empty results). See <c>docs/training.md</c>.
/// </summary>
public static class ConservationPredictions
{
    /// <summary>
    /// Every linear pair of the model: layers k, k + 1 with no activation after layer k. The bias of layer k is one more
    /// input column of V; a bias of layer k + 1 is outside the pair (it keeps the pair's laws but makes
    /// <see cref="LinearPairInfo.IsWholeModel"/> false). In a linear run of three or more layers every adjacent pair is
    /// listed, with its <see cref="LinearPairInfo.RunLength"/>.
    /// </summary>
    public static IReadOnlyList<LinearPairInfo> LinearPairs(IConservationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = model.DenseLayers;
        var pairs = new List<LinearPairInfo>();
        for (int k = 0; k + 1 < layers.Count; k++)
        {
            if (layers[k].Activation != Activation.Identity) continue;
            int start = k, end = k + 1; // the linear run around the pair: layers start..end
            while (start > 0 && layers[start - 1].Activation == Activation.Identity) start--;
            while (end + 1 < layers.Count && layers[end].Activation == Activation.Identity) end++;
            var first = layers[k];
            bool whole = layers.Count == 2 && !layers[1].HasBias;
            pairs.Add(new LinearPairInfo(k, first.Outputs, layers[k + 1].Outputs, first.Inputs + (first.HasBias ? 1 : 0), whole, end - start + 1));
        }

        return pairs;
    }

    /// <summary>The prediction for <paramref name="pair"/> at θ, from U = W_{k+1} and V = [W_k b_k]ᵀ.</summary>
    public static LinearPairPrediction PredictLinearPair(IConservationModel model, ReadOnlySpan<double> theta, LinearPairInfo pair)
    {
        var (u, v) = Factors(model, theta, pair);
        return LinearPairPrediction.FromFactors(u, v, pair.OutputWidth, pair.InputWidth, pair.HiddenWidth);
    }

    /// <summary>The prediction for every linear pair of the model at θ, in the order of <see cref="LinearPairs"/>.</summary>
    public static IReadOnlyList<(LinearPairInfo Pair, LinearPairPrediction Prediction)> PredictLinearPairs(IConservationModel model, ReadOnlySpan<double> theta)
    {
        var result = new List<(LinearPairInfo, LinearPairPrediction)>();
        foreach (var pair in LinearPairs(model)) result.Add((pair, PredictLinearPair(model, theta, pair)));
        return result;
    }

    /// <summary>
    /// The prediction for <paramref name="pair"/> from the values of the model's laws alone (e.g. a monitor's current
    /// values): Q is minus the law matrix of the pair's group (<c>Hidden{k+1}[i,j]</c>). Null when the model's laws do
    /// not hold that group's upper triangle in the generated form (checked by name and by one coefficient each side).
    /// <see cref="LinearPairPrediction.Sharpness"/> is NaN (it needs θ).
    /// </summary>
    public static LinearPairPrediction? PredictLinearPairFromLaws(IConservationModel model, ReadOnlySpan<double> laws, LinearPairInfo pair)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pair);
        if (laws.Length != model.LawCount) throw new ArgumentException($"The laws must have {model.LawCount} entries; there are {laws.Length}.", nameof(laws));
        var index = LawIndex(model, pair);
        if (index is null) return null;
        int r = pair.HiddenWidth;
        var q = new double[r * r];
        for (int i = 0; i < r; i++)
            for (int j = i; j < r; j++)
                q[i * r + j] = q[j * r + i] = -laws[index[i * r + j]];
        return LinearPairPrediction.FromImbalance(q, pair.OutputWidth, pair.InputWidth, r);
    }

    /// <summary>
    /// The stability limit on the sharpness s of a quadratic minimum for <paramref name="optimizer"/>: plain gradient
    /// descent (<see cref="Sgd"/>, weight decay λ) is stable iff s &lt; 2/η − λ; heavy ball with momentum β and
    /// dampening d iff s &lt; 2(1 + β)/(η(1 − d)) − λ. NaN for optimizers without such a limit here (Adam, Nesterov).
    /// </summary>
    public static double StabilityLimit(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        double eta = optimizer.LearningRate;
        return optimizer switch
        {
            Sgd sgd => 2 / eta - sgd.WeightDecay,
            HeavyBall { Nesterov: false } hb => hb.Dampening >= 1 ? double.PositiveInfinity : 2 * (1 + hb.Momentum) / (eta * (1 - hb.Dampening)) - hb.WeightDecay,
            _ => double.NaN,
        };
    }

    /// <summary>
    /// Every positively homogeneous hidden unit (after a ReLU, leaky ReLU, |z| or no activation) with its balance
    /// δ = ‖w_in‖² + b² − ‖w_out‖², the value of its generated law (for a unit inside a linear run, the diagonal entry of
    /// the Gram law). Under gradient flow δ is constant, so the unit keeps ‖(w_in, b)‖ ≥ √max(δ, 0) and
    /// ‖w_out‖ ≥ √max(−δ, 0) for the whole run.
    /// </summary>
    public static IReadOnlyList<UnitBalance> UnitBalances(IConservationModel model, ReadOnlySpan<double> theta)
    {
        CheckTheta(model, theta);
        var layers = model.DenseLayers;
        var result = new List<UnitBalance>();
        for (int k = 0; k + 1 < layers.Count; k++)
        {
            if (!IsHomogeneous(layers[k].Activation)) continue;
            for (int i = 0; i < layers[k].Outputs; i++)
            {
                var (incoming, outgoing) = UnitNorms(theta, layers[k], layers[k + 1], i);
                result.Add(new UnitBalance(k, i, incoming, outgoing));
            }
        }

        return result;
    }

    /// <summary>Whether σ(αz) = ασ(z) for every α &gt; 0: ReLU, leaky ReLU, |z| and no activation.</summary>
    internal static bool IsHomogeneous(Activation activation) =>
        activation is Activation.Identity or Activation.ReLU or Activation.LeakyReLU or Activation.Abs;

    /// <summary>‖(w_in, b)‖² and ‖w_out‖² of unit <paramref name="unit"/> between two dense layers.</summary>
    internal static (double Incoming, double Outgoing) UnitNorms(ReadOnlySpan<double> theta, DenseLayerInfo layer, DenseLayerInfo next, int unit)
    {
        double incoming = 0, outgoing = 0;
        var row = theta.Slice(layer.WeightOffset + unit * layer.Inputs, layer.Inputs);
        foreach (double w in row) incoming += w * w;
        if (layer.HasBias) incoming += theta[layer.BiasOffset + unit] * theta[layer.BiasOffset + unit];
        for (int o = 0; o < next.Outputs; o++)
        {
            double w = theta[next.WeightOffset + o * next.Inputs + unit];
            outgoing += w * w;
        }

        return (incoming, outgoing);
    }

    /// <summary>U = W_{k+1} (row-major [n, r]) and V = [W_k b_k]ᵀ (row-major [m, r]) of a pair.</summary>
    internal static (double[] U, double[] V) Factors(IConservationModel model, ReadOnlySpan<double> theta, LinearPairInfo pair)
    {
        CheckTheta(model, theta);
        ArgumentNullException.ThrowIfNull(pair);
        var layers = model.DenseLayers;
        if (pair.Layer < 0 || pair.Layer + 1 >= layers.Count || layers[pair.Layer].Activation != Activation.Identity)
            throw new ArgumentException($"Layers {pair.Layer} and {pair.Layer + 1} of this model are not a linear pair.", nameof(pair));
        var first = layers[pair.Layer];
        var second = layers[pair.Layer + 1];
        int r = first.Outputs, n = second.Outputs, inputs = first.Inputs;
        var u = theta.Slice(second.WeightOffset, n * r).ToArray();
        var v = new double[pair.InputWidth * r];
        for (int c = 0; c < r; c++)
        {
            for (int j = 0; j < inputs; j++) v[j * r + c] = theta[first.WeightOffset + c * inputs + j];
            if (first.HasBias) v[inputs * r + c] = theta[first.BiasOffset + c];
        }

        return (u, v);
    }

    internal static void CheckTheta(IConservationModel model, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (theta.Length != model.ParameterCount) throw new ArgumentException($"θ must have {model.ParameterCount} entries; it has {theta.Length}.", nameof(theta));
        if (!double.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(theta))) throw new ArgumentException("θ has a non-finite entry (NaN or ∞).", nameof(theta));
    }

    // Law index of Q[i, j] (both triangles) for the pair's group, or null when the laws are not in the generated form:
    // every name Hidden{k+1}[i,j] present, and the coefficient of W_{k+1}[0,0]² (−1) and of W_k[0,0]² (+1) in Hidden{k+1}[0,0].
    private static int[]? LawIndex(IConservationModel model, LinearPairInfo pair)
    {
        var layers = model.DenseLayers;
        if (pair.Layer < 0 || pair.Layer + 1 >= layers.Count) return null;
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < model.LawNames.Count; k++) byName[model.LawNames[k]] = k;
        int r = pair.HiddenWidth;
        var index = new int[r * r];
        for (int i = 0; i < r; i++)
            for (int j = i; j < r; j++)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"{pair.LawGroup}[{i},{j}]");
                if (!byName.TryGetValue(name, out int law) || model.LawDegrees[law] != 2) return null;
                index[i * r + j] = index[j * r + i] = law;
            }

        var probe = new double[model.ParameterCount];
        var values = new double[model.LawCount];
        probe[layers[pair.Layer + 1].WeightOffset] = 1;
        model.ComputeLawBilinear(probe, probe, values);
        if (values[index[0]] != -1) return null;
        Array.Clear(probe);
        probe[layers[pair.Layer].WeightOffset] = 1;
        model.ComputeLawBilinear(probe, probe, values);
        return values[index[0]] == 1 ? index : null;
    }
}

/// <summary>
/// One positively homogeneous hidden unit: its squared incoming norm ‖(w_in, b)‖², squared outgoing norm ‖w_out‖² and
/// balance δ = incoming − outgoing (the value of its law).
/// </summary>
/// <param name="Layer">Index of the layer whose output the unit is.</param>
/// <param name="Unit">The unit's index in that layer.</param>
/// <param name="Incoming">‖(w_in, b)‖².</param>
/// <param name="Outgoing">‖w_out‖².</param>
public sealed record UnitBalance(int Layer, int Unit, double Incoming, double Outgoing)
{
    /// <summary>δ = ‖(w_in, b)‖² − ‖w_out‖².</summary>
    public double Balance => Incoming - Outgoing;

    /// <summary>√max(δ, 0): the incoming norm the unit keeps under gradient flow.</summary>
    public double IncomingNormFloor => Math.Sqrt(Math.Max(Balance, 0));

    /// <summary>√max(−δ, 0): the outgoing norm the unit keeps under gradient flow.</summary>
    public double OutgoingNormFloor => Math.Sqrt(Math.Max(-Balance, 0));
}
