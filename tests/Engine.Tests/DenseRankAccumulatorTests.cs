using System.Collections.Generic;
using System.Linq;
using ConservationCodegen.Engine.Arithmetic;
using Shouldly;
using Xunit;

namespace ConservationCodegen.Engine.Tests;

/// <summary>The SIMD elimination must agree with the scalar echelon vector by vector, in any batching.</summary>
public sealed class DenseRankAccumulatorTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(9, 5, 3)]
    [InlineData(37, 30, 7)]
    [InlineData(130, 100, 32)]
    [InlineData(130, 130, 1)]
    public void GrowthFlagsAndRankMatchTheScalarEchelon(int n, int rank, int batch)
    {
        var rng = new DeterministicRandom((ulong)(n * 1000 + rank));
        var vectors = new List<uint[]>();
        var basis = Enumerable.Range(0, rank).Select(_ => Enumerable.Range(0, n).Select(_ => rng.NextNonZeroMod()).ToArray()).ToArray();
        for (int i = 0; i < 2 * rank + 10; i++)
        {
            var v = new uint[n];
            // Some vectors repeat a basis vector or are zero: dependent inserts must be reported as such.
            if (i % 5 == 4) v = (uint[])basis[i % rank].Clone();
            else if (i % 11 == 10) v = new uint[n];
            else
                for (int k = 0; k < rank; k++)
                {
                    uint c = rng.NextNonZeroMod();
                    for (int j = 0; j < n; j++) v[j] = ModP.Add(v[j], ModP.Mul(c, basis[k][j]));
                }

            vectors.Add(v);
        }

        var scalar = new ModEchelon(n);
        var expected = vectors.Select(scalar.Insert).ToList();
        var simd = new DenseRankAccumulator(n);
        var actual = new List<bool>();
        for (int i = 0; i < vectors.Count; i += batch) actual.AddRange(simd.InsertBatch(vectors.Skip(i).Take(batch).ToList()));

        actual.ShouldBe(expected);
        simd.Rank.ShouldBe(scalar.Rank);
        simd.Rank.ShouldBe(rank);
    }

    [Fact]
    public void ExtremeResiduesStayExact()
    {
        // Entries p − 1 and (p ± 1)/2 give the largest balanced magnitudes; eight rows of them in one pass
        // must still reduce exactly (a rounding error would make the last vector look independent).
        int n = 24;
        var values = new[] { ModP.P - 1, ModP.P / 2, ModP.P / 2 + 1, 1u };
        var rng = new DeterministicRandom(3);
        var rows = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, n).Select(_ => values[rng.NextUInt64() % 4]).ToArray()).ToList();
        var scalar = new ModEchelon(n);
        var simd = new DenseRankAccumulator(n);
        rows.Select(scalar.Insert).ToList().ShouldBe(simd.InsertBatch(rows).ToList());
        simd.Rank.ShouldBe(scalar.Rank);
    }
}
