using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// Registers the segmentation modality, its prompt sampler and its synthetic ground-truth annotator.
/// Configuration (<c>Plugins:Settings:Segmentation</c>): <c>HeldOutClasses</c>, class names never used in a
/// training prompt — a list (<c>HeldOutClasses:0 = animal</c>) or one comma-separated value; default none.
/// <c>Colours</c>: <c>classes</c> (default; one colour per class, instances apart by connectivity) or <c>slots</c>
/// (instances numbered left to right), see <see cref="SegmentationColouring"/>. A model is best read under the
/// colouring it was trained with.
/// </summary>
public sealed class SegmentationPlugin : IUnityVideoPlugin
{
    /// <summary>Configuration key, under the plugin's section, of the held-out class names.</summary>
    public const string HeldOutClassesKey = "HeldOutClasses";

    /// <summary>Configuration key, under the plugin's section, of the instance colouring.</summary>
    public const string ColoursKey = "Colours";

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("Segmentation", "1.0.0");

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        var section = registrar.Configuration.GetSection(HeldOutClassesKey);
        var heldOut = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value?.Trim() ?? "").Where(v => v.Length > 0).ToArray();
        registrar.AddModality(SegmentationModality.Create(heldOut, Colouring(registrar.Configuration[ColoursKey])));
        registrar.AddAnnotator(new GroundTruthCopyAnnotator(SegmentationModality.Name, GroundTruthBufferNames.InstanceIds, torch.ScalarType.Byte)); // instance ids, uint8 [T, H, W]; class names travel in the clip metadata
        registrar.AddMetric(new SegmentationMetric());
    }

    private static SegmentationColouring Colouring(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "classes" => SegmentationColouring.Classes,
        "slots" => SegmentationColouring.Slots,
        _ => throw new ArgumentException($"Plugins:Settings:Segmentation:{ColoursKey} must be 'slots' or 'classes'; got '{text}'."),
    };
}
