using System.Collections.Generic;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Phi;

/// <summary>One maximal linear run inside a segment: the layers whose product is one factor of the path-lifting.</summary>
public sealed class PhiBlock
{
    internal PhiBlock(IReadOnlyList<int> layers, ModelDescription model)
    {
        Layers = layers;
        foreach (int k in layers) HasBias |= model.Layers[k].HasBias;
        Inputs = model.Shapes[layers[0]].Inputs;
        Outputs = model.Layers[layers[layers.Count - 1]].Outputs;
    }

    /// <summary>Global layer indices of the run, in order.</summary>
    public IReadOnlyList<int> Layers { get; }
    /// <summary>True when any layer of the run has a bias (the block then has a bias column).</summary>
    public bool HasBias { get; }
    /// <summary>Units of the run's input boundary (channels when it starts with a dense layer after a convolution).</summary>
    public int Inputs { get; }
    /// <summary>Width of the run's output boundary.</summary>
    public int Outputs { get; }
}

/// <summary>Splits each segment into its linear runs (blocks) at the gate levels.</summary>
public static class PhiBlocks
{
    /// <summary>Blocks of every segment, in segment order.</summary>
    public static List<List<PhiBlock>> Of(ModelDescription model)
    {
        var result = new List<List<PhiBlock>>();
        foreach (var seg in new ModelStructure(model).Segments)
        {
            var blocks = new List<PhiBlock>();
            var run = new List<int>();
            for (int t = 1; t < seg.LevelCount; t++)
            {
                run.Add(seg.FirstLayer + t - 1);
                if (t == seg.LevelCount - 1 || seg.IsGateLevel[t])
                {
                    blocks.Add(new PhiBlock(run, model));
                    run = new List<int>();
                }
            }

            result.Add(blocks);
        }

        return result;
    }
}
