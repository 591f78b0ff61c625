using System;
using System.Threading;

namespace ConservationCodegen.Engine.Analysis;

/// <summary>Raised inside the engine when the work budget is spent; turned into a "too large" result, never escapes.</summary>
internal sealed class WorkBudgetExceededException : Exception
{
    public WorkBudgetExceededException(string stage) : base(stage) => Stage = stage;

    public string Stage { get; }
}

/// <summary>Counts elementary operations (multiply-adds) and checks cancellation at every charge.</summary>
internal sealed class WorkMeter
{
    private readonly CancellationToken _token;

    public WorkMeter(long budget, CancellationToken token)
    {
        Budget = budget;
        _token = token;
    }

    public long Budget { get; }

    public long Used { get; private set; }

    public void Charge(long operations, string stage)
    {
        _token.ThrowIfCancellationRequested();
        Used += operations;
        if (Used > Budget) throw new WorkBudgetExceededException(stage);
    }

    public bool CanAfford(double operations) => Used + operations <= Budget;
}
