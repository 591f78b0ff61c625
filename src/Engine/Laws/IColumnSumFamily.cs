namespace ConservationCodegen.Engine.Laws;

/// <summary>
/// A family of linear laws that are column sums of one matrix in θ (and optionally the sum of a bias vector): member j is
/// Σ_o θ[Weights + o·Inputs + j] for o &lt; Outputs, the last member Σ_o θ[Bias + o] when Bias ≥ 0. The translation laws of a
/// softmax layer are one; dead parameters are the case of a single row. Emitted through one loop kernel.
/// </summary>
internal interface IColumnSumFamily
{
    /// <summary>Global offset of the matrix (row-major [Outputs, Inputs]).</summary>
    int Weights { get; }

    /// <summary>Rows summed per member.</summary>
    int Outputs { get; }

    /// <summary>Columns: one member each.</summary>
    int Inputs { get; }

    /// <summary>Global offset of the bias whose sum is the last member, or −1.</summary>
    int Bias { get; }

    /// <summary>Composite formats ({0} = column) of a member's name and formula, and the bias member's name and formula.</summary>
    (string Name, string Formula, string BiasName, string BiasFormula) TextFormats();
}
