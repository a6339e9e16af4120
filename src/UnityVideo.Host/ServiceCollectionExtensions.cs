using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Host.Benchmarks;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Training;

namespace UnityVideo.Host;

/// <summary>Registers UnityVideo in an application's service collection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds UnityVideo: validates <paramref name="configuration"/> (layered over the built-in defaults), loads
    /// the plugins and registers the settings, the plugin catalog, the enabled <c>ModalityRegistry</c>, the
    /// <see cref="TrainingService"/>, the <see cref="UnityVideoPipeline"/> (inference) and the <see cref="BenchmarkService"/>.
    /// Configuration problems surface here, at start-up, all at once.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">
    /// The application's configuration; UnityVideo reads its sections <c>Plugins</c>, <c>Modalities</c>,
    /// <c>Model</c>, <c>Data</c>, <c>Training</c>, <c>Sampling</c>, <c>Runtime</c> and ignores the rest. An array it
    /// sets (e.g. <c>Training:Stages</c>) replaces the default array as a whole, as an experiment file does on the
    /// command line.
    /// </param>
    public static IServiceCollection AddUnityVideo(this IServiceCollection services, IConfiguration configuration)
    {
        var layered = new LayeredConfiguration(
        [
            UnityVideoConfiguration.Defaults(),
            ConfigurationLayer.FromConfiguration("application configuration", configuration),
        ]);
        return services.AddUnityVideo(layered, strictRoot: false);
    }

    /// <summary>Adds UnityVideo from an already layered configuration (the CLI's path).</summary>
    public static IServiceCollection AddUnityVideo(this IServiceCollection services, LayeredConfiguration configuration, bool strictRoot)
    {
        var startup = UnityVideoStartup.Run(configuration, services, strictRoot);
        services.AddSingleton(startup);
        services.AddSingleton(startup.Settings);
        services.AddSingleton(startup.Catalog);
        services.AddSingleton(startup.Modalities);
        services.AddSingleton<TrainingService>();
        services.AddSingleton<UnityVideoPipeline>();
        services.AddSingleton<Demo.DemoRunner>();
        services.AddSingleton<BenchmarkService>();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(startup.Settings.Plugins));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(startup.Settings.Modalities));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(startup.Settings.Model));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(startup.Settings.Data));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(startup.Settings.Training));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(startup.Settings.Sampling));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(startup.Settings.Runtime));
        return services;
    }
}
