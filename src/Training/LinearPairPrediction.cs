using System;
using System.Collections.Generic;
using System.Linq;

namespace ConservationCodegen.Training;

/// <summary>
/// A linear pair of a dense model: layer <see cref="Layer"/> with no activation, followed by layer
/// <see cref="Layer"/> + 1. With U = W_{k+1} (outgoing, <see cref="OutputWidth"/> × <see cref="HiddenWidth"/>) and
/// V = [W_k b_k]ᵀ (incoming weights with the bias as one more input column, <see cref="InputWidth"/> ×
/// <see cref="HiddenWidth"/>), the pair computes U Vᵀ [x; 1] and its laws (the group <see cref="LawGroup"/>) are the
/// entries of W_k W_kᵀ + b_k b_kᵀ − W_{k+1}ᵀ W_{k+1} = VᵀV − UᵀU = −Q.
/// </summary>
/// <param name="Layer">Index k of the first layer in <see cref="IConservationModel.DenseLayers"/>.</param>
/// <param name="HiddenWidth">r, the outputs of layer k.</param>
/// <param name="OutputWidth">n, the rows of U (outputs of layer k + 1).</param>
/// <param name="InputWidth">m, the rows of V: the inputs of layer k, plus one when it has a bias.</param>
/// <param name="IsWholeModel">
/// True when the model is this pair alone with no bias on its last layer, f(x) = U Vᵀ[x; 1]: only then do
/// <see cref="LinearPairPrediction.ConvergenceRate"/> and the sharpness speak about the model's loss.
/// </param>
/// <param name="RunLength">Layers of the linear run the pair belongs to (2 for a pair alone; more when it sits inside a deeper linear run).</param>
public sealed record LinearPairInfo(int Layer, int HiddenWidth, int OutputWidth, int InputWidth, bool IsWholeModel, int RunLength)
{
    /// <summary>Name of the pair's law group in the generated laws, e.g. <c>Hidden1</c>.</summary>
    public string LawGroup => "Hidden" + (Layer + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// What the conserved imbalance Q = UᵀU − VᵀV of a linear pair (loss ½‖Y − UVᵀ‖², U ∈ ℝ^{n×r}, V ∈ ℝ^{m×r})
/// predicts: the convergence-rate bound of Min et al. 2021, the sharpness at a zero-residual point, a lower bound on the
/// sharpness of every zero-residual point with this Q, and whether gradient descent can be stable there. See
/// <c>docs/training.md</c>, "What the conserved values predict".
/// </summary>
public sealed class LinearPairPrediction
{
    private LinearPairPrediction(int n, int m, int r, double[] eigenvalues, double sharpness)
    {
        OutputWidth = n;
        InputWidth = m;
        HiddenWidth = r;
        ImbalanceEigenvalues = Array.AsReadOnly(eigenvalues);
        double top = eigenvalues[0], bottom = eigenvalues[r - 1];
        // λ_min(UUᵀ) = λ_n(UᵀU) ≥ λ_n(Q) when r ≥ n (UᵀU = Q + VᵀV, Weyl); UUᵀ is singular when r < n. Likewise for V.
        double fromU = r >= n ? Math.Max(eigenvalues[n - 1], 0) : 0;
        double fromV = r >= m ? Math.Max(-eigenvalues[r - m], 0) : 0;
        ConvergenceRate = fromU + fromV;
        // λ_max(UᵀU) ≥ λ_1(Q) and λ_max(VᵀV) ≥ −λ_r(Q) at every point with this Q.
        SharpnessLowerBound = Math.Max(top, 0) + Math.Max(-bottom, 0);
        Sharpness = sharpness;
    }

    /// <summary>n, the rows of U (outputs).</summary>
    public int OutputWidth { get; }

    /// <summary>m, the rows of V (inputs, with the bias column when there is one).</summary>
    public int InputWidth { get; }

    /// <summary>r, the hidden width (columns of U and V).</summary>
    public int HiddenWidth { get; }

    /// <summary>The eigenvalues λ_1 ≥ … ≥ λ_r of Q = UᵀU − VᵀV.</summary>
    public IReadOnlyList<double> ImbalanceEigenvalues { get; }

    /// <summary>
    /// c = max(λ_n(Q), 0) + max(−λ_{r−m+1}(Q), 0), the first term taken as 0 when r &lt; n and the second when r &lt; m.
    /// Under gradient flow on L = ½‖Y − UVᵀ‖² (Q is then constant), L(t) ≤ e^{−2ct} L(0) (Min et al. 2021):
    /// c bounds λ_min(UUᵀ) + λ_min(VVᵀ) from below at every point with this Q. A lower bound on the rate; 0 says nothing.
    /// </summary>
    public double ConvergenceRate { get; }

    /// <summary>
    /// λ_max(UᵀU) + λ_max(VᵀV) at the point this prediction was computed from: the top eigenvalue of the Hessian of
    /// ½‖Y − UVᵀ‖² there when the residual is zero (the Gauss–Newton term, exact at a zero residual). NaN when the
    /// prediction was made from Q alone.
    /// </summary>
    public double Sharpness { get; }

    /// <summary>
    /// max(λ_1(Q), 0) + max(−λ_r(Q), 0): a lower bound on the sharpness of every zero-residual point with this Q, so
    /// on every minimum gradient flow can reach from here (λ_max(UᵀU) ≥ λ_1(Q), λ_max(VᵀV) ≥ −λ_r(Q)).
    /// </summary>
    public double SharpnessLowerBound { get; }

    /// <summary>
    /// A lower bound on the sharpness of every point with this Q that fits a target Y exactly (UVᵀ = Y), given
    /// ‖Y‖₂ (its largest singular value): with x = λ_max(UᵀU), y = λ_max(VᵀV), xy ≥ ‖Y‖₂² and x − y ∈ [λ_r(Q), λ_1(Q)],
    /// so x + y ≥ √(d² + 4‖Y‖₂²) with d the distance from 0 to that interval; the larger of this and
    /// <see cref="SharpnessLowerBound"/>. Exact for scalar factors (n = m = r = 1).
    /// </summary>
    public double MinimumSharpnessBound(double targetSpectralNorm)
    {
        if (!(targetSpectralNorm >= 0) || double.IsInfinity(targetSpectralNorm))
            throw new ArgumentOutOfRangeException(nameof(targetSpectralNorm), targetSpectralNorm, "The target's spectral norm must be zero or positive and finite.");
        double top = ImbalanceEigenvalues[0], bottom = ImbalanceEigenvalues[HiddenWidth - 1];
        double d = bottom > 0 ? bottom : top < 0 ? -top : 0;
        return Math.Max(SharpnessLowerBound, Math.Sqrt(d * d + 4 * targetSpectralNorm * targetSpectralNorm));
    }

    /// <summary>
    /// Whether <see cref="Sharpness"/> (or, for a prediction from Q alone, <see cref="SharpnessLowerBound"/>), times
    /// <paramref name="lossScale"/>, exceeds the stability limit 2/η of plain gradient descent with learning rate
    /// <paramref name="learningRate"/>: gradient descent cannot settle at such a minimum (edge of stability).
    /// <paramref name="lossScale"/> s applies when the loss is s·½‖Y − UVᵀ‖², e.g. s = 1/N for the mean squared error over
    /// N unit inputs; with inputs of second moment Σ the Hessian scales by between λ_min(Σ) and λ_max(Σ).
    /// </summary>
    public bool IsBeyondEdgeOfStability(double learningRate, double lossScale = 1)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        return Beyond(2 / learningRate, lossScale);
    }

    /// <summary>
    /// As <see cref="IsBeyondEdgeOfStability(double, double)"/> with the stability limit of <paramref name="optimizer"/>
    /// (<see cref="ConservationPredictions.StabilityLimit"/>: 2/η − λ for SGD, 2(1 + β)/(η(1 − d)) − λ for heavy ball);
    /// false for an optimizer without a known limit (Adam, Nesterov).
    /// </summary>
    public bool IsBeyondEdgeOfStability(Optimizer optimizer, double lossScale = 1)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        double limit = ConservationPredictions.StabilityLimit(optimizer);
        return !double.IsNaN(limit) && Beyond(limit, lossScale);
    }

