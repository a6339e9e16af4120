namespace UnityVideo.Abstractions;

/// <summary>
/// Exact ground truth of one synthetic clip, offered as named buffers (contract 2.0) so that a modality plugin
/// builds its target from whichever buffers it needs, and a new plugin needs no change to this contract. The
/// synthetic world's buffers and their layouts are listed in <see cref="GroundTruthBufferNames"/>; facts that are
/// not per-pixel (instance classes, skeleton owners, intrinsics) are properties.
/// </summary>
public sealed record SceneGroundTruth
{
    /// <summary>Number of frames T.</summary>
    public required int Frames { get; init; }

    /// <summary>Frame height H.</summary>
    public required int Height { get; init; }

    /// <summary>Frame width W.</summary>
    public required int Width { get; init; }

    /// <summary>The buffers by name (see <see cref="GroundTruthBufferNames"/>).</summary>
    public required IReadOnlyDictionary<string, GroundTruthBuffer> Buffers { get; init; }

    /// <summary>Class name per instance id; index 0 is "background".</summary>
    public required IReadOnlyList<string> InstanceClasses { get; init; }

    /// <summary>Which instance, and which skeleton convention, each row of the <see cref="GroundTruthBufferNames.Joints"/> buffer belongs to.</summary>
    public required IReadOnlyList<SkeletonInstance> Skeletons { get; init; }

    /// <summary>Camera intrinsics shared by all frames.</summary>
    public required CameraIntrinsics Intrinsics { get; init; }

    /// <summary>True when the scene offers a buffer called <paramref name="name"/>.</summary>
    public bool Has(string name) => Buffers.ContainsKey(name);

    /// <summary>The buffer called <paramref name="name"/>, or an error naming it, the <paramref name="reader"/> and the buffers on offer.</summary>
    /// <param name="name">A buffer name, e.g. <see cref="GroundTruthBufferNames.Depth"/>.</param>
    /// <param name="reader">Who asks, for the error (e.g. "normals annotator 'synthetic-gt'").</param>
    /// <exception cref="KeyNotFoundException">The scene has no such buffer.</exception>
    public GroundTruthBuffer Buffer(string name, string reader) =>
        Buffers.TryGetValue(name, out var b) ? b
            : throw new KeyNotFoundException(
                $"{reader} needs the ground-truth buffer '{name}', which this scene does not offer (it offers: {string.Join(", ", Buffers.Keys.Order(StringComparer.Ordinal))}).");
}
