using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Skeleton;

/// <summary>Registers the skeleton modality and its synthetic ground-truth annotator with the host.</summary>
public sealed class SkeletonPlugin : IUnityVideoPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("Skeleton", "1.0.0");

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddModality(SkeletonModality.Descriptor);
        registrar.AddMetric(new SkeletonMetric());
        registrar.AddAnnotator(new GroundTruthCopyAnnotator(SkeletonModality.Name, GroundTruthBufferNames.Joints, torch.ScalarType.Float32)); // joints, float32 [T, P, 17, 3]; skeleton owners travel in the clip metadata
    }
}
