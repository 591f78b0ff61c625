using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using ConservationCodegen.Engine.Analysis;
using ConservationCodegen.Engine.Model;

namespace ConservationCodegen.Pipeline;

/// <summary>
/// Content-keyed memo of engine results, shared by the source and diagnostics branches and by re-created
/// drivers (house-style §8). Keys are strings built from shapes, names and options only — never symbols or
/// compilations — and the memo is bounded, so it cannot grow over a long IDE session.
/// </summary>
internal static class AnalysisMemo
{
    private const int Capacity = 64;
    private static readonly Dictionary<string, object> Entries = new();
    private static readonly LinkedList<string> Order = new();
    private static readonly object Gate = new();

    /// <summary>The engine's analysis of a model at its MaxDegree (or an override) under the options' budget.</summary>
    public static AnalysisResult Analyze(ModelSpec spec, GenerationOptions options, CancellationToken token, int? maxDegree = null)
    {
        int degree = maxDegree ?? spec.MaxDegree;
        return GetOrAdd("analysis|" + degree.ToString(CultureInfo.InvariantCulture) + "|" + KeyOf(spec, options), () =>
            ConservationAnalysis.Analyze(spec.ToDescription(), new AnalysisOptions { MaxDegree = degree, WorkBudget = options.WorkBudget }, token));
    }

    /// <summary>Forgets every entry (tests use it to make sure a result is recomputed).</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            Entries.Clear();
            Order.Clear();
        }
    }

    private static T GetOrAdd<T>(string key, System.Func<T> compute)
    {
        lock (Gate)
        {
            if (Entries.TryGetValue(key, out var hit))
            {
                Order.Remove(key);
                Order.AddFirst(key);
                return (T)hit;
            }
        }

        // Computed outside the lock (transforms may be cancelled); a cancelled computation is never stored.
        var value = compute();
        lock (Gate)
        {
            if (!Entries.ContainsKey(key))
            {
                Entries[key] = value!;
                Order.AddFirst(key);
                while (Order.Count > Capacity)
                {
                    Entries.Remove(Order.Last!.Value);
                    Order.RemoveLast();
                }
            }
        }

        return value;
    }

    // Everything the engine reads: widths, activations, biases and the names used in law formulas.
    private static string KeyOf(ModelSpec spec, GenerationOptions options)
    {
        var sb = new StringBuilder();
        sb.Append(options.BudgetMilliseconds.ToString(CultureInfo.InvariantCulture));
        foreach (var l in spec.Layers)
        {
            sb.Append('|').Append(l.MemberName).Append(':')
              .Append(l.Inputs.ToString(CultureInfo.InvariantCulture)).Append('x')
              .Append(l.Outputs.ToString(CultureInfo.InvariantCulture)).Append(':')
              .Append(((int)l.Activation).ToString(CultureInfo.InvariantCulture)).Append(':')
              .Append(l.BiasMember ?? "");
        }

        return sb.ToString();
    }
}
