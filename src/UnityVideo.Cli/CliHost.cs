using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Host;
using UnityVideo.Host.Configuration;

namespace UnityVideo.Cli;

/// <summary>Builds the service provider for one CLI invocation.</summary>
internal static class CliHost
{
    /// <summary>Layers configuration from the command line, validates it, loads plugins, returns the services.</summary>
    public static ServiceProvider Build(ConfigurationSources sources)
    {
        var layered = UnityVideoConfiguration.Build(sources);
        var services = new ServiceCollection();
        services.AddUnityVideo(layered, strictRoot: true);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// <see cref="Build"/> for a verb that works with the pixel DiT only so far: a configuration on the Wan backbone is
    /// one error naming the verb and what works instead.
    /// </summary>
    public static ServiceProvider BuildForPixelDiT(ConfigurationSources sources, string verb)
    {
        var services = Build(sources);
        try
        {
            services.GetRequiredService<UnityVideoStartup>().RequirePixelDiT($"'unityvideo {verb}'");
            return services;
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }
}
