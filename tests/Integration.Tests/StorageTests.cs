using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// Jagged arrays and MathNet.Numerics matrices and vectors hold the same model as double[,] / float[,] storage: the
/// same θ, laws, φ and forward pass; wrong shapes throw an ArgumentException naming the member and both shapes.
/// </summary>
public sealed class StorageTests
{
    // ReluWithBias filled with distinct random values, and the same values in the jagged and MathNet models.
    private static (ReluWithBias Reference, JaggedReluWithBias Jagged, MathNetReluWithBias MathNet) SameModel(int seed)
    {
        var rng = new Random(seed);
        var reference = new ReluWithBias();
        Fill(reference.W1, rng);
        Fill(reference.W2, rng);
        foreach (var b in new[] { reference.B1, reference.B2 }) for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() * 2 - 1;

        var jagged = new JaggedReluWithBias();
        var mathNet = new MathNetReluWithBias();
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 3; j++) jagged.W1[i][j] = mathNet.W1[i, j] = reference.W1[i, j];
            jagged.B1[i] = mathNet.B1[i] = reference.B1[i];
        }

        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 4; j++) jagged.W2[i][j] = mathNet.W2[i, j] = reference.W2[i, j];
            jagged.B2[i] = mathNet.B2[i] = reference.B2[i];
        }

        return (reference, jagged, mathNet);
    }

    private static void Fill(double[,] matrix, Random rng)
    {
        for (int i = 0; i < matrix.GetLength(0); i++)
            for (int j = 0; j < matrix.GetLength(1); j++) matrix[i, j] = rng.NextDouble() * 2 - 1;
    }

    [Fact]
    public void Jagged_and_MathNet_storage_give_the_same_theta_laws_phi_and_forward_pass_as_double_2D()
    {
        var (reference, jagged, mathNet) = SameModel(11);
        var expected = new double[ReluWithBias.ParameterCount];
        reference.CopyParametersTo(expected);
        expected.Distinct().Count().ShouldBe(expected.Length, "distinct entries, so a transposed or shifted copy shows");

        var fromJagged = new double[JaggedReluWithBias.ParameterCount];
        jagged.CopyParametersTo(fromJagged);
        var fromMathNet = new double[MathNetReluWithBias.ParameterCount];
        mathNet.CopyParametersTo(fromMathNet);
        fromJagged.ShouldBe(expected);
        fromMathNet.ShouldBe(expected);

        var laws = reference.ComputeConservedQuantities().ToArray();
        jagged.ComputeConservedQuantities().ToArray().ShouldBe(laws);
        mathNet.ComputeConservedQuantities().ToArray().ShouldBe(laws);

        var phi = new double[ReluWithBias.PhiLength];
        ReluWithBias.ComputePhi(expected, phi);
        var phiJagged = new double[JaggedReluWithBias.PhiLength];
        JaggedReluWithBias.ComputePhi(fromJagged, phiJagged);
        var phiMathNet = new double[MathNetReluWithBias.PhiLength];
        MathNetReluWithBias.ComputePhi(fromMathNet, phiMathNet);
        phiJagged.ShouldBe(phi);
        phiMathNet.ShouldBe(phi);

        var inputs = new[] { 0.3, -1.2, 0.7, 1.1, 0.2, -0.4 };
        var outputs = new double[4];
        ReluWithBias.Forward(expected, inputs, 2, outputs);
        var outJagged = new double[4];
        JaggedReluWithBias.Forward(fromJagged, inputs, 2, outJagged);
        var outMathNet = new double[4];
        MathNetReluWithBias.Forward(fromMathNet, inputs, 2, outMathNet);
        outJagged.ShouldBe(outputs);
        outMathNet.ShouldBe(outputs);

        // Against the layers' own arithmetic in the MathNet model: W2 relu(W1 x + b1) + b2 for the first sample.
        var hidden = (mathNet.W1 * Vector<double>.Build.DenseOfArray(inputs[..3]) + mathNet.B1).PointwiseMaximum(0);
        var y = mathNet.W2 * hidden + mathNet.B2;
        y[0].ShouldBe(outputs[0], 1e-12);
        y[1].ShouldBe(outputs[1], 1e-12);
    }

    [Fact]
    public void SetParameters_writes_each_entry_where_the_natural_indexer_reads_it()
    {
        var rng = new Random(5);
        var theta = Enumerable.Range(0, ReluWithBias.ParameterCount).Select(_ => rng.NextDouble()).ToArray();
        var jagged = new JaggedReluWithBias();
        var mathNet = new MathNetReluWithBias();
        jagged.SetParameters(theta);
        mathNet.SetParameters(theta);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                jagged.W1[i][j].ShouldBe(theta[JaggedReluWithBias.W1Offset + i * 3 + j]);
                mathNet.W1[i, j].ShouldBe(theta[MathNetReluWithBias.W1Offset + i * 3 + j]);
            }

            jagged.B1[i].ShouldBe(theta[JaggedReluWithBias.B1Offset + i]);
            mathNet.B1[i].ShouldBe(theta[MathNetReluWithBias.B1Offset + i]);
        }

        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                jagged.W2[i][j].ShouldBe(theta[JaggedReluWithBias.W2Offset + i * 4 + j]);
                mathNet.W2[i, j].ShouldBe(theta[MathNetReluWithBias.W2Offset + i * 4 + j]);
            }

            jagged.B2[i].ShouldBe(theta[JaggedReluWithBias.B2Offset + i]);
            mathNet.B2[i].ShouldBe(theta[MathNetReluWithBias.B2Offset + i]);
        }

        // The members keep their storage: SetParameters copies into it.
        mathNet.W2.Storage.IsDense.ShouldBeFalse();
        var back = new double[theta.Length];
        mathNet.CopyParametersTo(back);
        back.ShouldBe(theta);
        jagged.CopyParametersTo(back);
        back.ShouldBe(theta);
    }

    [Fact]
    public void Float_jagged_and_MathNet_storage_match_float_2D_in_both_precisions()
    {
        var rng = new Random(9);
        var theta = Enumerable.Range(0, FloatReluWithBias.ParameterCount).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var reference = new FloatReluWithBias();
        var jagged = new FloatJaggedReluWithBias();
        var mathNet = new FloatMathNetReluWithBias();
        reference.SetParameters(theta);
        jagged.SetParameters(theta);
        mathNet.SetParameters(theta);
        jagged.W1[2][1].ShouldBe(reference.W1[2, 1]);
        mathNet.W1[2, 1].ShouldBe(reference.W1[2, 1]);
        mathNet.W2[1, 3].ShouldBe(reference.W2[1, 3]);
        mathNet.B1[3].ShouldBe(reference.B1[3]);

        var expected = new double[FloatReluWithBias.ParameterCount];
        reference.CopyParametersTo(expected);
        var asFloat = new float[FloatReluWithBias.ParameterCount];
        reference.CopyParametersTo(asFloat);
        expected.ShouldBe(theta.Select(t => (double)(float)t).ToArray(), "rounded once to float, widened exactly");
        foreach (var model in new IConservationModel[] { jagged, mathNet })
        {
            var copied = new double[expected.Length];
            model.CopyParametersTo(copied);
            copied.ShouldBe(expected);
        }

        var jaggedFloat = new float[asFloat.Length];
        jagged.CopyParametersTo(jaggedFloat);
        jaggedFloat.ShouldBe(asFloat);
        var mathNetFloat = new float[asFloat.Length];
        mathNet.CopyParametersTo(mathNetFloat);
        mathNetFloat.ShouldBe(asFloat);

        var laws = reference.ComputeConservedQuantities().ToArray();
        jagged.ComputeConservedQuantities().ToArray().ShouldBe(laws);
        mathNet.ComputeConservedQuantities().ToArray().ShouldBe(laws);

        // Float θ in, float storage out: no trip through double changes a value.
        jagged.SetParameters(asFloat);
        mathNet.SetParameters(asFloat);
        jagged.W2[1][2].ShouldBe(asFloat[FloatJaggedReluWithBias.W2Offset + 6]);
        mathNet.W2[1, 2].ShouldBe(asFloat[FloatMathNetReluWithBias.W2Offset + 6]);
    }

    [Fact]
    public void Wrong_jagged_shapes_throw_naming_the_member_and_both_shapes()
    {
        var theta = new double[JaggedReluWithBias.ParameterCount];
        Message(new JaggedReluWithBias { W1 = new double[5][] }, theta).ShouldContain("W1 must have shape [4][3]; it has 5 rows.");
        Message(new JaggedReluWithBias { W2 = new[] { new double[4], null! } }, theta).ShouldContain("W2[1] is null; W2 must have shape [2][4].");
        Message(new JaggedReluWithBias { W2 = new[] { new double[4], new double[3] } }, theta).ShouldContain("W2 must have shape [2][4]; row 1 has length 3.");
        Message(new JaggedReluWithBias { W1 = null! }, theta).ShouldContain("W1 is null; it must have shape [4][3].");
        Message(new JaggedReluWithBias { B2 = new double[3] }, theta).ShouldContain("B2 must have shape [2]; it has [3].");

        var error = Should.Throw<ArgumentException>(() => new JaggedReluWithBias { W2 = new[] { new double[4], new double[5] } }.SetParameters(theta));
        error.ParamName.ShouldBe("W2");
        Should.Throw<ArgumentException>(() => new FloatJaggedReluWithBias { W1 = new float[4][] }.CopyParametersTo(new float[FloatJaggedReluWithBias.ParameterCount]))
            .Message.ShouldContain("W1[0] is null");
    }

    [Fact]
    public void Wrong_MathNet_shapes_throw_naming_the_member_and_both_shapes()
    {
        var theta = new double[MathNetReluWithBias.ParameterCount];
        Message(new MathNetReluWithBias { W1 = Matrix<double>.Build.Dense(3, 4) }, theta).ShouldContain("W1 must have shape [4, 3]; it has [3, 4].");
        Message(new MathNetReluWithBias { W2 = null! }, theta).ShouldContain("W2 is null; it must have shape [2, 4].");
        Message(new MathNetReluWithBias { B1 = Vector<double>.Build.Dense(5) }, theta).ShouldContain("B1 must have shape [4]; it has [5].");
        var error = Should.Throw<ArgumentException>(() => new FloatMathNetReluWithBias { W2 = Matrix<float>.Build.Dense(2, 5) }.SetParameters(new float[FloatMathNetReluWithBias.ParameterCount]));
        error.ParamName.ShouldBe("W2");
        error.Message.ShouldContain("W2 must have shape [2, 4]; it has [2, 5].");
    }

    [Fact]
    public void One_model_may_mix_storage_kinds_and_element_types()
    {
        // Values exact in float, so the float members hold them unchanged and the two models are the same point.
        var theta = Enumerable.Range(0, MixedReference.ParameterCount).Select(i => (i * 7 % 23 - 11) / 8.0).ToArray();
        var reference = new MixedReference();
        var mixed = new MixedStorage();
        reference.SetParameters(theta);
        mixed.SetParameters(theta);
        mixed.W1[3][2].ShouldBe(reference.W1[3, 2]);
        mixed.B1[1].ShouldBe((float)reference.B1[1]);
        mixed.W2[2, 1].ShouldBe(reference.W2[2, 1]);
        mixed.W3[1 * 3 + 2].ShouldBe((float)reference.W3[1, 2]);

        var back = new double[theta.Length];
        mixed.CopyParametersTo(back);
        back.ShouldBe(theta);
        mixed.ComputeConservedQuantities().ToArray().ShouldBe(reference.ComputeConservedQuantities().ToArray());
        var asFloat = new float[theta.Length];
        mixed.CopyParametersTo(asFloat);
        asFloat.Select(x => (double)x).ShouldBe(theta);
    }

    [Theory]
    [InlineData(37, 50)]
    [InlineData(16, 16)]
    [InlineData(1, 33)]
    public void Transposed_copies_match_MathNet_across_tile_edges(int rows, int columns)
    {
        var rng = new Random(rows * 100 + columns);
        var matrix = Matrix<double>.Build.Dense(rows, columns, (_, _) => rng.NextDouble());
        var rowMajor = new double[rows * columns];
        Internal.FlatView.CopyTransposed<double, double>(matrix.AsColumnMajorArray(), columns, rows, rowMajor);
        rowMajor.ShouldBe(matrix.ToRowMajorArray());

        var back = Matrix<float>.Build.Dense(rows, columns);
        Internal.FlatView.CopyTransposed<double, float>(rowMajor, rows, columns, back.AsColumnMajorArray());
        back.ToRowMajorArray().ShouldBe(rowMajor.Select(x => (float)x).ToArray());
    }

    private static string Message(IConservationModel model, double[] theta)
    {
        var copyOut = Should.Throw<ArgumentException>(() => model.CopyParametersTo(theta));
        var copyIn = Should.Throw<ArgumentException>(() => model.SetParameters(theta));
        copyIn.Message.ShouldBe(copyOut.Message);
        return copyOut.Message;
    }
}
