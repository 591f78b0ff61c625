using System;
using System.Numerics.Tensors;

namespace ConservationCodegen.Internal;

/// <summary>
/// The activation after one block of a <see cref="LayeredNetwork"/> over a run of pre-activations sharing one β:
/// σ(z), σ′(z) and ∂σ/∂β. Adds to <see cref="DenseNetwork.Scalar"/> what needs a per-block degree or a per-unit β:
/// RePU max(0, z)^k, Power z^k and Swish z·sigmoid(βz).
/// </summary>
internal readonly struct BlockActivation(Activation kind, double slope, int degree)
{
    public Activation Kind { get; } = kind;

    /// <summary>a = σ(z); <paramref name="a"/> may be <paramref name="z"/> itself.</summary>
    public void Apply(ReadOnlySpan<double> z, double beta, Span<double> a)
    {
        switch (Kind)
        {
            case Activation.Identity:
                if (!z.Overlaps(a)) z.CopyTo(a);
                return;
            case Activation.ReLU:
                TensorPrimitives.Max(z, 0d, a);
                return;
            case Activation.Tanh:
                TensorPrimitives.Tanh(z, a);
                return;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(z, a);
                return;
            case Activation.RePU:
                for (int i = 0; i < z.Length; i++) a[i] = z[i] > 0 ? Power(z[i], degree) : 0;
                return;
            case Activation.Power:
                for (int i = 0; i < z.Length; i++) a[i] = Power(z[i], degree);
                return;
            case Activation.Swish:
                for (int i = 0; i < z.Length; i++) a[i] = z[i] * Logistic(beta * z[i]);
                return;
        }

        for (int i = 0; i < z.Length; i++) a[i] = DenseNetwork.Scalar(Kind, slope, z[i]);
    }

    /// <summary>dz ⊙= σ′(z) (at 0: ReLU′ = 0, leaky ReLU′ = α, |z|′ = 0, RePU′ = 0, as in PyTorch).</summary>
    public void ScaleByDerivative(ReadOnlySpan<double> z, double beta, Span<double> dz)
    {
        switch (Kind)
        {
            case Activation.Identity:
                return;
            case Activation.RePU:
                for (int i = 0; i < z.Length; i++) dz[i] *= z[i] > 0 ? degree * Power(z[i], degree - 1) : 0;
                return;
            case Activation.Power:
                for (int i = 0; i < z.Length; i++) dz[i] *= degree * Power(z[i], degree - 1);
                return;
            case Activation.Swish:
                for (int i = 0; i < z.Length; i++)
                {
                    // d/dz z·s(βz) = s + βz·s(1 − s).
                    double s = Logistic(beta * z[i]);
                    dz[i] *= s + beta * z[i] * s * (1 - s);
                }

                return;
        }

        for (int i = 0; i < z.Length; i++) dz[i] *= DenseNetwork.Derivative(Kind, slope, z[i]);
    }

    /// <summary>Σ_i upstream_i·∂σ/∂β(z_i) for Swish: ∂/∂β z·s(βz) = z²·s(1 − s).</summary>
    public static double BetaGradient(ReadOnlySpan<double> z, double beta, ReadOnlySpan<double> upstream)
    {
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double s = Logistic(beta * z[i]);
            sum += upstream[i] * z[i] * z[i] * s * (1 - s);
        }

        return sum;
    }

    private static double Logistic(double z) => 1 / (1 + Math.Exp(-z));

    // z^k by repeated multiplication: exact signs and integer degrees (Math.Pow is undefined for negative bases in general).
    private static double Power(double z, int k)
    {
        double p = 1;
        for (int i = 0; i < k; i++) p *= z;
        return p;
    }
}
