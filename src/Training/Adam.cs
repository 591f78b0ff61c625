using System;
using System.Numerics.Tensors;

namespace ConservationCodegen.Training;

/// <summary>
/// Adam in PyTorch's conventions (bias-corrected moments; coupled weight decay d = g + λθ), or AdamW with
/// <see cref="WeightDecayMode.Decoupled"/> (θ ← θ − ηλθ before the Adam step). Adam rescales every coordinate, so it keeps no
/// conservation law: its prediction is the exact change of the update it is about to apply, i.e. the drift Adam causes.
/// </summary>
public class Adam : Optimizer
{
    private double[]? _m, _v, _nextM, _nextV, _update;
    private bool _pending; // the update of the next step was computed by a prediction

    /// <summary>Creates Adam (or AdamW, with decoupled weight decay).</summary>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, WeightDecayMode weightDecayMode = WeightDecayMode.Coupled)
        : base(learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1).");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = CheckWeightDecay(weightDecay);
        WeightDecayMode = weightDecayMode;
    }

    /// <summary>β1, decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ε added to the root of the second moment.</summary>
    public double Epsilon { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <summary>Coupled (Adam's L2) or decoupled (AdamW) weight decay.</summary>
    public WeightDecayMode WeightDecayMode { get; }

    /// <inheritdoc/>
    public override string Name =>
        $"{(WeightDecayMode == WeightDecayMode.Decoupled ? "AdamW" : "Adam")}(η={Format(LearningRate)}, β=({Format(Beta1)}, {Format(Beta2)})"
        + (WeightDecay != 0 ? $", λ={Format(WeightDecay)}" : "") + ")";

    /// <inheritdoc/>
    public override LawPrediction Prediction => LawPrediction.FromUpdate;

    /// <inheritdoc/>
    public override string LawNote =>
        "Adam rescales each coordinate by its own step size, so it keeps no conservation law; the change shown is that of the actual update (the drift Adam causes).";

    /// <inheritdoc/>
    public override void Step(Span<double> theta, ReadOnlySpan<double> gradient)
    {
        CheckLengths(theta, gradient);
        // A prediction for this step already computed the update from the same θ and gradient.
        var update = _pending ? _update! : ComputeUpdate(theta, gradient);
        _pending = false;
        TensorPrimitives.Add(theta, update, theta);
        (_m, _nextM) = (_nextM, _m);
        (_v, _nextV) = (_nextV, _v);
        StepCount++;
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        base.Reset();
        _m = _v = null;
        _pending = false;
    }

    /// <inheritdoc/>
    protected internal override void PredictLawChangeCore(
        IConservationModel model, ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient, ReadOnlySpan<double> laws, Span<double> destination)
    {
        model.ComputeLawChange(theta, ComputeUpdate(theta, gradient), destination);
        _pending = true;
    }

    // Δ of the next step and the moments it leaves (in the "next" buffers; Step commits them).
    private double[] ComputeUpdate(ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient)
    {
        int n = theta.Length;
        var m = Buffers.Ensure(ref _m, n);
        var v = Buffers.Ensure(ref _v, n);
        if (StepCount == 0)
        {
            Array.Clear(m);
            Array.Clear(v);
        }

        var nextM = Buffers.Ensure(ref _nextM, n);
        var nextV = Buffers.Ensure(ref _nextV, n);
        var update = Buffers.Ensure(ref _update, n);
        bool coupled = WeightDecay != 0 && WeightDecayMode == WeightDecayMode.Coupled;
        int t = StepCount + 1;
        double eta = LearningRate;
        double correction1 = 1 - Math.Pow(Beta1, t), correction2 = 1 - Math.Pow(Beta2, t);
        double stepSize = eta / correction1, rootCorrection = Math.Sqrt(correction2);
        for (int i = 0; i < n; i++)
        {
            double d = coupled ? gradient[i] + WeightDecay * theta[i] : gradient[i];
            double mi = Beta1 * m[i] + (1 - Beta1) * d;
            double vi = Beta2 * v[i] + (1 - Beta2) * d * d;
            nextM[i] = mi;
            nextV[i] = vi;
            double step = -stepSize * mi / (Math.Sqrt(vi) / rootCorrection + Epsilon);
            update[i] = WeightDecayMode == WeightDecayMode.Decoupled && WeightDecay != 0 ? step - eta * WeightDecay * theta[i] : step;
        }

        return update;
    }
}

/// <summary>AdamW: Adam with decoupled weight decay (default λ = 0.01, as PyTorch).</summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates AdamW.</summary>
    public AdamW(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(learningRate, beta1, beta2, epsilon, weightDecay, WeightDecayMode.Decoupled)
    {
    }
}
