using UnityVideo.Abstractions;

namespace UnityVideo.Core.Data;

/// <summary>What a clip shard's <c>__metadata__</c> says about the clip.</summary>
public sealed record ClipMetadata
{
    /// <summary>Content caption ("a person in red walks left …"). Required.</summary>
    public required string Caption { get; init; }

    /// <summary>Frames per second. Required, positive.</summary>
    public required double Fps { get; init; }

    /// <summary>Where the clip came from, e.g. "synthetic" or a video file name.</summary>
    public string Source { get; init; } = "unknown";

    /// <summary>Dataset split ("train", "test"), when known.</summary>
    public string? Split { get; init; }

    /// <summary>Dataset seed (synthetic clips).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Clip index within its split (synthetic clips).</summary>
    public int? Index { get; init; }

    /// <summary>Class name per instance id (index 0 = background); required when the clip has instances.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Camera intrinsics, when known.</summary>
    public CameraIntrinsics? Intrinsics { get; init; }

    /// <summary>Owner and convention of each joints row; required when the clip has joints.</summary>
    public IReadOnlyList<SkeletonInstance>? Skeletons { get; init; }
}
