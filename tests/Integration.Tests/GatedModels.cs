namespace ConservationCodegen.Integration.Tests;

// Gated linear units, generated at build time like a user's: a SwiGLU MLP (the default gate, SiLU), and a float GeGLU
// block after a tanh layer with its gate weights stored flat.

/// <summary>SwiGLU: Down1(silu(Gate1 x) ⊙ Up1 x) + B2.</summary>
[ConservationModel]
public partial class SwiGluMlp
{
    [GatedLinearUnit(4, 6, Up = nameof(Up1))]
    public double[,] Gate1 = new double[6, 4];
    public double[,] Up1 = new double[6, 4];

    [Dense(6, 3, Bias = nameof(B2))]
    public double[,] Down1 = new double[3, 6];
    public double[] B2 = new double[3];
}

/// <summary>A tanh layer, then GeGLU: W3(gelu(G2 h) ⊙ U2 h).</summary>
[ConservationModel]
public partial class GeGluAfterTanh
{
    [Dense(3, 4, Activation = Activation.Tanh, Bias = nameof(B1))]
    public float[,] W1 = new float[4, 3];
    public float[] B1 = new float[4];

    [GatedLinearUnit(4, 5, GateActivation = Activation.Gelu, Up = nameof(U2))]
    public float[] G2 = new float[20];
    public float[,] U2 = new float[5, 4];

    [Dense(5, 2)]
    public float[,] W3 = new float[2, 5];
}

// W3 and W4 are joined by the identity: so(5) rotates their level and conserves nothing under gradient flow (CCG0101,
// raised here), but gives the momentum charges of that level.
#pragma warning disable CCG0101
/// <summary>SwiGLU, then a linear run W3 → W4: its identity level of width 5 carries 10 charges and the Gram laws.</summary>
[ConservationModel]
public partial class GluThenLinear
{
    [GatedLinearUnit(3, 4, Up = nameof(U1))]
    public double[,] G1 = new double[4, 3];
    public double[,] U1 = new double[4, 3];

    [Dense(4, 5)]
    public double[,] W3 = new double[5, 4];

    [Dense(5, 2)]
    public double[,] W4 = new double[2, 5];
}
#pragma warning restore CCG0101

// A classifier head right after x + down(SwiGLU(x)) from the input: the sum is a cut, the head a component of its own.
[ConservationModel]
public partial class GatedUnitWithHead
{
    [GatedLinearUnit(3, 4, Up = nameof(U))]
    public double[,] G = new double[4, 3];
    public double[,] U = new double[4, 3];

    [Dense(4, 3, ResidualFrom = nameof(G))]
    public double[,] D = new double[3, 4];

    [Dense(3, 2)]
    public double[,] Head = new double[2, 3];
}

// SwiGLU with a trainable β in its gate, act(z) = z·sigmoid(β_j z): besides the up path's balances, each unit keeps the
// gate balance ‖G[j,:]‖² − β_j² − ‖D[:,j]‖²; the count is not certified.
[ConservationModel]
public partial class GatedUnitWithBeta
{
    [GatedLinearUnit(3, 4, Up = nameof(U), TrainableBeta = nameof(Beta))]
    public double[,] G = new double[4, 3];
    public double[,] U = new double[4, 3];
    public double[] Beta = new double[4];

    [Dense(4, 2, Bias = nameof(B))]
    public double[,] D = new double[2, 4];
    public double[] B = new double[2];
}
