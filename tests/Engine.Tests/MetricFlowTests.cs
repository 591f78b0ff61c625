using System;
using System.Linq;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Metric;
using ConservationCodegen.Engine.Model;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>
/// Metric flows θ̇ = −M(θ)∇L (<see cref="MetricFlowAnalysis"/>): layer-wise learning rates and the entropic mirror flow,
/// against an independent symbolic count (<see cref="SymbolicMetricRank"/>: its own φ, fields Mχ_i, prime and
/// elimination), with every emitted law checked symbolically (⟨∇h, Mχ_i⟩ ≡ 0 as a polynomial).
/// </summary>
public sealed class MetricFlowTests
{
    private static readonly AnalysisOptions Unbudgeted = new() { WorkBudget = long.MaxValue };

    private static LayerRates Rates(ModelDescription model, params decimal[] rates) =>
        LayerRates.Create(model, rates, out var error) ?? throw new InvalidOperationException(error);

    public static TheoryData<ModelDescription, decimal[]> RateModels() => new()
    {
        { TestModels.Linear(2, 2, 2), new[] { 1m, 0.5m } },
        { TestModels.Linear(1, 3, 1), new[] { 3m, 0.2m } },
        { TestModels.Linear(3, 2, 3), new[] { 0.5m, 2m } },
        { ModelDescription.FromWidths(new[] { 1, 2, 1 }, ActivationKind.Identity, bias: true), new[] { 0.3m, 2m } },
        // Deep linear runs: without biases the reduction applies; with biases on layers of different rates it does not,
        // and the count is direct.
        { TestModels.Linear(2, 2, 2, 2), new[] { 1m, 0.5m, 3m } },
        { ModelDescription.FromWidths(new[] { 1, 1, 1, 1 }, ActivationKind.Identity, bias: true), new[] { 1m, 0.5m, 2m } },
        { ModelDescription.FromWidths(new[] { 1, 2, 2, 1 }, ActivationKind.Identity, bias: true), new[] { 2m, 1m, 0.25m } },
        { TestModels.Relu(false, 2, 2, 1), new[] { 1m, 0.25m } },
        { TestModels.Relu(true, 2, 2, 1), new[] { 1m, 0.25m } },
        { TestModels.Relu(true, 1, 2, 2, 1), new[] { 2m, 1m, 0.5m } },
        // A ReLU layer, then a linear run of two biased layers whose rates differ: direct count.
        { ModelDescription.FromWidths(new[] { 1, 2, 2, 1 }, new[] { ActivationKind.ReLU, ActivationKind.Identity }, bias: true), new[] { 1m, 2m, 0.5m } },
        // Cut at every tanh: each one-layer segment has one rate.
        { ModelDescription.FromWidths(new[] { 1, 2, 2, 1 }, ActivationKind.Tanh, bias: true), new[] { 1m, 2m, 3m } },
        { ModelDescription.FromWidths(new[] { 2, 2, 2, 1 }, new[] { ActivationKind.Tanh, ActivationKind.ReLU }, bias: true), new[] { 1m, 2m, 0.5m } },
        // Residual regions (the reduction does not apply across a skip): a skip over a ReLU layer, one over a linear layer.
        { new ModelDescription(new BlockSpec[] { new LayerSpec(2, 2, ActivationKind.ReLU, true), new LayerSpec(2, 2, ActivationKind.ReLU, false) { ResidualFrom = 1 }, new LayerSpec(2, 1, ActivationKind.Identity, false) }), new[] { 1m, 0.5m, 2m } },
        { new ModelDescription(new BlockSpec[] { new LayerSpec(1, 2, ActivationKind.Identity, false), new LayerSpec(2, 2, ActivationKind.Identity, false) { ResidualFrom = 1 }, new LayerSpec(2, 1, ActivationKind.Identity, false) }), new[] { 2m, 1m, 0.5m } },
        // A convolution (taps) and diagonal layers.
        { new ModelDescription(new BlockSpec[] { new ConvolutionSpec(1, 1, 2, 1, 2) { Activation = ActivationKind.ReLU }, new ConvolutionSpec(1, 2, 2, 1, 2), new LayerSpec(4, 1, ActivationKind.Identity, false) }), new[] { 1m, 3m, 0.5m } },
        { new ModelDescription(new BlockSpec[] { new LayerSpec(1, 2, ActivationKind.ReLU, true), new DiagonalSpec(2), new DiagonalSpec(2) { Activation = ActivationKind.Abs, HasBias = true }, new LayerSpec(2, 1, ActivationKind.Identity, false) }), new[] { 1m, 2m, 0.5m, 4m } },
    };

