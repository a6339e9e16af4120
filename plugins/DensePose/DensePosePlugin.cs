using UnityVideo.Abstractions;

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
        registrar.AddAnnotator(new DensePoseGroundTruthAnnotator());
    }
}
