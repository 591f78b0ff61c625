using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;
using static ConservationCodegen.Engine.Tests.LayerShapeOracles;
using Poly = ConservationCodegen.Engine.Tests.SymbolicLieRank.Poly;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Gated linear units W₃(act(W₁x) ⊙ W₂x): the laws ‖W₂[j,:]‖² − ‖W₃[:,j]‖² against their closed form, against
/// central-difference gradients of a SwiGLU forward pass written here, and the counts against an independent Lie rank of
/// the equivalent polynomial model (the gate weights as free coordinates of φ beside the up path's products).
/// </summary>
public sealed class GatedLinearUnitTests
{
    private static GatedLinearUnitSpec Glu(int inputs, int hidden, ActivationKind gate = ActivationKind.Swish) => new(inputs, hidden, gate);

    private static LayerSpec Dense(int inputs, int outputs, ActivationKind act = ActivationKind.Identity, bool bias = false) => new(inputs, outputs, act, bias);

    private static AnalysisResult Analyze(ModelDescription model, bool theorems = true) =>
        ConservationAnalysis.Analyze(model, new AnalysisOptions { UseTheorems = theorems, WorkBudget = long.MaxValue });

    // ‖W₂[j,:]‖² − ‖W₃[:,j]‖² written from the layout: W₁ [h, n] at 0, W₂ [h, n] at h·n, W₃ [o, h] after it.
    private static Quadratic Balance(int n, int h, int o, int j, int start = 0)
    {
        var q = new Quadratic();
        int w2 = start + h * n, w3 = start + 2 * h * n;
        for (int i = 0; i < n; i++) q.Add(w2 + j * n + i, w2 + j * n + i, 1);
        for (int r = 0; r < o; r++) q.Add(w3 + r * h + j, w3 + r * h + j, -1);
        return q;
    }

    [Fact]
    public void SwiGluKeepsOneBalancePerHiddenUnit()
    {
        var model = new ModelDescription(new BlockSpec[] { Glu(3, 4), Dense(4, 2, bias: true) });
        model.ParameterCount.ShouldBe(12 + 12 + 8 + 2);
        model.GateOffset(0).ShouldBe(0);
        model.WeightOffset(0).ShouldBe(12);
        model.WeightOffset(1).ShouldBe(24);
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.ShouldBeExactly(Enumerable.Range(0, 4).Select(j => Balance(3, 4, 2, j)));
        r.Laws[0].Formula.ShouldBe("|W1[0,:]|^2 - |W2[:,0]|^2"); // the up weights are the block's weights; the gate weights are Wg1
        r.IndependentLawCount.ShouldBe(4);
        r.CountIsExact.ShouldBeTrue();
        r.Complete.ShouldBeTrue();
        r.Certificate.ShouldBe("theorem:path-incidence");
        r.DimW.ShouldBe(model.ParameterCount - 4);
        var computed = Analyze(model, theorems: false);
        computed.IndependentLawCount.ShouldBe(4);
        computed.Certificate.ShouldBe("computed");
        ReferenceCount(model).ShouldBe(4);
    }

