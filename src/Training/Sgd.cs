using System;
using System.Numerics.Tensors;

namespace ConservationCodegen.Training;

/// <summary>How weight decay enters an update.</summary>
public enum WeightDecayMode
{
    /// <summary>Added to the gradient (L2 regularisation, PyTorch's <c>weight_decay</c> of SGD and Adam).</summary>
    Coupled,

    /// <summary>Applied to θ directly, θ ← (1 − ηλ)θ, outside the gradient (AdamW). For plain SGD both give the same update.</summary>
    Decoupled,
}

/// <summary>
/// Stochastic gradient descent θ ← (1 − ηλ)θ − ηg. Every quadratic law changes by exactly
/// h' = (1 − ηλ)²h + η²B(g, g) (homogeneous h = θᵀAθ, B its polarisation): with λ = 0, the drift η²B(g, g) alone.
/// </summary>
public sealed class Sgd : Optimizer
{
    private double[]? _bilinear;

    /// <summary>Creates SGD with learning rate η and optional weight decay λ.</summary>
    public Sgd(double learningRate, double weightDecay = 0, WeightDecayMode weightDecayMode = WeightDecayMode.Coupled)
        : base(learningRate)
    {
        WeightDecay = CheckWeightDecay(weightDecay);
        WeightDecayMode = weightDecayMode;
    }

    /// <summary>Weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>Coupled or decoupled weight decay (the same update for SGD).</summary>
    public WeightDecayMode WeightDecayMode { get; }

    /// <inheritdoc/>
    public override string Name => WeightDecay == 0
        ? $"SGD(η={Format(LearningRate)})"
        : $"SGD(η={Format(LearningRate)}, λ={Format(WeightDecay)}{(WeightDecayMode == WeightDecayMode.Decoupled ? ", decoupled" : "")})";

    /// <inheritdoc/>
    public override LawPrediction Prediction => LawPrediction.FromGradient;

    /// <inheritdoc/>
    public override string LawNote => WeightDecay == 0
        ? "Plain gradient descent keeps every law up to the exact drift η²B(g, g) per step."
        : "Weight decay shrinks every quadratic law by (1 − ηλ)² per step, plus the drift η²B(g, g); linear laws by (1 − ηλ).";

    /// <inheritdoc/>
    public override void Step(Span<double> theta, ReadOnlySpan<double> gradient)
    {
        CheckLengths(theta, gradient);
        double eta = LearningRate;
        if (WeightDecay != 0) TensorPrimitives.Multiply(theta, 1 - eta * WeightDecay, theta);
        TensorPrimitives.MultiplyAdd(gradient, -eta, theta, theta);
        StepCount++;
    }

    /// <inheritdoc/>
    protected internal override void PredictLawChangeCore(
        IConservationModel model, ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient, ReadOnlySpan<double> laws, Span<double> destination)
    {
        var bilinear = Buffers.Ensure(ref _bilinear, model.LawCount);
        // B(g, g) = h(g) for the homogeneous quadratic laws (the only ones given a closed form); the law kernel is the fastest.
        model.ComputeLaws(gradient, bilinear);
        double eta = LearningRate, shrink = 1 - eta * WeightDecay;
        var degrees = model.LawDegrees;
        for (int k = 0; k < destination.Length; k++)
        {
            destination[k] = degrees[k] switch
            {
                // h' = (1−ηλ)²h − 2η(1−ηλ)B(θ, g) + η²B(g, g), and B(θ, g) = 0 for a true gradient.
                2 => (shrink * shrink - 1) * laws[k] + eta * eta * bilinear[k],
                // ⟨a, θ'⟩ = (1−ηλ)⟨a, θ⟩ − η⟨a, g⟩, and ⟨a, g⟩ = 0.
                1 => (shrink - 1) * laws[k],
                _ => double.NaN,
            };
        }
    }
}
