using System.Collections.Generic;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Fields;
using ConservationCodegen.Engine.Laws;
using ConservationCodegen.Engine.Polynomials;
using ConservationCodegen.Engine.Symmetries;

namespace ConservationCodegen.Engine.Components;

/// <summary>
/// The seam between the engine's generic algorithms (orbit verification, certificates, the computed count, the law
/// search driver) and the mathematics of one kind of model part. A component is a part of the model that no
/// conservation law crosses: φ is the concatenation of the components' maps, each a function of the component's own
/// contiguous parameters only, so laws, counts and certificates add up over components. Today a component is a segment
/// of a dense chain between non-homogeneous activations (<see cref="DenseChain.DenseSegment"/>); another layer kind
/// means another implementation of this interface, not changes to the algorithms.
/// </summary>
internal interface IComponent
{
    /// <summary>0-based position in the model.</summary>
    int Index { get; }

    /// <summary>Global index of the first parameter; the component's parameters are contiguous in θ.</summary>
    int ParameterStart { get; }

    /// <summary>Number of parameters D_c.</summary>
    int ParameterCount { get; }

    /// <summary>First and last layer (0-based, global, inclusive) the component spans.</summary>
    int FirstLayer { get; }

    /// <inheritdoc cref="FirstLayer"/>
    int LastLayer { get; }

    /// <summary>Laws that follow from the structure, each family closed under a symmetry of φ that permutes its members.</summary>
    IReadOnlyList<LawFamily> LawFamilies { get; }

    /// <summary>An exact verifier for candidate laws in component-local variables (one per analysis: it keeps scratch state).</summary>
    ILawVerifier CreateVerifier(WorkMeter meter);

    /// <summary>The count given by a theorem whose hypotheses this component meets, or null when none applies.</summary>
    CountTheorem? Theorem { get; }

    /// <summary>
    /// Why the component cannot be counted by computation (then only <see cref="Theorem"/> counts it, and without one
    /// the count is reported as not available), or null when <see cref="RandomGradient"/> serves the exact computation.
    /// </summary>
    string? CountUnavailable { get; }

    /// <summary>A random element of W_φ as a field on jets, in component-local parameter order.</summary>
    FieldExpression RandomGradient(DeterministicRandom rng);

    /// <summary>A search for laws beyond the families (used only when the families do not close the count).</summary>
    ILawSearch CreateSearch(AnalysisOptions options, DeterministicRandom rng, WorkMeter meter);

    /// <summary>The family of which a computed law (local variables) is exactly a member, or null.</summary>
    LawFamily? FamilyOf(IntegerPolynomial local);

    /// <summary>Names a computed law that is not a family member (local variables).</summary>
    ConservationLaw NameGeneral(IntegerPolynomial local, int generalIndex);

    /// <summary>Sort key of a computed law among the component's laws.</summary>
    (int, int, int, int) OrderKey(IntegerPolynomial local);

    /// <summary>
    /// Linear symmetries of φ that conserve nothing (antisymmetric elements of its symmetry algebra), from the
    /// structure; the analyzer reports them so users know why no law matches them.
    /// </summary>
    IReadOnlyList<RotationSymmetry> RotationSymmetries { get; }
}

/// <summary>Exact check of candidate laws of one component.</summary>
internal interface ILawVerifier
{
    /// <summary>True when h (component-local variables) is exactly conserved for every loss f∘φ.</summary>
    bool Verify(IntegerPolynomial h);

    /// <summary>
    /// As <see cref="Verify(IntegerPolynomial)"/> for an h that the caller knows to be invariant under the permutations of
    /// the neurons on either side of it (<see cref="LawFamily.InvariantAtItsEnds"/>): the verifier may then check one
    /// representative of each orbit of its own certificate terms.
    /// </summary>
    bool Verify(IntegerPolynomial h, bool symmetricEnds);
}

/// <summary>A search for polynomial laws of one component beyond its structural families.</summary>
internal interface ILawSearch
{
    /// <summary>Candidates that failed exact verification after all retries (reported, never emitted).</summary>
    int Rejected { get; }

    /// <summary>
    /// The largest degree k such that the search solved every parity class of degree ≤ k (0 when it covered only some):
    /// with no rejected candidate, every polynomial law of degree ≤ k is then a function of the laws it returned.
    /// </summary>
    int ExhaustiveDegree { get; }

    /// <summary>Why this component has no search beyond its families (the analysis reports it), or null when it has one.</summary>
    string? NotSearched { get; }

    /// <summary>All laws of degree ≤ min(2, MaxDegree) the search can reach (family members may be among them).</summary>
    List<IntegerPolynomial> FindDegreeTwo();

    /// <summary>Laws of degree 3…MaxDegree whose gradients add rank to <paramref name="known"/>'s.</summary>
    List<IntegerPolynomial> FindHigherDegree(IReadOnlyList<IntegerPolynomial> known, List<string> notes);
}
