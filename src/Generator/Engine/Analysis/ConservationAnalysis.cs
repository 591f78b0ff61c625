using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Lie;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Phi;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>Entry point of the engine: φ, polynomial laws, certified count. Never throws except on cancellation.</summary>
public static class ConservationAnalysis
{
    /// <summary>Analyses a model. Cancellation surfaces as <see cref="OperationCanceledException"/>; every other failure is a result status.</summary>
    public static AnalysisResult Analyze(ModelDescription model, AnalysisOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AnalysisOptions();
        var clock = Stopwatch.StartNew();
        var result = new AnalysisResult(model, AnalysisStatus.Completed);
        var errors = model.Validate().ToList();
        if (options.MaxDegree < 1 || options.MaxDegree > 4)
            errors.Add(new ModelError(ModelErrorKind.InvalidOption, -1, $"MaxDegree must be between 1 and 4 (got {options.MaxDegree.ToString(CultureInfo.InvariantCulture)})."));
        if (options.WorkBudget <= 0)
            errors.Add(new ModelError(ModelErrorKind.InvalidOption, -1, "The work budget must be positive."));
        if (errors.Count > 0)
        {
            result.Status = AnalysisStatus.Invalid;
            result.Errors = errors;
            result.Message = string.Join(" ", errors.Select(e => e.Message));
            return result;
        }

        var meter = new WorkMeter(options.WorkBudget, cancellationToken);
        try
        {
            Run(model, options, meter, result);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (WorkBudgetExceededException e)
        {
            result.Status = AnalysisStatus.TooLarge;
            result.Message = string.Format(CultureInfo.InvariantCulture,
                "The model has {0} parameters and is too large to analyse within the work budget of {1:0.###e+0} operations (stage: {2}).",
                model.ParameterCount, (double)options.WorkBudget, e.Stage);
        }
        catch (Exception e)
        {
            result.Status = AnalysisStatus.InternalError;
            result.Message = "Internal error in the conservation-law engine: " + e.GetType().Name + ": " + e.Message;
        }

        result.WorkUsed = meter.Used;
        result.ElapsedMilliseconds = clock.Elapsed.TotalMilliseconds;
        return result;
    }

    private static void Run(ModelDescription model, AnalysisOptions options, WorkMeter meter, AnalysisResult result)
    {
        var structure = new ModelStructure(model);
        result.ParameterCount = model.ParameterCount;
        result.PhiLength = PhiMap.Length(model);
        var rng = new DeterministicRandom(options.Seed);
        var indexings = structure.Segments.Select(s => new SegmentIndexing(model, s)).ToList();

        var phase = Stopwatch.StartNew();
        // 1. Polynomial laws, segment by segment (no law crosses a non-homogeneous activation).
        var lawsBySegment = new List<List<IntegerPolynomial>>();
        foreach (var ix in indexings)
        {
            var search = new SegmentLawSearch(ix, options, rng, meter);
            var laws = search.FindDegreeTwo();
            result.RejectedCandidates += search.Rejected;
            lawsBySegment.Add(laws);
        }

        Publish(indexings, lawsBySegment, result);
        result.LawSearchMilliseconds = phase.Elapsed.TotalMilliseconds;
        phase.Restart();

        // 2. Certified count and, where it does not close, higher degrees on small models.
        var summaries = new List<SegmentSummary>();
        int dimW = 0, lie = 0, rounds = 0, independentPoly = 0;
        bool complete = true;
        for (int s = 0; s < indexings.Count; s++)
        {
            var ix = indexings[s];
            var lieResult = LieRankCounter.Count(ix, lawsBySegment[s], rng, meter);
            if (!lieResult.Closed && options.MaxDegree >= 3)
            {
                var search = new SegmentLawSearch(ix, options, rng, meter);
                var extra = search.FindHigherDegree(lawsBySegment[s], result.Notes);
                result.RejectedCandidates += search.Rejected;
                if (extra.Count > 0)
                {
                    lawsBySegment[s].AddRange(extra);
                    Publish(indexings, lawsBySegment, result);
                    lieResult.LawGradientRank = LawGradientRank(ix, lawsBySegment[s], rng, meter);
                }
            }

            dimW += lieResult.DimW;
            lie += lieResult.LieRank;
            rounds = Math.Max(rounds, lieResult.BracketRounds);
            independentPoly += lieResult.LawGradientRank;
            complete &= lieResult.Closed;
            summaries.Add(new SegmentSummary(s, ix.Segment.FirstLayer, ix.Segment.LastLayer, ix.Segment.ParameterCount,
                lieResult.DimW, lieResult.LieRank, lieResult.BracketRounds, lieResult.LawGradientRank, lieResult.Closed));
            if (!lieResult.Closed)
            {
                result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} (layers {1}–{2}): {3} independent laws exist but only {4} independent polynomial laws of degree ≤ {5} were found.",
                    s, ix.Segment.FirstLayer + 1, ix.Segment.LastLayer + 1, lieResult.ParameterCount - lieResult.LieRank, lieResult.LawGradientRank, options.MaxDegree));
            }
        }

        result.CountMilliseconds = phase.Elapsed.TotalMilliseconds;
        result.Segments = summaries;
        result.DimW = dimW;
        result.LieTraceRank = lie;
        result.BracketRounds = rounds;
        result.IndependentLawCount = model.ParameterCount - lie;
        result.IndependentPolynomialLawCount = independentPoly;
        result.Complete = complete;
    }

    private static int LawGradientRank(SegmentIndexing ix, List<IntegerPolynomial> laws, DeterministicRandom rng, WorkMeter meter)
    {
        var theta = new uint[ix.Segment.ParameterCount];
        for (int i = 0; i < theta.Length; i++) theta[i] = rng.NextNonZeroMod();
        return LieRankCounter.LawGradientRank(laws, theta, meter);
    }

    private static void Publish(List<SegmentIndexing> indexings, List<List<IntegerPolynomial>> lawsBySegment, AnalysisResult result)
    {
        var named = new List<ConservationLaw>();
        int general = 1;
        for (int s = 0; s < indexings.Count; s++)
        {
            var namer = new LawNamer(indexings[s]);
            foreach (var h in lawsBySegment[s].OrderBy(namer.OrderKey))
            {
                var law = namer.Name(h, general);
                if (law.Kind == LawKind.General) general++;
                named.Add(law);
            }
        }

        result.Laws = named;
    }
}
