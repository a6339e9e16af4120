using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Host;
using UnityVideo.Host.Configuration;

namespace UnityVideo.Tests.Host;

/// <summary>Builds a host the way the CLI does, from JSON text and overrides, without reading the environment.</summary>
internal static class HostFactory
{
    public static UnityVideoStartup Start(string? json = null, params string[] overrides) => Start(json, out _, overrides);

    public static UnityVideoStartup Start(string? json, out ServiceCollection services, params string[] overrides)
    {
        var layers = new List<ConfigurationLayer> { UnityVideoConfiguration.Defaults() };
        if (json is not null) layers.Add(JsonConfigurationFlattener.FromText(json, "experiment.json"));
        if (overrides.Length > 0)
            layers.Add(ConfigurationLayer.FromPairs("command line", overrides.Select(o => new KeyValuePair<string, string?>(o[..o.IndexOf('=', StringComparison.Ordinal)], o[(o.IndexOf('=', StringComparison.Ordinal) + 1)..]))));
        services = new ServiceCollection();
        services.AddUnityVideo(new LayeredConfiguration(layers), strictRoot: true);
        return services.BuildServiceProvider().GetRequiredService<UnityVideoStartup>();
    }

    /// <summary>JSON that points the host only at <paramref name="pluginDir"/>.</summary>
    public static string OnlyPlugins(string pluginDir, string policy = "Stop") =>
        $$"""{ "Plugins": { "IncludeDefaultDirectory": false, "Directories": [ {{System.Text.Json.JsonSerializer.Serialize(pluginDir)}} ], "OnError": "{{policy}}" } }""";
}
