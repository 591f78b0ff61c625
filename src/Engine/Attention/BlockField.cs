using System.Collections.Generic;
using ConservationCodegen.Engine.Fields;

namespace ConservationCodegen.Engine.Attention;

/// <summary>
/// Σ_parts χ_part, each part's field evaluated on its own parameters (gathered from the block's θ by its index map) and
/// written back to them: with parts on disjoint parameters, a random element of each part's W_φ makes a random element
/// of the block's W_φ = ⊕ W_φ(part). Parameters no part holds get 0 (their gradient is always zero).
/// </summary>
internal sealed class BlockField : FieldExpression
{
    private readonly int _parameters;
    private readonly IReadOnlyList<(FieldExpression Field, int[] ToBlock)> _parts;

    public BlockField(int parameters, IReadOnlyList<(FieldExpression Field, int[] ToBlock)> parts)
    {
        _parameters = parameters;
        _parts = parts;
    }

    public override int Length => 1;

    public override uint[] Evaluate(uint[] theta, int size)
    {
        var result = new uint[_parameters * size];
        foreach (var (field, map) in _parts)
        {
            var local = new uint[map.Length * size];
            for (int i = 0; i < map.Length; i++) System.Array.Copy(theta, map[i] * size, local, i * size, size);
            var value = field.Evaluate(local, size);
            for (int i = 0; i < map.Length; i++) System.Array.Copy(value, i * size, result, map[i] * size, size);
        }

        return result;
    }
}
