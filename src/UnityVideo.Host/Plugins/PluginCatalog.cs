using UnityVideo.Abstractions;
using UnityVideo.Core.Modalities;

namespace UnityVideo.Host.Plugins;

/// <summary>What the host loaded: plugins, the problems it skipped, and every modality they provide.</summary>
public sealed class PluginCatalog
{
    /// <summary>Creates a catalog; modality names must be unique across plugins.</summary>
    public PluginCatalog(IReadOnlyList<LoadedPlugin> plugins, IReadOnlyList<string> warnings)
    {
        Plugins = plugins;
        Warnings = warnings;
        All = new ModalityRegistry(
            plugins.SelectMany(p => p.Modalities),
            plugins.SelectMany(p => p.Annotators),
            plugins.SelectMany(p => p.Metrics));
    }

    /// <summary>Loaded plugins, in discovery order.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>Plugins skipped under <c>Plugins:OnError = Skip</c>, one message each.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Every modality the plugins provide.</summary>
    public ModalityRegistry All { get; }

    /// <summary>The plugin that registered <paramref name="modality"/>.</summary>
    public LoadedPlugin OwnerOf(string modality) => Plugins.First(p => p.Modalities.Any(m => m.Name == modality));

    /// <summary>Descriptors with the plugin that provides each.</summary>
    public IEnumerable<(ModalityDescriptor Modality, LoadedPlugin Plugin)> Modalities =>
        Plugins.SelectMany(p => p.Modalities.Select(m => (m, p)));
}
