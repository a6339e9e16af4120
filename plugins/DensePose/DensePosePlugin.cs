using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.DensePose;

/// <summary>Registers the densepose modality and its synthetic ground-truth annotator with the host.</summary>
public sealed class DensePosePlugin : IUnityVideoPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("DensePose", "1.0.0");

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddModality(DensePoseModality.Descriptor);
        registrar.AddMetric(new DensePoseMetric());
        registrar.AddAnnotator(new GroundTruthCopyAnnotator(DensePoseModality.Name, GroundTruthBufferNames.PartIuv, torch.ScalarType.Byte)); // IUV, uint8 [T, H, W, 3]
    }
}
