using TorchSharp;

namespace UnityVideo.Core.Video;

/// <summary>
/// Reads video files (MP4, AVI, MKV, MPG — whatever OpenCV's FFmpeg reads) as RGB clips <c>[T, H, W, 3]</c> uint8,
/// resampled and fitted as a <see cref="VideoSampling"/> says. Frames are decoded in order and fitted one at a
/// time, so a long, large video never sits in memory. OpenCV's native library loads on the first call only.
/// </summary>
/// <remarks>
/// Every problem with a file — missing, 0 bytes, corrupt, no frames, shorter than one clip — is one
/// <see cref="VideoFormatException"/> naming it; a missing native library is a <see cref="DllNotFoundException"/>
/// whose message names the Debian package to install.
/// </remarks>
public static class VideoReader
{
    /// <summary>The source's frame rate, frame count and size; decodes the first frame to make sure the file is readable.</summary>
    /// <exception cref="VideoFormatException">The file cannot be used.</exception>
    public static VideoInfo Probe(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var decoder = VideoDecoder.Open(path);
        if (decoder.Read(1, 1) is null) throw new VideoFormatException(path, "has no frames that can be decoded");
        return decoder.Info.FrameCount > 0 ? decoder.Info : decoder.Info with { FrameCount = 1 + decoder.CountRemaining() };
    }

    /// <summary>The first clip of <paramref name="path"/> (sampled from frame 0).</summary>
    /// <param name="path">The video file.</param>
    /// <param name="sampling">Frames, size and resampling.</param>
    /// <param name="device">Where the frames go; CPU when null.</param>
    /// <exception cref="VideoFormatException">The file cannot be used or is shorter than one clip.</exception>
    public static VideoClip ReadClip(string path, VideoSampling sampling, torch.Device? device = null)
    {
        using var clips = Clips(path, sampling, device).GetEnumerator();
        clips.MoveNext(); // the enumeration throws rather than ending without a clip
        return clips.Current;
    }

    /// <summary>
    /// Successive clips through the whole video: clip i starts at sampled frame <c>i · ClipStride</c>; a tail shorter
    /// than T frames is dropped. Lazy: each clip is decoded when the enumeration reaches it. Each clip's frames are
    /// created in the caller's dispose scope (or disposed with the clip).
    /// </summary>
    /// <param name="path">The video file.</param>
    /// <param name="sampling">Frames, size, resampling and clip stride.</param>
    /// <param name="device">Where the frames go; CPU when null.</param>
    /// <exception cref="VideoFormatException">The file cannot be used or is shorter than one clip (raised while enumerating).</exception>
    public static IEnumerable<VideoClip> Clips(string path, VideoSampling sampling, torch.Device? device = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(sampling);
        sampling.Validate();
        return Enumerate(path, sampling, device);
    }

    /// <summary>
    /// Every frame of <paramref name="path"/>, fitted to <paramref name="height"/> × <paramref name="width"/> (scaled to cover,
    /// centre-cropped; null keeps the source's size). Stops with an error past <paramref name="maxFrames"/> frames, so an
    /// unexpectedly long upload cannot fill the memory.
    /// </summary>
    /// <exception cref="VideoFormatException">The file cannot be used, has no frames, or is longer than <paramref name="maxFrames"/>.</exception>
    public static VideoClip ReadAll(string path, int? height = null, int? width = null, int maxFrames = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var decoder = VideoDecoder.Open(path);
        var info = decoder.Info;
        int h = height ?? info.Height, w = width ?? info.Width;
        var frames = new List<byte[]>();
        while (decoder.Read(h, w) is { } frame)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (frames.Count == maxFrames) throw new VideoFormatException(path, $"is too long: more than {maxFrames} frames");
            frames.Add(frame);
        }
        if (frames.Count == 0) throw new VideoFormatException(path, "has no frames that can be decoded");
        var bytes = new byte[(long)frames.Count * h * w * 3];
        var count = frames.Count;
        for (var i = 0; i < count; i++) frames[i].CopyTo(bytes, (long)i * h * w * 3);
        frames.Clear(); // a long video at its native size: hold at most two copies while the tensor is made
        var all = torch.tensor(bytes, [count, h, w, 3]); // [N, H, W, 3]
        return new VideoClip(info with { FrameCount = count }, 0, 0, info.Fps, all);
    }

    private static IEnumerable<VideoClip> Enumerate(string path, VideoSampling sampling, torch.Device? device)
    {
        using var decoder = VideoDecoder.Open(path);
        var info = decoder.Info;
        int t = sampling.Frames, h = sampling.Height, w = sampling.Width, stride = sampling.EffectiveClipStride;
        var window = new List<byte[]>(); // fitted frames from sampled index windowStart on
        long windowStart = 0, k = 0, decoded = 0; // next sampled index; source frames consumed
        byte[]? current = null;                   // fitted source frame decoded − 1, when that frame was sampled
        var clip = 0;
        while (true)
        {
            // ------------------------------------------------------------ advance to sampled frame k's source frame
            var want = sampling.SourceIndex(k, info.Fps);
            var needed = k >= windowStart; // false for sampled frames between clips (ClipStride > T)
            var ended = false;
            while (decoded <= want)
            {
                if (decoded < want)
                {
                    if (!decoder.Skip()) { ended = true; break; }
                    current = null;
                }
                else if ((current = decoder.Read(h, w)) is null) { ended = true; break; }
                decoded++;
            }
            if (ended) break;
            if (needed) window.Add(current ?? throw new InvalidOperationException("A needed frame was not fitted."));
            k++;

            // ------------------------------------------------------------ a full window is a clip
            if (window.Count < t) continue;
            var bytes = new byte[(long)t * h * w * 3];
            for (var i = 0; i < t; i++) window[i].CopyTo(bytes, (long)i * h * w * 3);
            var start = sampling.SourceIndex(windowStart, info.Fps);
            var frames = torch.tensor(bytes, [t, h, w, 3]); // [T, H, W, 3]
            if (device is not null && device.type != DeviceType.CPU)
            {
                var moved = frames.to(device);
                frames.Dispose();
                frames = moved;
            }
            yield return new VideoClip(info, clip++, start, sampling.ClipFps(info.Fps), frames);
            windowStart += stride;
            window.RemoveRange(0, Math.Min(stride, window.Count));
        }
        if (clip == 0)
        {
            if (decoded == 0) throw new VideoFormatException(path, "has no frames that can be decoded");
            throw new VideoFormatException(path,
                $"is too short: {decoded} frames give {k} sampled frames ({sampling}), but a clip needs {t}");
        }
    }
}
