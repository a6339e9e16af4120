namespace UnityVideo.Synthetic.Scene;

/// <summary>Analytic shapes the ray caster knows.</summary>
internal enum PrimitiveKind : byte
{
    /// <summary>Sphere; Size.X is the radius.</summary>
    Sphere,

    /// <summary>Capsule along local Y; Size.X half length of the segment, Size.Y radius.</summary>
    Capsule,

    /// <summary>Closed cylinder along local Y; Size.X half height, Size.Y radius.</summary>
    Cylinder,

    /// <summary>Box; Size holds the half extents.</summary>
    Box,
}
