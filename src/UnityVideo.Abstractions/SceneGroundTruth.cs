namespace UnityVideo.Abstractions;

/// <summary>
/// Exact per-frame buffers from the synthetic world, row-major, frame-major. All arrays have T·H·W
/// (times channels) elements; pixels are indexed <c>((t·H + y)·W + x)</c>.
/// </summary>
public sealed record SceneGroundTruth
{
    /// <summary>Number of frames T.</summary>
    public required int Frames { get; init; }

    /// <summary>Frame height H.</summary>
    public required int Height { get; init; }

    /// <summary>Frame width W.</summary>
    public required int Width { get; init; }

    /// <summary>Camera-z depth in metres, <c>[T, H, W]</c>; +∞ where no surface is hit.</summary>
    public required float[] Depth { get; init; }

    /// <summary>Forward optical flow in pixels from frame t to t+1, <c>[T, H, W, 2]</c> (dx, dy).</summary>
    public required float[] Flow { get; init; }

    /// <summary>Instance id per pixel, <c>[T, H, W]</c>; 0 is the background.</summary>
    public required byte[] InstanceIds { get; init; }

    /// <summary>Class name per instance id; index 0 is "background".</summary>
    public required IReadOnlyList<string> InstanceClasses { get; init; }

    /// <summary>DensePose-style IUV, <c>[T, H, W, 3]</c>: part index (0 = none), U and V in 0..255.</summary>
    public required byte[] Iuv { get; init; }

    /// <summary>2-D joints <c>[T, P, 17, 3]</c>: x, y in pixels and visibility (1 visible, 0 not).</summary>
    public required float[] Joints { get; init; }

    /// <summary>The P skeletons of <see cref="Joints"/>, in row order.</summary>
    public required IReadOnlyList<SkeletonInstance> Skeletons { get; init; }

    /// <summary>Camera intrinsics shared by all frames.</summary>
    public required CameraIntrinsics Intrinsics { get; init; }
}
