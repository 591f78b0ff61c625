using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.HomogeneousUnits;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Lie;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Phi;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>
/// Entry point of the engine: φ, polynomial laws, certified count. Never throws except on cancellation.
/// Per component (a part of the model no law crosses): (1) the structural law families, established by exact
/// verification of one member per orbit; (2) the count, by a theorem whose hypotheses the component meets, otherwise
/// by the exact elimination when the budget admits it; (3) only when the families do not close the count, the
/// parity-class search for further laws, then higher degrees on small components.
/// </summary>
public static partial class ConservationAnalysis
{
    /// <summary>Analyses a model. Cancellation surfaces as <see cref="OperationCanceledException"/>; every other failure is a result status.</summary>
    public static AnalysisResult Analyze(ModelDescription model, AnalysisOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AnalysisOptions();
        var clock = Stopwatch.StartNew();
        var result = new AnalysisResultBuilder(model, AnalysisStatus.Completed);
        var errors = model.Validate().ToList();
        if (options.MaxDegree < 1 || options.MaxDegree > 4)
            errors.Add(new ModelError(ModelErrorKind.InvalidOption, -1, $"MaxDegree must be between 1 and 4 (got {options.MaxDegree.ToString(CultureInfo.InvariantCulture)})."));
        if (options.WorkBudget <= 0)
            errors.Add(new ModelError(ModelErrorKind.InvalidOption, -1, "The work budget must be positive."));
        if (errors.Count == 0) errors.AddRange(NotYetAnalysed(model));
        if (errors.Count > 0)
        {
            result.Status = AnalysisStatus.Invalid;
            result.Errors = errors;
            result.Message = string.Join(" ", errors.Select(e => e.Message));
            return result.Build();
        }

        var meter = new WorkMeter(options.WorkBudget, cancellationToken, options.WallClockLimit);
        var run = new Run(model, options, meter, result);
        try
        {
            run.Execute();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (WorkBudgetExceededException e)
        {
            run.Stop(e.Stage, meter.StoppedByWallClock);
        }
        catch (Exception e)
        {
            result.Status = AnalysisStatus.InternalError;
            result.Message = "Internal error in the conservation-law engine: " + e.GetType().Name + ": " + e.Message;
        }

        if (result.Status != AnalysisStatus.InternalError)
        {
            try
            {
                run.Publish();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result.Status = AnalysisStatus.InternalError;
                result.Message = "Internal error in the conservation-law engine: " + e.GetType().Name + ": " + e.Message;
            }
        }

        result.WorkUsed = meter.Used;
        result.StoppedByWallClock = meter.StoppedByWallClock;
        result.ElapsedMilliseconds = clock.Elapsed.TotalMilliseconds;
        return result.Build();
    }

    /// <summary>Blocks whose mathematics the engine does not have yet: refused by name rather than analysed as something else.</summary>
    internal static IEnumerable<ModelError> NotYetAnalysed(ModelDescription model) => ModelComponents.Unsupported(model);

    /// <summary>What the analysis established about one component so far (kept when the budget stops it).</summary>
    private sealed class ComponentOutcome
    {
        public ComponentOutcome(IComponent component, IComponent? countComponent = null)
        {
            Component = component;
            CountComponent = countComponent ?? component;
        }

        public IComponent Component { get; }

        /// <summary>
        /// The component the count runs on: <see cref="Component"/>, or under softmax cross-entropy (by reduction) the
        /// same component of the model with one output fewer, whose every-loss count plus the translation laws is this one's.
        /// </summary>
        public IComponent CountComponent { get; }

        /// <summary>True when the count runs on the reduced model (docs/certificates.md §10).</summary>
        public bool Reduced => !ReferenceEquals(CountComponent, Component);

        public List<LawFamily> Verified { get; } = new();

        /// <summary>The verified families of <see cref="CountComponent"/> when it is the reduced one.</summary>
        public List<LawFamily> CountVerified { get; } = new();

        /// <summary>The families the count reads.</summary>
        public List<LawFamily> CountFamilies => Reduced ? CountVerified : Verified;

        /// <summary>The translation laws of the last layer under softmax cross-entropy, once checked; null otherwise.</summary>
        public TranslationFamily? Translation { get; set; }

        /// <summary>True when this component is counted directly on centred fields, the translation laws among its known laws.</summary>
        public bool CountsTranslationDirectly { get; set; }
        public List<IntegerPolynomial> SearchLaws { get; } = new();
        public int? DimW { get; set; }
        public int? LieRank { get; set; }
        public int? BracketRounds { get; set; }
        public int? LawRank { get; set; }
        public bool Complete { get; set; }
        public bool CountIsExact { get; set; }
        public int? ExhaustiveDegree { get; set; }
        public string Certificate { get; set; } = "none";
    }

    private sealed partial class Run
    {
        private readonly ModelDescription _model;
        private readonly AnalysisOptions _options;
        private readonly WorkMeter _meter;
        private readonly AnalysisResultBuilder _result;
        private readonly DeterministicRandom _rng;
        private readonly List<ComponentOutcome> _outcomes = new();
        private readonly Stopwatch _phase = Stopwatch.StartNew();
        private string? _stopReason;

        public Run(ModelDescription model, AnalysisOptions options, WorkMeter meter, AnalysisResultBuilder result)
        {
            _model = model;
            _options = options;
            _meter = meter;
            _result = result;
            _rng = new DeterministicRandom(options.Seed);
        }

        public void Execute()
        {
            _result.ParameterCount = _model.ParameterCount;
            _result.ExactPhiLength = PhiMap.ExactLength(_model);
            _result.PhiLength = _result.ExactPhiLength > long.MaxValue ? long.MaxValue : (long)_result.ExactPhiLength;
            var components = ModelComponents.Of(_model);
            _result.RotationSymmetries = components.SelectMany(c => c.RotationSymmetries).ToList();
            _result.ModelNotes = ModelNote.Of(_model);
            IComponent? reducedLast = null;
            bool translation = _model.Loss == OutputLoss.SoftmaxCrossEntropy;
            bool direct = translation && !_options.CountTranslationByReduction && components[components.Count - 1] is DenseSegment { CentredOutput: true };
            if (translation && !direct)
            {
                // Only the last component changes: every earlier one has the same blocks and parameters in both models.
                var reduced = ModelComponents.Of(_model.ReducedForTranslation());
                if (reduced.Count != components.Count) throw new InvalidOperationException("The model with one output fewer has other components.");
                reducedLast = reduced[reduced.Count - 1];
            }

            // Laws first for every component (cheap and linear in D), so a budget stop in a count keeps them all.
            for (int i = 0; i < components.Count; i++)
            {
                var outcome = new ComponentOutcome(components[i], i == components.Count - 1 ? reducedLast : null);
                _outcomes.Add(outcome);
                if (_options.MaxDegree >= 2) VerifyFamilies(outcome);
            }

            if (translation)
            {
                var last = _outcomes[_outcomes.Count - 1];
                last.CountsTranslationDirectly = direct;
                AddTranslation(last);
            }

            _result.LawSearchMilliseconds = _phase.Elapsed.TotalMilliseconds;
            _phase.Restart();
            foreach (var outcome in _outcomes) Count(outcome);
            _result.CountMilliseconds = _phase.Elapsed.TotalMilliseconds;
        }

        /// <summary>The budget stopped the analysis at <paramref name="stage"/>: what was established stays.</summary>
        public void Stop(string stage, bool byWallClock)
        {
            _stopReason = byWallClock
                ? string.Format(CultureInfo.InvariantCulture, "the wall-clock limit was reached in the stage '{0}' (the machine ran slower than the budget's calibration)", stage.Replace(", wall-clock limit", ""))
                : string.Format(CultureInfo.InvariantCulture, "the work budget ran out in the stage '{0}'", stage);
            if (_result.LawSearchMilliseconds == 0) _result.LawSearchMilliseconds = _phase.Elapsed.TotalMilliseconds;
            else _result.CountMilliseconds = _phase.Elapsed.TotalMilliseconds;
        }

        // A family is established by the exact verification of one member per orbit (docs/certificates.md, "Orbits"),
        // O(inputs + outputs) per level. Laws never depend on the budget: this runs on an unbudgeted meter (cancellation
        // still applies) and its work is recorded afterwards, so the next budgeted step sees it.
        private void VerifyFamilies(ComponentOutcome outcome)
        {
            var c = outcome.Component;
            var meter = _meter.Unbudgeted();
            var verifier = c.CreateVerifier(meter);
            foreach (var family in c.LawFamilies)
            {
                if (family.OrbitRepresentatives.All(m => verifier.Verify(family.LocalPolynomial(m), family.InvariantAtItsEnds))) outcome.Verified.Add(family);
                else
                {
                    _result.RejectedCandidates++;
                    _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "Segment {0}: the structural laws of {1} failed exact verification and are not emitted.", c.Index + 1, family.Group));
                }
            }

            // The reduced component's families are the same structural laws in its own variables; they serve its count.
            if (outcome.Reduced)
            {
                var reducedVerifier = outcome.CountComponent.CreateVerifier(meter);
                foreach (var family in outcome.CountComponent.LawFamilies)
                    if (family.OrbitRepresentatives.All(m => reducedVerifier.Verify(family.LocalPolynomial(m), family.InvariantAtItsEnds))) outcome.CountVerified.Add(family);
            }

            _meter.Record(meter.Used);
        }

