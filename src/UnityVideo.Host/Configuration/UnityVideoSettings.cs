using FluentValidation;
using Microsoft.Extensions.Configuration;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Options;

namespace UnityVideo.Host.Configuration;

/// <summary>Every options section of a run, bound from configuration and validated.</summary>
public sealed record UnityVideoSettings
{
    /// <summary>Plugin folders and failure policy.</summary>
    public required PluginsOptions Plugins { get; init; }

    /// <summary>Enabled modalities.</summary>
    public required ModalitiesOptions Modalities { get; init; }

    /// <summary>The chosen model preset and the preset table.</summary>
    public required ModelPresets Model { get; init; }

    /// <summary>The model configuration: the chosen preset's keys, then the <c>Model</c> section's own.</summary>
    public required DiTConfig ModelConfig { get; init; }

    /// <summary>Data loading.</summary>
    public required DataOptions Data { get; init; }

    /// <summary>Training (section <c>Training</c>).</summary>
    public required TrainerOptions Training { get; init; }

    /// <summary>Sampling defaults for generate, estimate and eval (section <c>Sampling</c>).</summary>
    public required SamplerOptions Sampling { get; init; }

    /// <summary>Device and threads.</summary>
    public required RuntimeOptions Runtime { get; init; }

    /// <summary>The ablation study (<c>unityvideo ablate</c>).</summary>
    public required AblationOptions Ablation { get; init; }

    /// <summary>Section the trainer's options bind to.</summary>
    public const string TrainingSection = "Training";

    /// <summary>Section the sampler's options bind to.</summary>
    public const string SamplingSection = "Sampling";

    /// <summary>
    /// Checks the schema (unknown keys, unconvertible values), binds every section and runs its validation (Core's own
    /// <c>Validate()</c> for the sections that bind to Core types); throws one exception listing every problem with its key.
    /// </summary>
    /// <param name="configuration">The merged configuration.</param>
    /// <param name="sourceOf">Maps a key to the layer that set it, for messages.</param>
    /// <param name="strictRoot">Also report unknown top-level sections.</param>
    /// <exception cref="UnityVideoConfigurationException">Any problem.</exception>
    public static UnityVideoSettings Load(IConfiguration configuration, Func<string, string?>? sourceOf = null, bool strictRoot = false)
    {
        var errors = new List<ConfigurationError>();
        var settings = Load(configuration, sourceOf, strictRoot, errors);
        if (errors.Count > 0) throw new UnityVideoConfigurationException(errors);
        return settings;
    }

