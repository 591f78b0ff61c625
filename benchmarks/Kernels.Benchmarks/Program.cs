using BenchmarkDotNet.Running;

// Each benchmark class compares a generated member with hand-written baselines (scalar loops and TensorPrimitives) on
// the same flat θ, and checks before timing that all of them agree. Select classes with -filter.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
