using System.Numerics;
using UnityVideo.Synthetic.Scene;

namespace UnityVideo.Synthetic.Rendering;

/// <summary>
/// The scene frozen at one instant: camera, every actor's primitives (same order at every instant) with
/// bounding spheres, and the 3-D joints of each skeleton.
/// </summary>
internal sealed class PosedFrame
{
    private PosedFrame(CameraPose camera, Primitive[] prims, InstanceBound[] bounds, Vector3[][] joints)
    {
        Camera = camera;
        Prims = prims;
        Bounds = bounds;
        Joints = joints;
    }

    public CameraPose Camera { get; }

    public Primitive[] Prims { get; }

    public InstanceBound[] Bounds { get; }

    /// <summary>17 world-space joints per skeleton actor, in actor order.</summary>
    public Vector3[][] Joints { get; }

    /// <summary>Poses <paramref name="scene"/> at <paramref name="time"/> seconds.</summary>
    public static PosedFrame At(SceneSpec scene, float time)
    {
        var prims = new List<Primitive>(64);
        var bounds = new InstanceBound[scene.Actors.Count];
        var joints = new List<Vector3[]>();
        Span<Vector3> scratch = stackalloc Vector3[17];
        for (var a = 0; a < scene.Actors.Count; a++)
        {
            var actor = scene.Actors[a];
            var first = prims.Count;
            actor.Pose(time, prims, scratch);
            if (actor.SkeletonKind is not null) joints.Add(scratch.ToArray());
            bounds[a] = Enclose(prims, first, prims.Count - first);
        }
        return new PosedFrame(scene.Camera.Pose(time), prims.ToArray(), bounds, joints.ToArray());
    }

    private static InstanceBound Enclose(List<Primitive> prims, int first, int count)
    {
        var centre = Vector3.Zero;
        for (var i = first; i < first + count; i++) centre += prims[i].Frame.Origin;
        centre /= count;
        var radius = 0f;
        for (var i = first; i < first + count; i++)
            radius = MathF.Max(radius, Vector3.Distance(centre, prims[i].Frame.Origin) + prims[i].BoundRadius);
        return new InstanceBound(first, count, centre, radius * 1.001f + 1e-4f);
    }
}
