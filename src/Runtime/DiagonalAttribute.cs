using System;

namespace ConservationCodegen;

/// <summary>
/// Declares that a field or property holds the weights u of an elementwise scaling layer y = σ(u ⊙ x + b), stored as
/// <c>double[]</c> or <c>float[]</c> of length width. Two in a row are a Hadamard product w = u ⊙ v (laws u_i² − v_i²);
/// a chain of them is a diagonal linear network.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DiagonalAttribute : LayerAttribute
{
    /// <summary>Creates a diagonal layer description.</summary>
    /// <param name="width">Units in and out.</param>
    public DiagonalAttribute(int width) => Width = width;

    /// <summary>Units in and out.</summary>
    public int Width { get; }
}
