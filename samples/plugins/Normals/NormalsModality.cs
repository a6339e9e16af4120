using UnityVideo.Abstractions;

namespace UnityVideo.Samples.Normals;

/// <summary>The normals modality: unit surface normals in camera axes (x right, y down, z forward), facing the camera.</summary>
public static class NormalsModality
{
    /// <summary>Modality name, the key used in configuration and checkpoints.</summary>
    public const string Name = "normals";

    /// <summary>The descriptor registered with the host.</summary>
    public static ModalityDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Channels = 3,
        IsPixelAligned = true,
        Prompts = ["surface normals", "normal map", "a surface normal map of the scene"],
        StorageKey = "normals",
        Description = "camera-space unit surface normals (x right, y down, z forward) in [-1, 1]; 0 where no surface is hit",
        StorageRange = new ValueRange(-1, 1),
        Codec = new NormalsCodec(),
        Visualizer = new NormalsVisualizer(),
    };
}
