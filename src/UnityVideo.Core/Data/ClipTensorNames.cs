namespace UnityVideo.Core.Data;

/// <summary>
/// Tensor names and storage types of a clip shard (DESIGN §5). Only <see cref="Rgb"/> is required; a clip may
/// carry any subset of the others (real footage usually carries rgb + flow).
/// </summary>
public static class ClipTensorNames
{
    /// <summary>RGB frames, U8 <c>[T, H, W, 3]</c>.</summary>
    public const string Rgb = "rgb";

    /// <summary>Camera-z depth in metres, F16 <c>[T, H, W]</c> (+∞ where nothing was hit).</summary>
    public const string Depth = "depth";

    /// <summary>Forward optical flow t → t+1 in pixels, F16 <c>[T, H, W, 2]</c> (dx, dy).</summary>
    public const string Flow = "flow";

    /// <summary>Instance id per pixel, U8 (or U16) <c>[T, H, W]</c>; 0 is background; classes in metadata.</summary>
    public const string Instances = "instances";

    /// <summary>DensePose IUV, U8 <c>[T, H, W, 3]</c>: part index, U, V (0..255).</summary>
    public const string Iuv = "iuv";

    /// <summary>2-D joints, F32 <c>[T, P, 17, 3]</c>: x, y in pixels, visibility.</summary>
    public const string Joints = "joints";

    /// <summary>The known modality tensors, in the order they are written.</summary>
    public static IReadOnlyList<string> All { get; } = [Rgb, Depth, Flow, Instances, Iuv, Joints];
}
