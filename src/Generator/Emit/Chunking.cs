using System.Collections.Generic;

namespace ConservationCodegen.Emit;

/// <summary>
/// Splits straight-line work into methods under a per-method cost, so no generated method nears the JIT's MinOpts
/// limits (performance.md §2: ≤ 12k IL instructions; one product factor is ≈ 5 IL instructions).
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
}
