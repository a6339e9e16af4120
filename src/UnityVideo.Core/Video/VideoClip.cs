using TorchSharp;

namespace UnityVideo.Core.Video;

/// <summary>One clip cut from a video by <see cref="VideoReader"/>.</summary>
public sealed class VideoClip : IDisposable
{
    internal VideoClip(VideoInfo source, int index, long startFrame, double fps, torch.Tensor frames)
    {
        Source = source;
        Index = index;
        StartFrame = startFrame;
        Fps = fps;
        Frames = frames;
    }

    /// <summary>The video it came from.</summary>
    public VideoInfo Source { get; }

    /// <summary>Position among the video's clips (0, 1, …).</summary>
    public int Index { get; }

    /// <summary>Source frame index of the clip's first frame.</summary>
    public long StartFrame { get; }

    /// <summary>Start time in the source, seconds.</summary>
    public double StartSeconds => StartFrame / Source.Fps;

    /// <summary>Frames per second of the clip (the source rate divided by the stride, or the target rate).</summary>
    public double Fps { get; }

    /// <summary>RGB frames <c>[T, H, W, 3]</c> uint8.</summary>
    public torch.Tensor Frames { get; }

    /// <summary>Disposes <see cref="Frames"/>.</summary>
    public void Dispose() => Frames.Dispose();
}