    /// <summary>
    /// Like <see cref="Load(IConfiguration, Func{string, string?}?, bool)"/> but appends problems to
    /// <paramref name="errors"/> instead of throwing, so start-up can add later checks to the same report.
    /// Keys whose values do not convert are left at their defaults in the returned settings.
    /// </summary>
    public static UnityVideoSettings Load(IConfiguration configuration, Func<string, string?>? sourceOf, bool strictRoot, List<ConfigurationError> errors)
    {
        sourceOf ??= _ => null;
        var leaves = configuration.AsEnumerable()
            .Where(p => p.Value is not null || !configuration.GetSection(p.Key).GetChildren().Any())
            .Select(p => (p.Key, p.Value, sourceOf(p.Key)))
            .ToList();
        var schemaErrors = ConfigurationSchema.Check(leaves, strictRoot);
        errors.AddRange(schemaErrors);

        // Bind without the keys that failed the schema, so one bad value cannot hide the other problems.
        var bad = schemaErrors.Select(e => e.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bindable = new ConfigurationBuilder()
            .AddInMemoryCollection(leaves.Where(l => !bad.Contains(l.Key)).Select(l => new KeyValuePair<string, string?>(l.Key, l.Value)))
            .Build();

        var settings = new UnityVideoSettings
        {
            Plugins = Bind<PluginsOptions>(bindable, PluginsOptions.SectionName),
            Modalities = Bind<ModalitiesOptions>(bindable, ModalitiesOptions.SectionName),
            Model = Bind<ModelPresets>(bindable, ModelPresets.SectionName),
            ModelConfig = BindModel(bindable),
            Data = Bind<DataOptions>(bindable, DataOptions.SectionName),
            Training = Bind<TrainerOptions>(bindable, TrainingSection),
            Sampling = Bind<SamplerOptions>(bindable, SamplingSection),
            Runtime = Bind<RuntimeOptions>(bindable, RuntimeOptions.SectionName),
            Ablation = Bind<AblationOptions>(bindable, AblationOptions.SectionName),
        };

        Validate(settings.Plugins, new PluginsOptionsValidator(), PluginsOptions.SectionName, errors, sourceOf);
        Validate(settings.Modalities, new ModalitiesOptionsValidator(), ModalitiesOptions.SectionName, errors, sourceOf);
        Validate(settings.Model, new ModelPresetsValidator(), ModelPresets.SectionName, errors, sourceOf);
        ValidateModel(settings, bindable, errors, sourceOf);
        Validate(settings.Data, new DataOptionsValidator(), DataOptions.SectionName, errors, sourceOf);
        errors.AddRange(CoreSettingsProblems.Errors(TrainingSection, settings.Training.Validate(), sourceOf));
        errors.AddRange(CoreSettingsProblems.Errors(SamplingSection, settings.Sampling.Validate(), sourceOf));
        Validate(settings.Runtime, new RuntimeOptionsValidator(), RuntimeOptions.SectionName, errors, sourceOf);
        Validate(settings.Ablation, new AblationOptionsValidator(), AblationOptions.SectionName, errors, sourceOf);
        return settings;
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        var value = new T();
        configuration.GetSection(section).Bind(value);
        return value;
    }

    private static DiTConfig BindModel(IConfiguration configuration)
    {
        var config = new DiTConfig();
        ModelPresets.Bind(configuration, config);
        return config;
    }

    // Each preset is checked on its own (keys Model:Presets:NAME:…), then the chosen one with the section's own keys
    // over it: a problem only those keys cause is reported at the key that was set, else at the preset's.
    private static void ValidateModel(UnityVideoSettings settings, IConfiguration configuration, List<ConfigurationError> errors, Func<string, string?> sourceOf)
    {
        var model = settings.Model;
        var reported = new HashSet<(string, string)>();
        foreach (var (name, preset) in model.Presets)
        {
            foreach (var e in CoreSettingsProblems.Errors($"{ModelPresets.SectionName}:Presets:{name}", preset.Validate(), sourceOf))
            {
                errors.Add(e);
                reported.Add((e.Key, e.Message));
            }
        }
        if (!model.Presets.ContainsKey(model.Preset))
        {
            const string key = ModelPresets.SectionName + ":" + nameof(ModelPresets.Preset);
            errors.Add(new ConfigurationError(key, $"unknown preset '{model.Preset}' (available: {string.Join(", ", model.Presets.Keys)})", sourceOf(key)));
            return;
        }
        foreach (var line in settings.ModelConfig.Validate())
        {
            var (member, message) = CoreSettingsProblems.Split(line);
            var own = member is not null && configuration[$"{ModelPresets.SectionName}:{member}"] is not null;
            var section = own ? ModelPresets.SectionName : $"{ModelPresets.SectionName}:Presets:{model.Preset}";
            var e = CoreSettingsProblems.Errors(section, [line], sourceOf).Single();
            if (reported.Add((e.Key, e.Message))) errors.Add(e);
        }
    }

    private static void Validate<T>(T options, IValidator<T> validator, string section, List<ConfigurationError> errors, Func<string, string?> sourceOf)
    {
        foreach (var f in validator.Validate(options).Errors)
        {
            var key = section + ":" + f.PropertyName.Replace("].", ":", StringComparison.Ordinal).Replace('[', ':').Replace(']', ':').Replace('.', ':').TrimEnd(':');
            errors.Add(new ConfigurationError(key, f.ErrorMessage, sourceOf(key)));
        }
    }
}