    [Theory]
    [MemberData(nameof(RateModels))]
    public void Layer_rate_count_equals_the_symbolic_count_and_every_law_is_exact(ModelDescription model, decimal[] rates)
    {
        var r = MetricFlowAnalysis.CountLayerRates(model, Rates(model, rates), Unbudgeted);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.Flow.ShouldBe("gradient");
        r.CountIsExact.ShouldBeTrue();
        int d = model.ParameterCount;
        var fields = SymbolicMetricRank.RateFields(model, rates);
        r.IndependentLawCount.ShouldBe(SymbolicMetricRank.LawCount(fields, d));
        // What docs/momentum.md reports for these models: the rates change the laws, not their number.
        r.IndependentLawCount.ShouldBe(ConservationAnalysis.Analyze(model, Unbudgeted).IndependentLawCount);

        // Each law, rebuilt here as Σ_l h_l/η_l from its gradient-flow law's terms, is exactly conserved by the rescaled
        // flow, and the engine's law evaluates to the same value.
        var layer = SymbolicMetricRank.LayerOf(model);
        var rng = new Random(3);
        var theta = TestModels.RandomTheta(d, rng);
        foreach (var law in r.Laws)
        {
            var terms = law.Source.Terms.Select(t => (SymbolicMetricRank.Mul(t.Coefficient, SymbolicMetricRank.Inverse(rates[layer[t.Variables[0]]])), t.Variables)).ToList();
            SymbolicMetricRank.IsLaw(SymbolicMetricRank.Polynomial(terms), fields, d).ShouldBeTrue(law.ToString());
            double expected = law.Source.Terms.Sum(t => t.Coefficient * t.Variables.Aggregate(1.0, (p, v) => p * theta[v]) / (double)rates[layer[t.Variables[0]]]);
            law.Evaluate(theta).ShouldBe(expected, 1e-12);
        }

        // When the laws' gradients reach D − rank, the count is certified.
        if (r.Complete) r.IndependentPolynomialLawCount.ShouldBe(r.IndependentLawCount);
    }

    [Theory]
    [MemberData(nameof(RateModels))]
    public void Rescaled_laws_are_not_gradient_flow_laws_when_the_rates_differ(ModelDescription model, decimal[] rates)
    {
        // The check of the test above can fail: the unscaled gradient-flow law is not conserved by the rescaled flow
        // when its terms lie in layers of different rates.
        var r = MetricFlowAnalysis.CountLayerRates(model, Rates(model, rates), Unbudgeted);
        int d = model.ParameterCount;
        var fields = SymbolicMetricRank.RateFields(model, rates);
        var layer = SymbolicMetricRank.LayerOf(model);
        foreach (var law in r.Laws.Where(l => l.Source.Terms.Select(t => rates[layer[t.Variables[0]]]).Distinct().Count() > 1))
        {
            var unscaled = SymbolicMetricRank.Polynomial(law.Source.Terms.Select(t => (t.Coefficient, t.Variables)));
            SymbolicMetricRank.IsLaw(unscaled, fields, d).ShouldBeFalse(law.ToString());
        }
    }

