using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UnityVideo.Core.Backbones;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Benchmarks;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Options;
using UnityVideo.Host.Plugins;
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
        ArgumentNullException.ThrowIfNull(configuration);
        var startup = UnityVideoStartup.Run(configuration, services, strictRoot);
        services.AddSingleton(startup);
        services.AddSingleton(startup.Settings);
        // The first resolution of the plugins (every UnityVideo service needs them) hands start-up's facts to the
        // app's logging, which exists only once the app builds its provider.
        services.AddSingleton(sp =>
        {
            StartupLog.Write(sp.GetService<ILoggerFactory>(), startup);
            return startup.Catalog;
        });
        services.AddSingleton(sp =>
        {
            sp.GetRequiredService<PluginCatalog>();
            return startup.Modalities;
        });
        services.AddSingleton(new ResolvedConfiguration(startup.ResolvedConfigurationJson()));

        // Every section binds straight to the type that uses it; an app may change a setting after this call
        // (services.Configure<TrainerOptions>(…)) and the services read it. Core's own rules validate each (Configure + Bind:
        // what OptionsBuilder.Bind does, without the package that only adds reload tokens this host does not use).
        var c = configuration.Configuration;
        services.AddOptions<PluginsOptions>().Configure(o => c.GetSection(PluginsOptions.SectionName).Bind(o));
        services.AddOptions<ModalitiesOptions>().Configure(o => c.GetSection(ModalitiesOptions.SectionName).Bind(o));
        services.AddOptions<ModelPresets>().Configure(o => c.GetSection(ModelPresets.SectionName).Bind(o));
        services.AddOptions<DiTConfig>().Configure(model => ModelPresets.Bind(c, model));
        services.AddOptions<DataOptions>().Configure(o => c.GetSection(DataOptions.SectionName).Bind(o));
        services.AddOptions<TrainerOptions>().Configure(o =>
        {
            c.GetSection(UnityVideoSettings.TrainingSection).Bind(o);
            // A shipped model's name (Training:InitFrom=reference) means its file, as `train --init-from reference` does.
            if (o.InitFrom is { } init) o.InitFrom = ShippedModels.Resolve(init);
        });
        services.AddOptions<SamplerOptions>().Configure(o => c.GetSection(UnityVideoSettings.SamplingSection).Bind(o));
        services.AddOptions<RuntimeOptions>().Configure(o => c.GetSection(RuntimeOptions.SectionName).Bind(o));
        services.AddSingleton<IValidateOptions<DiTConfig>>(new CoreSettingsValidator<DiTConfig>(o => o.Validate()));
        services.AddSingleton<IValidateOptions<TrainerOptions>>(new CoreSettingsValidator<TrainerOptions>(o => o.Validate()));
        services.AddSingleton<IValidateOptions<SamplerOptions>>(new CoreSettingsValidator<SamplerOptions>(o => o.Validate()));

        // The backbone the trainer runs over, chosen by Model:Backbone (read when first needed, so Configure<…> calls apply).
        services.AddSingleton<ITrainingBackbone>(sp =>
        {
            var model = sp.GetRequiredService<IOptions<ModelPresets>>().Value;
            return model.Backbone == BackboneNames.Wan
                ? new WanTrainingBackbone(model.Wan)
                : new DiTTrainingBackbone(sp.GetRequiredService<IOptions<DiTConfig>>().Value);
        });
        services.AddSingleton<TrainingService>();
        services.AddSingleton<UnityVideoPipeline>();
        services.AddSingleton<Demo.DemoRunner>();
        services.AddSingleton<BenchmarkService>();
        return services;
    }
}
