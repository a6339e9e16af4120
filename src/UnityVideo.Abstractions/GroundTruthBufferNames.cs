namespace UnityVideo.Abstractions;

/// <summary>
/// Names and layouts of the buffers the synthetic world offers in <see cref="SceneGroundTruth.Buffers"/>. Every
/// per-pixel buffer is row-major and frame-major: pixel (x, y) of frame t starts at element
/// <c>((t·H + y)·W + x)·C</c>. A plugin's annotator lists the names it reads in <see cref="IAnnotator.RequiredBuffers"/>;
/// the host refuses to run it on a scene that lacks one.
/// </summary>
public static class GroundTruthBufferNames
{
    /// <summary>Camera-z depth in metres, float32 <c>[T, H, W]</c>; +∞ where no surface is hit.</summary>
    public const string Depth = "depth";

    /// <summary>
    /// Unit surface normals in camera axes (x right, y down, z forward, as <see cref="CameraIntrinsics"/> project),
    /// float32 <c>[T, H, W, 3]</c>, turned to face the camera (z ≤ 0); (0, 0, 0) where no surface is hit.
    /// </summary>
    public const string Normals = "normals";

    /// <summary>World position of the surface seen by each pixel's centre ray, metres, Y up, float32 <c>[T, H, W, 3]</c>; +∞ where no surface is hit.</summary>
    public const string WorldPositions = "world-positions";

    /// <summary>Instance id per pixel, uint8 <c>[T, H, W]</c>; 0 is the background; names in <see cref="SceneGroundTruth.InstanceClasses"/>.</summary>
    public const string InstanceIds = "instance-ids";

    /// <summary>Body-part index and surface UV (DensePose IUV), uint8 <c>[T, H, W, 3]</c>: part (0 = none), U and V in 0..255.</summary>
    public const string PartIuv = "part-iuv";

    /// <summary>
    /// 2-D joints, float32 <c>[T, P, 17, 3]</c>: x, y in pixels and visibility (1 visible, 0 not); row p belongs to
    /// <see cref="SceneGroundTruth.Skeletons"/>[p].
    /// </summary>
    public const string Joints = "joints";

    /// <summary>Forward optical flow from frame t to t+1 in pixels, float32 <c>[T, H, W, 2]</c> (dx, dy).</summary>
    public const string ForwardFlow = "forward-flow";

    /// <summary>Joints per skeleton in <see cref="Joints"/> (COCO-17 for humans, AP-10K-17 for quadrupeds).</summary>
    public const int JointsPerSkeleton = 17;
}
