using System.Numerics;

namespace UnityVideo.Synthetic.Scene;

/// <summary>A surface's albedo: two colours mixed by a solid texture evaluated in the primitive's local frame.</summary>
/// <param name="A">Main colour, linear RGB 0..1.</param>
/// <param name="B">Second colour of the pattern.</param>
/// <param name="Kind">Pattern.</param>
/// <param name="Scale">Pattern frequency in cycles per metre.</param>
/// <param name="NoiseSeed">Lattice seed of <see cref="TextureKind.Noise"/>.</param>
internal readonly record struct Material(Vector3 A, Vector3 B, TextureKind Kind, float Scale, uint NoiseSeed)
{
    /// <summary>Albedo at local point <paramref name="p"/>.</summary>
    public Vector3 Albedo(Vector3 p)
    {
        switch (Kind)
        {
            case TextureKind.Checker:
                var q = p * Scale;
                var parity = ((int)MathF.Floor(q.X) + (int)MathF.Floor(q.Y) + (int)MathF.Floor(q.Z)) & 1;
                return parity == 0 ? A : B;
            case TextureKind.Stripes:
                return (((int)MathF.Floor(p.X * Scale)) & 1) == 0 ? A : B;
            case TextureKind.Noise:
                var w = ValueNoise.Fbm(p * Scale, NoiseSeed);
                return Vector3.Lerp(A, B, w);
            default:
                return A;
        }
    }
}
