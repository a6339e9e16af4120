using UnityVideo.Abstractions;

namespace UnityVideo.Synthetic;

/// <summary>One rendered clip: RGB frames, exact ground truth for every modality, and a caption.</summary>
public sealed record SyntheticClip
{
    /// <summary>RGB frames <c>[T, H, W, 3]</c>, row-major.</summary>
    public required byte[] Rgb { get; init; }

    /// <summary>The named ground-truth buffers of the same frames (depth, normals, world positions, instances, IUV, joints, flow).</summary>
    public required SceneGroundTruth GroundTruth { get; init; }

    /// <summary>Camera pose per frame, <c>T + 1</c> entries (the last is one step past the clip, used for flow).</summary>
    public required IReadOnlyList<CameraPose> Cameras { get; init; }

    /// <summary>Sentence generated from the scene graph.</summary>
    public required string Caption { get; init; }

    /// <summary>Dataset seed the clip was drawn from.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Index of the clip within its split.</summary>
    public required int Index { get; init; }

    /// <summary>Split the clip belongs to.</summary>
    public required SyntheticSplit Split { get; init; }

    /// <summary>Frames per second.</summary>
    public required double Fps { get; init; }

    /// <summary>Number of frames T.</summary>
    public int Frames => GroundTruth.Frames;

    /// <summary>Frame height H.</summary>
    public int Height => GroundTruth.Height;

    /// <summary>Frame width W.</summary>
    public int Width => GroundTruth.Width;
}
