using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.DenseChain;
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
            var reference = new Dictionary<(ulong, ulong), long>();
            int keys = 100 + 3000 * round;
            for (int step = 0; step < 5 * keys; step++)
            {
                // Keys sharing low bits, and the same two words swapped between key and monomial.
                ulong a = rng.NextUInt64() % (ulong)keys * 0x10001UL, b = rng.NextUInt64() % 7;
                var (key, monomial) = rng.NextUInt64() % 2 == 0 ? (a, b) : (b, a);
                long value = (long)(rng.NextUInt64() % 5) - 2;
                table.Add(key, monomial, value);
                reference.TryGetValue((key, monomial), out var old);
                reference[(key, monomial)] = old + value;
            }

            table.NonZeroCount.ShouldBe(reference.Values.Count(v => v != 0));

            // Cancel every bucket: the table must report all zero.
            foreach (var kv in reference) table.Add(kv.Key.Item1, kv.Key.Item2, -kv.Value);
            table.NonZeroCount.ShouldBe(0);
            table.Add(7, 0, 1);
            table.NonZeroCount.ShouldBe(1);
        }
    }

    [Fact]
    public void OverflowingSumsThrow()
    {
        var table = new PackedBuckets();
        table.Add(1, 2, long.MaxValue);
        Should.Throw<System.OverflowException>(() => table.Add(1, 2, 1));
    }
}
