using System.Text;

namespace UnityVideo.Core.Training;

/// <summary>
/// Every random draw of training is derived from (seed, purpose, index) by SplitMix64 hashing — nothing random
/// carries hidden state from one step to the next, so a run resumed at step k draws exactly what an
/// uninterrupted run draws at step k, and the checkpoint's "RNG state" is just the seed and the step.
/// </summary>
public static class StepRandom
{
    /// <summary>Purpose tag of the per-step draws (task, modality, clips, prompts).</summary>
    public const ulong StepPurpose = 0x5354_4550;

    /// <summary>Purpose tag of the per-step torch generator (noise, timesteps, prompt dropout).</summary>
    public const ulong NoisePurpose = 0x4E4F_4953;

    /// <summary>Purpose tag of data-order permutations.</summary>
    public const ulong OrderPurpose = 0x4F52_4452;

    /// <summary>One SplitMix64 output for <paramref name="x"/> (a bijective 64-bit mix).</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E37_79B9_7F4A_7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A 64-bit seed for (seed, purpose, index, sub).</summary>
    public static ulong Derive(long seed, ulong purpose, long index, ulong sub = 0) =>
        Mix(Mix(Mix(Mix((ulong)seed) ^ purpose) ^ (ulong)index) ^ sub);

    /// <summary>A <see cref="Random"/> seeded from (seed, purpose, index, sub); its sequence is fixed across .NET versions.</summary>
    public static Random Random(long seed, ulong purpose, long index, ulong sub = 0) =>
        new((int)(Derive(seed, purpose, index, sub) & 0x7FFF_FFFF));

    /// <summary>A stable 64-bit hash of a string (FNV-1a over UTF-8); <c>string.GetHashCode</c> changes per process.</summary>
    public static ulong Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var h = 0xCBF2_9CE4_8422_2325UL;
        foreach (var b in Encoding.UTF8.GetBytes(text)) h = (h ^ b) * 0x0000_0100_0000_01B3UL;
        return h;
    }
}
