using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Skeleton;

/// <summary>The skeleton modality: 2-D human joints (COCO-17), shown to the model as a rendered colour-coded skeleton.</summary>
public static class SkeletonModality
{
    /// <summary>Modality name, the key used in configuration and checkpoints.</summary>
    public const string Name = "skeleton";

    /// <summary>Joints per skeleton: the synthetic world's (COCO-17 for humans, AP-10K-17 for quadrupeds).</summary>
    public const int Joints = GroundTruthBufferNames.JointsPerSkeleton;

    /// <summary>The descriptor registered with the host.</summary>
    public static ModalityDescriptor Descriptor { get; } = new()
    {
        Name = Name,
        Channels = 3,
        IsPixelAligned = false,
        Prompts = ["human skeleton", "pose skeleton video", "body keypoints"],
        StorageKey = "joints",
        Description = "2-D human joints (COCO-17), shown to the model as a rendered colour-coded skeleton",
        Visualizer = new SkeletonVisualizer(),
        StorageRange = null,
        Codec = new SkeletonCodec(),
    };
}
