using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Flow;

/// <summary>The flow modality: forward optical flow (dx, dy) in pixels from frame t to t+1.</summary>
public static class FlowModality
{
    /// <summary>Modality name, the key used in configuration and checkpoints.</summary>
    public const string Name = "flow";

    /// <summary>
    /// The descriptor registered with the host, with <paramref name="codec"/> (its scale comes from configuration) and a
    /// visualizer that reads a flow video's full saturation as <paramref name="videoRim"/> × the frame width.
    /// </summary>
    public static ModalityDescriptor Create(FlowCodec codec, double videoRim = FlowVisualizer.DefaultReadRimFraction) => new()
    {
        Name = Name,
        Channels = 2,
        IsPixelAligned = true,
        Prompts = ["optical flow", "forward optical flow field", "motion flow video"],
        StorageKey = "flow",
        Description = "forward optical flow (dx, dy) in pixels from frame t to t+1",
        Visualizer = new FlowVisualizer { ReadRimFraction = videoRim },
        StorageRange = null,
        Codec = codec,
    };
}
