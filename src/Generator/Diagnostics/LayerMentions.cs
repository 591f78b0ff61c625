using System.Globalization;
using System.Text.RegularExpressions;
using ConservationCodegen.Pipeline;

namespace ConservationCodegen.Diagnostics;

/// <summary>
/// Puts member names into the engine's messages, which number layers as the engine's model does ("Layer 3 (glu)",
/// "layer 2"): the user wrote members, and a normalisation's affine is a layer of its own in that numbering. The
/// numbers stay (law names such as <c>Hidden3</c> use them); the member follows: "Layer 3 ('G1', glu)", "layer 4
/// ('Gamma2', the affine of 'W2')".
/// </summary>
internal static class LayerMentions
{
    private static readonly Regex Mention = new(@"\b([Ll]ayer) (\d+)(?: \(([a-z]+)\))?(?![\d'])", RegexOptions.CultureInvariant);

    public static string Named(string message, EquatableArray<LayerModel> layers) => Mention.Replace(message, m =>
    {
        if (!int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < 1 || number > layers.Count) return m.Value;
        var layer = layers[number - 1];
        string what = layer.AffineOf is { } of ? $"'{layer.MemberName}', the affine of '{of}'"
            : m.Groups[3].Success ? $"'{layer.MemberName}', {m.Groups[3].Value}" : $"'{layer.MemberName}'";
        return $"{m.Groups[1].Value} {m.Groups[2].Value} ({what})";
    });
}