    [Fact]
    public void A_unit_with_rates_keeps_eta_w_times_outgoing_minus_eta_a_times_incoming()
    {
        // Kunin et al. 2024: a ReLU unit a·σ(w·x + b) with rates η_w (incoming) and η_a (outgoing) keeps
        // η_a(‖w‖² + b²) − η_w‖a‖², i.e. (‖w‖² + b²)/η_w − ‖a‖²/η_a.
        var model = TestModels.Relu(true, 2, 1, 1);
        var r = MetricFlowAnalysis.CountLayerRates(model, Rates(model, 0.5m, 4m), Unbudgeted);
        r.IndependentLawCount.ShouldBe(1);
        r.Laws.Count.ShouldBe(1);
        r.Laws[0].Formula.ShouldBe("(|W1[0,:]|^2 + b1[0]^2)/0.5 - (|W2[:,0]|^2)/4");
        var theta = new[] { 1.0, 2.0, 3.0, 5.0, 7.0 };
        r.Laws[0].Evaluate(theta).ShouldBe((1 + 4 + 9) / 0.5 - 25 / 4.0, 1e-12);
    }

    [Theory]
    [InlineData(new[] { 1, 2, 1 }, new[] { 2, 0.5 })]
    [InlineData(new[] { 2, 2, 2 }, new[] { 1, 3.0 })]
    [InlineData(new[] { 1, 2, 2, 1 }, new[] { 1, 0.5, 2 })]
    public void Momentum_with_layer_rates_equals_the_symbolic_count(int[] widths, double[] rateValues)
    {
        var rates = rateValues.Select(v => (decimal)v).ToArray();
        var model = TestModels.Linear(widths);
        var r = MomentumAnalysis.Count(model, Rates(model, rates), Unbudgeted);
        r.Status.ShouldBe(AnalysisStatus.Completed);
        r.CountIsExact.ShouldBeTrue();
        r.IndependentLawCount.ShouldBe(SymbolicMomentumRank.LawCount(model, rates: rates));
        // The rotation charges ⟨Xa, M⁻¹b⟩ stay laws (X acts within layers): as many as without rates.
        r.ChargeRank.ShouldBe(MomentumAnalysis.Count(model, Unbudgeted).ChargeRank);
    }

    [Fact]
    public void Momentum_of_relu_nets_with_layer_rates_keeps_no_law()
    {
        var model = TestModels.Relu(true, 2, 2, 1);
        var r = MomentumAnalysis.Count(model, Rates(model, 1m, 0.25m), Unbudgeted);
        r.IndependentLawCount.ShouldBe(0);
        r.Complete.ShouldBeTrue();
        SymbolicMomentumRank.LawCount(model, rates: new[] { 1m, 0.25m }).ShouldBe(0);
    }

    [Theory]
    [InlineData(false, new[] { 1, 1, 1 })]
    [InlineData(false, new[] { 1, 2, 1 })]
    [InlineData(false, new[] { 1, 3, 1 })]
    [InlineData(false, new[] { 2, 2, 2 })]
    [InlineData(false, new[] { 2, 3, 2 })]
    [InlineData(false, new[] { 3, 2, 3 })]
    [InlineData(false, new[] { 2, 2, 2, 2 })]
    [InlineData(true, new[] { 1, 2, 1 })]
    [InlineData(true, new[] { 2, 2, 1 })]
    public void Mirror_count_equals_the_symbolic_count_and_its_linear_laws_are_exact(bool bias, int[] widths)
    {
        var model = ModelDescription.FromWidths(widths, ActivationKind.Identity, bias);
        var r = MetricFlowAnalysis.CountMirror(model, Unbudgeted);
        r.Status.ShouldBe(AnalysisStatus.Completed, r.Message);
        r.Flow.ShouldBe("mirror");
        r.CountIsExact.ShouldBeTrue();
        int d = model.ParameterCount;
        var fields = SymbolicMetricRank.MirrorFields(model);
        r.IndependentLawCount.ShouldBe(SymbolicMetricRank.LawCount(fields, d));

        // One linear law per hidden unit, Σ in-weights (+ bias) − Σ out-weights, each exact and all independent.
        int hidden = widths.Skip(1).Take(widths.Length - 2).Sum();
        r.Laws.Count.ShouldBe(hidden);
        r.IndependentPolynomialLawCount.ShouldBe(hidden);
        foreach (var law in r.Laws)
        {
            law.Degree.ShouldBe(1);
            var h = SymbolicMetricRank.Polynomial(law.Polynomial.Terms.Select(t => (t.Value, (System.Collections.Generic.IReadOnlyList<int>)t.Key.Items)));
            SymbolicMetricRank.IsLaw(h, fields, d).ShouldBeTrue(law.ToString());
        }

        r.Complete.ShouldBe(r.IndependentLawCount == hidden);
    }

