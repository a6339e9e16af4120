using System.Globalization;
using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Flow;

/// <summary>
/// Registers the flow modality and its synthetic ground-truth annotator. Configuration
/// (<c>Plugins:Settings:Flow</c>): <c>Scale</c>, the flow that maps to ±1 as a fraction of the frame width
/// (default <see cref="FlowCodec.DefaultScale"/>).
/// </summary>
public sealed class FlowPlugin : IUnityVideoPlugin
{
    /// <summary>Configuration key, under the plugin's section, of the codec scale.</summary>
    public const string ScaleKey = "Scale";

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("Flow", "1.0.0");

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddModality(FlowModality.Create(new FlowCodec(ReadScale(registrar))));
        registrar.AddAnnotator(new FlowGroundTruthAnnotator());
        registrar.AddAnnotator(new FarnebackAnnotator());
        registrar.AddMetric(new FlowMetric());
    }

    private static double ReadScale(IPluginRegistrar registrar)
    {
        var text = registrar.Configuration[ScaleKey];
        if (string.IsNullOrWhiteSpace(text)) return FlowCodec.DefaultScale;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && double.IsFinite(scale) && scale > 0)
            return scale;
        throw new ArgumentException($"Plugins:Settings:Flow:{ScaleKey} must be a positive fraction of the frame width (e.g. 0.05); got '{text}'.", nameof(registrar));
    }
}
