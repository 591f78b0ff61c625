using System;
using System.Globalization;
using System.Text;

namespace ConservationCodegen.Training;

/// <summary>The lines of <see cref="ConservationMonitor.Summary()"/> on what the conserved values predict (linear pairs).</summary>
internal static class MonitorPredictions
{
    /// <summary>
    /// Appends one block per linear pair of the model: from θ when given, else from the law values (when the monitor has
    /// stepped), else nothing.
    /// </summary>
    public static void Append(StringBuilder s, IConservationModel model, Optimizer optimizer, ReadOnlySpan<double> laws, ReadOnlySpan<double> theta, double lossScale)
    {
        var inv = CultureInfo.InvariantCulture;
        if (!(lossScale > 0) || double.IsInfinity(lossScale)) throw new ArgumentOutOfRangeException(nameof(lossScale), lossScale, "The loss scale must be positive and finite.");
        if (!theta.IsEmpty && !double.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(theta))) return; // nothing to predict from NaN or ∞
        foreach (var pair in ConservationPredictions.LinearPairs(model))
        {
            var prediction = theta.IsEmpty
                ? ConservationPredictions.PredictLinearPairFromLaws(model, laws, pair)
                : ConservationPredictions.PredictLinearPair(model, theta, pair);
            if (prediction is null) continue;
            var eigen = prediction.ImbalanceEigenvalues;
            string source = theta.IsEmpty ? "from the current laws" : "at θ";
            s.AppendLine(string.Create(inv,
                $"  Linear pair (layers {pair.Layer + 1}–{pair.Layer + 2}, laws {pair.LawGroup}): Q = UᵀU − VᵀV {source} has eigenvalues {eigen[0]:G4} … {eigen[^1]:G4}."));
            if (!pair.IsWholeModel)
            {
                string where = pair.RunLength > 2 ? $"a linear run of {pair.RunLength} layers" : "a larger model";
                s.AppendLine(string.Create(inv,
                    $"    The pair is part of {where}: the rate and sharpness formulas hold for a model that is one linear pair (no output bias), so nothing is predicted."));
                continue;
            }

            string scale = lossScale == 1 ? "½‖Y − UVᵀ‖²" : string.Create(inv, $"{lossScale:G4}·½‖Y − UVᵀ‖²");
            s.AppendLine(string.Create(inv,
                $"    Rate bound c = {prediction.ConvergenceRate * lossScale:G4}: under gradient flow on {scale}, L(t) ≤ e^(−2ct)·L(0) (Min et al. 2021)."));
            double bound = prediction.SharpnessLowerBound * lossScale;
            string at = double.IsNaN(prediction.Sharpness) ? "" : string.Create(inv, $"; at θ, if the residual were zero: {prediction.Sharpness * lossScale:G4}");
            double limit = ConservationPredictions.StabilityLimit(optimizer);
            string limitText = double.IsNaN(limit) ? $"{optimizer.Name} has no stability limit here" : string.Create(inv, $"stability limit of {optimizer.Name}: {limit:G4}");
            s.AppendLine(string.Create(inv, $"    Sharpness at a zero residual ≥ {bound:G4} for every point with this Q{at}; {limitText}."));
            if (double.IsNaN(limit)) continue;
            if (prediction.IsBeyondEdgeOfStability(optimizer, lossScale))
                s.AppendLine(double.IsNaN(prediction.Sharpness)
                    ? "    Edge of stability: every minimum with this Q is sharper than the limit; gradient descent cannot settle at one until its drift changes Q (expect oscillation or divergence)."
                    : "    Edge of stability: a minimum this sharp is beyond the limit; gradient descent cannot settle there (expect oscillation, or a drift of Q towards flatter minima).");
        }
    }
}
