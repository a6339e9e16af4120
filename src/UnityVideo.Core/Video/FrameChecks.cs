using TorchSharp;

namespace UnityVideo.Core.Video;

/// <summary>Argument checks shared by the frame helpers.</summary>
internal static class FrameChecks
{
    /// <summary>Requires a uint8 clip <c>[T, H, W, 3]</c> with at least one frame.</summary>
    public static void RequireClip(torch.Tensor frames, string parameter)
    {
        ArgumentNullException.ThrowIfNull(frames, parameter);
        if (frames.dtype != torch.uint8 || frames.ndim != 4 || frames.shape[3] != 3 || frames.shape[0] < 1 || frames.shape[1] < 1 || frames.shape[2] < 1)
            throw new ArgumentException($"Expected RGB frames [T, H, W, 3] uint8 with T, H, W ≥ 1, got {frames.dtype} [{string.Join(", ", frames.shape)}].", parameter);
    }
}
