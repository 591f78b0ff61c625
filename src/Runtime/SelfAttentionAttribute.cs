using System;

namespace ConservationCodegen;

/// <summary>
/// Declares that a field or property holds the query weights W_Q of a multi-head self-attention block over a sequence of
/// tokens of <c>modelDim</c> features: head a computes softmax over the keys of (X W_Q^aᵀ + b_Q^a)(X W_K^aᵀ + b_K^a)ᵀ/√headDim,
/// applied to X W_V^aᵀ + b_V^a, then W_O^a, and the block outputs the sum over heads. W_Q, W_K and W_V are stored
/// [heads·headDim, modelDim] (head a owns rows a·headDim … (a+1)·headDim − 1), W_O is [modelDim, heads·headDim]; in θ the
/// block holds W_Q, b_Q, W_K, b_K, W_V, b_V, W_O in that order. Laws per head (headDim × headDim):
/// W_Q^a W_Q^aᵀ + b_Q b_Qᵀ − W_K^a W_K^aᵀ − b_K b_Kᵀ and W_V^a W_V^aᵀ + b_V b_Vᵀ − W_O^aᵀ W_O^a, and each key-bias entry
/// (softmax over the keys removes it: its gradient is zero). See docs/layers.md, "Attention".
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SelfAttentionAttribute : LayerAttribute
{
    /// <summary>Creates a self-attention block description.</summary>
    /// <param name="modelDim">Features per token, in and out.</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="headDim">Query, key and value width of one head.</param>
    public SelfAttentionAttribute(int modelDim, int heads, int headDim)
    {
        ModelDim = modelDim;
        Heads = heads;
        HeadDim = headDim;
    }

    /// <summary>Features per token, in and out.</summary>
    public int ModelDim { get; }

    /// <summary>Number of heads.</summary>
    public int Heads { get; }

    /// <summary>Query, key and value width of one head.</summary>
    public int HeadDim { get; }

    /// <summary>The member holding the key weights W_K, [heads·headDim, modelDim] (required), e.g. <c>nameof(WK)</c>.</summary>
    public string? Key { get; set; }

    /// <summary>The member holding the value weights W_V, [heads·headDim, modelDim] (required).</summary>
    public string? Value { get; set; }

    /// <summary>The member holding the output weights W_O, [modelDim, heads·headDim] (required).</summary>
    public string? Output { get; set; }

    /// <summary>The member holding the query bias b_Q (heads·headDim entries), or null for none.</summary>
    public string? QueryBias { get; set; }

    /// <summary>
    /// The member holding the key bias b_K (heads·headDim entries), or null for none. Softmax over the keys removes it:
    /// its gradient is zero, so it never trains (an information diagnostic says so) and each entry is a conservation law.
    /// </summary>
    public string? KeyBias { get; set; }

    /// <summary>The member holding the value bias b_V (heads·headDim entries), or null for none.</summary>
    public string? ValueBias { get; set; }
}
