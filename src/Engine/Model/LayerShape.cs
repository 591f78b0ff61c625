namespace ConservationCodegen.Engine.Model;

/// <summary>
/// How the engine sees a block: a layer of edges from <see cref="Inputs"/> units to <see cref="Outputs"/> units of
/// the channel graph, each (output, input) pair joined by <see cref="Taps"/> parallel edges (one weight each) — or,
/// when <see cref="Diagonal"/>, unit i joined to unit i only. Weights are laid out [outputs, inputs, taps]
/// row-major (diagonal: [outputs]). A dense layer has one tap; a convolution one per kernel position; a dense layer
/// after a convolution of C channels reads C·S features, so it is C → outputs with S taps (its storage
/// [outputs, C·S] is [outputs, C, S]). φ is the path-lifting of this graph: one coordinate per path of units and taps.
/// </summary>
/// <param name="Inputs">Input units (neurons or channels).</param>
/// <param name="Outputs">Output units.</param>
/// <param name="Taps">Parallel edges per (output, input) pair.</param>
/// <param name="Diagonal">True when unit i connects to unit i only (Inputs = Outputs, Taps = 1).</param>
public sealed record LayerShape(int Inputs, int Outputs, int Taps = 1, bool Diagonal = false)
{
    /// <summary>Weights of the layer.</summary>
    public long WeightCount => Diagonal ? Outputs : (long)Inputs * Outputs * Taps;

    /// <summary>Weights entering one output unit (its row): inputs·taps, or 1 on a diagonal layer.</summary>
    public int RowLength => Diagonal ? 1 : Inputs * Taps;

    /// <summary>Offset, within the layer's weights, of the edge (output, input, tap); −1 when a diagonal layer has no such edge.</summary>
    public long EdgeOffset(int output, int input, int tap) =>
        Diagonal ? (output == input && tap == 0 ? output : -1) : ((long)output * Inputs + input) * Taps + tap;
}
