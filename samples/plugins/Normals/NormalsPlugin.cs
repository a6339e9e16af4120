using UnityVideo.Abstractions;

namespace UnityVideo.Samples.Normals;

/// <summary>
/// A sixth modality written the way a third party would: surface normals. The host knows nothing about it; its
/// synthetic training data comes from the world's <see cref="GroundTruthBufferNames.Normals"/> buffer.
/// </summary>
public sealed class NormalsPlugin : IUnityVideoPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("Normals", "1.0.0");

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddModality(NormalsModality.Descriptor);
        registrar.AddMetric(new NormalsMetric());
        registrar.AddAnnotator(new NormalsGroundTruthAnnotator());
    }
}
