using UnityVideo.Abstractions;

namespace UnityVideo.Host.Plugins;

/// <summary>A plugin that loaded and registered successfully, with everything it registered.</summary>
/// <param name="Manifest">Its manifest.</param>
/// <param name="AssemblyPath">The plugin assembly.</param>
/// <param name="Modalities">Modalities it registered.</param>
/// <param name="Annotators">Annotators it registered.</param>
/// <param name="Metrics">Metrics it registered.</param>
public sealed record LoadedPlugin(
    PluginManifest Manifest,
    string AssemblyPath,
    IReadOnlyList<ModalityDescriptor> Modalities,
    IReadOnlyList<IAnnotator> Annotators,
    IReadOnlyList<IModalityMetric> Metrics)
{
    /// <summary>Where it was found: the bundled folder beside the executable, or the <c>Plugins:Directories</c> entry that named its folder.</summary>
    public string Origin { get; init; } = "";
}
