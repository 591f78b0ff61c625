using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Tests;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Generator.Tests;

/// <summary>
/// The laws in the generated code, checked by a method that shares nothing with the engine: random models are
/// generated, compiled and loaded; each emitted law's gradient (central differences of the generated
/// <c>ComputeConservedQuantities</c>) must be orthogonal to every row of the Jacobian of φ built from its definition
/// (<see cref="ReferencePhi"/>, path by path), at random θ. That is what makes a law conserved under the gradient
/// flow of every loss f∘φ; a wrong index, sign or coefficient in the emitted code breaks it.
/// </summary>
public sealed class EmittedLawTests
{
    private static readonly ActivationKind[] Activations =
        { ActivationKind.Identity, ActivationKind.ReLU, ActivationKind.LeakyReLU, ActivationKind.Abs, ActivationKind.Tanh };

    private delegate void Laws(ReadOnlySpan<double> theta, Span<double> destination);

    [Fact]
    public void Every_emitted_law_is_orthogonal_to_the_reference_phi_jacobian()
    {
        var rng = new Random(17);
        int lawsChecked = 0;
        for (int m = 0; m < 8; m++)
        {
            int depth = rng.Next(2, 4);
            var widths = Enumerable.Range(0, depth + 1).Select(_ => rng.Next(1, 4)).ToArray();
            var model = new ModelDescription(Enumerable.Range(0, depth)
                .Select(k => new LayerSpec(widths[k], widths[k + 1], Activations[rng.Next(Activations.Length)], rng.Next(2) == 0))
                .ToArray());
            var run = GeneratorHarness.Generate(Source(model));
            run.Errors.ShouldBeEmpty();
            var type = GeneratorHarness.Load(run.Output).GetType("Random")!;
            var laws = type.GetMethod("ComputeConservedQuantities", new[] { typeof(ReadOnlySpan<double>), typeof(Span<double>) })!.CreateDelegate<Laws>();
            int count = (int)type.GetField("PolynomialLawCount")!.GetRawConstantValue()!;
            for (int trial = 0; trial < 2; trial++)
            {
                var theta = Enumerable.Range(0, model.ParameterCount).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                var jacobian = ReferenceJacobian(model, theta);
                var gradients = LawGradients(laws, theta, count);
                for (int i = 0; i < count; i++)
                {
                    double size = gradients[i].Sum(Math.Abs);
                    size.ShouldBeGreaterThan(1e-9, $"law {i} of {Describe(model)} is constant");
                    foreach (var row in jacobian)
                    {
                        double dot = gradients[i].Zip(row, (a, b) => a * b).Sum();
                        Math.Abs(dot).ShouldBeLessThan(1e-9 * (size + 1) * (row.Sum(Math.Abs) + 1), $"law {i} of {Describe(model)}");
                    }
                }

                lawsChecked += count;
            }
        }

        lawsChecked.ShouldBeGreaterThan(40);
    }

    [Fact]
    public void A_wrong_law_fails_the_check()
    {
        // The check itself must be able to fail: W1[0,0]² alone is not conserved by a two-layer linear net.
        var model = new ModelDescription(new[] { new LayerSpec(2, 2, ActivationKind.Identity, false), new LayerSpec(2, 1, ActivationKind.Identity, false) });
        var theta = new[] { 0.3, -0.7, 0.5, 0.2, 0.9, -0.4 };
        var gradient = new double[6];
        gradient[0] = 2 * theta[0];
        ReferenceJacobian(model, theta).Max(row => Math.Abs(gradient.Zip(row, (a, b) => a * b).Sum())).ShouldBeGreaterThan(1e-3);
    }

    // Laws are polynomials of degree ≤ 2 here (MaxDegree 2): central differences with any step are exact up to rounding.
    private static double[][] LawGradients(Laws laws, double[] theta, int count)
    {
        var gradients = Enumerable.Range(0, count).Select(_ => new double[theta.Length]).ToArray();
        var plus = new double[count];
        var minus = new double[count];
        for (int j = 0; j < theta.Length; j++)
        {
            var shifted = (double[])theta.Clone();
            shifted[j] = theta[j] + 0.5;
            laws(shifted, plus);
            shifted[j] = theta[j] - 0.5;
            laws(shifted, minus);
            for (int i = 0; i < count; i++) gradients[i][j] = plus[i] - minus[i];
        }

        return gradients;
    }

    // φ is affine in each parameter separately, so central differences of the reference φ are exact up to rounding.
    private static List<double[]> ReferenceJacobian(ModelDescription model, double[] theta)
    {
        int components = ReferencePhi.Evaluate(model, theta).Count;
        var rows = Enumerable.Range(0, components).Select(_ => new double[theta.Length]).ToList();
        for (int j = 0; j < theta.Length; j++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += 0.5;
            minus[j] -= 0.5;
            var p = ReferencePhi.Evaluate(model, plus);
            var q = ReferencePhi.Evaluate(model, minus);
            for (int i = 0; i < components; i++) rows[i][j] = p[i] - q[i];
        }

        return rows;
    }

    private static string Source(ModelDescription model)
    {
        var sb = new StringBuilder("using ConservationCodegen;\n[ConservationModel]\npublic partial class Random\n{\n");
        for (int k = 0; k < model.Layers.Count; k++)
        {
            var l = model.Layers[k];
            string bias = l.HasBias ? $", Bias = \"B{k + 1}\"" : "";
            sb.Append($"    [Dense({l.Inputs}, {l.Outputs}, Activation = (Activation){(int)l.Activation}{bias})] public double[,] W{k + 1} = new double[{l.Outputs}, {l.Inputs}];\n");
            if (l.HasBias) sb.Append($"    public double[] B{k + 1} = new double[{l.Outputs}];\n");
        }

        return sb.Append("}\n").ToString();
    }

    private static string Describe(ModelDescription model) =>
        string.Join(" → ", model.Layers.Select(l => $"{l.Inputs}x{l.Outputs} {l.Activation}{(l.HasBias ? "+b" : "")}"));
}
