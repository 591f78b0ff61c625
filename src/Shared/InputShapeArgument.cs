using Microsoft.CodeAnalysis;

namespace ConservationCodegen;

/// <summary>The <c>InputShape</c> of a <c>[ConservationModel]</c> attribute, read the same way by the analyzers and the generator.</summary>
internal static class InputShapeArgument
{
    /// <summary>The declared shape ({ channels, length } or { channels, height, width }), or null when none is written.</summary>
    public static int[]? Read(AttributeData model)
    {
        foreach (var arg in model.NamedArguments)
        {
            if (arg.Key != "InputShape" || arg.Value.Kind != TypedConstantKind.Array || arg.Value.IsNull) continue;
            var values = arg.Value.Values;
            var shape = new int[values.Length];
            for (int i = 0; i < shape.Length; i++) shape[i] = values[i].Value is int v ? v : 0;
            return shape;
        }

        return null;
    }
}
