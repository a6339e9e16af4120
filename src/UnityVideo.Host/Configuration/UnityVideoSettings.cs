using FluentValidation;
using Microsoft.Extensions.Configuration;
using UnityVideo.Host.Options;

namespace UnityVideo.Host.Configuration;

/// <summary>Every options section of a run, bound from configuration and validated.</summary>
public sealed record UnityVideoSettings
{
    /// <summary>Plugin folders and failure policy.</summary>
    public required PluginsOptions Plugins { get; init; }

    /// <summary>Enabled modalities.</summary>
    public required ModalitiesOptions Modalities { get; init; }

    /// <summary>Model presets.</summary>
    public required ModelOptions Model { get; init; }

    /// <summary>Data loading.</summary>
    public required DataOptions Data { get; init; }

    /// <summary>Training.</summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>Sampling.</summary>
    public required SamplingOptions Sampling { get; init; }

    /// <summary>Device and threads.</summary>
    public required RuntimeOptions Runtime { get; init; }

    /// <summary>The ablation study (<c>unityvideo ablate</c>).</summary>
    public required AblationOptions Ablation { get; init; }

    /// <summary>The preset named by <see cref="ModelOptions.Preset"/>.</summary>
    public ModelPreset ModelPreset => Model.Presets[Model.Preset];

    /// <summary>
    /// The model configuration: the selected preset's sizes (see <see cref="ModelPreset.ToDiTConfig"/>) and the
    /// architecture switches of <see cref="ModelOptions"/>.
    /// </summary>
    public Core.Model.DiTConfig ModelConfig
    {
        get
        {
            var config = ModelPreset.ToDiTConfig();
            config.UseModalitySwitcher = Model.ModalitySwitcher;
            config.UseInContextLearner = Model.InContextLearner;
            config.OutputSkipSigma = Model.OutputSkipSigma;
            config.PatchFrames = Model.PatchFrames;
            config.AlignedFusion = Model.AlignedFusion;
            config.MotionEnergy = Model.MotionEnergy;
            config.Prediction = Model.Prediction;
            config.OutputConv = Model.OutputConv;
            return config;
        }
    }

    /// <summary>
    /// Checks the schema (unknown keys, unconvertible values), binds every section and runs the FluentValidation
    /// validators; throws one exception listing every problem with its key.
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
            Model = Bind<ModelOptions>(bindable, ModelOptions.SectionName),
            Data = Bind<DataOptions>(bindable, DataOptions.SectionName),
            Training = Bind<TrainingOptions>(bindable, TrainingOptions.SectionName),
            Sampling = Bind<SamplingOptions>(bindable, SamplingOptions.SectionName),
            Runtime = Bind<RuntimeOptions>(bindable, RuntimeOptions.SectionName),
            Ablation = Bind<AblationOptions>(bindable, AblationOptions.SectionName),
        };

        Validate(settings.Plugins, new PluginsOptionsValidator(), PluginsOptions.SectionName, errors, sourceOf);
        Validate(settings.Modalities, new ModalitiesOptionsValidator(), ModalitiesOptions.SectionName, errors, sourceOf);
        Validate(settings.Model, new ModelOptionsValidator(), ModelOptions.SectionName, errors, sourceOf);
        Validate(settings.Data, new DataOptionsValidator(), DataOptions.SectionName, errors, sourceOf);
        Validate(settings.Training, new TrainingOptionsValidator(), TrainingOptions.SectionName, errors, sourceOf);
        Validate(settings.Sampling, new SamplingOptionsValidator(), SamplingOptions.SectionName, errors, sourceOf);
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

    private static void Validate<T>(T options, IValidator<T> validator, string section, List<ConfigurationError> errors, Func<string, string?> sourceOf)
    {
        foreach (var f in validator.Validate(options).Errors)
        {
            var key = section + ":" + f.PropertyName.Replace("].", ":", StringComparison.Ordinal).Replace('[', ':').Replace(']', ':').Replace('.', ':').TrimEnd(':');
            errors.Add(new ConfigurationError(key, f.ErrorMessage, sourceOf(key)));
        }
    }
}
