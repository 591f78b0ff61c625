using System;

namespace ConservationCodegen.Training;

/// <summary>What an optimizer's predicted law change is.</summary>
public enum LawPrediction
{
    /// <summary>
    /// A closed form in the gradient (and the optimizer's own state) that holds exactly only when the gradient is a
    /// true gradient of the model's loss: comparing it with the observed change checks the training loop.
    /// </summary>
    FromGradient,

    /// <summary>
    /// The exact change of the update the optimizer is about to apply (<c>ComputeLawChange</c>): the optimizer keeps no
    /// law, and the prediction accounts for the drift it causes rather than checking the gradient.
    /// </summary>
    FromUpdate,
}

/// <summary>
/// A first-order optimizer over a flat parameter vector θ that can say, before it steps, the exact change every
/// conservation law of a model will undergo (see <c>docs/training.md</c>). Call <see cref="PredictLawChange"/> (optional)
/// and then <see cref="Step"/> with the same θ and gradient.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer with learning rate η.</summary>
    protected Optimizer(double learningRate)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        LearningRate = learningRate;
    }

    /// <summary>Learning rate η (may be changed between steps, e.g. by a schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>Short name with the hyper-parameters, e.g. <c>SGD(η=0.1, λ=1e-4)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether <see cref="PredictLawChange"/> checks the gradient or accounts for the update.</summary>
    public abstract LawPrediction Prediction { get; }

    /// <summary>What this optimizer does to the conservation laws, in one or two sentences.</summary>
    public abstract string LawNote { get; }

    /// <summary>Number of steps taken since construction or <see cref="Reset"/>.</summary>
    public int StepCount { get; protected set; }

    /// <summary>Applies one update to <paramref name="theta"/> in place.</summary>
    public abstract void Step(Span<double> theta, ReadOnlySpan<double> gradient);

    /// <summary>
    /// Writes the exact change h(θ') − h(θ) that the next <see cref="Step"/> with this θ and gradient will cause to every
    /// law of <paramref name="model"/> (NaN for a law this optimizer has no closed form for; see
    /// <see cref="IConservationModel.LawDegrees"/>). Does not change the parameters or the optimizer's buffers.
    /// </summary>
    public void PredictLawChange(IConservationModel model, ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient, Span<double> destination)
    {
        CheckLengths(model, theta, gradient);
        if (destination.Length < model.LawCount) throw new ArgumentException($"The destination needs {model.LawCount} entries.", nameof(destination));
        var laws = new double[model.LawCount];
        model.ComputeLaws(theta, laws);
        PredictLawChangeCore(model, theta, gradient, laws, destination.Slice(0, model.LawCount));
    }

    /// <summary>
    /// Implements <see cref="PredictLawChange"/>, with the laws at θ already evaluated into <paramref name="laws"/> (the
    /// monitor has them). The callers have checked that θ and the gradient have the model's length;
    /// <paramref name="destination"/> has exactly <see cref="IConservationModel.LawCount"/> entries.
    /// </summary>
    protected internal abstract void PredictLawChangeCore(
        IConservationModel model, ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient, ReadOnlySpan<double> laws, Span<double> destination);

    /// <summary>Forgets the step count and any buffers (momentum, moments).</summary>
    public virtual void Reset() => StepCount = 0;

    /// <summary>Checks that θ and the gradient have the model's length (before any prediction, here or in the monitor).</summary>
    internal static void CheckLengths(IConservationModel model, ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient)
    {
        if (theta.Length != model.ParameterCount) throw new ArgumentException($"θ must have {model.ParameterCount} entries; it has {theta.Length}.", nameof(theta));
        if (gradient.Length != model.ParameterCount)
            throw new ArgumentException($"The gradient must have {model.ParameterCount} entries; it has {gradient.Length}.", nameof(gradient));
    }

    /// <summary>Checks that θ and the gradient have the same length.</summary>
    protected static void CheckLengths(ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient)
    {
        if (theta.Length != gradient.Length)
            throw new ArgumentException($"θ has {theta.Length} entries but the gradient has {gradient.Length}.", nameof(gradient));
    }

    /// <summary>Returns a weight decay λ after checking that it is zero or positive and finite.</summary>
    protected static double CheckWeightDecay(double weightDecay) => weightDecay >= 0 && !double.IsInfinity(weightDecay)
        ? weightDecay
        : throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be zero or positive.");

    /// <summary>Formats a hyper-parameter for <see cref="Name"/>, culture-invariant.</summary>
    protected static string Format(double value) => value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
