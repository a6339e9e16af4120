using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>The segmentation modality: instance masks; the prompt names what to segment.</summary>
public static class SegmentationModality
{
    /// <summary>Modality name, the key used in configuration and checkpoints.</summary>
    public const string Name = "segmentation";

    /// <summary>The descriptor registered with the host.</summary>
    public static ModalityDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Channels = 3,
        IsPixelAligned = false,
        Prompts = ["segmentation mask", "segment the objects", "instance segmentation"],
        StorageKey = "instances",
        Description = "instance masks; the prompt names what to segment",
        Visualizer = new SegmentationVisualizer(),
        StorageRange = new ValueRange(0, 255),
    };
}
