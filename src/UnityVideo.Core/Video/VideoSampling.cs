using System.Globalization;

namespace UnityVideo.Core.Video;

/// <summary>
/// How clips are cut from a video: T frames at H × W, taken every <see cref="FrameStride"/>-th source frame or at
/// <see cref="TargetFps"/>, each frame resized (area filter when shrinking) so it covers H × W and centre-cropped.
/// Successive clips start <see cref="ClipStride"/> sampled frames apart.
/// </summary>
public sealed record VideoSampling
{
    /// <summary>Frames per clip T.</summary>
    public required int Frames { get; init; }

    /// <summary>Output height H in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Output width W in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Take every k-th source frame (1 = all). Ignored when <see cref="TargetFps"/> is set.</summary>
    public int FrameStride { get; init; } = 1;

    /// <summary>Resample to this rate instead: sampled frame k is the source frame nearest to time k / fps.</summary>
    public double? TargetFps { get; init; }

    /// <summary>Sampled frames between the starts of successive clips; null = <see cref="Frames"/> (back to back).</summary>
    public int? ClipStride { get; init; }

    /// <summary>Square clips of <paramref name="frames"/> frames at <paramref name="size"/> × <paramref name="size"/>, every <paramref name="stride"/>-th source frame.</summary>
    public static VideoSampling Square(int size, int frames, int stride = 1) =>
        new() { Frames = frames, Height = size, Width = size, FrameStride = stride };

    /// <summary>The clip stride in effect.</summary>
    public int EffectiveClipStride => ClipStride ?? Frames;

    /// <summary>Checks the ranges; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Frames, 1, nameof(Frames));
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 1, nameof(Height));
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 1, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfLessThan(FrameStride, 1, nameof(FrameStride));
        if (TargetFps is { } fps && (!(fps > 0) || double.IsInfinity(fps)))
            throw new ArgumentOutOfRangeException(nameof(TargetFps), fps, "must be positive and finite");
        if (ClipStride is { } s) ArgumentOutOfRangeException.ThrowIfLessThan(s, 1, nameof(ClipStride));
    }

    /// <summary>Frames per second of the sampled clips, for a source at <paramref name="sourceFps"/>.</summary>
    public double ClipFps(double sourceFps) => TargetFps ?? sourceFps / FrameStride;

    /// <summary>
    /// The source frame index of sampled frame <paramref name="k"/>: <c>k · stride</c>, or with a target rate the
    /// frame nearest to time <c>k / fps</c>, i.e. <c>round(k · sourceFps / fps)</c> (halves round up). Never decreases
    /// with k; a target rate above the source's repeats frames.
    /// </summary>
    public long SourceIndex(long k, double sourceFps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (TargetFps is not { } fps) return k * FrameStride;
        if (!(sourceFps > 0)) throw new ArgumentOutOfRangeException(nameof(sourceFps), sourceFps, "must be positive to resample by rate");
        // The small epsilon keeps exact halves (and products like 3 · 10/6 = 4.9999…) from rounding down.
        return (long)Math.Floor(k * sourceFps / fps + 0.5 + 1e-9);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Frames} frames at {Width}x{Height}, {(TargetFps is { } f ? $"{f:0.###} fps" : $"stride {FrameStride}")}");
}
