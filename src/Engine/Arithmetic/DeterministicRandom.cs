namespace ConservationCodegen.Engine.Arithmetic;

/// <summary>SplitMix64: a seeded generator so every analysis (and the generated code) is reproducible.</summary>
public sealed class DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(ulong seed) => _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniformly random nonzero field element.</summary>
    public uint NextNonZeroMod()
    {
        while (true)
        {
            uint v = (uint)(NextUInt64() >> 38); // 26 random bits
            if (v != 0 && v < ModP.P) return v;
        }
    }

    /// <summary>A double in [−1, 1).</summary>
    public double NextSignedDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) * 2.0 - 1.0;
}
