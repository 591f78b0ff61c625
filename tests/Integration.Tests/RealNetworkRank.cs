using System;
using System.Collections.Generic;
using System.Linq;
using Shouldly;

namespace ConservationCodegen.Integration.Tests;

/// <summary>
/// A count check independent of φ: the gradient fields X_i = ∇L_i of fixed random losses of the real network, and
/// their brackets [X_i, X_j] = DX_j·X_i − DX_i·X_j (central differences), lie in the Lie algebra of the model's
/// gradients, so D − rank bounds the number of laws from above; the certified laws are exact laws, so the count bounds
/// it from below. Equality confirms the count for the real model, not only for its factorisation.
/// </summary>
internal static class RealNetworkRank
{
    /// <summary>A loss of one fixed data set: writes ∇L(θ) into the gradient.</summary>
    public delegate void Gradient(double[] theta, double[] x, double[] y, double[] gradient);

    /// <summary>Checks that D minus the rank of 2D fields and 3D brackets at a random θ equals <paramref name="laws"/>.</summary>
    /// <param name="adjust">Changes the random θ before the check (e.g. keeps ReLU units alive: a unit dead on every sample
    /// adds laws of its own that the model does not have in general).</param>
    /// <param name="step">Step of the central differences in the brackets; their truncation error, O(step²), shows as
    /// singular values that shrink 100-fold per 10-fold smaller step (a network with strongly curved fields, e.g.
    /// normalised over few channels, needs a smaller one to fall below the cut).</param>
    public static void ShouldLeave(int laws, int d, Gradient loss, int inputWidth, int outputWidth, int seed, double thetaScale = 0.8, Action<double[]>? adjust = null, double step = 1e-5)
    {
        var rng = new Random(seed);
        var theta = TestVectors.Uniform(d, rng, thetaScale);
        adjust?.Invoke(theta);
        var data = Enumerable.Range(0, 2 * d).Select(_ => (X: TestVectors.Uniform(inputWidth, rng), Y: TestVectors.Uniform(outputWidth, rng))).ToList();
        double[] Field(int i, double[] t)
        {
            var g = new double[d];
            loss(t, data[i].X, data[i].Y, g);
            return g;
        }

        double[] Along(int i, double[] v) // DX_i(θ)·v by central differences
        {
            double h = step;
            var plus = Field(i, theta.Select((x, k) => x + h * v[k]).ToArray());
            var minus = Field(i, theta.Select((x, k) => x - h * v[k]).ToArray());
            return plus.Select((x, k) => (x - minus[k]) / (2 * h)).ToArray();
        }

        var vectors = new List<double[]>();
        var fields = Enumerable.Range(0, data.Count).Select(i => Field(i, theta)).ToList();
        vectors.AddRange(fields);
        for (int k = 0; k < 3 * d; k++)
        {
            int i = rng.Next(data.Count), j = rng.Next(data.Count);
            var a = Along(j, fields[i]);
            var b = Along(i, fields[j]);
            vectors.Add(a.Select((x, m) => x - b[m]).ToArray());
        }

        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowArrays(vectors.Select(v => v.Select(x => x / Math.Sqrt(v.Sum(y => y * y) + 1e-300)).ToArray()));
        var singular = matrix.Svd(computeVectors: false).S;
        int rank = singular.Count(s => s > 1e-6);
        string near = string.Join(", ", singular.Skip(Math.Max(0, rank - 2)).Take(4).Select(v => v.ToString("E2", System.Globalization.CultureInfo.InvariantCulture)));
        (d - rank).ShouldBe(laws, $"rank {rank} of D = {d}; singular values around the cut: {near}");
    }
}
