using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Backbones;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Native;
using UnityVideo.Core.Training;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Plugins;
using UnityVideo.Host.Training;
using UnityVideo.Core.Model;

namespace UnityVideo.Host;

/// <summary>Everything start-up produced: settings, plugins and the enabled modalities.</summary>
/// <param name="Configuration">The merged configuration with the source of every key.</param>
/// <param name="Settings">Bound, validated options.</param>
/// <param name="Catalog">Loaded plugins.</param>
/// <param name="Modalities">The enabled subset of the plugins' modalities.</param>
public sealed record UnityVideoStartup(LayeredConfiguration Configuration, UnityVideoSettings Settings, PluginCatalog Catalog, ModalityRegistry Modalities)
{
    /// <summary>
    /// Validates configuration, loads plugins into <paramref name="services"/> and resolves the enabled modalities.
    /// Throws <see cref="UnityVideoConfigurationException"/> listing every configuration error, or
    /// <see cref="PluginLoadException"/> naming the plugin that failed.
    /// </summary>
    public static UnityVideoStartup Run(LayeredConfiguration configuration, IServiceCollection services, bool strictRoot)
    {
        TorchNativeLoader.EnsureLoaded();
        var errors = new List<ConfigurationError>();
        var settings = UnityVideoSettings.Load(configuration.Configuration, configuration.SourceOf, strictRoot, errors);
        if (errors.Count > 0)
        {
            // Still load the plugins (into a scratch collection) so unknown modality names join the same report.
            try
            {
                ResolveEnabled(settings, PluginHost.Load(settings.Plugins, new ServiceCollection(), configuration.Configuration), configuration, errors);
            }
            catch (PluginLoadException)
            {
                // Reported on the next run, once the configuration errors above are fixed.
            }
            throw new UnityVideoConfigurationException(errors);
        }
        var catalog = PluginHost.Load(settings.Plugins, services, configuration.Configuration);
        var enabled = ResolveEnabled(settings, catalog, configuration, errors);
        if (errors.Count == 0) CheckCurriculum(settings, enabled, configuration, errors);
        CheckSettingsByModality(settings, catalog, configuration, errors);
        CheckCoarseLossBlock(settings, configuration, errors);
        // The check compares with this machine's memory, which is what a CPU run uses; a GPU's memory is its own.
        if (errors.Count == 0 && settings.Runtime.Device == "cpu" && settings.Model.Backbone == BackboneNames.DiT && TrainingMemory.Check(settings.ModelConfig, settings.Training.BatchSize, 1 + settings.Training.ModalitiesPerStep, TrainingMemory.MachineBytes()) is { } tooBig)
        {
            const string key = UnityVideoSettings.TrainingSection + ":" + nameof(TrainerOptions.BatchSize);
            errors.Add(new ConfigurationError(key, tooBig, configuration.SourceOf(key)));
        }
        if (errors.Count > 0) throw new UnityVideoConfigurationException(errors);
        return new UnityVideoStartup(configuration, settings, catalog, enabled);
    }

    /// <summary>
    /// Refuses a configuration on another backbone than the pixel DiT, for the verbs that do not work with it yet
    /// (<paramref name="what"/> names the verb in the message).
    /// </summary>
    /// <exception cref="UnsupportedBackboneException">Model:Backbone is not dit.</exception>
    public void RequirePixelDiT(string what)
    {
        if (Settings.Model.Backbone != BackboneNames.DiT) throw BackboneNames.NotYetForWan(what);
    }

    /// <summary>
    /// The resolved configuration, section by section, as <c>config show</c> prints it and a run folder stores it
    /// (the enabled modalities resolved to names).
    /// </summary>
    public IReadOnlyDictionary<string, object> ResolvedConfiguration() => new Dictionary<string, object>
    {
        // Plugin settings are free-form (each plugin reads its own section), so they are copied from the configuration.
        ["Plugins"] = new
        {
            Settings.Plugins.Directories, Settings.Plugins.IncludeDefaultDirectory, Settings.Plugins.OnError,
            Settings = Tree(Configuration.Configuration.GetSection("Plugins:Settings")),
        },
        // An RGB-only run lists "rgb", so the stored configuration does not read back as "every modality".
        ["Modalities"] = new { Enabled = Modalities.Names.Count == 0 ? [ModalityRegistry.Rgb] : Modalities.Names },
        // The model as built: the chosen preset's keys with the section's own over them (keys as configured).
        ["Model"] = ModelJson(),
        ["Data"] = Settings.Data,
        ["Training"] = Settings.Training,
        ["Sampling"] = Settings.Sampling,
        ["Runtime"] = Settings.Runtime,
    };

    private JsonObject ModelJson()
    {
        var model = new JsonObject { ["preset"] = Settings.Model.Preset };
        foreach (var (key, value) in JsonSerializer.SerializeToNode(Settings.ModelConfig, ResolvedJson)!.AsObject()) model[key] = value?.DeepClone();
        // A pixel-DiT run's stored configuration stays as it was before there were backbones.
        if (Settings.Model.Backbone != BackboneNames.DiT)
        {
            model["backbone"] = Settings.Model.Backbone;
            model["wan"] = JsonSerializer.SerializeToNode(Settings.Model.Wan, ResolvedJson);
        }
        return model;
    }

