using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Components;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.HomogeneousUnits;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Momentum;

/// <summary>
/// The momentum laws that the rotations of a dense segment (or of the segments of a residual region) give (docs/certificates.md §9): for the generator
/// E = e_i e_jᵀ − e_j e_iᵀ of so(width) at a hidden level inside a linear run, X_E θ = (E·A, E·b, −B·E) and
/// J = ⟨X_E a, b⟩ = Σ (a_{x_j} b_{x_i} − a_{x_i} b_{x_j}) over the pairs (x_i, x_j) of entries of units i and j in A's
/// rows, b and B's columns (every tap). J is a law because the rotation keeps φ (§6): ⟨X_E θ, χ(θ)⟩ ≡ 0, whose
/// coefficients in s after θ = a − s·b are exactly ⟨∇J, Y_k⟩. (τ only scales J.)
/// </summary>
internal static class RotationCharges
{
    /// <summary>Largest number of terms over all charges of a segment: beyond it the charges are not built.</summary>
    public const long MaxTerms = 4_000_000;

    /// <summary>The levels that carry so(width) in a component: a dense segment's own, or those of a residual region's segments.</summary>
    public static List<GramLayout> Levels(IComponent component) => component switch
    {
        DenseSegment segment => segment.RotationLevels.ToList(),
        ResidualRegion region => region.Parts.SelectMany(p => p.RotationLevels).ToList(),
        HomogeneousUnitSegment units => units.RotationLevels.ToList(),
        GatedUnits.GatedUnitSegment gated => gated.UpPath.RotationLevels.ToList(),
        _ => new List<GramLayout>(),
    };

    /// <summary>Terms of all charges of the levels (2 per pair of partner entries).</summary>
    public static long TermCount(IReadOnlyList<GramLayout> levels)
    {
        long terms = 0;
        foreach (var layout in levels)
        {
            long pairs = (long)layout.Width * (layout.Width - 1) / 2;
            long perCharge = 2L * (layout.Inputs + (layout.Bias >= 0 ? 1 : 0) + (long)layout.Outputs * layout.OutTaps);
            terms += pairs * perCharge;
        }

        return terms;
    }

    /// <summary>
    /// Every charge J_ij of the levels, in phase-space variables local to the component that starts at global θ index
    /// <paramref name="start"/> and has <paramref name="d"/> parameters: a_v = v, b_v = d + v.
    /// </summary>
    public static List<IntegerPolynomial> Of(IReadOnlyList<GramLayout> levels, int start, int d)
    {
        int shift = -start;
        var charges = new List<IntegerPolynomial>();
        foreach (var layout in levels)
        {
            for (int i = 0; i < layout.Width; i++)
                for (int j = i + 1; j < layout.Width; j++)
                {
                    var h = new IntegerPolynomial();
                    void Pair(int xi, int xj)
                    {
                        h.Add(Monomial.Of(xj + shift, d + xi + shift), 1);
                        h.Add(Monomial.Of(xi + shift, d + xj + shift), -1);
                    }

                    for (int c = 0; c < layout.Inputs; c++) Pair(layout.InWeight(i, c), layout.InWeight(j, c));
                    if (layout.Bias >= 0) Pair(layout.Bias + i, layout.Bias + j);
                    for (int r = 0; r < layout.Outputs; r++)
                        for (int p = 0; p < layout.OutTaps; p++) Pair(layout.OutWeight(r, i, p), layout.OutWeight(r, j, p));
                    charges.Add(h);
                }
        }

        return charges;
    }
}
