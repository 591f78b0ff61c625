using System.Collections.Generic;
using ConservationCodegen.Engine.Polynomials;

namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// Laws that follow from the structure of a model part, numbered 0…<see cref="Count"/>−1. A symmetry of φ that
/// permutes neurons maps every member onto the other members of its orbit, and the image of a law under a symmetry of
/// φ is a law (docs/certificates.md, "Orbits"); so the exact verification of the <see cref="OrbitRepresentatives"/>
/// establishes every member, and no member is verified term by term.
/// </summary>
internal abstract class LawFamily
{
    /// <summary>How the members read (Gram entries, balances, …).</summary>
    public abstract LawKind Kind { get; }

    /// <summary>Group name of every member, e.g. "Hidden1".</summary>
    public abstract string Group { get; }

    /// <summary>0-based global index of the layer whose outputs hold the family's neurons.</summary>
    public abstract int Layer { get; }

    /// <summary>
    /// True when every member is invariant under the permutations of the neurons just before and just after the layers it
    /// involves (its entry and exit levels), which the verifier uses to check one representative of its own terms.
    /// </summary>
    public abstract bool InvariantAtItsEnds { get; }

    /// <summary>At most this many members are functionally independent (for cost estimates; never a certificate).</summary>
    public abstract int RankUpperBound { get; }

    /// <summary>Number of members.</summary>
    public abstract int Count { get; }

    /// <summary>One member per orbit of the family under the neuron permutations that preserve φ.</summary>
    public abstract IReadOnlyList<int> OrbitRepresentatives { get; }

    /// <summary>Member <paramref name="member"/> in the variables of its component (component-local θ indices).</summary>
    public abstract IntegerPolynomial LocalPolynomial(int member);

    /// <summary>Number of monomials of a member, for cost estimates.</summary>
    public abstract int TermsPerMember { get; }

    /// <summary>Total degree of every member.</summary>
    public abstract int Degree { get; }

    /// <summary>Member <paramref name="member"/> over global θ indices.</summary>
    public abstract IntegerPolynomial GlobalPolynomial(int member);

    /// <summary>Plain-text or LaTeX formula of a member.</summary>
    public abstract string Formula(int member, bool latex);

    /// <summary>Member <paramref name="member"/> as a named law (terms and formulas built when first asked for).</summary>
    public abstract ConservationLaw Law(int member);
}
