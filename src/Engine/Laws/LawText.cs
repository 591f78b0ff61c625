namespace ConservationCodegen.Engine.Laws;

/// <summary>Shared pieces of law formulas.</summary>
internal static class LawText
{
    /// <summary>LaTeX for a member name: W1 → W_{1}; other names → \mathrm{name}.</summary>
    public static string Tex(string name)
    {
        int split = name.Length;
        while (split > 0 && char.IsDigit(name[split - 1])) split--;
        if (split == 1 && split < name.Length && char.IsLetter(name[0])) return name.Substring(0, 1) + "_{" + name.Substring(1) + "}";
        if (name.Length == 1) return name;
        return "\\mathrm{" + name.Replace("_", "\\_") + "}";
    }
}
