using System.Collections;

namespace UnityVideo.Host.Configuration;

/// <summary>Builds the layered configuration of a run.</summary>
public static class UnityVideoConfiguration
{
    /// <summary>Environment variable prefix: <c>UNITYVIDEO__Training__Steps=10</c> sets <c>Training:Steps</c>.</summary>
    public const string EnvironmentPrefix = "UNITYVIDEO__";

    private const string DefaultsResource = "UnityVideo.Host.unityvideo.defaults.json";

    /// <summary>The built-in defaults (tiny/small/base presets, curriculum, task probabilities, …).</summary>
    public static ConfigurationLayer Defaults()
    {
        using var stream = typeof(UnityVideoConfiguration).Assembly.GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"Embedded resource {DefaultsResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return JsonConfigurationFlattener.FromText(reader.ReadToEnd(), "built-in defaults");
    }

    /// <summary>Builds every layer in order and merges them.</summary>
    /// <exception cref="UnityVideoConfigurationException">A file is missing or malformed, or an override is not <c>Key=value</c>.</exception>
    public static LayeredConfiguration Build(ConfigurationSources sources)
    {
        var layers = new List<ConfigurationLayer> { Defaults() };
        if (sources.AppSettingsDirectory is { } dir && File.Exists(Path.Combine(dir, "appsettings.json")))
            layers.Add(JsonConfigurationFlattener.FromFile(Path.Combine(dir, "appsettings.json")));
        if (sources.ConfigFile is { } file)
            layers.Add(JsonConfigurationFlattener.FromFile(file));
        if (sources.IncludeEnvironment)
            layers.Add(ConfigurationLayer.FromPairs("environment", EnvironmentPairs()));
        foreach (var (source, overrides) in sources.Layers)
            layers.Add(ConfigurationLayer.FromPairs(source, overrides.Select(ParseOverride)));
        if (sources.Overrides.Count > 0)
            layers.Add(ConfigurationLayer.FromPairs("command line", sources.Overrides.Select(ParseOverride)));
        return new LayeredConfiguration(layers);
    }

    private static IEnumerable<KeyValuePair<string, string?>> EnvironmentPairs()
    {
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var name = (string)e.Key;
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > EnvironmentPrefix.Length)
                yield return new(name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), (string?)e.Value);
        }
    }

    private static KeyValuePair<string, string?> ParseOverride(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
            throw new UnityVideoConfigurationException($"--set '{text}' is not of the form Section:Key=value (e.g. Training:Steps=200).");
        return new(text[..eq].Trim(), text[(eq + 1)..]);
    }
}
