using System.Collections.Generic;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Attention;

/// <summary>
/// One linear pair of an attention head as a two-layer linear model of its own. The query–key logits of head a are
/// X̃ Ũᵀ W_K^a Xᵀ with X̃ = [X, 𝟙] and Ũ = [W_Q^a, b_Q^a]; softmax over the keys drops every term constant along a row
/// (those with b_K), so the loss sees the head only through Ũᵀ W_K^a: the product W₂W₁ of W₁ = W_Q^a (with bias b_Q^a)
/// and W₂ = W_K^aᵀ. The values give A_a X̃ [W_V^a, b_V^a]ᵀ W_O^aᵀ (the rows of A_a sum to 1): W₁ = W_V^a (with b_V^a),
/// W₂ = W_O^a. So each pair is analysed as the dense segment of that two-layer model (<see cref="Segment"/>), and
/// <see cref="ToBlock"/> maps its parameters to the attention block's.
/// </summary>
internal sealed class HeadPair
{
    private HeadPair(DenseSegment segment, int[] toBlock, int head, bool values)
    {
        Segment = segment;
        ToBlock = toBlock;
        Head = head;
        IsValueOutput = values;
    }

    /// <summary>The two-layer linear model's segment: its Gram family, theorem, verifier and gated gradient fields.</summary>
    public DenseSegment Segment { get; }

    /// <summary>Block-local index of each of the pair model's parameters (W₁ row-major, b₁, W₂ row-major).</summary>
    public int[] ToBlock { get; }

    /// <summary>0-based head.</summary>
    public int Head { get; }

    /// <summary>True for the value–output pair, false for the query–key pair.</summary>
    public bool IsValueOutput { get; }

    /// <summary>The query–key and value–output pairs of every head, in that order per head.</summary>
    public static List<HeadPair> Of(SelfAttentionSpec block)
    {
        var pairs = new List<HeadPair>();
        for (int a = 0; a < block.Heads; a++)
        {
            pairs.Add(Create(block, a, values: false));
            pairs.Add(Create(block, a, values: true));
        }

        return pairs;
    }

    private static HeadPair Create(SelfAttentionSpec block, int head, bool values)
    {
        int d = block.ModelDim, r = block.HeadDim, first = head * r;
        bool bias = values ? block.HasValueBias : block.HasQueryBias;
        var model = new ModelDescription(new BlockSpec[]
        {
            new LayerSpec(d, r, ActivationKind.Identity, bias),
            new LayerSpec(r, d, ActivationKind.Identity, false),
        });
        var segment = new DenseSegment(model, new ModelStructure(model).Segments[0]);
        var map = new int[model.ParameterCount];
        long inWeights = values ? block.ValueOffset : block.QueryOffset, inBias = values ? block.ValueBiasOffset : block.QueryBiasOffset;
        int k = 0;
        for (int i = 0; i < r; i++)
            for (int c = 0; c < d; c++) map[k++] = checked((int)(inWeights + (long)(first + i) * d + c));
        if (bias)
            for (int i = 0; i < r; i++) map[k++] = checked((int)(inBias + first + i));
        for (int o = 0; o < d; o++)
            for (int i = 0; i < r; i++)
                map[k++] = values
                    ? checked((int)(block.OutputOffset + (long)o * block.Projection + first + i)) // W₂[o, i] = W_O[o, a·r + i]
                    : checked((int)(block.KeyOffset + (long)(first + i) * d + o));                // W₂[o, i] = W_K[a·r + i, o]
        return new HeadPair(segment, map, head, values);
    }
}