    /// <summary>The sharpness the edge-of-stability check uses: <see cref="Sharpness"/>, or <see cref="SharpnessLowerBound"/> from Q alone.</summary>
    public double CheckedSharpness => double.IsNaN(Sharpness) ? SharpnessLowerBound : Sharpness;

    private bool Beyond(double limit, double lossScale)
    {
        if (!(lossScale > 0) || double.IsInfinity(lossScale)) throw new ArgumentOutOfRangeException(nameof(lossScale), lossScale, "The loss scale must be positive and finite.");
        return lossScale * CheckedSharpness > limit;
    }

    /// <summary>
    /// The prediction at the factors U (row-major [n, r]) and V (row-major [m, r]) of L = ½‖Y − UVᵀ‖².
    /// </summary>
    public static LinearPairPrediction FromFactors(ReadOnlySpan<double> u, ReadOnlySpan<double> v, int n, int m, int r)
    {
        CheckShape(n, m, r);
        if (u.Length != n * r) throw new ArgumentException($"U must have n·r = {n * r} entries; it has {u.Length}.", nameof(u));
        if (v.Length != m * r) throw new ArgumentException($"V must have m·r = {m * r} entries; it has {v.Length}.", nameof(v));
        foreach (double x in u)
            if (!double.IsFinite(x)) throw new ArgumentException("U has a non-finite entry.", nameof(u));
        foreach (double x in v)
            if (!double.IsFinite(x)) throw new ArgumentException("V has a non-finite entry.", nameof(v));
        var a = SmallMatrices.Gram(u, n, r);
        var b = SmallMatrices.Gram(v, m, r);
        var q = new double[r * r];
        for (int i = 0; i < q.Length; i++) q[i] = a[i] - b[i];
        double sharpness = SmallMatrices.SymmetricEigen(a, r).Values[0] + SmallMatrices.SymmetricEigen(b, r).Values[0];
        return new LinearPairPrediction(n, m, r, Eigenvalues(q, r), sharpness);
    }

