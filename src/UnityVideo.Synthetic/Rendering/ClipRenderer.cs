using System.Numerics;
using UnityVideo.Abstractions;
using UnityVideo.Synthetic.Geometry;
using UnityVideo.Synthetic.Scene;

namespace UnityVideo.Synthetic.Rendering;

/// <summary>
/// Ray-casts one clip into RGB and exact ground-truth buffers. Each row is independent (no shared state, no
/// random numbers), so rows may be rendered on any threads in any order and the bytes come out the same.
/// </summary>
internal sealed class ClipRenderer
{
    private readonly SceneSpec scene;
    private readonly PosedFrame[] frames; // T + 1: the extra one is where surfaces go after the last frame
    private readonly int width, height, frameCount, samplesPerAxis;
    private readonly float fx, fy, cx, cy;
    private readonly int[] rects; // [T, actors, 4] conservative screen boxes: x0, x1, y0, y1 (inclusive)

    /// <summary>Colour of a ray that hits nothing.</summary>
    private static readonly Vector3 Sky = new(0.55f, 0.7f, 0.9f);

    /// <param name="samplesPerAxis">Colour rays per pixel along each axis (1 = the centre ray only).</param>
    public ClipRenderer(SceneSpec scene, PosedFrame[] frames, int width, int height, int samplesPerAxis)
    {
        this.samplesPerAxis = samplesPerAxis;
        this.scene = scene;
        this.frames = frames;
        this.width = width;
        this.height = height;
        frameCount = frames.Length - 1;
        fx = fy = width * 0.5f / MathF.Tan(scene.FieldOfView * 0.5f);
        cx = width * 0.5f;
        cy = height * 0.5f;
        var n = scene.Actors.Count;
        Rgb = new byte[frameCount * height * width * 3];
        Depth = new float[frameCount * height * width];
        Flow = new float[frameCount * height * width * 2];
        Instances = new byte[frameCount * height * width];
        Iuv = new byte[frameCount * height * width * 3];
        Normals = new float[frameCount * height * width * 3];
        WorldPositions = new float[frameCount * height * width * 3];
        rects = new int[frameCount * n * 4];
        for (var t = 0; t < frameCount; t++)
            for (var a = 0; a < n; a++) ScreenBox(frames[t].Camera, frames[t].Bounds[a], rects.AsSpan((t * n + a) * 4, 4));
    }

    public CameraIntrinsics Intrinsics => new(fx, fy, cx, cy);

    public byte[] Rgb { get; }

    public float[] Depth { get; }

    public float[] Flow { get; }

    public byte[] Instances { get; }

    public byte[] Iuv { get; }

    /// <summary>Unit normals in camera axes, facing the camera, <c>[T, H, W, 3]</c>; zero where nothing is hit.</summary>
    public float[] Normals { get; }

    /// <summary>World position of each centre ray's hit, <c>[T, H, W, 3]</c>; +∞ where nothing is hit.</summary>
    public float[] WorldPositions { get; }

    // ================================================================ per-pixel work

    /// <summary>Renders row <paramref name="y"/> of frame <paramref name="t"/> into the buffers.</summary>
    public void RenderRow(int t, int y)
    {
        var frame = frames[t];
        var next = frames[t + 1];
        var cam = frame.Camera;
        var n = frame.Bounds.Length;

        // Only actors whose screen box covers this row are tested at all.
        Span<int> active = stackalloc int[n];
        var activeCount = 0;
        for (var a = 0; a < n; a++)
        {
            var r = (t * n + a) * 4;
            if (y >= rects[r + 2] && y <= rects[r + 3]) active[activeCount++] = a;
        }

        var rowDir = cam.Forward + cam.Down * ((y + 0.5f - cy) / fy);
        for (var x = 0; x < width; x++)
        {
            // The pixel centre's ray gives the exact ground truth (depth, flow, instance, IUV).
            var dir = Vector3.Normalize(rowDir + cam.Right * ((x + 0.5f - cx) / fx));
            var centre = Trace(frame, t, x, dir, active[..activeCount]);
            var pix = (t * height + y) * width + x;
            var pc = new Vector2(x + 0.5f, y + 0.5f);
            WriteGroundTruth(pix, pc, frame, next, dir, centre);
            WriteRgb(pix, samplesPerAxis == 1 ? Radiance(frame, dir, centre) : PixelAverage(frame, t, x, y, active[..activeCount], dir, centre));
        }
    }

