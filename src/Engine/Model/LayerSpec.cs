namespace ConservationCodegen.Engine.Model;

/// <summary>
/// A dense layer: W ∈ ℝ^{outputs×inputs} (stored [outputs, inputs], row-major), optional bias, activation after it.
/// After a convolution of C channels its inputs are the channel-major flattening (PyTorch order), a multiple of C.
/// </summary>
public sealed record LayerSpec : BlockSpec
{
    /// <param name="inputs">Input width n_{k−1}.</param>
    /// <param name="outputs">Output width n_k.</param>
    /// <param name="activation">Activation applied after this layer (ignored on the last layer).</param>
    /// <param name="hasBias">Whether the layer has a bias vector of length <paramref name="outputs"/>.</param>
    /// <param name="weightName">Name used in formulas for the weight matrix.</param>
    /// <param name="biasName">Name used in formulas for the bias vector.</param>
    public LayerSpec(int inputs, int outputs, ActivationKind activation, bool hasBias, string weightName = "", string biasName = "")
    {
        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        HasBias = hasBias;
        WeightName = weightName;
        BiasName = biasName;
    }

    /// <inheritdoc/>
    public override string KindName => "dense";

    /// <summary>Input width n_{k−1}.</summary>
    public override int Inputs { get; }

    /// <summary>Output width n_k.</summary>
    public override int Outputs { get; }

    /// <inheritdoc/>
    public override long WeightCount => (long)Inputs * Outputs;

    /// <inheritdoc/>
    public override string ShapeText => Inv(Outputs) + "×" + Inv(Inputs);

    /// <summary>After a convolution of C channels the C·S inputs are C units with S taps each (storage [outputs, C, S]).</summary>
    public override LayerShape ShapeAfter(BlockSpec? before) =>
        before is ConvolutionSpec conv && conv.OutChannels > 0 && Inputs > 0 && Inputs % conv.OutChannels == 0
            ? new LayerShape(conv.OutChannels, Outputs, Inputs / conv.OutChannels)
            : new LayerShape(Inputs, Outputs);
}