        private void Count(ComponentOutcome outcome)
        {
            var c = outcome.CountComponent;
            if (ModelComponents.CentredInput(_model, c) is { } centred)
            {
                _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} ({1}) is not counted: {2}. Its listed laws are exact, but whether they are all is not established.", c.Index + 1, Layers(c), centred));
                return;
            }

            if (c is HomogeneousUnitSegment units)
            {
                CountUnits(outcome, units);
                return;
            }

            // A theorem about every loss says nothing about the centred fields of a directly counted component.
            var theorem = _options.UseTheorems && !outcome.CountsTranslationDirectly ? c.Theorem : null;
            if (theorem is not null)
            {
                outcome.DimW = theorem.DimW;
                outcome.LieRank = c.ParameterCount - theorem.IndependentLawCount;
                outcome.BracketRounds = theorem.BracketRounds;
                outcome.LawRank = theorem.LawRank(outcome.CountFamilies);
                outcome.Complete = outcome.LawRank == theorem.IndependentLawCount;
                outcome.CountIsExact = true;
                outcome.Certificate = "theorem:" + theorem.Name;
                if (!outcome.Complete) NotCovered(c, theorem.IndependentLawCount, outcome.LawRank.Value);
                return;
            }

            if (c.CountUnavailable is { } why)
            {
                _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} ({1}) is not counted: {2}. Its listed laws are exact, but whether they are all is not established.", c.Index + 1, Layers(c), why));
                return;
            }

            int n = c.ParameterCount;
            var families = outcome.CountFamilies.ToList();
            if (outcome.CountsTranslationDirectly && outcome.Translation is { } known) families.Add(known);
            double terms = families.Sum(f => (double)f.Count * f.TermsPerMember);
            int lawCount = families.Sum(f => f.Count), lawRank = Math.Min(n, families.Sum(f => f.RankUpperBound));
            double estimate = LieRankCounter.EstimatedCost(n, lawCount, lawRank) + 40.0 * terms;
            double bytes = LieRankCounter.EstimatedBytes(n, lawRank);
            if (bytes > _options.MaxCountBytes)
            {
                _result.OverMemoryLimit = true;
                Refused(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} ({1}) is not certified: no theorem covers it, and its exact count on {2} parameters needs about {3:0} MiB, above the {4:0} MiB {5}",
                    c.Index + 1, Layers(c), n, bytes / 1048576, _options.MaxCountBytes / 1048576.0,
                    _options.MaxCountBytes == new AnalysisOptions().MaxCountBytes
                        ? "a budgeted run may use for it (an unbudgeted run, such as the command line's --no-budget, lifts that limit)"
                        : "this run may use for it"));
                return;
            }

            if (!_meter.CanAfford(estimate))
            {
                Refused(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} ({1}) is not certified: no theorem covers it, and its exact count on {2} parameters needs about {3:0.#e+0} operations (≈ {4}) and {5}, beyond the budget",
                    c.Index + 1, Layers(c), n, estimate, Duration(estimate / 1e9), Size(bytes)));
                return;
            }

            var local = new List<IntegerPolynomial>();
            foreach (var f in families)
            {
                // Charged per chunk of about 16,000 terms (a few milliseconds): thousands of Gram polynomials take
                // seconds, and the charge checks cancellation.
                int chunk = (int)Math.Max(1, 16_000 / Math.Max(1, f.TermsPerMember));
                for (int k = 0; k < f.Count; k += chunk)
                {
                    int end = Math.Min(f.Count, k + chunk);
                    for (int m = k; m < end; m++) local.Add(f.LocalPolynomial(m));
                    _meter.Charge(20L * (end - k) * f.TermsPerMember, "law gradients");
                }
            }

            var lie = LieRankCounter.Count(c, local, _rng, _meter, Math.Min(_options.MaxCountBytes, LieRankCounter.DefaultMaxJetBytes));
            // The reduced component's variables are not the model's: a law found there could not be emitted as it stands.
            if (!lie.Closed && lie.BudgetStop is null && outcome.Reduced)
                _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} ({1}): the listed laws do not close the count, and under softmax cross-entropy no search for further laws runs on the segment that ends the model.", c.Index + 1, Layers(c)));
            else if (!lie.Closed && lie.BudgetStop is null) SearchBeyondFamilies(outcome, local, lie);

            outcome.DimW = lie.DimW >= 0 ? lie.DimW : null;
            outcome.LieRank = lie.LieRank;
            outcome.BracketRounds = lie.BracketRounds;
            outcome.LawRank = lie.LawGradientRank;
            outcome.Complete = lie.Closed;
            outcome.CountIsExact = lie.Closed || lie.Stable;
            outcome.Certificate = lie.Closed ? "computed" : "none";
            if (!lie.Closed)
            {
                if (lie.Stable) NotCoveredProbably(c, n - lie.LieRank, lie.LawGradientRank);
                else
                {
                    _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                        "Segment {0} ({1}): at most {2} independent laws exist ({3} stopped the Lie bracket iteration after {4} round{5}, before its rank was stable); {6} independent polynomial laws of degree ≤ {7} were found.",
                        c.Index + 1, Layers(c), n - lie.LieRank, lie.StoppedBy, lie.BracketRounds, lie.BracketRounds == 1 ? "" : "s", lie.LawGradientRank, _options.MaxDegree));
                    if (lie.BudgetStop is null) Refused(string.Format(CultureInfo.InvariantCulture, "Segment {0} ({1}): {2}", c.Index + 1, Layers(c), lie.StoppedBy));
                }
            }

            if (lie.BudgetStop is not null) throw lie.BudgetStop;
        }

        // The families do not account for every law: search the parity classes (and higher degrees on small
        // components) for laws whose gradients add rank.
        private void SearchBeyondFamilies(ComponentOutcome outcome, List<IntegerPolynomial> local, SegmentLieResult lie)
        {
            var c = outcome.Component;
            var search = c.CreateSearch(_options, _rng, _meter);
            if (search.NotSearched is { } why)
            {
                _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} ({1}): the listed laws do not close the count, and no search for further laws ran: {2}.", c.Index + 1, Layers(c), why));
                return;
            }

            List<IntegerPolynomial> found;
            try
            {
                found = search.FindDegreeTwo();
            }
            catch (WorkBudgetExceededException e) when (e.RefusedUpFront)
            {
                Refused(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0}: the search for laws beyond the Gram entries and balances was skipped (over the budget).", c.Index + 1));
                found = new List<IntegerPolynomial>();
            }
            finally
            {
                _result.RejectedCandidates += search.Rejected;
            }

            // Only laws that are functionally new (their gradients add rank) join the families: the emitted laws are
            // a generating set, not every polynomial that happens to be a function of them.
            var theta = RandomPoint(c);
            var echelon = LieRankCounter.LawGradientEchelon(local, theta, _meter);
            foreach (var h in found)
            {
                var family = c.FamilyOf(h);
                if (family is not null && outcome.Verified.Contains(family)) continue;
                if (!echelon.InsertBatch(new[] { h.GradientMod(theta) })[0]) continue;
                outcome.SearchLaws.Add(h);
                local.Add(h);
            }

            lie.LawGradientRank = Math.Max(lie.LawGradientRank, echelon.Rank);
            if (search.Rejected == 0 && search.ExhaustiveDegree > 0) outcome.ExhaustiveDegree = search.ExhaustiveDegree;
            if (!lie.Closed && _options.MaxDegree >= 3)
            {
                var higher = c.CreateSearch(_options, _rng, _meter);
                var extra = higher.FindHigherDegree(local, _result.Notes);
                _result.RejectedCandidates += higher.Rejected;
                if (higher.Rejected == 0 && search.Rejected == 0 && higher.ExhaustiveDegree > 0) outcome.ExhaustiveDegree = higher.ExhaustiveDegree;
                foreach (var h in extra)
                {
                    outcome.SearchLaws.Add(h);
                    local.Add(h);
                    echelon.InsertBatch(new[] { h.GradientMod(theta) });
                }

                lie.LawGradientRank = Math.Max(lie.LawGradientRank, echelon.Rank);
            }
        }

        // The translation laws of the last layer (docs/certificates.md §10). They hold by the structure the model's
        // validation checked (a dense last layer, nothing added to its outputs); where the last component's fields carry
        // a centred output gate they are also checked against two of them at a random point (mod p), which would catch a
        // wrong layout. The count then includes them: by the reduction, or among the known laws of the direct count.
        private void AddTranslation(ComponentOutcome outcome)
        {
            var c = outcome.Component;
            int k = _model.Layers.Count - 1;
            var l = _model.Layers[k];
            var family = new TranslationFamily(k, _model.WeightOffset(k), l.Outputs, l.Inputs, l.HasBias ? _model.BiasOffset(k) : -1,
                l.WeightName, l.HasBias ? l.BiasName : null, c.Index, c.ParameterStart);
            if (c is DenseSegment { CentredOutput: true })
            {
                int weights = family.Weights - c.ParameterStart, bias = family.Bias - c.ParameterStart;
                for (int trial = 0; trial < 2; trial++)
                {
                    var theta = RandomPoint(c);
                    var field = c.RandomGradient(_rng).Evaluate(theta, 1);
                    for (int j = 0; j < family.Count; j++)
                    {
                        uint sum = 0;
                        for (int o = 0; o < family.Outputs; o++)
                            sum = ModP.Add(sum, field[family.IsBias(j) ? bias + o : weights + o * family.Inputs + j]);
                        if (sum != 0)
                        {
                            _result.RejectedCandidates++;
                            _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                                "Segment {0}: the translation laws of layer {1} failed the check against centred gradient fields and are not emitted.", c.Index + 1, k + 1));
                            return;
                        }
                    }
                }

                _meter.Record(2L * c.ParameterCount);
            }

            outcome.Translation = family;
            _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                "Softmax cross-entropy: the {0} column sums of {1}{2} are conserved (translation laws); {3}.",
                l.Inputs, l.WeightName, l.HasBias ? " and the sum of " + l.BiasName : "",
                outcome.CountsTranslationDirectly
                    ? "the last segment is counted on gradient fields with centred output gates"
                    : "the count is that of the same model with one output fewer, plus these laws"));
        }

        private uint[] RandomPoint(IComponent c)
        {
            var theta = new uint[c.ParameterCount];
            for (int i = 0; i < theta.Length; i++) theta[i] = _rng.NextNonZeroMod();
            return theta;
        }

        private static string Layers(IComponent c) => c.FirstLayer == c.LastLayer
            ? string.Format(CultureInfo.InvariantCulture, "layer {0}", c.FirstLayer + 1)
            : string.Format(CultureInfo.InvariantCulture, "layers {0}–{1}", c.FirstLayer + 1, c.LastLayer + 1);

        private void NotCovered(IComponent c, int exist, int found) =>
            _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                "Segment {0} ({1}): {2} independent laws exist but only {3} independent polynomial laws of degree ≤ {4} were found.",
                c.Index + 1, Layers(c), exist, found, _options.MaxDegree));

        // A stable rank at a random point modulo a prime bounds the count from above for certain, and equals it with
        // high probability; without the closing certificate it is not proved.
        private void NotCoveredProbably(IComponent c, int count, int found) =>
            _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                "Segment {0} ({1}): at most {2} independent laws exist, and with high probability exactly {2} (the rank stopped growing at a random point; not certified), but only {3} independent polynomial laws of degree ≤ {4} were found.",
                c.Index + 1, Layers(c), count, found, _options.MaxDegree));

        // Readable magnitudes for notes: "2.2 ms" rather than "0 s", "< 1 MiB" rather than "0 MiB".
        private static string Duration(double seconds) => seconds >= 1
            ? seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
            : (seconds * 1000).ToString(seconds * 1000 >= 1 ? "0.#" : "0.###", CultureInfo.InvariantCulture) + " ms";

        private static string Size(double bytes) => bytes < 1048576 ? "< 1 MiB" : (bytes / 1048576).ToString("0", CultureInfo.InvariantCulture) + " MiB";

        private void Refused(string note)
        {
            _stopReason ??= note;
            _result.Notes.Add(note);
        }

        /// <summary>Writes the laws and counts established so far into the result.</summary>
        public void Publish()
        {
            var laws = new LawList();
            var summaries = new List<SegmentSummary>();
            int general = 1;
            foreach (var o in _outcomes)
            {
                var c = o.Component;
                foreach (var f in c.LawFamilies)
                {
                    if (!o.Verified.Contains(f)) continue;
                    laws.AddFamily(f);
                }

                foreach (var h in o.SearchLaws.OrderBy(c.OrderKey))
                {
                    var law = c.NameGeneral(h, general);
                    if (law.Kind == LawKind.General) general++;
                    laws.Add(law);
                }

                // The reduced count's law rank is that of the families; the translation laws add their own (certificates.md §10).
                int? lawRank = o.LawRank;
                if (o.Translation is { } translation)
                {
                    laws.AddFamily(translation);
                    if (!o.CountsTranslationDirectly && lawRank is not null) lawRank += translation.Count;
                }

                summaries.Add(new SegmentSummary(c.Index, c.FirstLayer, c.LastLayer, c.ParameterCount,
                    o.DimW, o.LieRank, o.BracketRounds, lawRank, o.Complete, o.Certificate, o.CountIsExact, o.ExhaustiveDegree));
                o.LawRank = lawRank;
                var theorem = _options.UseTheorems && !o.CountsTranslationDirectly ? o.CountComponent.Theorem : null;
                if (theorem is not null)
                {
                    // A reduced segment's theorem speaks of the segment with one output fewer; its translation laws come on top.
                    _result.Notes.Add(o.Reduced
                        ? string.Format(CultureInfo.InvariantCulture,
                            "Segment {0} ({1}), taken with one output fewer (softmax cross-entropy), is counted by the theorem {2}: {3}; its translation laws are added to that count.",
                            c.Index + 1, Layers(c), theorem.Name, theorem.Statement)
                        : string.Format(CultureInfo.InvariantCulture,
                            "Segment {0} ({1}) is counted by the theorem {2}: {3}.", c.Index + 1, Layers(c), theorem.Name, theorem.Statement));
                }
            }

            _result.Laws = laws.Seal();
            _result.LawGroups = laws.GroupRuns();
            _result.Segments = summaries;
            bool counted = _outcomes.Count > 0 && _outcomes.All(o => o.LieRank is not null);
            _result.LieTraceRank = counted ? _outcomes.Sum(o => o.LieRank!.Value) : null;
            _result.IndependentLawCount = counted ? _model.ParameterCount - _result.LieTraceRank : null;
            _result.CountIsExact = counted && _outcomes.All(o => o.CountIsExact);
            _result.DimW = _outcomes.All(o => o.DimW is not null) && _outcomes.Count > 0 ? _outcomes.Sum(o => o.DimW!.Value) : null;
            _result.BracketRounds = _outcomes.Any(o => o.BracketRounds is not null) ? _outcomes.Max(o => o.BracketRounds ?? 0) : null;
            _result.IndependentPolynomialLawCount = _outcomes.All(o => o.LawRank is not null) ? _outcomes.Sum(o => o.LawRank!.Value) : null;
            _result.Complete = counted && _outcomes.All(o => o.Complete);
            var certificates = _outcomes.Select(o => o.Certificate).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
            _result.Certificate = certificates.Count == 0 ? "none" : certificates.Contains("none") ? "none" : string.Join("+", certificates);

            if (_stopReason is not null)
            {
                _result.Status = AnalysisStatus.TooLarge;
                _result.BudgetReason = _stopReason.TrimEnd('.');
                _result.Message = string.Format(CultureInfo.InvariantCulture,
                    "Part of the analysis of this model ({0} parameters) does not fit the budget: {1}.", _model.ParameterCount, _result.BudgetReason);
            }
        }
    }
}