    /// <summary><see cref="ResolvedConfiguration"/> as indented JSON (camelCase keys, enums by name).</summary>
    public string ResolvedConfigurationJson() => JsonSerializer.Serialize(ResolvedConfiguration(), ResolvedJson);

    private static readonly JsonSerializerOptions ResolvedJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        // Configuration keys, not the checkpoint's older names for a few model settings (JsonPropertyName).
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var p in info.Properties)
                        if (p.AttributeProvider is MemberInfo member) p.Name = JsonNamingPolicy.CamelCase.ConvertName(member.Name);
                },
            },
        },
    };

    private static SortedDictionary<string, object?> Tree(IConfigurationSection section) =>
        new(section.GetChildren().ToDictionary(c => c.Key, c => c.Value is { } v && !c.GetChildren().Any() ? (object?)v : Tree(c), StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);

    // The curriculum as train resolves it, so config validate (and every verb) reports a stage naming an unknown or
    // disabled modality at start-up, with its key, instead of train failing on it later.
    private static void CheckCurriculum(UnityVideoSettings settings, ModalityRegistry enabled, LayeredConfiguration configuration, List<ConfigurationError> errors)
    {
        try
        {
            Curriculum.Resolve(settings.Training.EffectiveStages, settings.Training.Steps, enabled.Modalities);
        }
        catch (TrainingException e)
        {
            var stages = settings.Training.Stages;
            var key = UnityVideoSettings.TrainingSection + ":Stages";
            for (var i = 0; i < stages.Count; i++)
                if (e.Message.StartsWith($"Curriculum stage '{stages[i].Name}'", StringComparison.Ordinal)) key = $"{key}:{i}:Modalities";
            errors.Add(new ConfigurationError(key, e.Message, configuration.SourceOf(key) ?? configuration.SourceOf(key + ":0")));
        }
    }

    // A weight or foreground balance for a modality no plugin provides is a typo that would silently apply to nothing;
    // one for a loaded but disabled modality is fine (shared experiment files name modalities some runs leave out).
    private static void CheckSettingsByModality(UnityVideoSettings settings, PluginCatalog catalog, LayeredConfiguration configuration, List<ConfigurationError> errors)
    {
        var named = settings.Training.ModalityWeights.Keys.Select(n => (nameof(TrainerOptions.ModalityWeights), n))
            .Concat(settings.Training.ForegroundBalanceByModality.Keys.Select(n => (nameof(TrainerOptions.ForegroundBalanceByModality), n)));
        foreach (var (setting, name) in named)
        {
            if (catalog.All.Names.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
            var key = $"{UnityVideoSettings.TrainingSection}:{setting}:{name}";
            errors.Add(new ConfigurationError(key, NoPluginProvides(name, catalog), configuration.SourceOf(key)));
        }
    }

    // The block term averages over blocks of the frame, so its block must divide the model's frame; checked here, where
    // the frame size is known, so that train refuses it before it writes a run folder (the loss itself throws too).
    // A Wan run's streams are latents of another size, so only the pixel DiT is checked.
    private static void CheckCoarseLossBlock(UnityVideoSettings settings, LayeredConfiguration configuration, List<ConfigurationError> errors)
    {
        var (training, model) = (settings.Training, settings.ModelConfig);
        if (training.CoarseLossWeight <= 0 || training.CoarseLossBlock < 1 || settings.Model.Backbone != BackboneNames.DiT) return;
        if (model.Height % training.CoarseLossBlock == 0 && model.Width % training.CoarseLossBlock == 0) return;
        const string key = UnityVideoSettings.TrainingSection + ":" + nameof(TrainerOptions.CoarseLossBlock);
        errors.Add(new ConfigurationError(key,
            $"{training.CoarseLossBlock} does not divide the model's frame size {model.Width}×{model.Height}; choose a block that divides both sides",
            configuration.SourceOf(key)));
    }

    private static string NoPluginProvides(string modality, PluginCatalog catalog) =>
        $"no loaded plugin provides modality '{modality}' (available: {(catalog.All.Names.Count == 0 ? "none: no plugin is loaded" : string.Join(", ", catalog.All.Names))})";

    private static ModalityRegistry ResolveEnabled(UnityVideoSettings settings, PluginCatalog catalog, LayeredConfiguration configuration, List<ConfigurationError> errors)
    {
        var names = settings.Modalities.Enabled;
        if (names.Count == 0) return catalog.All;
        for (var i = 0; i < names.Count; i++)
        {
            // "rgb" is always on; a list holding only it enables no auxiliary modality (a text-to-video-only run).
            if (names[i] != ModalityRegistry.Rgb && !catalog.All.Contains(names[i]))
            {
                var key = $"Modalities:Enabled:{i}";
                errors.Add(new ConfigurationError(key, NoPluginProvides(names[i], catalog), configuration.SourceOf(key)));
            }
        }
        return catalog.All.Subset(names.Where(catalog.All.Contains));
    }
}
