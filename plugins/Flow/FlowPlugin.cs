using System.Globalization;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Flow;

/// <summary>
/// Registers the flow modality and its synthetic ground-truth annotator. Configuration
/// (<c>Plugins:Settings:Flow</c>): <c>Scale</c>, the flow that maps to ±1 as a fraction of the frame width
/// (default <see cref="FlowCodec.DefaultScale"/>), and <c>Encoding</c>, <c>sqrt</c> (default) or <c>linear</c>
/// (see <see cref="FlowEncoding"/>); <c>VideoRim</c>, what full saturation means when a flow video is read back as a
/// control, as a fraction of the frame width (default <see cref="FlowVisualizer.DefaultReadRimFraction"/>).
/// </summary>
public sealed class FlowPlugin : IUnityVideoPlugin
{
    /// <summary>Configuration key, under the plugin's section, of the codec scale.</summary>
    public const string ScaleKey = "Scale";

    /// <summary>Configuration key, under the plugin's section, of the codec encoding (<c>sqrt</c> or <c>linear</c>).</summary>
    public const string EncodingKey = "Encoding";

    /// <summary>Configuration key, under the plugin's section, of <see cref="FlowVisualizer.ReadRimFraction"/>.</summary>
    public const string VideoRimKey = "VideoRim";

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("Flow", "1.0.0");

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddModality(FlowModality.Create(new FlowCodec(ReadScale(registrar), ReadEncoding(registrar)), ReadVideoRim(registrar)));
        registrar.AddAnnotator(new GroundTruthCopyAnnotator(FlowModality.Name, GroundTruthBufferNames.ForwardFlow, torch.ScalarType.Float16)); // forward flow, float16 [T, H, W, 2]
        registrar.AddAnnotator(new FarnebackAnnotator());
        registrar.AddMetric(new FlowMetric());
    }

    private static double ReadScale(IPluginRegistrar registrar) => ReadWidthFraction(registrar, ScaleKey, FlowCodec.DefaultScale, "0.05");

    private static double ReadVideoRim(IPluginRegistrar registrar) => ReadWidthFraction(registrar, VideoRimKey, FlowVisualizer.DefaultReadRimFraction, "0.1");

    // A positive fraction of the frame width from Plugins:Settings:Flow:<key>; the fallback when unset.
    private static double ReadWidthFraction(IPluginRegistrar registrar, string key, double fallback, string example)
    {
        var text = registrar.Configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0)
            return value;
        throw new ArgumentException($"Plugins:Settings:Flow:{key} must be a positive fraction of the frame width (e.g. {example}); got '{text}'.", nameof(registrar));
    }

    private static FlowEncoding ReadEncoding(IPluginRegistrar registrar)
    {
        var text = registrar.Configuration[EncodingKey];
        // Names only: Enum.TryParse would also accept numbers such as "7".
        return text?.Trim().ToUpperInvariant() switch
        {
            null or "" => FlowEncoding.Sqrt,
            "SQRT" => FlowEncoding.Sqrt,
            "LINEAR" => FlowEncoding.Linear,
            _ => throw new ArgumentException($"Plugins:Settings:Flow:{EncodingKey} must be 'sqrt' or 'linear'; got '{text}'.", nameof(registrar)),
        };
    }
}
