using System.Numerics;
using UnityVideo.Synthetic.Geometry;

namespace UnityVideo.Synthetic.Scene;

/// <summary>
/// One posed shape of one instance at one instant. The same actor emits its primitives in the same order at
/// every instant, so primitive k at time t and at t + 1 are the same rigid piece of surface.
/// </summary>
internal struct Primitive
{
    /// <summary>Shape.</summary>
    public PrimitiveKind Kind;

    /// <summary>Instance id in the segmentation buffer (1..255).</summary>
    public byte Instance;

    /// <summary>Body part (DensePose coarse index 1..14) for humans; 0 otherwise.</summary>
    public byte Part;

    /// <summary>Surface material.</summary>
    public Material Material;

    /// <summary>Pose of the shape's local frame.</summary>
    public RigidFrame Frame;

    /// <summary>Shape parameters; see <see cref="PrimitiveKind"/>.</summary>
    public Vector3 Size;

    /// <summary>World-space bounding-sphere radius about <see cref="RigidFrame.Origin"/>.</summary>
    public float BoundRadius;

    /// <summary>Creates a primitive and computes its bounding radius.</summary>
    public static Primitive Create(PrimitiveKind kind, byte instance, byte part, Material material, RigidFrame frame, Vector3 size)
    {
        var bound = kind switch
        {
            PrimitiveKind.Sphere => size.X,
            PrimitiveKind.Capsule => size.X + size.Y,
            PrimitiveKind.Cylinder => MathF.Sqrt(size.X * size.X + size.Y * size.Y),
            _ => size.Length(),
        };
        return new Primitive { Kind = kind, Instance = instance, Part = part, Material = material, Frame = frame, Size = size, BoundRadius = bound };
    }

    /// <summary>Nearest hit of a world ray, with the local hit point and local normal.</summary>
    public readonly float Hit(Vector3 origin, Vector3 dir, out Vector3 local, out Vector3 localNormal)
    {
        var o = Frame.ToLocal(origin);
        var d = Frame.DirToLocal(dir);
        var t = Kind switch
        {
            PrimitiveKind.Sphere => Intersect.Sphere(o, d, Size.X, out localNormal),
            PrimitiveKind.Capsule => Intersect.Capsule(o, d, Size.X, Size.Y, out localNormal),
            PrimitiveKind.Cylinder => Intersect.Cylinder(o, d, Size.X, Size.Y, out localNormal),
            _ => Intersect.Box(o, d, Size, out localNormal),
        };
        local = o + d * t;
        return t;
    }

    /// <summary>DensePose-style surface coordinates (U, V in 0..1) of a local point.</summary>
    public readonly Vector2 SurfaceUv(Vector3 local)
    {
        var u = (MathF.Atan2(local.Z, local.X) + MathF.PI) / (2 * MathF.PI);
        float v = Kind switch
        {
            PrimitiveKind.Sphere => MathF.Acos(Math.Clamp(local.Y / Size.X, -1f, 1f)) / MathF.PI,
            PrimitiveKind.Capsule => (local.Y + Size.X + Size.Y) / (2 * (Size.X + Size.Y)),
            PrimitiveKind.Cylinder => (local.Y + Size.X) / (2 * Size.X),
            _ => (local.Y / Size.Y + 1) / 2,
        };
        return new Vector2(Math.Clamp(u, 0f, 1f), Math.Clamp(v, 0f, 1f));
    }
}
