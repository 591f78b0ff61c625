using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.HomogeneousUnits;
using ConservationCodegen.Engine.Lie;
using ConservationCodegen.Engine.Metric;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Momentum;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>
/// Counts the conservation laws of the momentum flow τθ̈ + θ̇ = −∇L (docs/certificates.md, "Momentum flow"): per
/// component, the Lie rank of the phase-space generators Y_{i,k} built from the component's gradient fields, by the same
/// modular bracket iteration as the gradient-flow count. Components act on disjoint parameters, so their counts add;
/// a two-layer gated segment is counted one hidden unit at a time (<see cref="UnitDecomposition"/>).
/// Dense segments, residual regions and RePU/Power segments are counted; trainable-β Swish segments, and regions with a skip across a
/// non-homogeneous activation, are reported as not counted. Never throws except on cancellation.
/// </summary>
public static class MomentumAnalysis
{
    /// <summary>
    /// The refusal of a flow other than gradient flow for a model declared with softmax cross-entropy: its count would
    /// have to apply the reduction of docs/certificates.md §10 to that flow's fields, which this version does not do.
    /// </summary>
    internal static ModelError SoftmaxRefused(string flow) => new(ModelErrorKind.Unsupported, -1,
        "The " + flow + " is counted for every loss only; a model declared with softmax cross-entropy is counted under gradient flow (its translation laws are exact under SGD and heavy ball), not under the " + flow + ".");

    // Largest gradient degree of a RePU/Power segment the momentum count takes: each field costs degree + 1 evaluations.
    private const int MaxUnitDegree = 64;

    /// <summary>Counts the momentum laws of a model within the options' work budget.</summary>
    public static MomentumCountResult Count(ModelDescription model, AnalysisOptions? options = null, CancellationToken cancellationToken = default) =>
        Count(model, null, options, cancellationToken);

