using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Threading;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.HomogeneousUnits;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Lie;
using ConservationCodegen.Engine.Metric;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>
/// Counts and lists the conservation laws of metric flows θ̇ = −M(θ)∇L (docs/momentum.md): layer-wise learning rates
/// (M = diag(η_l) per layer) and the entropic mirror flow (M = diag(θ)) of positive linear factorisations. The laws are
/// derived exactly from the verified gradient-flow laws; the count is the Lie rank of the fields Mχ_i by the same modular
/// bracket iteration and certificate as the gradient-flow count, or, for layer rates where the reduction of
/// docs/momentum.md applies, the gradient-flow count itself. Never throws except on cancellation.
/// </summary>
public static class MetricFlowAnalysis
{
    /// <summary>Laws and count of the gradient flow with layer-wise learning rates θ̇ = −diag(η)∇L.</summary>
    public static MetricFlowResult CountLayerRates(ModelDescription model, LayerRates rates, AnalysisOptions? options = null, CancellationToken cancellationToken = default) =>
        Guarded("gradient", rates, model, () => LayerRatesCore(model, rates, options ?? new AnalysisOptions(), cancellationToken));

    private static MetricFlowResult LayerRatesCore(ModelDescription model, LayerRates rates, AnalysisOptions options, CancellationToken cancellationToken)
    {
        var result = new MetricFlowResult("gradient", rates, AnalysisStatus.Completed, SafeParameterCount(model));
        if (model.Loss != OutputLoss.Any) return Refuse(result, AnalysisStatus.Invalid, MomentumAnalysis.SoftmaxRefused("flow with layer rates").Message);
        var gf = ConservationAnalysis.Analyze(model, options, cancellationToken);
        if (gf.Status is AnalysisStatus.Invalid or AnalysisStatus.InternalError)
            return Refuse(result, gf.Status, gf.Message ?? "The model was not analysed.");
        if (rates.Rates.Count != model.Layers.Count)
            return Refuse(result, AnalysisStatus.Invalid, string.Format(CultureInfo.InvariantCulture,
                "The model has {0} layers but {1} layer rates were given.", model.Layers.Count, rates.Rates.Count));
        if (model.Layers.Any(l => l is GatedLinearUnitSpec))
            return Refuse(result, AnalysisStatus.Invalid, "Layer-wise rates are not analysed for gated linear units in this version of the engine.");

        var notes = new List<string>();
        var meter = new WorkMeter(options.WorkBudget, cancellationToken, options.WallClockLimit);
        meter.Record(gf.WorkUsed);
        var rng = new DeterministicRandom(options.Seed ^ 0x5EED_AB1EUL);
        var layerOf = LayerRates.LayerOfParameters(model);
        if (!rates.TryScaleModP(model, out var scale, out var inverse, out int bad))
            return Refuse(result, AnalysisStatus.Invalid, string.Format(CultureInfo.InvariantCulture,
                "The rate of layer {0} cannot be used: its numerator or denominator is divisible by the engine's prime {1}.", bad + 1, ModP.P));

        // The laws: every gradient-flow law whose terms each lie in one layer carries over as Σ_l h_l/η_l.
        var laws = new List<MetricLaw>();
        var droppedAt = new List<int>();
        foreach (var law in gf.Laws)
        {
            // A Gram entry or balance pairs entries of one block with each other (W_kW_kᵀ, b_kb_kᵀ, W_{k+1}ᵀW_{k+1}, β²):
            // separable by construction. Any other law is checked term by term.
            if (law.Family is not GramFamily)
            {
                var p = law.Polynomial;
                bool separable = p.Terms.Keys.All(k => k.Items.All(v => rates.Rates[layerOf[v]] == rates.Rates[layerOf[k.Items[0]]]));
                if (!separable)
                {
                    droppedAt.Add(p.Terms.Keys.First(k => k.Length > 0).Items[0]);
                    continue;
                }
            }

            laws.Add(new MetricLaw(model, law.Name, law, null, rates, layerOf));
        }

        int dropped = droppedAt.Count;
        if (dropped > 0)
            notes.Add(string.Format(CultureInfo.InvariantCulture,
                "{0} gradient-flow law{1} couple{2} parameters of different layers and {3} not carried over to the rescaled flow (such a law is conserved only when those layers share a rate).",
                dropped, dropped == 1 ? "" : "s", dropped == 1 ? "s" : "", dropped == 1 ? "is" : "are"));

        var components = ModelComponents.Of(model);
        int counted = 0, lie = 0, lawRank = 0, rounds = 0, dimW = 0;
        bool exact = true, complete = true, dimKnown = true, lawRankKnown = true;
        var certificates = new List<string>();
        string? stop = null;
        try
        {
            for (int ci = 0; ci < components.Count; ci++)
            {
                var c = components[ci];
                var s = gf.Segments.Count == components.Count ? gf.Segments[ci] : null;
                string layers = c.FirstLayer == c.LastLayer
                    ? "layer " + (c.FirstLayer + 1).ToString(CultureInfo.InvariantCulture)
                    : string.Format(CultureInfo.InvariantCulture, "layers {0}–{1}", c.FirstLayer + 1, c.LastLayer + 1);
                bool uniform = rates.Uniform(c.FirstLayer, c.LastLayer);
                bool reduction = !uniform && c is DenseSegment && ReductionHolds(model, c.FirstLayer, c.LastLayer, rates);
                if ((uniform || reduction) && s is not null)
                {
                    if (s.LieTraceRank is not int sr)
                    {
                        notes.Add(string.Format(CultureInfo.InvariantCulture, "Segment {0} ({1}) is not counted: its gradient-flow count is not available (see the gradient-flow analysis).", c.Index + 1, layers));
                        continue;
                    }

                    notes.Add(string.Format(CultureInfo.InvariantCulture, uniform
                            ? "Segment {0} ({1}): one rate on the whole segment; M is a multiple of the identity there, so its count and laws are those of gradient flow (the laws divided by the rate)."
                            : "Segment {0} ({1}): counted by reduction: with S = diag(√η), ψ = S⁻¹θ follows the gradient flow of L(Sψ), and every coordinate of φ(Sψ) is a positive constant times that of φ(ψ) (every monomial of a coordinate crosses layers with the same product of rates), so the count is the gradient-flow count.",
                        c.Index + 1, layers));
                    counted++;
                    lie += sr;
                    if (s.DimW is int dw) dimW += dw; else dimKnown = false;
                    if (s.IndependentPolynomialLawCount is int lr) lawRank += lr; else lawRankKnown = false;
                    rounds = Math.Max(rounds, s.BracketRounds ?? 0);
                    // Complete when the gradient-flow laws were, and every one of them carried over.
                    bool lost = droppedAt.Any(v => v >= c.ParameterStart && v < c.ParameterStart + c.ParameterCount);
                    exact &= s.CountIsExact;
                    complete &= s.Complete && !lost;
                    certificates.Add(lost ? "none" : s.Certificate);
                    continue;
                }

                if (c.CountUnavailable is { } why)
                {
                    notes.Add(string.Format(CultureInfo.InvariantCulture, "Segment {0} ({1}) is not counted: {2}.", c.Index + 1, layers, why));
                    continue;
                }

                int n = c.ParameterCount, start = c.ParameterStart;
                var local = new List<IntegerPolynomial>();
                foreach (var m in laws)
                {
                    var vars = m.Polynomial.Terms.Keys.SelectMany(k => k.Items).ToList();
                    if (vars.Count == 0 || vars[0] < start || vars[0] >= start + n) continue;
                    var q = new IntegerPolynomial();
                    foreach (var kv in m.Polynomial.Terms) q.Add(new IntArrayKey(kv.Key.Items.Select(v => v - start).ToArray()), kv.Value);
                    local.Add(q);
                }

                double bytes = LieRankCounter.EstimatedBytes(n, Math.Min(n, local.Count));
                double estimate = (c is HomogeneousUnitSegment ? 8 : 1) * LieRankCounter.EstimatedCost(n, local.Count, Math.Min(n, local.Count));
                if (bytes > options.MaxCountBytes || !meter.CanAfford(estimate))
                {
                    stop ??= "the budget";
                    notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "Segment {0} ({1}) is not counted: the reduction to gradient flow does not apply (a linear run with biases on layers of different rates, a residual connection or a RePU/Power/Swish unit), and its direct count on {2} parameters does not fit the budget.",
                        c.Index + 1, layers, n));
                    continue;
                }

                var localScale = new uint[n];
                var localInverse = new uint[n];
                Array.Copy(scale, start, localScale, 0, n);
                Array.Copy(inverse, start, localInverse, 0, n);
                var r = LieRankCounter.Count(n, g => new ScaledField(c.RandomGradient(g), localScale), local, rng, meter,
                    Math.Min(options.MaxCountBytes, LieRankCounter.DefaultMaxJetBytes), localInverse);
                counted++;
                lie += r.LieRank;
                if (r.DimW >= 0) dimW += r.DimW; else dimKnown = false;
                lawRank += r.LawGradientRank;
                rounds = Math.Max(rounds, r.BracketRounds);
                // Fields that sample activation patterns (many RePU units) give a stable rank no high-probability reading.
                bool sampled = c is HomogeneousUnitSegment { SamplesPatterns: true };
                exact &= r.Closed || r.Stable && !sampled;
                complete &= r.Closed;
                certificates.Add(r.Closed ? "computed" : "none");
                notes.Add(string.Format(CultureInfo.InvariantCulture, r.Closed
                        ? "Segment {0} ({1}): counted directly, as the Lie rank of the fields Mχ_i (rank of fields and brackets + rank of the rescaled laws' gradients = {2}: certified)."
                        : r.Stable && !sampled
                            ? "Segment {0} ({1}): counted directly, as the Lie rank of the fields Mχ_i; the rank stopped growing at a random point (exact with high probability, not certified)."
                            : "Segment {0} ({1}): counted directly, as the Lie rank of the fields Mχ_i; the bracket iteration was stopped, or its fields sample activation patterns, so its count is an upper bound.",
                    c.Index + 1, layers, n));
                if (r.BudgetStop is not null)
                {
                    stop = "the budget";
                    break;
                }
            }
        }
        catch (WorkBudgetExceededException)
        {
            stop = "the budget";
        }

        bool all = counted == components.Count;
        result.IndependentLawCount = all ? model.ParameterCount - lie : null;
        result.LieRank = all ? lie : null;
        result.DimW = all && dimKnown ? dimW : null;
        result.IndependentPolynomialLawCount = all && lawRankKnown ? lawRank : null;
        result.BracketRounds = counted > 0 ? rounds : null;
        result.CountIsExact = all && exact;
        result.Complete = all && complete;
        var distinct = certificates.Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        result.Certificate = !all || distinct.Count == 0 || distinct.Contains("none") ? "none" : string.Join("+", distinct);
        result.Laws = laws;
        result.Notes = notes;
        result.WorkUsed = meter.Used;
        if (stop is not null || gf.Status == AnalysisStatus.TooLarge)
        {
            result.Status = AnalysisStatus.TooLarge;
            result.Message = gf.Status == AnalysisStatus.TooLarge ? gf.Message : "The count did not finish within the budget.";
        }

        return result;
    }

    /// <summary>
    /// Laws and count of the entropic mirror flow θ̇ = −diag(θ)∇L of a positive factorisation: a chain of dense layers
    /// joined by identity activations (biases allowed). Other models are refused with a message.
    /// </summary>
    public static MetricFlowResult CountMirror(ModelDescription model, AnalysisOptions? options = null, CancellationToken cancellationToken = default) =>
        Guarded("mirror", null, model, () => MirrorCore(model, options ?? new AnalysisOptions(), cancellationToken));

    private static MetricFlowResult MirrorCore(ModelDescription model, AnalysisOptions options, CancellationToken cancellationToken)
    {
        var result = new MetricFlowResult("mirror", null, AnalysisStatus.Completed, SafeParameterCount(model));
        if (model.Loss != OutputLoss.Any) return Refuse(result, AnalysisStatus.Invalid, MomentumAnalysis.SoftmaxRefused("mirror flow").Message);
        for (int k = 0; k < model.Layers.Count; k++)
        {
            var spec = model.Layers[k];
            if (spec is not LayerSpec || spec.ResidualFrom >= 0 || spec.HasBeta)
                return Refuse(result, AnalysisStatus.Invalid, string.Format(CultureInfo.InvariantCulture,
                    "The mirror flow is counted for chains of dense layers only (positive factorisations such as NMF); layer {0} is {1}.",
                    k + 1, spec.ResidualFrom >= 0 ? "the end of a residual connection" : spec.HasBeta ? "followed by a trainable-β Swish" : "a " + spec.KindName + " block"));
            if (k < model.Layers.Count - 1 && spec.Activation != ActivationKind.Identity)
                return Refuse(result, AnalysisStatus.Invalid, string.Format(CultureInfo.InvariantCulture,
                    "The mirror flow is counted for linear chains only (positive factorisations such as NMF): layer {0} is followed by {1}, not the identity.",
                    k + 1, ActivationKinds.DisplayName(spec)));
        }

        // The linear laws come from the quadratic gradient-flow balances, which the analysis verifies from degree 2 on.
        var gf = ConservationAnalysis.Analyze(model, options with { MaxDegree = Math.Max(2, options.MaxDegree) }, cancellationToken);
        if (gf.Status is AnalysisStatus.Invalid or AnalysisStatus.InternalError)
            return Refuse(result, gf.Status, gf.Message ?? "The model was not analysed.");

        // The laws: each gradient-flow law Σ c_i θ_i² (a diagonal Gram entry) gives the linear law Σ c_i θ_i.
        var laws = new List<MetricLaw>();
        foreach (var law in gf.Laws)
        {
            if (law.Kind != LawKind.GramEntry || law.Row != law.Column) continue;
            var p = law.Polynomial;
            if (!p.Terms.Keys.All(k => k.Length == 2 && k.Items[0] == k.Items[1])) continue;
            var linear = new IntegerPolynomial();
            foreach (var kv in p.Terms) linear.Add(Monomial.Of(kv.Key.Items[0]), kv.Value);
            laws.Add(new MetricLaw(model, law.Name, law, linear, null, null));
        }

        var notes = new List<string>();
        var meter = new WorkMeter(options.WorkBudget, cancellationToken, options.WallClockLimit);
        meter.Record(gf.WorkUsed);
        var rng = new DeterministicRandom(options.Seed ^ 0x0E17_0E17UL);
        var components = ModelComponents.Of(model);
        int lie = 0, lawRank = 0, rounds = 0, dimW = 0, counted = 0;
        bool exact = true, complete = true;
        string? stop = null;
        try
        {
            foreach (var c in components)
            {
                int n = c.ParameterCount, start = c.ParameterStart;
                var local = new List<IntegerPolynomial>();
                foreach (var m in laws)
                {
                    var q = new IntegerPolynomial();
                    foreach (var kv in m.Polynomial.Terms) q.Add(new IntArrayKey(kv.Key.Items.Select(v => v - start).ToArray()), kv.Value);
                    local.Add(q);
                }

                double bytes = LieRankCounter.EstimatedBytes(n, Math.Min(n, local.Count));
                double estimate = LieRankCounter.EstimatedCost(n, local.Count, Math.Min(n, local.Count));
                if (bytes > options.MaxCountBytes || !meter.CanAfford(estimate))
                {
                    stop = "the budget";
                    notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "The mirror flow's count on {0} parameters does not fit the budget; its {1} linear laws are exact.", n, laws.Count));
                    break;
                }

                var r = LieRankCounter.Count(n, g => new MirrorField(c.RandomGradient(g)), local, rng, meter, Math.Min(options.MaxCountBytes, LieRankCounter.DefaultMaxJetBytes));
                counted++;
                lie += r.LieRank;
                dimW += Math.Max(0, r.DimW);
                lawRank += r.LawGradientRank;
                rounds = Math.Max(rounds, r.BracketRounds);
                exact &= r.Closed || r.Stable;
                complete &= r.Closed;
                if (!r.Closed)
                    notes.Add(r.Stable
                        ? string.Format(CultureInfo.InvariantCulture,
                            "{0} independent laws with high probability (the rank of the fields θ⊙χ_i and their brackets stopped growing at a random point; not certified); the {1} linear laws listed are {2} of them (the others need not be polynomial, and are not listed).",
                            n - r.LieRank, r.LawGradientRank, r.LawGradientRank == n - r.LieRank ? "all" : "only part")
                        : "The bracket iteration was stopped before its rank was stable: the count is an upper bound.");
                if (r.BudgetStop is not null)
                {
                    stop = "the budget";
                    break;
                }
            }
        }
        catch (WorkBudgetExceededException)
        {
            stop = "the budget";
        }

        bool all = counted == components.Count;
        result.IndependentLawCount = all ? model.ParameterCount - lie : null;
        result.LieRank = all ? lie : null;
        result.DimW = all ? dimW : null;
        result.IndependentPolynomialLawCount = all ? lawRank : null;
        result.BracketRounds = counted > 0 ? rounds : null;
        result.CountIsExact = all && exact;
        result.Complete = all && complete;
        result.Certificate = all && complete ? "computed" : "none";
        result.Laws = laws;
        result.Notes = notes;
        result.WorkUsed = meter.Used;
        if (stop is not null)
        {
            result.Status = AnalysisStatus.TooLarge;
            result.Message = "The mirror flow's count did not finish within the budget.";
        }

        return result;
    }

    /// <summary>
    /// True when, in the dense segment of layers [first, last], every coordinate of φ(Sθ) is a constant times that of
    /// φ(θ) (S = diag(√η) per layer): a monomial of φ takes one parameter from every layer from where it starts (the
    /// segment's input or a bias) to the segment's end, and a coordinate of φ sums monomials that start at the same
    /// layer, except the effective bias of a linear run, which sums monomials starting at each of its biased layers. So
    /// the condition is: in every linear run, Π_{l ≥ k} η_l (over the run) is the same for every biased layer k.
    /// </summary>
    internal static bool ReductionHolds(ModelDescription model, int first, int last, LayerRates rates)
    {
        int runStart = first;
        for (int k = first; k <= last; k++)
        {
            bool runEnds = k == last || model.Layers[k].Activation != ActivationKind.Identity;
            if (!runEnds) continue;
            (BigInteger N, BigInteger D)? product = null;
            (BigInteger N, BigInteger D) running = (BigInteger.One, BigInteger.One);
            for (int l = k; l >= runStart; l--)
            {
                var (n, d) = rates.Fraction(l);
                running = (running.N * n, running.D * d);
                if (!model.Layers[l].HasBias) continue;
                if (product is null) product = running;
                else if (product.Value.N * running.D != running.N * product.Value.D) return false;
            }

            runStart = k + 1;
        }

        return true;
    }

    // Every failure but cancellation becomes a result with status InternalError.
    private static MetricFlowResult Guarded(string flow, LayerRates? rates, ModelDescription model, Func<MetricFlowResult> run)
    {
        try
        {
            return run();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            return Refuse(new MetricFlowResult(flow, rates, AnalysisStatus.InternalError, SafeParameterCount(model)), AnalysisStatus.InternalError,
                "Internal error in the metric-flow count: " + e.GetType().Name + ": " + e.Message);
        }
    }

    private static int SafeParameterCount(ModelDescription model)
    {
        try
        {
            return model.ParameterCount;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return -1;
        }
    }

    private static MetricFlowResult Refuse(MetricFlowResult result, AnalysisStatus status, string message)
    {
        result.Status = status;
        result.Message = message;
        return result;
    }
}
