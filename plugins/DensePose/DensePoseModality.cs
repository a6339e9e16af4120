using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.DensePose;

/// <summary>The densepose modality: DensePose IUV: body-part index and surface U, V per pixel.</summary>
public static class DensePoseModality
{
    /// <summary>Modality name, the key used in configuration and checkpoints.</summary>
    public const string Name = "densepose";

    /// <summary>The descriptor registered with the host.</summary>
    public static ModalityDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Channels = 3,
        IsPixelAligned = true,
        Prompts = ["densepose", "dense human body surface map", "body part UV map"],
        StorageKey = "iuv",
        Description = "DensePose IUV: body-part index and surface U, V per pixel",
        Visualizer = new DensePoseVisualizer(),
        StorageRange = new ValueRange(0, 255),
        Codec = new DensePoseCodec(),
    };
}