    /// <summary>
    /// The mean linear colour over a <see cref="samplesPerAxis"/>² grid of rays spread evenly across pixel
    /// (<paramref name="x"/>, <paramref name="y"/>), as a camera sensor integrates its pixel's area. Point sampling
    /// aliases textures finer than a pixel, so a sub-pixel motion changes pixel values at random instead of
    /// shifting intensity smoothly, and motion (flow) cannot be read from the frames. With an odd count the
    /// centre ray (<paramref name="centreDir"/>, already traced to <paramref name="centre"/>) is one of the samples.
    /// </summary>
    private Vector3 PixelAverage(PosedFrame frame, int t, int x, int y, ReadOnlySpan<int> active, Vector3 centreDir, in SurfaceHit centre)
    {
        var cam = frame.Camera;
        var s = samplesPerAxis;
        var sum = Vector3.Zero;
        for (var j = 0; j < s; j++)
        {
            var oy = (j + 0.5f) / s;
            var rowDir = cam.Forward + cam.Down * ((y + oy - cy) / fy);
            for (var i = 0; i < s; i++)
            {
                var ox = (i + 0.5f) / s;
                if (s % 2 == 1 && i == s / 2 && j == s / 2) { sum += Radiance(frame, centreDir, centre); continue; }
                var dir = Vector3.Normalize(rowDir + cam.Right * ((x + ox - cx) / fx));
                sum += Radiance(frame, dir, Trace(frame, t, x, dir, active));
            }
        }
        return sum / (s * s);
    }

    /// <summary>What a ray from the camera hits first: a primitive, the ground, the backdrop, or nothing.</summary>
    private readonly struct SurfaceHit(float distance, int prim, int background, Vector3 local, Vector3 localNormal)
    {
        public float Distance { get; } = distance;

        /// <summary>Index of the primitive hit, or -1 for a background surface.</summary>
        public int Prim { get; } = prim;

        /// <summary>0 foreground, 1 ground, 2 backdrop, 3 nothing.</summary>
        public int Background { get; } = background;

        public Vector3 Local { get; } = local;

        public Vector3 LocalNormal { get; } = localNormal;
    }

    /// <summary>Casts <paramref name="dir"/> from frame <paramref name="t"/>'s camera against the actors whose screen box covers column <paramref name="x"/>.</summary>
    private SurfaceHit Trace(PosedFrame frame, int t, int x, Vector3 dir, ReadOnlySpan<int> active)
    {
        var cam = frame.Camera;
        var prims = frame.Prims;
        var bounds = frame.Bounds;
        var n = bounds.Length;
        var best = float.PositiveInfinity;
        var hit = -1;
        Vector3 local = default, localNormal = default;
        foreach (var a in active)
        {
            var r = (t * n + a) * 4;
            if (x < rects[r] || x > rects[r + 1]) continue;
            var b = bounds[a];
            if (!Intersect.HitsBound(cam.Position, dir, b.Centre, b.Radius, best)) continue;
            for (var k = b.First; k < b.First + b.Count; k++)
            {
                var d = prims[k].Hit(cam.Position, dir, out var l, out var ln);
                if (d < best) { best = d; hit = k; local = l; localNormal = ln; }
            }
        }

        // Background: ground plane, then backdrop.
        var tGround = dir.Y < -1e-7f ? -cam.Position.Y / dir.Y : float.PositiveInfinity;
        var tBack = BackdropDistance(cam.Position, dir);
        var bg = 0;
        if (tGround < best) { best = tGround; bg = 1; }
        if (tBack < best) { best = tBack; bg = 2; }
        if (float.IsPositiveInfinity(best)) bg = 3;
        else if (bg != 0) hit = -1;
        return new SurfaceHit(best, hit, bg, local, localNormal);
    }

    /// <summary>Linear colour seen along <paramref name="dir"/> at <paramref name="h"/>.</summary>
    private Vector3 Radiance(PosedFrame frame, Vector3 dir, in SurfaceHit h)
    {
        if (h.Background == 3) return Sky;
        var p = frame.Camera.Position + dir * h.Distance;
        var normal = WorldNormal(frame, p, h);
        Vector3 albedo;
        if (h.Prim >= 0)
        {
            albedo = frame.Prims[h.Prim].Material.Albedo(h.Local);
        }
        else if (h.Background == 1)
        {
            albedo = scene.Ground.Albedo(new Vector3(p.X, 0, p.Z));
        }
        else
        {
            var arc = MathF.Atan2(p.Z, p.X) * scene.BackdropRadius;
            albedo = scene.Backdrop.Albedo(new Vector3(arc, p.Y, 0));
        }
        return albedo * Shade(frame, p, normal);
    }

