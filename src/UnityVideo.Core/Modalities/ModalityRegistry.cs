using UnityVideo.Abstractions;

namespace UnityVideo.Core.Modalities;

/// <summary>
/// The modalities, annotators and metrics available to the engine, keyed by modality name. Built by the host
/// from the loaded plugins (or by hand in tests); Core never loads plugins itself.
/// </summary>
public sealed class ModalityRegistry
{
    /// <summary>Name of the RGB stream; reserved, so no plugin may register a modality called "rgb".</summary>
    public const string Rgb = "rgb";

    private readonly Dictionary<string, ModalityDescriptor> modalities;

    /// <summary>Creates a registry; names must be unique and must not be <see cref="Rgb"/>.</summary>
    public ModalityRegistry(IEnumerable<ModalityDescriptor> modalities, IEnumerable<IAnnotator>? annotators = null, IEnumerable<IModalityMetric>? metrics = null)
    {
        this.modalities = new Dictionary<string, ModalityDescriptor>(StringComparer.Ordinal);
        foreach (var m in modalities)
        {
            if (m.Name == Rgb) throw new ArgumentException($"Modality name '{Rgb}' is reserved for the RGB stream.", nameof(modalities));
            if (!this.modalities.TryAdd(m.Name, m)) throw new ArgumentException($"Modality '{m.Name}' is registered twice.", nameof(modalities));
        }
        Annotators = (annotators ?? []).ToList();
        Metrics = (metrics ?? []).ToList();
    }

    /// <summary>Modalities in registration order.</summary>
    public IReadOnlyList<ModalityDescriptor> Modalities => modalities.Values.ToList();

    /// <summary>Modality names in registration order.</summary>
    public IReadOnlyList<string> Names => modalities.Keys.ToList();

    /// <summary>All annotators.</summary>
    public IReadOnlyList<IAnnotator> Annotators { get; }

    /// <summary>All metrics.</summary>
    public IReadOnlyList<IModalityMetric> Metrics { get; }

    /// <summary>True when a modality of that name is registered.</summary>
    public bool Contains(string name) => modalities.ContainsKey(name);

    /// <summary>The descriptor of <paramref name="name"/>, or an error listing the available names.</summary>
    public ModalityDescriptor Get(string name) =>
        modalities.TryGetValue(name, out var d) ? d
            : throw new KeyNotFoundException($"Unknown modality '{name}'. Available: {string.Join(", ", modalities.Keys)}.");

    /// <summary>Annotators producing <paramref name="name"/>.</summary>
    public IEnumerable<IAnnotator> AnnotatorsFor(string name) => Annotators.Where(a => a.Modality == name);

    /// <summary>Metrics scoring <paramref name="name"/>.</summary>
    public IEnumerable<IModalityMetric> MetricsFor(string name) => Metrics.Where(m => m.Modality == name);

    /// <summary>A registry restricted to <paramref name="names"/> (in the given order).</summary>
    public ModalityRegistry Subset(IEnumerable<string> names)
    {
        var keep = names.Select(Get).ToList();
        var set = keep.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        return new ModalityRegistry(keep, Annotators.Where(a => set.Contains(a.Modality)), Metrics.Where(m => set.Contains(m.Modality)));
    }
}
