using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace UnityVideo.Abstractions;

/// <summary>What a plugin may register with the host during <see cref="IUnityVideoPlugin.Register"/>.</summary>
public interface IPluginRegistrar
{
    /// <summary>The host's service collection, for services the plugin's components need.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// The plugin's own configuration section (<c>Plugins:Settings:&lt;PluginName&gt;</c>); empty when the
    /// experiment configures nothing for it.
    /// </summary>
    IConfiguration Configuration { get; }

    /// <summary>Adds a modality. Its name must be unique across all loaded plugins.</summary>
    /// <param name="descriptor">The modality's description.</param>
    void AddModality(ModalityDescriptor descriptor);

    /// <summary>Adds an annotator that produces a modality from an RGB clip.</summary>
    /// <param name="annotator">The annotator.</param>
    void AddAnnotator(IAnnotator annotator);

    /// <summary>Adds a metric that scores a predicted modality against a reference.</summary>
    /// <param name="metric">The metric.</param>
    void AddMetric(IModalityMetric metric);
}
