using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>Registers the segmentation modality with the host.</summary>
public sealed class SegmentationPlugin : IUnityVideoPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("Segmentation", "1.0.0");

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddModality(SegmentationModality.Descriptor);
        registrar.AddMetric(new SegmentationMetric());
    }
}