    /// <summary>
    /// Counts the momentum laws of τθ̈ + θ̇ = −M∇L with layer-wise learning rates M = diag(η_l) (docs/momentum.md): the
    /// phase-space generators are built from the fields Mχ_i, and the rotation charges become ⟨Xa, M⁻¹b⟩/τ (X acts within
    /// layers, so it commutes with M). With <paramref name="rates"/> null this is the plain momentum count.
    /// </summary>
    public static MomentumCountResult Count(ModelDescription model, LayerRates? rates, AnalysisOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AnalysisOptions();
        int d = model.ParameterCount;
        var errors = model.Validate().ToList();
        if (options.WorkBudget <= 0)
            errors.Add(new ModelError(ModelErrorKind.InvalidOption, -1, "The work budget must be positive."));
        if (errors.Count == 0) errors.AddRange(ConservationAnalysis.NotYetAnalysed(model));
        if (errors.Count == 0 && model.Loss != OutputLoss.Any) errors.Add(SoftmaxRefused("momentum flow"));
        if (errors.Count == 0 && model.Layers.Any(l => l is GatedLinearUnitSpec))
            errors.Add(new ModelError(ModelErrorKind.Unsupported, -1,
                "The momentum count is not available for gated linear units in this version of the engine."));
        if (errors.Count == 0 && rates is not null && rates.Rates.Count != model.Layers.Count)
            errors.Add(new ModelError(ModelErrorKind.InvalidOption, -1, string.Format(CultureInfo.InvariantCulture,
                "The model has {0} layers but {1} layer rates were given.", model.Layers.Count, rates.Rates.Count)));
        uint[]? scale = null, inverseScale = null;
        int[]? layerOf = null;
        if (errors.Count == 0 && rates is not null)
        {
            layerOf = LayerRates.LayerOfParameters(model);
            if (!rates.TryScaleModP(model, out var s, out var inverse, out int bad))
                errors.Add(new ModelError(ModelErrorKind.InvalidOption, bad, "A layer rate's numerator or denominator is divisible by the engine's prime."));
            else
                (scale, inverseScale) = (s, inverse);
        }

        if (errors.Count > 0)
            return new MomentumCountResult(AnalysisStatus.Invalid, d, null, false, false, "none", null, null, null, null,
                Array.Empty<string>(), string.Join(" ", errors.Select(e => e.Message)), 0);

        var meter = new WorkMeter(options.WorkBudget, cancellationToken, options.WallClockLimit);
        var rng = new DeterministicRandom(options.Seed);
        var notes = new List<string>();
        int counted = 0, laws = 0, generatorRank = 0, lieRank = 0, rounds = 0, knownRank = 0;
        bool exact = true, complete = true, generatorRankKnown = true;
        string? stop = null;
        List<IComponent>? components = null;
        try
        {
            components = ModelComponents.Of(model);
            foreach (var c in components)
            {
                int degree;
                switch (c)
                {
                    case DenseSegment segment:
                        degree = segment.GradientDegreeBound;
                        break;
                    case ResidualRegion { CountUnavailable: null } region:
                        degree = region.GradientDegreeBound;
                        break;
                    case HomogeneousUnitSegment { CountUnavailable: null } units when units.GradientDegreeBound <= MaxUnitDegree:
                        // RePU and Power units: the fields of every activation pattern are polynomial (the pattern is
                        // constant on an interval of s around a generic point, as for ReLU gates).
                        degree = units.GradientDegreeBound;
                        break;
                    case Attention.AttentionBlock:
                        notes.Add(string.Format(CultureInfo.InvariantCulture,
                            "Segment {0} (layer {1}, attention) is not counted: this version does not count attention blocks under momentum.", c.Index + 1, c.FirstLayer + 1));
                        continue;
                    default:
                        notes.Add(string.Format(CultureInfo.InvariantCulture,
                            "Segment {0} (layers {1}–{2}) is not counted: the momentum count handles dense segments, residual regions and RePU/Power segments whose gradient fields are modelled exactly (not trainable-β Swish or leaky-ReLU units next to them, nor a skip across a non-homogeneous activation, nor a segment that ends with a normalisation, nor fields of degree above " + MaxUnitDegree.ToString(CultureInfo.InvariantCulture) + ").",
                            c.Index + 1, c.FirstLayer + 1, c.LastLayer + 1));
                        continue;
                }

                // A deeper gated segment keeps no law when a chain of one unit per hidden level keeps none
                // (UnitDecomposition.TryThinChain); otherwise it is counted whole below.
                if (scale is null && c is DenseSegment deep && UnitDecomposition.TryThinChain(model, deep, out var chain))
                {
                    var thin = (DenseSegment)ModelComponents.Of(chain)[0];
                    int thinN = 2 * thin.ParameterCount, thinDegree = thin.GradientDegreeBound;
                    if (LieRankCounter.EstimatedBytes(thinN, 0) <= options.MaxCountBytes)
                    {
                        var thinInverse = VandermondeInverse.For(thinDegree);
                        var thinLie = LieRankCounter.Count(thinN, r => new MomentumGeneratorField(thin.RandomGradient(r), thinDegree, thinInverse, r),
                            Array.Empty<IntegerPolynomial>(), rng, meter, Math.Min(options.MaxCountBytes, LieRankCounter.DefaultMaxJetBytes));
                        if (thinLie.LieRank == thinN)
                        {
                            counted++;
                            lieRank += 2 * c.ParameterCount;
                            generatorRankKnown = false;
                            rounds = Math.Max(rounds, thinLie.BracketRounds);
                            notes.Add(string.Format(CultureInfo.InvariantCulture,
                                "Segment {0}: no momentum law, certified from a chain of one unit per hidden level ({1} parameters), whose generators fill its phase space; every parameter lies on such a chain.",
                                c.Index + 1, thin.ParameterCount));
                            continue;
                        }

                        if (thinLie.BudgetStop is not null) throw thinLie.BudgetStop;
                    }
                }

                // A two-layer gated segment splits into identical one-unit blocks: count one (UnitDecomposition). Under
                // layer rates the segment is counted whole (the scales below are laid out for it).
                IComponent part = c;
                int copies = 1;
                if (scale is null && c is DenseSegment dense && UnitDecomposition.TryRepresentative(model, dense, out var unit, out int unitCount))
                {
                    copies = unitCount;
                    var representative = (DenseSegment)ModelComponents.Of(unit)[0];
                    part = representative;
                    degree = representative.GradientDegreeBound;
                    notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "Segment {0}: counted as {1} identical blocks of one hidden unit ({2} parameters each); the hidden units' phase-space generators have disjoint supports, and an output bias keeps no law.",
                        c.Index + 1, copies, part.ParameterCount));
                }

                int n = 2 * part.ParameterCount, full = 2 * c.ParameterCount;
                // Refused up front, as the gradient-flow count is, when its elimination rows would not fit the memory
                // limit; the work budget stops it as it goes (what it reached is then an upper bound).
                double bytes = LieRankCounter.EstimatedBytes(n, 0);
                if (bytes > options.MaxCountBytes)
                {
                    stop ??= "the memory limit";
                    // What is still known: the rotation charges are momentum laws (certificates.md §9), whatever the count.
                    long refusedCharges = RotationCharges.Levels(c).Sum(l => (long)l.Width * (l.Width - 1) / 2);
                    notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "Segment {0} is not counted: its momentum count on a phase space of {1} dimensions needs about {2:0} MiB of elimination rows, above the {3:0} MiB limit.",
                        c.Index + 1, n, bytes / 1048576, options.MaxCountBytes / 1048576.0));
                    if (refusedCharges > 0)
                        notes.Add(string.Format(CultureInfo.InvariantCulture,
                            "Segment {0}: its {1} rotation charge{2} <Xa, b>/τ of linear hidden levels {3} momentum law{2}, so it keeps at least as many laws as there are independent ones among them.",
                            c.Index + 1, refusedCharges, refusedCharges == 1 ? "" : "s", refusedCharges == 1 ? "is a" : "are"));
                    continue;
                }

                var inverse = VandermondeInverse.For(degree);
                uint[]? localScale = null, chargeScale = null;
                if (scale is not null)
                {
                    int half = c.ParameterCount;
                    localScale = new uint[half];
                    Array.Copy(scale, c.ParameterStart, localScale, 0, half);
                    chargeScale = new uint[2 * half];
                    Array.Copy(inverseScale!, c.ParameterStart, chargeScale, 0, half);
                    Array.Copy(inverseScale!, c.ParameterStart, chargeScale, half, half);
                }

                FieldExpression Draw(DeterministicRandom r) => new MomentumGeneratorField(
                    localScale is null ? part.RandomGradient(r) : new ScaledField(c.RandomGradient(r), localScale), degree, inverse, r);
                // The rotation charges are laws (certificates.md §9): their gradients can close the count from below.
                IReadOnlyList<IntegerPolynomial> charges = Array.Empty<IntegerPolynomial>();
                var levels = RotationCharges.Levels(part);
                long terms = RotationCharges.TermCount(levels);
                if (terms <= RotationCharges.MaxTerms)
                {
                    meter.Charge(20 * terms, "momentum charges");
                    charges = RotationCharges.Of(levels, part.ParameterStart, part.ParameterCount);
                    if (rates is not null)
                    {
                        // Under layer rates a charge J = ⟨Xa, b⟩ becomes ⟨Xa, M⁻¹b⟩, whose gradient is M⁻¹∇J, when every
                        // term of J pairs parameters of layers with one rate; the others are left out (no certificate from them).
                        int half = c.ParameterCount, start = c.ParameterStart;
                        decimal Rate(int v) => rates.Rates[layerOf![start + v % half]];
                        var kept = charges.Where(j => j.Terms.Keys.All(k => k.Items.All(v => Rate(v) == Rate(k.Items[0])))).ToList();
                        if (kept.Count < charges.Count)
                            notes.Add(string.Format(CultureInfo.InvariantCulture,
                                "Segment {0}: {1} rotation charge{2} pair{3} layers of different rates and {4} left out.", c.Index + 1, charges.Count - kept.Count,
                                charges.Count - kept.Count == 1 ? "" : "s", charges.Count - kept.Count == 1 ? "s" : "", charges.Count - kept.Count == 1 ? "is" : "are"));
                        charges = kept;
                    }
                }
                else
                {
                    notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "Segment {0}: its rotation charges ({1} terms) were not built; only a rank of 2D can certify its count.", c.Index + 1, terms));
                }

                SegmentLieResult lie;
                try
                {
                    lie = LieRankCounter.Count(n, Draw, charges, rng, meter, Math.Min(options.MaxCountBytes, LieRankCounter.DefaultMaxJetBytes), chargeScale);
                }
                catch (WorkBudgetExceededException e)
                {
                    // Stopped while the charges' gradients went in: nothing of this component is known.
                    stop = e.Stage.EndsWith("wall-clock limit", StringComparison.Ordinal) ? "the wall-clock limit" : "the work budget";
                    notes.Add(string.Format(CultureInfo.InvariantCulture, "Segment {0} is not counted: {1} stopped it.", c.Index + 1, stop));
                    break;
                }

                // Copies add; the directions outside the copies (output biases) are in every rank.
                counted++;
                int outside = full - copies * n;
                knownRank += copies * lie.LawGradientRank;
                laws += copies * (n - lie.LieRank);
                lieRank += copies * lie.LieRank + outside;
                generatorRank += copies * Math.Max(0, lie.DimW) + outside;
                rounds = Math.Max(rounds, lie.BracketRounds);
                // Fields that sample activation patterns (many RePU units) are not random elements of the whole span:
                // a stable rank then bounds the count without the high-probability reading.
                bool sampled = c is HomogeneousUnitSegment { SamplesPatterns: true };
                exact &= lie.Closed || lie.Stable && !sampled;
                complete &= lie.Closed;
                if (!lie.Closed && !lie.Stable)
                {
                    notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "Segment {0}: at most {1} independent momentum laws ({2} stopped the bracket iteration after {3} round{4}, before its rank was stable).",
                        c.Index + 1, copies * (n - lie.LieRank), lie.StoppedBy, lie.BracketRounds, lie.BracketRounds == 1 ? "" : "s"));
                    stop ??= lie.StoppedBy;
                }
                else if (!lie.Closed && sampled)
                {
                    notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "Segment {0}: at most {1} independent momentum laws (its fields sample activation patterns, so the rank reached is only a lower bound).",
                        c.Index + 1, copies * (n - lie.LieRank)));
                }
                else if (!lie.Closed)
                {
                    notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "Segment {0}: {1} independent momentum laws with high probability (the rank stopped growing at a random point; not certified).",
                        c.Index + 1, copies * (n - lie.LieRank)));
                }

                if (lie.BudgetStop is not null) break;
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (WorkBudgetExceededException e)
        {
            // Stopped while the charges were built: what was counted before stays, the rest is not counted.
            stop = e.Stage.EndsWith("wall-clock limit", StringComparison.Ordinal) ? "the wall-clock limit" : "the work budget";
            components ??= new List<IComponent>();
        }
        catch (Exception e)
        {
            return new MomentumCountResult(AnalysisStatus.InternalError, d, null, false, false, "none", null, null, null, null, notes,
                "Internal error in the momentum count: " + e.GetType().Name + ": " + e.Message, meter.Used, meter.StoppedByWallClock);
        }

        bool all = components is not null && counted == components.Count;
        var status = stop is null ? AnalysisStatus.Completed : AnalysisStatus.TooLarge;
        string? message = stop is null ? null : "The momentum count did not finish (" + stop + ").";
        return new MomentumCountResult(status, d, all ? laws : null, all && exact, all && complete, all && complete ? "computed" : "none",
            all && generatorRankKnown ? generatorRank : null, all ? lieRank : null, all ? knownRank : null, counted > 0 ? rounds : null, notes, message, meter.Used, meter.StoppedByWallClock);
    }
}
