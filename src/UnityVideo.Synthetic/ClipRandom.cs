namespace UnityVideo.Synthetic;

/// <summary>
/// xoshiro256** generator keyed by (seed, split, index) only, so a clip never depends on which thread drew
/// it or what was drawn before. Not thread-safe: each clip owns one.
/// </summary>
internal sealed class ClipRandom
{
    private ulong s0, s1, s2, s3;

    /// <summary>The generator of clip <paramref name="index"/> of <paramref name="split"/> under <paramref name="seed"/>.</summary>
    public ClipRandom(ulong seed, SyntheticSplit split, int index)
    {
        // The key (index, split) is packed bijectively and added to a scrambled seed: distinct clips of one
        // seed start from distinct states, so train and test can never coincide.
        var key = ((ulong)(uint)index << 1) | (split == SyntheticSplit.Test ? 1UL : 0UL);
        var x = Mix(seed) + key;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [lo, hi).</summary>
    public float Range(float lo, float hi) => lo + (hi - lo) * NextFloat();

    /// <summary>Uniform integer in [lo, hi).</summary>
    public int Int(int lo, int hi) => lo + (int)((NextUInt64() >> 33) % (ulong)(hi - lo));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(float p) => NextFloat() < p;

    /// <summary>-1 or +1.</summary>
    public float Sign() => Chance(0.5f) ? 1f : -1f;

    /// <summary>One element, uniformly.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count)];

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