    /// <summary>
    /// The prediction from Q = UᵀU − VᵀV alone (row-major [r, r], symmetric): everything but <see cref="Sharpness"/>
    /// (NaN), which needs U and V themselves.
    /// </summary>
    public static LinearPairPrediction FromImbalance(ReadOnlySpan<double> q, int n, int m, int r)
    {
        CheckShape(n, m, r);
        if (q.Length != r * r) throw new ArgumentException($"Q must have r² = {r * r} entries; it has {q.Length}.", nameof(q));
        for (int i = 0; i < r; i++)
            for (int j = 0; j < i; j++)
                if (Math.Abs(q[i * r + j] - q[j * r + i]) > 1e-12 * (Math.Abs(q[i * r + j]) + Math.Abs(q[j * r + i]) + 1e-300))
                    throw new ArgumentException($"Q must be symmetric; Q[{i},{j}] = {q[i * r + j]} but Q[{j},{i}] = {q[j * r + i]}.", nameof(q));
        return new LinearPairPrediction(n, m, r, Eigenvalues(q, r), double.NaN);
    }

    private static double[] Eigenvalues(ReadOnlySpan<double> q, int r)
    {
        foreach (double x in q)
            if (!double.IsFinite(x)) throw new ArgumentException("Q has a non-finite entry.", nameof(q));
        return SmallMatrices.SymmetricEigen(q, r).Values;
    }

    private static void CheckShape(int n, int m, int r)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "U needs at least one row.");
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), m, "V needs at least one row.");
        if (r < 1) throw new ArgumentOutOfRangeException(nameof(r), r, "The hidden width must be at least 1.");
    }

    /// <summary>One line: eigenvalue range, c, sharpness (or its bound).</summary>
    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string sharpness = double.IsNaN(Sharpness)
            ? string.Create(inv, $"zero-residual sharpness ≥ {SharpnessLowerBound:G4}")
            : string.Create(inv, $"zero-residual sharpness {Sharpness:G4} (≥ {SharpnessLowerBound:G4} for any point with this Q)");
        return string.Create(inv, $"Q eigenvalues {ImbalanceEigenvalues[0]:G4} … {ImbalanceEigenvalues[^1]:G4}; rate bound c = {ConvergenceRate:G4}; {sharpness}");
    }
}
