using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Flow;

/// <summary>Registers the flow modality with the host.</summary>
public sealed class FlowPlugin : IUnityVideoPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("Flow", "1.0.0");

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddModality(FlowModality.Descriptor);
        registrar.AddMetric(new FlowMetric());
    }
}
