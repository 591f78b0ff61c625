using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Arithmetic;
using ConservationCodegen.Engine.Laws;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>The verifier's bucket table against a dictionary: sums, cancellation to zero, growth, O(1) clear.</summary>
public sealed class PackedBucketsTests
{
    [Fact]
    public void NonZeroCountMatchesADictionaryThroughGrowthAndClears()
    {
        var rng = new DeterministicRandom(5);
        var table = new PackedBuckets();
        for (int round = 0; round < 4; round++)
        {
            table.Clear();
            var reference = new Dictionary<ulong, long>();
            int keys = 100 + 3000 * round;
            for (int step = 0; step < 5 * keys; step++)
            {
                ulong key = rng.NextUInt64() % (ulong)keys * 0x10001UL; // keys sharing low bits
                long value = (long)(rng.NextUInt64() % 5) - 2;
                table.Add(key, value);
                reference.TryGetValue(key, out var old);
                reference[key] = old + value;
            }

            table.NonZeroCount.ShouldBe(reference.Values.Count(v => v != 0));

            // Cancel every bucket: the table must report all zero.
            foreach (var kv in reference) table.Add(kv.Key, -kv.Value);
            table.NonZeroCount.ShouldBe(0);
            table.Add(7, 1);
            table.NonZeroCount.ShouldBe(1);
        }
    }

    [Fact]
    public void OverflowingSumsThrow()
    {
        var table = new PackedBuckets();
        table.Add(1, long.MaxValue);
        Should.Throw<System.OverflowException>(() => table.Add(1, 1));
    }
}