    /// <summary>Depth, normal, world position, flow, instance and IUV of pixel <paramref name="pix"/> from its centre ray's hit.</summary>
    private void WriteGroundTruth(int pix, Vector2 pc, PosedFrame frame, PosedFrame next, Vector3 dir, in SurfaceHit h)
    {
        var cam = frame.Camera;
        if (h.Background == 3)
        {
            // Nothing hit: a point at infinity, moving only with the camera's rotation.
            Depth[pix] = float.PositiveInfinity;
            WorldPositions.AsSpan(pix * 3, 3).Fill(float.PositiveInfinity);
            WriteFlow(pix, pc, next.Camera, next.Camera.Position + dir * 1e6f);
            return;
        }

        var p = cam.Position + dir * h.Distance;
        Depth[pix] = h.Distance * Vector3.Dot(dir, cam.Forward);
        WorldPositions[pix * 3] = p.X;
        WorldPositions[pix * 3 + 1] = p.Y;
        WorldPositions[pix * 3 + 2] = p.Z;
        WriteNormal(pix, cam, dir, WorldNormal(frame, p, h));
        var pNext = p;
        if (h.Prim >= 0)
        {
            ref readonly var prim = ref frame.Prims[h.Prim];
            // The same local point on the same primitive one step later: exact surface motion.
            pNext = next.Prims[h.Prim].Frame.ToWorld(h.Local);
            Instances[pix] = prim.Instance;
            if (prim.Part != 0)
            {
                var uv = prim.SurfaceUv(h.Local);
                Iuv[pix * 3] = prim.Part;
                Iuv[pix * 3 + 1] = (byte)(uv.X * 255f + 0.5f);
                Iuv[pix * 3 + 2] = (byte)(uv.Y * 255f + 0.5f);
            }
        }

        WriteFlow(pix, pc, next.Camera, pNext);
    }

    /// <summary>The outward world-space normal of the surface <paramref name="h"/> at <paramref name="p"/> (the one shading uses).</summary>
    private static Vector3 WorldNormal(PosedFrame frame, Vector3 p, in SurfaceHit h)
    {
        if (h.Prim >= 0) return frame.Prims[h.Prim].Frame.DirToWorld(h.LocalNormal);
        return h.Background == 1 ? Vector3.UnitY : -Vector3.Normalize(new Vector3(p.X, 0, p.Z));
    }

    /// <summary>Stores <paramref name="world"/> in camera axes, turned towards the camera (a ray sees a surface's front).</summary>
    private void WriteNormal(int pix, CameraPose cam, Vector3 dir, Vector3 world)
    {
        var n = Vector3.Normalize(world);
        if (Vector3.Dot(n, dir) > 0) n = -n;
        Normals[pix * 3] = Vector3.Dot(n, cam.Right);
        Normals[pix * 3 + 1] = Vector3.Dot(n, cam.Down);
        Normals[pix * 3 + 2] = Vector3.Dot(n, cam.Forward);
    }

    /// <summary>Lambert + ambient with a hard shadow from every foreground primitive.</summary>
    private float Shade(PosedFrame frame, Vector3 p, Vector3 normal)
    {
        var lambert = Vector3.Dot(normal, scene.LightDir);
        if (lambert <= 0) return scene.Ambient;
        var origin = p + normal * 2e-3f;
        var prims = frame.Prims;
        foreach (var b in frame.Bounds)
        {
            if (!Intersect.HitsBound(origin, scene.LightDir, b.Centre, b.Radius, float.PositiveInfinity)) continue;
            for (var k = b.First; k < b.First + b.Count; k++)
                if (prims[k].Hit(origin, scene.LightDir, out _, out _) < float.PositiveInfinity) return scene.Ambient;
        }
        return scene.Ambient + (1 - scene.Ambient) * lambert;
    }

    private void WriteFlow(int pix, Vector2 pixelCentre, CameraPose nextCam, Vector3 worldNext)
    {
        var q = nextCam.ToCamera(worldNext);
        if (q.Z <= 1e-4f)
        {
            // Behind the next camera: no image position exists; report no motion.
            Flow[pix * 2] = 0;
            Flow[pix * 2 + 1] = 0;
            return;
        }
        Flow[pix * 2] = fx * q.X / q.Z + cx - pixelCentre.X;
        Flow[pix * 2 + 1] = fy * q.Y / q.Z + cy - pixelCentre.Y;
    }