    [Fact]
    public void Mirror_laws_of_a_factorisation_are_the_column_sums()
    {
        // Y ≈ UVᵀ with U = W2 (3×2) and V = W1ᵀ (4×2): Σ_j V_jk − Σ_i U_ik per column k.
        var model = TestModels.Linear(4, 2, 3);
        var r = MetricFlowAnalysis.CountMirror(model, Unbudgeted);
        r.Laws.Select(l => l.Formula).ShouldBe(new[]
        {
            "W1[0,0] + W1[0,1] + W1[0,2] + W1[0,3] - W2[0,0] - W2[1,0] - W2[2,0]",
            "W1[1,0] + W1[1,1] + W1[1,2] + W1[1,3] - W2[0,1] - W2[1,1] - W2[2,1]",
        });
    }

    [Fact]
    public void Mirror_laws_too_long_to_print_term_by_term_read_as_slice_sums()
    {
        // 30 inputs with a bias and 2 outputs: 33 terms per law, more than are printed one by one.
        var model = new ModelDescription(new BlockSpec[] { new LayerSpec(30, 3, ActivationKind.Identity, true), new LayerSpec(3, 2, ActivationKind.Identity, false) });
        var r = MetricFlowAnalysis.CountMirror(model, Unbudgeted);
        r.Laws.Select(l => l.Formula).ShouldBe(new[]
        {
            "sum(W1[0,:]) + b1[0] - sum(W2[:,0])",
            "sum(W1[1,:]) + b1[1] - sum(W2[:,1])",
            "sum(W1[2,:]) + b1[2] - sum(W2[:,2])",
        });
        // The text says what the law is: its value is the row sum plus the bias minus the column sum, at any θ.
        var rng = new System.Random(5);
        var theta = Enumerable.Range(0, model.ParameterCount).Select(_ => rng.NextDouble() - 0.5).ToArray();
        for (int unit = 0; unit < 3; unit++)
        {
            double direct = Enumerable.Range(0, 30).Sum(c => theta[unit * 30 + c]) + theta[90 + unit] - Enumerable.Range(0, 2).Sum(o => theta[93 + o * 3 + unit]);
            r.Laws[unit].Evaluate(theta).ShouldBe(direct, 1e-12);
        }
    }

    [Theory]
    [InlineData(ActivationKind.ReLU, "relu")]
    [InlineData(ActivationKind.Tanh, "tanh")]
    public void Mirror_flow_refuses_nonlinear_chains(ActivationKind activation, string name)
    {
        var r = MetricFlowAnalysis.CountMirror(ModelDescription.FromWidths(new[] { 2, 2, 1 }, activation, bias: false));
        r.Status.ShouldBe(AnalysisStatus.Invalid);
        r.Message!.ShouldContain("linear chains only");
        r.Message!.ShouldContain(name);
        r.IndependentLawCount.ShouldBeNull();
    }

    [Fact]
    public void Invalid_models_are_results_not_exceptions()
    {
        var model = new ModelDescription(new BlockSpec[] { new LayerSpec(2, 3, ActivationKind.Identity, false), new LayerSpec(4, 1, ActivationKind.Identity, false) });
        var rates = LayerRates.Create(model, new[] { 1m, 2m }, out _)!;
        var r = MetricFlowAnalysis.CountLayerRates(model, rates);
        r.Status.ShouldBe(AnalysisStatus.Invalid);
        r.Message.ShouldNotBeNullOrEmpty();
        r.IndependentLawCount.ShouldBeNull();
        var m = MetricFlowAnalysis.CountMirror(model);
        m.Status.ShouldBe(AnalysisStatus.Invalid);
        m.IndependentLawCount.ShouldBeNull();
    }

