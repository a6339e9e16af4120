using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace UnityVideo.Host.Configuration;

/// <summary>
/// One source of configuration values, flattened to <c>Section:Key</c> paths.
/// <see cref="ReplacedArrays"/> lists array paths the layer defines as a whole (from a JSON file): earlier
/// layers' elements under them are dropped, so a shorter array in an experiment file really is shorter.
/// </summary>
/// <param name="Source">Where the values came from, for error messages (e.g. "experiment.json").</param>
/// <param name="Values">Leaf values by colon-separated key.</param>
/// <param name="ReplacedArrays">Array paths this layer replaces wholesale.</param>
public sealed record ConfigurationLayer(string Source, IReadOnlyDictionary<string, string?> Values, IReadOnlySet<string> ReplacedArrays)
{
    /// <summary>
    /// A layer of individual key overrides (environment, command line): arrays are edited per element, and a key given
    /// twice takes its last value (the Generic-Host rule: <c>--set K=1 --set K=2</c> sets 2).
    /// </summary>
    public static ConfigurationLayer FromPairs(string source, IEnumerable<KeyValuePair<string, string?>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in pairs) values[key] = value;
        return new(source, values, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A layer from an application's <see cref="IConfiguration"/> (the hosting entry point): its leaf values, and
    /// every section whose children are all indices 0, 1, … as an array it replaces wholesale, the rule the CLI
    /// applies to a JSON file, so an app's one-element array is one element, not the first of the defaults'.
    /// </summary>
    public static ConfigurationLayer FromConfiguration(string source, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.AsEnumerable())
            if (value is not null) values[key] = value;
        var arrays = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CollectArrays(configuration.GetChildren(), arrays);
        return new(source, values, arrays);
    }

    private static void CollectArrays(IEnumerable<IConfigurationSection> sections, HashSet<string> arrays)
    {
        foreach (var section in sections)
        {
            var children = section.GetChildren().ToList();
            if (children.Count == 0) continue;
            var indices = children.Select(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1).Order().ToList();
            if (indices.SequenceEqual(Enumerable.Range(0, children.Count))) arrays.Add(section.Path);
            CollectArrays(children, arrays);
        }
    }
}
