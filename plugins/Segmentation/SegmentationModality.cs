using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>The segmentation modality: instance masks; the prompt names what to segment.</summary>
public static class SegmentationModality
{
    /// <summary>Modality name, the key used in configuration and checkpoints.</summary>
    public const string Name = "segmentation";

    /// <summary>The modality's own prompts; each selects every instance ("segment the &lt;class&gt;" selects one class).</summary>
    public static IReadOnlyList<string> Prompts { get; } = ["segmentation mask", "segment the objects", "instance segmentation"];

    /// <summary>
    /// The descriptor registered with the host; <paramref name="heldOutClasses"/> are never named in training prompts,
    /// <paramref name="colouring"/> is how the codec colours instances.
    /// </summary>
    public static ModalityDescriptor Create(IEnumerable<string> heldOutClasses, SegmentationColouring colouring = SegmentationColouring.Classes) => new()
    {
        Name = Name,
        Channels = 3,
        IsPixelAligned = false,
        Prompts = Prompts,
        StorageKey = "instances",
        Description = "instance masks; the prompt names what to segment",
        Visualizer = new SegmentationVisualizer(),
        StorageRange = new ValueRange(0, 255),
        Codec = new SegmentationCodec(Prompts, colouring),
        PromptSampler = new SegmentationPromptSampler(Prompts, heldOutClasses),
    };
}
