using System.Numerics;

namespace UnityVideo.Synthetic.Geometry;

/// <summary>
/// A rigid frame: origin plus an orthonormal basis. Every primitive is posed by one; a surface point keeps its
/// local coordinates while the frame moves, which is what makes the ground-truth flow exact.
/// </summary>
internal readonly struct RigidFrame(Vector3 origin, Vector3 x, Vector3 y, Vector3 z)
{
    public readonly Vector3 Origin = origin;
    public readonly Vector3 X = x;
    public readonly Vector3 Y = y;
    public readonly Vector3 Z = z;

    /// <summary>Identity rotation at <paramref name="origin"/>.</summary>
    public static RigidFrame At(Vector3 origin) => new(origin, Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ);

    /// <summary>Rotation by <paramref name="yaw"/> radians about world Y, at <paramref name="origin"/>.</summary>
    public static RigidFrame Yawed(Vector3 origin, float yaw)
    {
        var (s, c) = MathF.SinCos(yaw);
        return new RigidFrame(origin, new Vector3(c, 0, -s), Vector3.UnitY, new Vector3(s, 0, c));
    }

    /// <summary>Rotation <paramref name="q"/> at <paramref name="origin"/>.</summary>
    public static RigidFrame Rotated(Vector3 origin, Quaternion q) =>
        new(origin, Vector3.Transform(Vector3.UnitX, q), Vector3.Transform(Vector3.UnitY, q), Vector3.Transform(Vector3.UnitZ, q));

    /// <summary>
    /// A frame whose local Y runs along <paramref name="axis"/> (unit), with local X chosen from
    /// <paramref name="hint"/> (any vector not parallel to the axis); the same hint rule at every frame keeps a
    /// limb's surface coordinates stable as it swings.
    /// </summary>
    public static RigidFrame AlongAxis(Vector3 origin, Vector3 axis, Vector3 hint)
    {
        var x = hint - axis * Vector3.Dot(hint, axis);
        if (x.LengthSquared() < 1e-8f)
        {
            var alt = MathF.Abs(axis.Y) < 0.9f ? Vector3.UnitY : Vector3.UnitX;
            x = alt - axis * Vector3.Dot(alt, axis);
        }
        x = Vector3.Normalize(x);
        var z = Vector3.Cross(x, axis);
        return new RigidFrame(origin, x, axis, z);
    }

    /// <summary>World point to local coordinates.</summary>
    public Vector3 ToLocal(Vector3 p)
    {
        var d = p - Origin;
        return new Vector3(Vector3.Dot(d, X), Vector3.Dot(d, Y), Vector3.Dot(d, Z));
    }

    /// <summary>World direction to local coordinates.</summary>
    public Vector3 DirToLocal(Vector3 d) => new(Vector3.Dot(d, X), Vector3.Dot(d, Y), Vector3.Dot(d, Z));

    /// <summary>Local point to world.</summary>
    public Vector3 ToWorld(Vector3 l) => Origin + X * l.X + Y * l.Y + Z * l.Z;

    /// <summary>Local direction to world.</summary>
    public Vector3 DirToWorld(Vector3 l) => X * l.X + Y * l.Y + Z * l.Z;
}
