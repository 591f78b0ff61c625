using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.HomogeneousUnits;
using ConservationCodegen.Engine.Lie;
using ConservationCodegen.Engine.Model;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Analysis;

// Segments with k-homogeneous units (RePU, Power) or a trainable Swish β: chosen in place of the dense chain's
// segments, and counted here (docs/certificates.md, "Homogeneous units").
public static partial class ConservationAnalysis
{
    private sealed partial class Run
    {
        // No theorem counts these segments. With a polynomial field model (identity, ReLU, Abs, RePU, Power) the
        // computed certificate applies to the fields of every activation pattern; without one (Swish-β, leaky ReLU)
        // only the verified laws' rank is known, a lower bound.
        private void CountUnits(ComponentOutcome outcome, HomogeneousUnitSegment c)
        {
            int n = c.ParameterCount;
            var local = new List<IntegerPolynomial>();
            foreach (var f in outcome.CountFamilies)
                for (int m = 0; m < f.Count; m++) local.Add(f.LocalPolynomial(m));

            if (c.CountUnavailable is { } why)
            {
                var echelon = LieRankCounter.LawGradientEchelon(local, RandomPoint(c), _meter);
                outcome.LawRank = echelon.Rank;
                _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} ({1}): the count is not certified: {2}. Its {3} verified laws are independent, so at least {3} independent laws exist (a lower bound).",
                    c.Index + 1, Layers(c), why, echelon.Rank));
                return;
            }

            double estimate = 8 * LieRankCounter.EstimatedCost(n, local.Count, local.Count);
            if (!_meter.CanAfford(estimate))
            {
                Refused(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} ({1}) is not certified: its exact count on {2} parameters needs about {3:0.#e+0} operations, beyond the budget",
                    c.Index + 1, Layers(c), n, estimate));
                return;
            }

            var lie = LieRankCounter.Count(c, local, _rng, _meter, System.Math.Min(_options.MaxCountBytes, LieRankCounter.DefaultMaxJetBytes));
            outcome.DimW = lie.DimW >= 0 ? lie.DimW : null;
            outcome.LieRank = lie.LieRank;
            outcome.BracketRounds = lie.BracketRounds;
            outcome.LawRank = lie.LawGradientRank;
            outcome.Complete = lie.Closed;
            // Fields that combine every activation pattern (or a segment without gates) are random elements of W_φ, so a
            // stable rank means what it means for the dense chain; sampled patterns give no such assurance.
            outcome.CountIsExact = lie.Closed || lie.Stable && !c.SamplesPatterns;
            outcome.Certificate = lie.Closed ? "computed" : "none";
            if (!lie.Closed && outcome.CountIsExact)
            {
                NotCoveredProbably(c, n - lie.LieRank, lie.LawGradientRank);
            }
            else if (!lie.Closed)
            {
                _result.Notes.Add(string.Format(CultureInfo.InvariantCulture,
                    "Segment {0} ({1}): at most {2} independent laws exist (the fields and brackets reach rank {3}, only a lower bound of dim Lie(W_φ): {4}); {5} independent laws were established by the units' symmetries (not certified).",
                    c.Index + 1, Layers(c), n - lie.LieRank, lie.LieRank,
                    c.SamplesPatterns ? "they sample activation patterns" : (lie.StoppedBy ?? "the iteration") + " stopped the bracket iteration", lie.LawGradientRank));
            }

            if (lie.BudgetStop is not null) throw lie.BudgetStop;
        }
    }
}
