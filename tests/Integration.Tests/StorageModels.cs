using MathNet.Numerics.LinearAlgebra;

namespace ConservationCodegen.Integration.Tests;

// The 3-4-2 ReLU model of ReluWithBias in every other storage kind, compared with it in StorageTests.

[ConservationModel]
public partial class JaggedReluWithBias
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[][] W1 = { new double[3], new double[3], new double[3], new double[3] };
    public double[] B1 = new double[4];

    [Dense(4, 2, Bias = nameof(B2))]
    public double[][] W2 = { new double[4], new double[4] };
    public double[] B2 = new double[2];
}

[ConservationModel]
public partial class MathNetReluWithBias
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public Matrix<double> W1 = Matrix<double>.Build.Dense(4, 3);
    public Vector<double> B1 = Vector<double>.Build.Dense(4);

    // Sparse storage has no column-major array: copies go through a dense copy.
    [Dense(4, 2, Bias = nameof(B2))]
    public Matrix<double> W2 { get; set; } = Matrix<double>.Build.Sparse(2, 4);
    public Vector<double> B2 { get; set; } = Vector<double>.Build.Sparse(2);
}

[ConservationModel]
public partial class FloatReluWithBias
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public float[,] W1 = new float[4, 3];
    public float[] B1 = new float[4];

    [Dense(4, 2, Bias = nameof(B2))]
    public float[,] W2 = new float[2, 4];
    public float[] B2 = new float[2];
}

[ConservationModel]
public partial class FloatJaggedReluWithBias
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public float[][] W1 = { new float[3], new float[3], new float[3], new float[3] };
    public float[] B1 = new float[4];

    [Dense(4, 2, Bias = nameof(B2))]
    public float[][] W2 = { new float[4], new float[4] };
    public float[] B2 = new float[2];
}

// Subclasses of Matrix<float>/Vector<float> are accepted too.
[ConservationModel]
public partial class FloatMathNetReluWithBias
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public MathNet.Numerics.LinearAlgebra.Single.DenseMatrix W1 = new(4, 3);
    public MathNet.Numerics.LinearAlgebra.Single.DenseVector B1 = new(4);

    [Dense(4, 2, Bias = nameof(B2))]
    public Matrix<float> W2 = Matrix<float>.Build.Dense(2, 4);
    public Vector<float> B2 = Vector<float>.Build.Dense(2);
}

// One model mixing every storage kind and both element types, against MixedReference stored as double[,]/double[].
[ConservationModel]
public partial class MixedStorage
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[][] W1 = { new double[3], new double[3], new double[3], new double[3] };
    public Vector<float> B1 = Vector<float>.Build.Dense(4);

    [Dense(4, 3, Activation = Activation.ReLU, Bias = nameof(B2))]
    public Matrix<double> W2 = Matrix<double>.Build.Dense(3, 4);
    public float[] B2 = new float[3];

    [Dense(3, 2)]
    public float[] W3 = new float[6];
}

[ConservationModel]
public partial class MixedReference
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 3, Activation = Activation.ReLU, Bias = nameof(B2))]
    public double[,] W2 = new double[3, 4];
    public double[] B2 = new double[3];

    [Dense(3, 2)]
    public double[,] W3 = new double[2, 3];
}
