using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.DenseChain;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Engine.Phi;

/// <summary>
/// The parts φ is lifted over: the segments of a model, joined into one part where skip connections join them (as the
/// analysis's components are). Inside a part, φ lifts block by block (linear runs between gates and segment ends) and a
/// skip adds the components reaching its source level, unit c, to those of its target level, unit c (a path through
/// a skip picks up no parameter). A skip from outside the part (across an activation without a rescaling symmetry)
/// adds a start at its target instead: its value is the part's input there.
/// </summary>
internal sealed class PhiRegion
{
    private PhiRegion(List<PhiBlock> blocks, int inputLevel, Dictionary<int, int> skipInto)
    {
        Blocks = blocks;
        InputLevel = inputLevel;
        SkipInto = skipInto;
    }

    /// <summary>The part's blocks in order.</summary>
    public List<PhiBlock> Blocks { get; }

    /// <summary>The level the part starts from (the output of layer InputLevel; −1 for the model input).</summary>
    public int InputLevel { get; }

    /// <summary>Target level → source level of the skip added there (a source before <see cref="InputLevel"/> is outside the part).</summary>
    public Dictionary<int, int> SkipInto { get; }

    public static List<PhiRegion> Of(ModelDescription model)
    {
        var structure = new ModelStructure(model);
        var blocks = PhiBlocks.Of(model);
        var result = new List<PhiRegion>();
        foreach (var group in ResidualRegion.Groups(structure))
        {
            var list = group.SelectMany(s => blocks[s.Index]).ToList();
            int first = group[0].FirstLayer, last = group[group.Count - 1].LastLayer;
            var skips = new Dictionary<int, int>();
            for (int k = first; k <= last; k++)
                if (model.Layers[k].ResidualFrom >= 0) skips[k] = model.Layers[k].ResidualFrom - 1;
            result.Add(new PhiRegion(list, first - 1, skips));
        }

        return result;
    }
}
