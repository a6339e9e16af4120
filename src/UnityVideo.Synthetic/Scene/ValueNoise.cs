using System.Numerics;

namespace UnityVideo.Synthetic.Scene;

/// <summary>Hash-based 3-D value noise: deterministic, allocation-free, smooth enough to track by eye and by flow.</summary>
internal static class ValueNoise
{
    /// <summary>Two octaves of noise in [0, 1].</summary>
    public static float Fbm(Vector3 p, uint seed) =>
        0.65f * Noise(p, seed) + 0.35f * Noise(p * 2.7f, seed ^ 0x5bd1e995u);

    /// <summary>Trilinear interpolation of lattice values with a smoothstep fade, in [0, 1].</summary>
    public static float Noise(Vector3 p, uint seed)
    {
        var fx = MathF.Floor(p.X);
        var fy = MathF.Floor(p.Y);
        var fz = MathF.Floor(p.Z);
        int x = (int)fx, y = (int)fy, z = (int)fz;
        float u = Fade(p.X - fx), v = Fade(p.Y - fy), w = Fade(p.Z - fz);
        var x00 = Lerp(Lattice(x, y, z, seed), Lattice(x + 1, y, z, seed), u);
        var x10 = Lerp(Lattice(x, y + 1, z, seed), Lattice(x + 1, y + 1, z, seed), u);
        var x01 = Lerp(Lattice(x, y, z + 1, seed), Lattice(x + 1, y, z + 1, seed), u);
        var x11 = Lerp(Lattice(x, y + 1, z + 1, seed), Lattice(x + 1, y + 1, z + 1, seed), u);
        return Lerp(Lerp(x00, x10, v), Lerp(x01, x11, v), w);
    }

    private static float Fade(float t) => t * t * (3 - 2 * t);

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    private static float Lattice(int x, int y, int z, uint seed)
    {
        var h = seed ^ ((uint)x * 0x8da6b343u) ^ ((uint)y * 0xd8163841u) ^ ((uint)z * 0xcb1ab31fu);
        h ^= h >> 15;
        h *= 0x2c1b3c6du;
        h ^= h >> 12;
        h *= 0x297a2d39u;
        h ^= h >> 15;
        return (h & 0xFFFFFF) * (1f / 0xFFFFFF);
    }
}
