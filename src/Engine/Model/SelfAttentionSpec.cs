namespace ConservationCodegen.Engine.Model;

/// <summary>
/// Multi-head self-attention over the tokens of a sequence, each token a vector of <see cref="ModelDim"/> features:
/// head a computes softmax_keys((X W_Q^aᵀ + b_Q^a)(X W_K^aᵀ + b_K^a)ᵀ / √d_k)(X W_V^aᵀ + b_V^a) W_O^aᵀ, and the block
/// outputs the sum over heads. Storage: W_Q, W_K, W_V are [heads·headDim, modelDim] (head a owns rows a·headDim …
/// (a+1)·headDim − 1), W_O is [modelDim, heads·headDim] (head a owns those columns), biases [heads·headDim]. θ holds, in
/// order: W_Q, b_Q, W_K, b_K, W_V, b_V, W_O (a bias only when the block has it). Softmax over the keys cuts the model: the
/// block is a component of its own (see <see cref="Attention.AttentionBlock"/>).
/// </summary>
public sealed record SelfAttentionSpec : BlockSpec
{
    /// <param name="modelDim">Features per token, in and out.</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="headDim">Query/key/value width of one head.</param>
    /// <param name="queryBias">Whether the queries have a bias.</param>
    /// <param name="keyBias">Whether the keys have a bias (its gradient is zero: softmax over the keys removes it).</param>
    /// <param name="valueBias">Whether the values have a bias.</param>
    public SelfAttentionSpec(int modelDim, int heads, int headDim, bool queryBias = false, bool keyBias = false, bool valueBias = false)
    {
        ModelDim = modelDim;
        Heads = heads;
        HeadDim = headDim;
        HasQueryBias = queryBias;
        HasKeyBias = keyBias;
        HasValueBias = valueBias;
    }

    /// <summary>Features per token, in and out.</summary>
    public int ModelDim { get; }

    /// <summary>Number of heads.</summary>
    public int Heads { get; }

    /// <summary>Query/key/value width of one head.</summary>
    public int HeadDim { get; }

    /// <summary>Whether the queries have a bias b_Q.</summary>
    public bool HasQueryBias { get; }

    /// <summary>Whether the keys have a bias b_K.</summary>
    public bool HasKeyBias { get; }

    /// <summary>Whether the values have a bias b_V.</summary>
    public bool HasValueBias { get; }

    /// <summary>Formula names of the other members (the query weights are <see cref="BlockSpec.WeightName"/>).</summary>
    public string QueryBiasName { get; init; } = "bQ";

    /// <inheritdoc cref="QueryBiasName"/>
    public string KeyName { get; init; } = "WK";

    /// <inheritdoc cref="QueryBiasName"/>
    public string KeyBiasName { get; init; } = "bK";

    /// <inheritdoc cref="QueryBiasName"/>
    public string ValueName { get; init; } = "WV";

    /// <inheritdoc cref="QueryBiasName"/>
    public string ValueBiasName { get; init; } = "bV";

    /// <inheritdoc cref="QueryBiasName"/>
    public string OutputName { get; init; } = "WO";

    /// <summary>heads·headDim: rows of W_Q, W_K, W_V and columns of W_O.</summary>
    public long Projection => (long)Heads * HeadDim;

    /// <inheritdoc/>
    public override string KindName => "attention";

    /// <inheritdoc/>
    public override int Inputs => ModelDim;

    /// <inheritdoc/>
    public override int Outputs => ModelDim;

    /// <summary>Every parameter of the block (W_Q, b_Q, W_K, b_K, W_V, b_V, W_O): it has no bias of the usual kind.</summary>
    public override long WeightCount => 4 * Projection * ModelDim + Projection * ((HasQueryBias ? 1 : 0) + (HasKeyBias ? 1 : 0) + (HasValueBias ? 1 : 0));

    /// <inheritdoc/>
    public override string ShapeText => Inv(Heads) + " heads × " + Inv(HeadDim) + " on " + Inv(ModelDim);

    /// <summary>A token-wise map of <see cref="ModelDim"/> features (what the blocks around it read); no path runs through it.</summary>
    public override LayerShape ShapeAfter(BlockSpec? before) => new(ModelDim, ModelDim);

    /// <summary>Offset of W_Q within the block's parameters.</summary>
    public long QueryOffset => 0;

    /// <summary>Offset of b_Q (meaningful when the block has it).</summary>
    public long QueryBiasOffset => Projection * ModelDim;

    /// <summary>Offset of W_K.</summary>
    public long KeyOffset => QueryBiasOffset + (HasQueryBias ? Projection : 0);

    /// <summary>Offset of b_K (meaningful when the block has it).</summary>
    public long KeyBiasOffset => KeyOffset + Projection * ModelDim;

    /// <summary>Offset of W_V.</summary>
    public long ValueOffset => KeyBiasOffset + (HasKeyBias ? Projection : 0);

    /// <summary>Offset of b_V (meaningful when the block has it).</summary>
    public long ValueBiasOffset => ValueOffset + Projection * ModelDim;

    /// <summary>Offset of W_O.</summary>
    public long OutputOffset => ValueBiasOffset + (HasValueBias ? Projection : 0);
}
