using System;
using System.Diagnostics;
using System.Threading;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>Raised inside the engine when the work budget stops a step; turned into a "too large" result, never escapes.</summary>
internal sealed class WorkBudgetExceededException : Exception
{
    public WorkBudgetExceededException(string stage, bool refusedUpFront = false) : base(stage)
    {
        Stage = stage;
        RefusedUpFront = refusedUpFront;
    }

    public string Stage { get; }

    /// <summary>True when the step was refused from its cost estimate before it spent anything (the budget is intact).</summary>
    public bool RefusedUpFront { get; }
}

/// <summary>
/// Counts elementary operations (calibrated to ≈ 1 ns each on the reference machine) and checks cancellation at every
/// charge. The operation count is the budget that decides, so results do not depend on the machine's load; an optional
/// wall-clock limit is a safety net for machines much slower than the calibration (hitting it is reported as such).
/// </summary>
internal sealed class WorkMeter
{
    private readonly CancellationToken _token;
    private readonly long _wallLimitTicks;
    private readonly long _startTicks;

    public WorkMeter(long budget, CancellationToken token, TimeSpan? wallClockLimit = null)
    {
        Budget = budget;
        _token = token;
        _startTicks = Stopwatch.GetTimestamp();
        _wallLimitTicks = wallClockLimit is TimeSpan limit ? (long)(limit.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
    }

    public long Budget { get; }

    /// <summary>The analysis' cancellation token, for loops that run between charges (eliminations, jet evaluations).</summary>
    public CancellationToken Token => _token;

    public long Used { get; private set; }

    /// <summary>True once the wall-clock safety net stopped the analysis.</summary>
    public bool StoppedByWallClock { get; private set; }

    public void Charge(long operations, string stage)
    {
        _token.ThrowIfCancellationRequested();
        Used += operations;
        if (Used > Budget) throw new WorkBudgetExceededException(stage);
        if (_wallLimitTicks != long.MaxValue && Stopwatch.GetTimestamp() - _startTicks > _wallLimitTicks)
        {
            StoppedByWallClock = true;
            throw new WorkBudgetExceededException(stage + ", wall-clock limit");
        }
    }

    public bool CanAfford(double operations) => Used + operations <= Budget;

    /// <summary>A meter for work that must finish whatever the budget (cancellation still applies).</summary>
    public WorkMeter Unbudgeted() => new(long.MaxValue, _token);

    /// <summary>Records work done under an <see cref="Unbudgeted"/> meter; the next <see cref="Charge"/> sees it.</summary>
    public void Record(long operations) => Used += operations;
}
