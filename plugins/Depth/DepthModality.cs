using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Depth;

/// <summary>The depth modality: camera-z depth in metres; the model sees per-clip normalised inverse depth.</summary>
public static class DepthModality
{
    /// <summary>Modality name, the key used in configuration and checkpoints.</summary>
    public const string Name = "depth";

    /// <summary>The descriptor registered with the host.</summary>
    public static ModalityDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Channels = 1,
        IsPixelAligned = true,
        Prompts = ["depth map", "a depth map of the scene", "camera depth video"],
        StorageKey = "depth",
        Description = "camera-z depth in metres; the model sees per-clip normalised inverse depth",
        Visualizer = new DepthVisualizer(),
        StorageRange = new ValueRange(0, 1000),
        Codec = new DepthCodec(),
    };
}
