using System.Runtime.CompilerServices;

namespace ConservationCodegen.Engine.Arithmetic;

/// <summary>JIT hints for the engine's few hot kernels.</summary>
internal static class HotLoop
{
    /// <summary>
    /// MethodImplOptions.AggressiveOptimization (value 512; netstandard2.0 does not name it, hosts from .NET Core 3.0
    /// honour it). Without it a kernel called a few thousand times in one short analysis runs as Tier-0/OSR code,
    /// measured 2–6× slower than optimised code for the SIMD elimination.
    /// </summary>
    public const MethodImplOptions Optimized = (MethodImplOptions)512;
}
