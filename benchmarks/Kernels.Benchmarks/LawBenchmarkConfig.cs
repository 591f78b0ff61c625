using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace ConservationCodegen.Kernels.Benchmarks;

/// <summary>
/// A short job (one launch, 3 warm-ups, 10 measured iterations) so the law classes run in minutes; ratios are to the
/// hand-written TensorPrimitives baseline of each category, and allocations are shown (the kernels must allocate nothing).
/// </summary>
public sealed class LawBenchmarkConfig : ManualConfig
{
    public LawBenchmarkConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
        // The benchmark build regenerates every model; on a busy machine it takes longer than the default two minutes.
        WithBuildTimeout(System.TimeSpan.FromMinutes(10));
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
