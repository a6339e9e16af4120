using System.Globalization;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Modalities;

namespace UnityVideo.Core.Inference;

/// <summary>The input checks every <see cref="IInferenceModel"/> makes, with the same messages whatever the backbone.</summary>
internal static class InferenceChecks
{
    /// <summary>The descriptor of <paramref name="modality"/>, or an error listing the modalities of <paramref name="checkpoint"/>.</summary>
    /// <exception cref="InferenceException">The checkpoint does not know the modality.</exception>
    public static ModalityDescriptor Known(ModalityRegistry modalities, string modality, string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(modality);
        if (!modalities.Contains(modality))
            throw new InferenceException($"modality '{modality}' is not in checkpoint '{checkpoint}' (it has: {string.Join(", ", modalities.Names)}).");
        return modalities.Get(modality);
    }

    /// <summary>Throws when <paramref name="rgb"/> is not <c>[T, H, W, 3]</c> uint8 of <paramref name="frames"/> × <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <exception cref="InferenceException">The frames are of another size or type.</exception>
    public static void RequireSize(torch.Tensor rgb, string what, int frames, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.dtype != torch.uint8 || rgb.ndim != 4 || rgb.shape[3] != 3)
            throw new InferenceException($"{what} is {rgb.dtype} [{string.Join(", ", rgb.shape)}]; expected RGB frames [T, H, W, 3] uint8.");
        if (rgb.shape[0] != frames || rgb.shape[1] != height || rgb.shape[2] != width)
            throw new InferenceException(string.Create(CultureInfo.InvariantCulture,
                $"{what} has {rgb.shape[0]} frames of {rgb.shape[2]}x{rgb.shape[1]}, but the model works on {frames} frames of {width}x{height}."));
    }

    /// <summary>Throws unless every modality of <paramref name="names"/> (a checkpoint's) comes from a loaded plugin.</summary>
    /// <exception cref="InferenceException">A modality no loaded plugin provides (the message lists what is loaded).</exception>
    public static void RequirePlugins(string checkpoint, ModalityRegistry registry, IReadOnlyList<string> names)
    {
        var absent = names.Where(n => !registry.Contains(n)).ToList();
        if (absent.Count == 0) return;
        var loaded = registry.Names.Count == 0 ? "none" : string.Join(", ", registry.Names);
        throw new InferenceException($"checkpoint '{checkpoint}' was trained with modality {string.Join(", ", absent.Select(a => $"'{a}'"))}, which no loaded plugin provides " +
            $"(its plugin folder is absent from the plugin directories; loaded modalities: {loaded}). Add the plugin's folder to the plugin directories.");
    }

    /// <summary>
    /// Which weights a checkpoint gives (<see cref="IInferenceModel.Weights"/>: "ema" when it holds the average, "raw" for a
    /// training checkpoint without one, else what its metadata says or "as saved") and its training step, when recorded.
    /// </summary>
    public static (string Weights, int? Step) Provenance(IReadOnlyDictionary<string, string> metadata, bool hasEma)
    {
        var weights = hasEma ? "ema"
            : metadata.GetValueOrDefault(CheckpointFormat.FormatKey) == CheckpointFormat.Training ? "raw"
            : metadata.GetValueOrDefault("weights") ?? "as saved";
        int? step = int.TryParse(metadata.GetValueOrDefault("step"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null;
        return (weights, step);
    }

    /// <summary>Throws when a modality is asked for both as generated and as the control.</summary>
    /// <exception cref="InferenceException">The lists overlap.</exception>
    public static void RequireDisjoint(IReadOnlyList<string> generate, IEnumerable<string> controls)
    {
        var both = generate.Intersect(controls).ToList();
        if (both.Count > 0) throw new InferenceException($"modality '{both[0]}' cannot be both generated and given as the control.");
    }
}
