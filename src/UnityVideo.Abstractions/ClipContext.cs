namespace UnityVideo.Abstractions;

/// <summary>Per-clip facts a codec, annotator or visualizer may need besides the tensor itself.</summary>
public sealed record ClipContext
{
    /// <summary>Number of frames T.</summary>
    public required int Frames { get; init; }

    /// <summary>Frame height H in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Frame width W in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Class name per instance id (index 0 is the background). Empty when unknown.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Pinhole intrinsics of the camera, when known.</summary>
    public CameraIntrinsics? Intrinsics { get; init; }

    /// <summary>
    /// The modality prompt used for this sample (e.g. "segment the persons"); null selects the
    /// modality's default prompt.
    /// </summary>
    public string? ModalityPrompt { get; init; }
}
