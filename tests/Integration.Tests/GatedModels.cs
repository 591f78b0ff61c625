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