    [Fact]
    public void Mirror_laws_do_not_depend_on_the_maximum_degree()
    {
        var model = TestModels.Linear(2, 2, 2);
        MetricFlowAnalysis.CountMirror(model, new AnalysisOptions { MaxDegree = 1 }).Laws.Count.ShouldBe(2);
    }

    [Fact]
    public void Rates_are_validated()
    {
        var model = TestModels.Linear(2, 2, 2);
        LayerRates.Create(model, new[] { 1m }, out var error).ShouldBeNull();
        error.ShouldBe("The model has 2 layers but 1 layer rate was given: give exactly one positive factor per layer.");
        LayerRates.Create(model, new[] { 1m, 0m }, out error).ShouldBeNull();
        error!.ShouldContain("layer 2");
        LayerRates.Parse("1,x", out error).ShouldBeNull();
        error.ShouldBe("Layer rate 2 ('x') is not a number.");
        LayerRates.Parse("1,-2", out error).ShouldBeNull();
        error!.ShouldContain("not positive");
        LayerRates.Parse("1,,2", out error).ShouldBeNull();
        error!.ShouldContain("empty");
        LayerRates.Parse("1, 0.5 ,2e-1", out error)!.ShouldBe(new[] { 1m, 0.5m, 0.2m });
        // Numbers an exact decimal cannot hold: said so, not "not a number" or "not positive".
        LayerRates.Parse("1,1e-400", out error).ShouldBeNull();
        error.ShouldBe("Layer rate 2 ('1e-400') is too small: rates are read as exact decimals, down to 1e-28.");
        LayerRates.Parse("1e400,1", out error).ShouldBeNull();
        error.ShouldBe("Layer rate 1 ('1e400') is too large: rates are read as exact decimals, up to about 7.9e28.");
        LayerRates.Parse("1,Infinity", out error).ShouldBeNull();
        error.ShouldBe("Layer rate 2 ('Infinity') is not a number.");
        LayerRates.Parse("1,NaN", out error).ShouldBeNull();
        error.ShouldBe("Layer rate 2 ('NaN') is not a number.");
    }

    [Fact]
    public void Reduction_holds_exactly_when_each_linear_run_has_one_bias_constant()
    {
        var linearBias = ModelDescription.FromWidths(new[] { 1, 2, 2, 1 }, ActivationKind.Identity, bias: true);
        MetricFlowAnalysis.ReductionHolds(linearBias, 0, 2, Rates(linearBias, 1, 1, 1)).ShouldBeTrue();
        MetricFlowAnalysis.ReductionHolds(linearBias, 0, 2, Rates(linearBias, 2, 1, 0.25m)).ShouldBeFalse();
        // Biases on layers 2 and 3 only: Π_{l≥2} η_l = Π_{l≥3} η_l iff η_2 = 1.
        var late = new ModelDescription(new[] { new LayerSpec(1, 2, ActivationKind.Identity, false), new LayerSpec(2, 2, ActivationKind.Identity, true), new LayerSpec(2, 1, ActivationKind.Identity, true) });
        MetricFlowAnalysis.ReductionHolds(late, 0, 2, Rates(late, 5, 1, 0.25m)).ShouldBeTrue();
        MetricFlowAnalysis.ReductionHolds(late, 0, 2, Rates(late, 5, 2, 0.25m)).ShouldBeFalse();
        var relu = TestModels.Relu(true, 1, 2, 2, 1);
        MetricFlowAnalysis.ReductionHolds(relu, 0, 2, Rates(relu, 2, 1, 0.5m)).ShouldBeTrue();
    }
}
