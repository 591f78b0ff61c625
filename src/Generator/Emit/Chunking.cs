using System;
using System.CodeDom.Compiler;
using System.Collections.Generic;
using static ConservationCodegen.Emit.SourceFileWriter;

namespace ConservationCodegen.Emit;

/// <summary>
/// Splits straight-line work into methods under a per-method cost, so no generated method nears the JIT's MinOpts
/// limits (the JIT gives up optimising above 20k IL instructions; we stay ≤ 12k, and one product factor is ≈ 5 IL
/// instructions; docs/generated-code.md).
/// </summary>
internal static class Chunking
{
    /// <summary>Factors (span loads in products) allowed in one generated method.</summary>
    public const int FactorsPerMethod = 2000;

    /// <summary>Groups consecutive item indices so that each group's summed cost stays within <paramref name="limit"/>.</summary>
    public static List<List<int>> Split(IReadOnlyList<int> costs, int limit = FactorsPerMethod)
    {
        var chunks = new List<List<int>>();
        var current = new List<int>();
        int total = 0;
        for (int k = 0; k < costs.Count; k++)
        {
            if (current.Count > 0 && total + costs[k] > limit)
            {
                chunks.Add(current);
                current = new List<int>();
                total = 0;
            }

            current.Add(k);
            total += costs[k];
        }

        if (current.Count > 0 || chunks.Count == 0) chunks.Add(current);
        return chunks;
    }

    /// <summary>
    /// Writes a public method (its signature line; docs are the caller's) that checks its arguments and calls one
    /// private method per chunk, then the chunk methods, each writing its items with <paramref name="writeItem"/>.
    /// </summary>
    public static void WriteChunkedMethod(
        IndentedTextWriter w, string signature, (string Name, string Length)[] checks,
        string chunkName, string chunkParameters, string chunkArguments, List<List<int>> chunks, Action<int> writeItem)
    {
        w.WriteLine(signature);
        OpenChecked(w, checks);
        for (int c = 0; c < chunks.Count; c++) w.WriteLine($"{chunkName}{Inv(c)}({chunkArguments});");
        Close(w);
        w.WriteLineNoTabs("");
        for (int c = 0; c < chunks.Count; c++)
        {
            w.WriteLine(GeneratedCode);
            w.WriteLine($"private static void {chunkName}{Inv(c)}({chunkParameters})");
            w.WriteLine("{");
            w.Indent++;
            foreach (int item in chunks[c]) writeItem(item);
            Close(w);
            w.WriteLineNoTabs("");
        }
    }
}
