using System.Collections.Generic;
using ConservationCodegen.Engine.Laws;

namespace ConservationCodegen.Engine.Components;

/// <summary>
/// A count of independent conservation laws given by a theorem whose hypotheses a component meets (checked when the
/// component offers it). Published theorems are cited; the project's own are proved in docs/certificates.md.
/// </summary>
internal abstract class CountTheorem
{
    /// <summary>Short name, reported as <c>theorem:{Name}</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One sentence: what the theorem says here and where it is proved.</summary>
    public abstract string Statement { get; }

    /// <summary>Number of independent conservation laws of the component (exact).</summary>
    public abstract int IndependentLawCount { get; }

    /// <summary>dim W_φ(θ) at a generic point, when the theorem determines it.</summary>
    public abstract int? DimW { get; }

    /// <summary>Bracket rounds needed to reach Lie(W_φ), when the theorem determines it.</summary>
    public abstract int? BracketRounds { get; }

    /// <summary>Functional rank of the laws of the given exactly verified families, as the theorem determines it.</summary>
    public abstract int LawRank(IReadOnlyCollection<LawFamily> verified);
}
