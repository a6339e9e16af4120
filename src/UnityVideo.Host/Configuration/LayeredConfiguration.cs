using Microsoft.Extensions.Configuration;

namespace UnityVideo.Host.Configuration;

/// <summary>
/// Merges <see cref="ConfigurationLayer"/>s in order (later wins) and remembers which layer set each key.
/// The merged result is an ordinary <see cref="IConfiguration"/>.
/// </summary>
public sealed class LayeredConfiguration
{
    private readonly Dictionary<string, (string? Value, string Source)> merged = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Merges the layers.</summary>
    public LayeredConfiguration(IEnumerable<ConfigurationLayer> layers)
    {
        foreach (var layer in layers)
        {
            foreach (var array in layer.ReplacedArrays)
            {
                var prefix = array + ":";
                foreach (var k in merged.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList())
                    merged.Remove(k);
            }
            foreach (var (k, v) in layer.Values) merged[k] = (v, layer.Source);
        }
        Configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(merged.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.Value)))
            .Build();
    }

    /// <summary>The merged configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>Every leaf key with its value and source.</summary>
    public IEnumerable<(string Key, string? Value, string Source)> Entries => merged.Select(p => (p.Key, p.Value.Value, p.Value.Source));

    /// <summary>The layer that set <paramref name="key"/>, if any.</summary>
    public string? SourceOf(string key) => merged.TryGetValue(key, out var v) ? v.Source : null;
}