    [Theory]
    [InlineData(ActivationKind.Swish)]
    [InlineData(ActivationKind.Gelu)]
    [InlineData(ActivationKind.Sigmoid)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Softplus)]
    public void LawsAreOrthogonalToTheLossGradientOfARealForwardPass(ActivationKind gate)
    {
        // GLU → dense (tanh) → dense: the second segment is a plain dense layer with no law.
        var model = new ModelDescription(new BlockSpec[] { Glu(3, 4, gate), Dense(4, 3, ActivationKind.Tanh, bias: true), Dense(3, 2, bias: true) });
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.ShouldBeExactly(Enumerable.Range(0, 4).Select(j => Balance(3, 4, 3, j)));
        r.IndependentLawCount.ShouldBe(4);
        var rng = new Random(11 + (int)gate);
        for (int trial = 0; trial < 3; trial++)
        {
            var theta = TestModels.RandomTheta(model.ParameterCount, rng);
            var x = Enumerable.Range(0, 5).Select(_ => TestModels.RandomTheta(3, rng)).ToArray();
            var y = Enumerable.Range(0, 5).Select(_ => TestModels.RandomTheta(2, rng)).ToArray();
            var g = CentralDifferences(theta, t => Loss(model, gate, t, x, y));
            g.Sum(Math.Abs).ShouldBeGreaterThan(1e-3);
            // The gate weights move: their gradient is not zero.
            g.Take(12).Sum(Math.Abs).ShouldBeGreaterThan(1e-4);
            double worst = r.Laws.Max(law => Cosine(law.Gradient(theta), g));
            worst.ShouldBeLessThan(1e-8);

            // Near misses are not conserved: the gate weights against W₃, and the up weights of one unit against another's.
            var gateBalance = new Quadratic();
            for (int i = 0; i < 3; i++) gateBalance.Add(i, i, 1);
            for (int o = 0; o < 3; o++) gateBalance.Add(24 + o * 4, 24 + o * 4, -1);
            Cosine(Gradient(gateBalance, theta), g).ShouldBeGreaterThan(1000 * worst);
            var crossed = Balance(3, 4, 3, 0);
            crossed.Add(12, 12, -1);
            crossed.Add(15, 15, 1);
            Cosine(Gradient(crossed, theta), g).ShouldBeGreaterThan(1000 * worst);
        }
    }

    public static IEnumerable<object[]> Models()
    {
        yield return new object[] { new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2) }), 3 };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Glu(3, 2, ActivationKind.Gelu), Dense(2, 3, bias: true) }), 2 };
        // A ReLU chain after the unit: a balance at every hidden level.
        yield return new object[] { new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2, ActivationKind.ReLU, bias: true), Dense(2, 2) }), 5 };
        // A linear run after the unit: the Gram entries of its hidden level (computed, no theorem).
        yield return new object[] { new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2), Dense(2, 2) }), -1 };
        // Two units, each after a cut (a transformer-style stack of gated MLPs).
        yield return new object[] { new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2, ActivationKind.Tanh, bias: true), Glu(2, 3, ActivationKind.Gelu), Dense(3, 2) }), 6 };
        // After a cut.
        yield return new object[] { new ModelDescription(new BlockSpec[] { Dense(2, 3, ActivationKind.Tanh, bias: true), Glu(3, 3, ActivationKind.Sigmoid), Dense(3, 2, bias: true) }), 3 };
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void CountsAgreeWithAnIndependentLieRankOfTheEquivalentPolynomialModel(ModelDescription model, int expected)
    {
        int reference = ReferenceCount(model);
        if (expected >= 0) reference.ShouldBe(expected);
        var structural = Analyze(model);
        structural.Status.ShouldBe(AnalysisStatus.Completed, structural.Message);
        structural.IndependentLawCount.ShouldBe(reference, model.ToString());
        structural.Complete.ShouldBeTrue(string.Join(" ", structural.Notes));
        var computed = Analyze(model, theorems: false);
        computed.IndependentLawCount.ShouldBe(reference, model.ToString());
        computed.CountIsExact.ShouldBeTrue();
    }

    public static IEnumerable<object[]> RealModels()
    {
        yield return new object[] { new ModelDescription(new BlockSpec[] { Glu(3, 4), Dense(4, 2, bias: true) }), ActivationKind.Swish };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Glu(2, 3, ActivationKind.Gelu), Dense(3, 3, bias: true) }), ActivationKind.Gelu };
        yield return new object[] { new ModelDescription(new BlockSpec[] { Glu(2, 2, ActivationKind.Sigmoid), Dense(2, 3, bias: true) }), ActivationKind.Sigmoid };
    }

    /// <summary>
    /// The count of the real model, not of a polynomial stand-in: at a random θ, the gradients of many MSE losses of the
    /// SwiGLU (GeGLU) forward pass written here — random data, random targets — span a space of dimension D − (laws). Its
    /// dimension bounds dim Lie(W_φ) from below, so at most D − rank laws exist; with that many verified laws, exactly
    /// that many. The gate weights' directions are in the span: nothing holds them. (Deeper models spread the spectrum
    /// over many decades at this size; their counts are checked against the polynomial reference above.)
    /// </summary>
    [Theory]
    [MemberData(nameof(RealModels))]
    public void The_gradients_of_real_losses_leave_exactly_the_laws_unspanned(ModelDescription model, ActivationKind gate)
    {
        var r = Analyze(model);
        int d = model.ParameterCount, laws = r.IndependentLawCount!.Value;
        var rng = new Random(17);
        var theta = TestModels.RandomTheta(d, rng);
        int inputs = model.Layers[0].Inputs, outputs = model.Layers[^1].Outputs;
        var gradients = new List<double[]>();
        for (int k = 0; k < d + 10; k++)
        {
            var x = Enumerable.Range(0, 3).Select(_ => TestModels.RandomTheta(inputs, rng)).ToArray();
            var y = Enumerable.Range(0, 3).Select(_ => TestModels.RandomTheta(outputs, rng)).ToArray();
            gradients.Add(CentralDifferences(theta, t => Loss(model, gate, t, x, y)));
        }

        var singular = SingularValues(gradients, d);
        // A clear gap: D − laws values of order 1e-3 or more, then values at the level of the differences' rounding.
        singular[d - laws - 1].ShouldBeGreaterThan(1e-4, string.Join(", ", singular.Select(s => s.ToString("g3"))));
        if (laws > 0) singular[d - laws].ShouldBeLessThan(1e-7, string.Join(", ", singular.Select(s => s.ToString("g3"))));
    }

    // Singular values of the rows (descending), from the eigenvalues of the Gram matrix GᵀG by Jacobi rotations.
    private static double[] SingularValues(List<double[]> rows, int d)
    {
        var a = new double[d, d];
        foreach (var g in rows)
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) a[i, j] += g[i] * g[j];
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < d; p++)
                for (int q = p + 1; q < d; q++) off += a[p, q] * a[p, q];
            if (off < 1e-40) break;
            for (int p = 0; p < d; p++)
                for (int q = p + 1; q < d; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < d; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }

                    for (int k = 0; k < d; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                }
        }

        return Enumerable.Range(0, d).Select(i => Math.Sqrt(Math.Max(0, a[i, i]))).OrderByDescending(v => v).ToArray();
    }

    [Theory]
    [InlineData(ActivationKind.ReLU)]
    [InlineData(ActivationKind.Identity)]
    [InlineData(ActivationKind.Abs)]
    [InlineData(ActivationKind.LeakyReLU)]
    public void HomogeneousGatesAreRefusedByName(ActivationKind gate)
    {
        var r = Analyze(new ModelDescription(new BlockSpec[] { Glu(2, 3, gate), Dense(3, 2) }));
        r.Status.ShouldBe(AnalysisStatus.Invalid);
        r.Errors.Single().Kind.ShouldBe(ModelErrorKind.Unsupported);
        r.Message.ShouldContain("Layer 1 (glu) is not analysed by this version of the engine");
        r.Message.ShouldContain("homogeneous");
    }

    [Fact]
    public void InputsThatAreNotCutsSkipsAndMissingDownProjectionsAreRefused()
    {
        Analyze(new ModelDescription(new BlockSpec[] { Dense(2, 3, ActivationKind.ReLU), Glu(3, 3), Dense(3, 2) })).Message.ShouldContain("its input is not a cut");
        // A skip into the middle of the unit's segment, or around it into a segment joined to the next, is refused.
        Analyze(new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 3) with { ResidualFrom = 1 }, Dense(3, 2) })).Message.ShouldContain("residual connection of layer 2");
        var last = Analyze(new ModelDescription(new BlockSpec[] { Dense(2, 3, ActivationKind.Tanh), Glu(3, 3) }));
        last.Errors.Single().Kind.ShouldBe(ModelErrorKind.InvalidBlock);
        last.Message.ShouldContain("must follow it");
        Analyze(new ModelDescription(new BlockSpec[] { Glu(3, 3), new DiagonalSpec(3) })).Errors.Single().Kind.ShouldBe(ModelErrorKind.UnsupportedOrder);
        Analyze(new ModelDescription(new BlockSpec[] { Glu(3, 3) with { HasBias = true }, Dense(3, 2) })).Errors.Single().Kind.ShouldBe(ModelErrorKind.InvalidBlock);
        Analyze(new ModelDescription(new BlockSpec[] { Glu(3, 3) with { Activation = ActivationKind.ReLU }, Dense(3, 2) })).Errors.Single().Kind.ShouldBe(ModelErrorKind.InvalidBlock);
        Analyze(new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2, ActivationKind.RePU) with { ActivationDegree = 2 }, Dense(2, 2) })).Message.ShouldContain("RePU");
        MomentumAnalysis.Count(new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2) })).Status.ShouldBe(AnalysisStatus.Invalid);
    }

    [Fact]
    public void AHeadRightAfterXPlusTheUnitOfXFromACutStartsAComponentOfItsOwn()
    {
        // A classifier head after a transformer's x + down(SwiGLU(x)): x is a cut, so the sum is one and the head is a
        // single layer from a cut (no law). The count is the unit's, computed independently on the unit alone; the
        // integration tests check it on the real network's gradients (GatedUnitWithHead).
        var withHead = Analyze(new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2) with { ResidualFrom = 0 }, Dense(2, 4) }));
        withHead.Status.ShouldBe(AnalysisStatus.Completed, withHead.Message);
        withHead.Complete.ShouldBeTrue();
        withHead.IndependentLawCount.ShouldBe(ReferenceCount(new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2) })));
        withHead.IndependentLawCount.ShouldBe(3);
        withHead.Laws.ShouldAllBe(l => l.Layer <= 1);
        // A skip from a level that is not a cut still joins the head's segment, and is refused.
        var notCut = Analyze(new ModelDescription(new BlockSpec[] { Dense(2, 2, ActivationKind.ReLU), Glu(2, 3), Dense(3, 2) with { ResidualFrom = 1 }, Dense(2, 4) }));
        notCut.Status.ShouldBe(AnalysisStatus.Invalid);
        notCut.Errors.Single().Kind.ShouldBe(ModelErrorKind.Unsupported);
        // The same skip with a GELU on layer 2 is analysed too: the unit's laws, none for the head.
        var gelu = Analyze(new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2, ActivationKind.Gelu) with { ResidualFrom = 0 }, Dense(2, 4) }));
        gelu.Status.ShouldBe(AnalysisStatus.Completed);
        gelu.IndependentLawCount.ShouldBe(3);
    }

    [Fact]
    public void ATrainableSwishBetaInTheGateGivesGateBalancesAndNoCount()
    {
        // act(z) = z·sigmoid(β_j z): (W₁[j,:], β_j, W₃[:,j]) ↦ (c·, /c, /c) keeps the model, so each unit has a gate balance
        // beside its up-path balance; the fields are not polynomial, so nothing is counted.
        var model = new ModelDescription(new BlockSpec[] { Glu(2, 3) with { GateName = "G", BetaName = "beta" }, Dense(3, 2) });
        var r = Analyze(model);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.IndependentLawCount.ShouldBeNull();
        r.Laws.Count.ShouldBe(3 + 3);
        var gate = r.Laws.Single(l => l.Name == "Gate1[1]");
        // θ: G (6), up W₂ (6), β (3), W₃ (6): ‖G[1,:]‖² − β₁² − ‖W₃[:,1]‖².
        gate.Terms.Select(t => (t.Coefficient, string.Join(",", t.Variables))).OrderBy(t => t.Item2)
            .ShouldBe(new[] { (-1L, "13,13"), (-1L, "16,16"), (-1L, "19,19"), (1L, "2,2"), (1L, "3,3") }.OrderBy(t => t.Item2));
        r.Notes.ShouldContain(n => n.Contains("trainable Swish β in its gate"));

        // The verifier takes the gate balance and no variant of it without β.
        var c = Components.ModelComponents.Of(model).Single(x => x is GatedUnits.GatedUnitSegment);
        var verifier = c.CreateVerifier(new Analysis.WorkMeter(long.MaxValue, System.Threading.CancellationToken.None));
        var balance = ((GatedUnits.GatedUnitSegment)c).GateBalances!.LocalPolynomial(1);
        verifier.Verify(balance).ShouldBeTrue();
        var withoutBeta = new Polynomials.IntegerPolynomial();
        foreach (var t in balance.Terms) if (!t.Key.Items.Contains(13)) withoutBeta.Add(t.Key, t.Value);
        verifier.Verify(withoutBeta).ShouldBeFalse();

        // Only a Swish gate takes a trainable β.
        Analyze(new ModelDescription(new BlockSpec[] { Glu(2, 3) with { GateActivation = ActivationKind.Gelu, BetaName = "beta" }, Dense(3, 2) }))
            .Message.ShouldContain("only a Swish gate");
    }

    [Fact]
    public void XPlusTheUnitOfXFromACutAddsOnlyDataAndKeepsTheCount()
    {
        // x + down(unit(x)) with x the model input: the skip adds no parameter, so φ and the count are those of the unit.
        var skipped = new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2) with { ResidualFrom = 0 } });
        var plain = new ModelDescription(new BlockSpec[] { Glu(2, 3), Dense(3, 2) });
        var r = Analyze(skipped);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.Complete.ShouldBeTrue();
        r.IndependentLawCount.ShouldBe(ReferenceCount(plain));
        r.IndependentLawCount.ShouldBe(3);
    }

    [Fact]
    public void AWideGluMlpIsCertifiedQuickly()
    {
        var model = new ModelDescription(new BlockSpec[] { Glu(512, 2048), Dense(2048, 512, bias: true) });
        var clock = Stopwatch.StartNew();
        var r = ConservationAnalysis.Analyze(model);
        clock.Stop();
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.IndependentLawCount.ShouldBe(2048);
        r.Certificate.ShouldBe("theorem:path-incidence");
        r.Complete.ShouldBeTrue();
        r.Laws.Count.ShouldBe(2048);
        clock.Elapsed.TotalSeconds.ShouldBeLessThan(30);
    }

    // ---- the reference: φ of the equivalent polynomial model, its Lie rank ----

    private static int ReferenceCount(ModelDescription model)
    {
        var (phi, d) = ReferencePhi(model);
        d.ShouldBe(model.ParameterCount);
        var ranks = SymbolicLieRank.Ranks(phi, d, maxLength: 8, seed: 5);
        return d - ranks[^1];
    }

    // Layer by layer, from the definitions: a gated linear unit contributes its gate weights as coordinates of φ and
    // its up weights as a layer followed by a split (each hidden unit's paths kept apart, as the gate multiplies them by
    // a value of its own); a layer followed by a positively homogeneous non-identity activation splits too; an identity
    // level sums; an activation without rescaling symmetry ends a part (its outputs are the next part's inputs).
    private static (List<Poly> Phi, int D) ReferencePhi(ModelDescription model)
    {
        var phi = new List<Poly>();
        int v = 0;
        Dictionary<string, Poly[]>? paths = null;
        for (int k = 0; k < model.Layers.Count; k++)
        {
            var block = model.Layers[k];
            int n = block.Inputs, m = block.Outputs;
            if (paths is null)
            {
                paths = new Dictionary<string, Poly[]>();
                for (int i = 0; i < n; i++) paths["x" + i] = Enumerable.Range(0, n).Select(c => c == i ? Poly.Constant(1) : new Poly()).ToArray();
            }

            if (block is GatedLinearUnitSpec)
                for (int e = 0; e < n * m; e++) phi.Add(Poly.Variable(v++));
            var w = new Poly[m, n];
            for (int o = 0; o < m; o++)
                for (int c = 0; c < n; c++) w[o, c] = Poly.Variable(v++);
            var next = new Dictionary<string, Poly[]>();
            foreach (var (history, vector) in paths)
            {
                var z = new Poly[m];
                for (int o = 0; o < m; o++)
                {
                    z[o] = new Poly();
                    for (int c = 0; c < n; c++) z[o].AddProduct(w[o, c], vector[c], 1);
                }

                next[history] = z;
            }

            if (block.HasBias)
            {
                var b = new Poly[m];
                for (int o = 0; o < m; o++) b[o] = Poly.Variable(v++);
                next["b" + k] = b;
            }

            bool last = k == model.Layers.Count - 1;
            bool split = block is GatedLinearUnitSpec || !last && block.Activation != ActivationKind.Identity && ActivationKinds.IsPositivelyHomogeneous(block.Activation);
            if (last || ActivationKinds.CutsModel(block) && block is not GatedLinearUnitSpec)
            {
                foreach (var vector in next.Values) phi.AddRange(vector.Where(p => !p.IsZero));
                paths = null;
            }
            else if (split)
            {
                paths = new Dictionary<string, Poly[]>();
                foreach (var (history, vector) in next)
                    for (int o = 0; o < m; o++)
                        if (!vector[o].IsZero)
                            paths[history + "|" + o] = Enumerable.Range(0, m).Select(c => c == o ? vector[o] : new Poly()).ToArray();
            }
            else paths = next;
        }

        return (phi, v);
    }

    // ---- the forward pass: SwiGLU (or another gate) then dense layers, MSE loss ----

    private static double Act(ActivationKind kind, double z) => kind switch
    {
        ActivationKind.Swish => z / (1 + Math.Exp(-z)),
        ActivationKind.Gelu => 0.5 * z * (1 + Erf(z / Math.Sqrt(2))),
        ActivationKind.Sigmoid => 1 / (1 + Math.Exp(-z)),
        ActivationKind.Tanh => Math.Tanh(z),
        ActivationKind.Softplus => Math.Log(1 + Math.Exp(z)),
        ActivationKind.Identity => z,
        ActivationKind.ReLU => Math.Max(0, z),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // Abramowitz–Stegun 7.1.26 is too coarse for differences; a series that is exact to rounding on |z| ≤ 3.
    private static double Erf(double z)
    {
        double sum = 0, term = z;
        for (int n = 0; n < 80; n++)
        {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    private static double Loss(ModelDescription model, ActivationKind gate, double[] theta, double[][] xs, double[][] ys)
    {
        double total = 0;
        for (int s = 0; s < xs.Length; s++)
        {
            var a = xs[s];
            int p = 0;
            for (int k = 0; k < model.Layers.Count; k++)
            {
                var block = model.Layers[k];
                int n = block.Inputs, m = block.Outputs;
                var z = new double[m];
                if (block is GatedLinearUnitSpec)
                {
                    for (int j = 0; j < m; j++)
                    {
                        double u = 0, up = 0;
                        for (int i = 0; i < n; i++)
                        {
                            u += theta[p + j * n + i] * a[i];
                            up += theta[p + m * n + j * n + i] * a[i];
                        }

                        z[j] = Act(gate, u) * up;
                    }

                    p += 2 * m * n;
                }
                else
                {
                    for (int o = 0; o < m; o++)
                        for (int i = 0; i < n; i++) z[o] += theta[p + o * n + i] * a[i];
                    p += m * n;
                    if (block.HasBias)
                    {
                        for (int o = 0; o < m; o++) z[o] += theta[p + o];
                        p += m;
                    }

                    if (k < model.Layers.Count - 1) z = z.Select(t => Act(block.Activation, t)).ToArray();
                }

                a = z;
            }

            for (int o = 0; o < a.Length; o++) total += 0.5 * (a[o] - ys[s][o]) * (a[o] - ys[s][o]);
        }

        return total / xs.Length;
    }

    private static double[] CentralDifferences(double[] theta, Func<double[], double> f)
    {
        var g = new double[theta.Length];
        const double h = 1e-5;
        for (int i = 0; i < theta.Length; i++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            g[i] = (f(plus) - f(minus)) / (2 * h);
        }

        return g;
    }
}
