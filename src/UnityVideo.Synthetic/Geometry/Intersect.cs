using System.Numerics;

namespace UnityVideo.Synthetic.Geometry;

/// <summary>
/// Ray–primitive intersection in the primitive's local frame. Rays have unit direction, so the returned t is a
/// distance. Each function returns the nearest hit beyond <see cref="Epsilon"/> (or +∞) and its local normal.
/// </summary>
internal static class Intersect
{
    /// <summary>Smallest accepted distance, so shadow rays do not hit their own surface.</summary>
    public const float Epsilon = 1e-4f;

    /// <summary>Sphere of radius <paramref name="r"/> centred at the origin.</summary>
    public static float Sphere(Vector3 o, Vector3 d, float r, out Vector3 n)
    {
        n = default;
        var b = Vector3.Dot(o, d);
        var c = Vector3.Dot(o, o) - r * r;
        var disc = b * b - c;
        if (disc < 0) return float.PositiveInfinity;
        var t = -b - MathF.Sqrt(disc);
        if (t <= Epsilon) return float.PositiveInfinity; // we never render from inside a solid
        n = (o + d * t) / r;
        return t;
    }

    /// <summary>Sphere of radius <paramref name="r"/> centred at <paramref name="c"/>.</summary>
    private static float SphereAt(Vector3 o, Vector3 d, Vector3 c, float r, out Vector3 n)
    {
        var t = Sphere(o - c, d, r, out n);
        return t;
    }

    /// <summary>Capsule: segment from (0, -h, 0) to (0, h, 0) swept by radius <paramref name="r"/>.</summary>
    public static float Capsule(Vector3 o, Vector3 d, float h, float r, out Vector3 n)
    {
        // The first hit on a union of convex pieces is the nearest first hit of the pieces.
        var best = CylinderSide(o, d, h, r, out n);
        var t = SphereAt(o, d, new Vector3(0, h, 0), r, out var n1);
        if (t < best) { best = t; n = n1; }
        t = SphereAt(o, d, new Vector3(0, -h, 0), r, out var n2);
        if (t < best) { best = t; n = n2; }
        return best;
    }

    /// <summary>Closed cylinder along local Y, |y| ≤ <paramref name="h"/>, radius <paramref name="r"/>.</summary>
    public static float Cylinder(Vector3 o, Vector3 d, float h, float r, out Vector3 n)
    {
        var best = CylinderSide(o, d, h, r, out n);
        if (MathF.Abs(d.Y) > 1e-9f)
        {
            foreach (var cap in stackalloc float[] { h, -h })
            {
                var t = (cap - o.Y) / d.Y;
                if (t <= Epsilon || t >= best) continue;
                var px = o.X + d.X * t;
                var pz = o.Z + d.Z * t;
                if (px * px + pz * pz > r * r) continue;
                best = t;
                n = new Vector3(0, MathF.Sign(cap), 0);
            }
        }
        return best;
    }

    private static float CylinderSide(Vector3 o, Vector3 d, float h, float r, out Vector3 n)
    {
        n = default;
        var a = d.X * d.X + d.Z * d.Z;
        if (a < 1e-12f) return float.PositiveInfinity;
        var b = o.X * d.X + o.Z * d.Z;
        var c = o.X * o.X + o.Z * o.Z - r * r;
        var disc = b * b - a * c;
        if (disc < 0) return float.PositiveInfinity;
        var t = (-b - MathF.Sqrt(disc)) / a;
        if (t <= Epsilon) return float.PositiveInfinity;
        var y = o.Y + d.Y * t;
        if (y < -h || y > h) return float.PositiveInfinity;
        n = new Vector3((o.X + d.X * t) / r, 0, (o.Z + d.Z * t) / r);
        return t;
    }

    /// <summary>Axis-aligned box with half extents <paramref name="e"/> centred at the origin (slab method).</summary>
    public static float Box(Vector3 o, Vector3 d, Vector3 e, out Vector3 n)
    {
        n = default;
        var inv = new Vector3(1f / d.X, 1f / d.Y, 1f / d.Z);
        var t1 = (-e - o) * inv;
        var t2 = (e - o) * inv;
        var tmin = Vector3.Min(t1, t2);
        var tmax = Vector3.Max(t1, t2);
        var tNear = MathF.Max(tmin.X, MathF.Max(tmin.Y, tmin.Z));
        var tFar = MathF.Min(tmax.X, MathF.Min(tmax.Y, tmax.Z));
        if (tNear > tFar || tNear <= Epsilon) return float.PositiveInfinity;
        // The entering slab is the one whose near distance is largest.
        if (tNear == tmin.X) n = new Vector3(-MathF.Sign(d.X), 0, 0);
        else if (tNear == tmin.Y) n = new Vector3(0, -MathF.Sign(d.Y), 0);
        else n = new Vector3(0, 0, -MathF.Sign(d.Z));
        return tNear;
    }

    /// <summary>True when the ray meets the sphere (centre, radius) in front of its origin: a cheap culling test.</summary>
    public static bool HitsBound(Vector3 o, Vector3 d, Vector3 centre, float radius, float maxT)
    {
        var oc = o - centre;
        var b = Vector3.Dot(oc, d);
        var c = Vector3.Dot(oc, oc) - radius * radius;
        if (c > 0 && b > 0) return false; // outside and pointing away
        var disc = b * b - c;
        if (disc < 0) return false;
        return -b - MathF.Sqrt(disc) < maxT;
    }
}