    private void WriteRgb(int pix, Vector3 linear)
    {
        // sqrt is a cheap stand-in for the sRGB curve; it keeps shadows readable.
        Rgb[pix * 3] = ToByte(linear.X);
        Rgb[pix * 3 + 1] = ToByte(linear.Y);
        Rgb[pix * 3 + 2] = ToByte(linear.Z);
    }

    private static byte ToByte(float v) => (byte)(MathF.Sqrt(Math.Clamp(v, 0f, 1f)) * 255f + 0.5f);

    private float BackdropDistance(Vector3 o, Vector3 d)
    {
        // Inside the vertical cylinder x² + z² = R²: the far root is the wall in front.
        var a = d.X * d.X + d.Z * d.Z;
        if (a < 1e-12f) return float.PositiveInfinity;
        var b = o.X * d.X + o.Z * d.Z;
        var c = o.X * o.X + o.Z * o.Z - scene.BackdropRadius * scene.BackdropRadius;
        var disc = b * b - a * c;
        return disc < 0 ? float.PositiveInfinity : (-b + MathF.Sqrt(disc)) / a;
    }

    // ================================================================ culling and joints

    /// <summary>A pixel box certain to contain the projection of the bounding sphere (whole frame if it reaches the camera).</summary>
    private void ScreenBox(CameraPose cam, InstanceBound b, Span<int> box)
    {
        var c = cam.ToCamera(b.Centre);
        var near = c.Z - b.Radius;
        if (near <= 1e-3f)
        {
            box[0] = 0; box[1] = width - 1; box[2] = 0; box[3] = height - 1;
            return;
        }
        var far = c.Z + b.Radius;
        // x/z over the sphere's bounding box is extreme at one of its corners.
        var xMin = MathF.Min((c.X - b.Radius) / near, (c.X - b.Radius) / far);
        var xMax = MathF.Max((c.X + b.Radius) / near, (c.X + b.Radius) / far);
        var yMin = MathF.Min((c.Y - b.Radius) / near, (c.Y - b.Radius) / far);
        var yMax = MathF.Max((c.Y + b.Radius) / near, (c.Y + b.Radius) / far);
        box[0] = (int)Math.Clamp(MathF.Floor(fx * xMin + cx) - 1, -1, width);
        box[1] = (int)Math.Clamp(MathF.Ceiling(fx * xMax + cx) + 1, -1, width);
        box[2] = (int)Math.Clamp(MathF.Floor(fy * yMin + cy) - 1, -1, height);
        box[3] = (int)Math.Clamp(MathF.Ceiling(fy * yMax + cy) + 1, -1, height);
    }

    /// <summary>
    /// Projects every skeleton's joints of frame <paramref name="t"/> into <paramref name="joints"/> ([T, P, 17, 3]).
    /// A joint is visible when it is inside the frame and the surface seen at its pixel is its own instance,
    /// no more than <paramref name="margin"/> metres in front of it (a limb's own skin, not another body).
    /// </summary>
    public void ProjectJoints(int t, float[] joints, IReadOnlyList<byte> skeletonInstances, float margin)
    {
        var frame = frames[t];
        var persons = skeletonInstances.Count;
        for (var s = 0; s < persons; s++)
        {
            for (var j = 0; j < GroundTruthBufferNames.JointsPerSkeleton; j++)
            {
                var o = ((t * persons + s) * GroundTruthBufferNames.JointsPerSkeleton + j) * 3;
                var q = frame.Camera.ToCamera(frame.Joints[s][j]);
                if (q.Z <= 1e-3f) { joints[o] = joints[o + 1] = joints[o + 2] = 0; continue; }
                var u = fx * q.X / q.Z + cx;
                var v = fy * q.Y / q.Z + cy;
                joints[o] = u;
                joints[o + 1] = v;
                var visible = false;
                if (u >= 0 && v >= 0 && u < width && v < height)
                {
                    var pix = (t * height + (int)v) * width + (int)u;
                    visible = Instances[pix] == skeletonInstances[s] && Depth[pix] >= q.Z - margin;
                }
                joints[o + 2] = visible ? 1 : 0;
            }
        }
    }
}
