using Microsoft.Extensions.Configuration;
using UnityVideo.Core.Backbones;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Model;

namespace UnityVideo.Host.Options;

/// <summary>
/// The <c>Model</c> section's choice of preset and the preset table (the defaults JSON ships tiny, small and base;
/// this is the only preset table). Every other key of the section is a <see cref="DiTConfig"/> member that applies
/// over the chosen preset: the model configuration is the preset's keys, then the section's own.
/// </summary>
public sealed class ModelPresets
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Model";

    /// <summary>Name of the preset to use (a key of <see cref="Presets"/>).</summary>
    public string Preset { get; set; } = "tiny";

    /// <summary>Available presets by name: each a set of <see cref="DiTConfig"/> keys (sizes and clip geometry).</summary>
    public Dictionary<string, DiTConfig> Presets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The trunk: <c>dit</c> (the pixel DiT of the chosen preset; the default) or <c>wan</c> (a Wan2.1 trunk on VAE latents, <see cref="Wan"/>).</summary>
    public string Backbone { get; set; } = BackboneNames.DiT;

    /// <summary>The Wan trunk (section <c>Model:Wan</c>), used when <see cref="Backbone"/> is <c>wan</c>.</summary>
    public WanUnityConfig Wan { get; set; } = new();

    /// <summary>The configuration section of the preset <paramref name="configuration"/> chooses.</summary>
    public static IConfigurationSection PresetSection(IConfiguration configuration) =>
        configuration.GetSection($"{SectionName}:{nameof(Presets)}:{configuration[$"{SectionName}:{nameof(Preset)}"] ?? "tiny"}");

    /// <summary>
    /// Binds <paramref name="config"/> from <paramref name="configuration"/>: the chosen preset's keys, then the
    /// <c>Model</c> section's own (its <c>Preset</c> and <c>Presets</c> keys name no <see cref="DiTConfig"/> member).
    /// </summary>
    public static void Bind(IConfiguration configuration, DiTConfig config)
    {
        PresetSection(configuration).Bind(config);
        configuration.GetSection(SectionName).Bind(config);
    }
}
