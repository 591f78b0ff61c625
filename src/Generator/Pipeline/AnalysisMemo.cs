using System.Collections.Generic;
using System.Threading;
using ConservationCodegen.Engine.Analysis;

namespace ConservationCodegen.Pipeline;

/// <summary>
/// Content-keyed memo of engine results and emitted files, shared by the source and diagnostics branches, by
/// re-created drivers and by every build a long-lived compiler server runs. Keys are equatable records of the spec and
/// the budget — never symbols or compilations — and the memo is bounded, so it cannot grow over a long IDE session.
/// </summary>
internal static class AnalysisMemo
{
    private const int Capacity = 64;
    private static readonly Dictionary<object, object> Entries = new();
    private static readonly LinkedList<object> Order = new();
    private static readonly object Gate = new();

    private sealed record AnalysisKey(ModelSpec Spec, int BudgetMilliseconds, int MaxDegree);

    private sealed record EmissionKey(ModelSpec Spec, int BudgetMilliseconds);

    private sealed record MomentumKey(ModelSpec Spec, int BudgetMilliseconds);

    /// <summary>The engine's analysis of a model at its MaxDegree (or an override) under the options' budget.</summary>
    public static AnalysisResult Analyze(ModelSpec spec, GenerationOptions options, CancellationToken token, int? maxDegree = null)
    {
        int degree = maxDegree ?? spec.MaxDegree;
        return GetOrAdd(new AnalysisKey(spec, options.BudgetMilliseconds, degree), () =>
            ConservationAnalysis.Analyze(spec.ToDescription(), options.AnalysisOptions(degree), token),
            result => !result.StoppedByWallClock); // a load-dependent result is not kept: the next build tries again
    }

    /// <summary>
    /// The engine's count of the momentum flow's laws (for CCG0107), under half the compile budget: it runs after the
    /// gradient-flow analysis of the same model, and together they stay within the budget's order. Never throws except
    /// on cancellation (<see cref="MomentumAnalysis.Count(Engine.Model.ModelDescription, Engine.Analysis.AnalysisOptions?, CancellationToken)"/> turns its failures into a status).
    /// </summary>
    public static MomentumCountResult MomentumCount(ModelSpec spec, GenerationOptions options, CancellationToken token) =>
        GetOrAdd(new MomentumKey(spec, options.BudgetMilliseconds), () =>
            MomentumAnalysis.Count(spec.ToDescription(), Engine.Analysis.AnalysisOptions.ForBudget(System.Math.Max(1, options.BudgetMilliseconds / 2)), token),
            result => !result.StoppedByWallClock); // load-dependent: not kept, the next build tries again

    /// <summary>The emitted files of a model (a rebuild in the same compiler process reuses them).</summary>
    public static T Emitted<T>(ModelSpec spec, GenerationOptions options, AnalysisResult analysis, System.Func<T> emit) where T : class =>
        GetOrAdd(new EmissionKey(spec, options.BudgetMilliseconds), emit, _ => !analysis.StoppedByWallClock);

    /// <summary>Forgets every entry (tests use it to make sure a result is recomputed).</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            Entries.Clear();
            Order.Clear();
        }
    }

    private static T GetOrAdd<T>(object key, System.Func<T> compute, System.Func<T, bool> keep)
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
        if (!keep(value)) return value;
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
}
