using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Abstractions;

namespace UnityVideo.Host.Plugins;

/// <summary>
/// Collects one plugin's registrations without touching the host yet, so a plugin whose <c>Register</c> throws
/// half-way leaves nothing behind.
/// </summary>
internal sealed class PluginRegistrar(IConfiguration configuration) : IPluginRegistrar
{
    public IServiceCollection Services { get; } = new ServiceCollection();

    public IConfiguration Configuration { get; } = configuration;

    public List<ModalityDescriptor> Modalities { get; } = [];

    public List<IAnnotator> Annotators { get; } = [];

    public List<IModalityMetric> Metrics { get; } = [];

    public void AddModality(ModalityDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!System.Text.RegularExpressions.Regex.IsMatch(descriptor.Name, "^[a-z][a-z0-9-]*$"))
            throw new ArgumentException($"Modality name '{descriptor.Name}' must be lower-case letters, digits and '-'.", nameof(descriptor));
        if (descriptor.Channels <= 0)
            throw new ArgumentException($"Modality '{descriptor.Name}' must have at least one channel.", nameof(descriptor));
        if (descriptor.Prompts.Count == 0 || descriptor.Prompts.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"Modality '{descriptor.Name}' needs at least one non-empty prompt.", nameof(descriptor));
        Modalities.Add(descriptor);
    }

    public void AddAnnotator(IAnnotator annotator) => Annotators.Add(annotator ?? throw new ArgumentNullException(nameof(annotator)));

    public void AddMetric(IModalityMetric metric) => Metrics.Add(metric ?? throw new ArgumentNullException(nameof(metric)));
}
