using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Depth;

/// <summary>Registers the depth modality and its synthetic ground-truth annotator with the host.</summary>
public sealed class DepthPlugin : IUnityVideoPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("Depth", "1.0.0");

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddModality(DepthModality.Descriptor);
        registrar.AddMetric(new DepthMetric());
        registrar.AddAnnotator(new GroundTruthCopyAnnotator(DepthModality.Name, GroundTruthBufferNames.Depth, torch.ScalarType.Float16)); // camera-z depth, float16 [T, H, W] (+∞ for sky)
    }
}
