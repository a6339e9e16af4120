using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Data;
using UnityVideo.Host;
using UnityVideo.Host.Data;
using UnityVideo.Synthetic;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Plugins;

/// <summary>
/// The bundled plugins loaded through the real host (so every codec test also proves its assembly loads), and
/// synthetic clips in the form the dataset writer stores them.
/// </summary>
internal static class CodecTestKit
{
    private static readonly Lazy<UnityVideoStartup> Host = new(() => HostFactory.Start());

    /// <summary>The loaded descriptor of <paramref name="modality"/>.</summary>
    public static ModalityDescriptor Modality(string modality) => Host.Value.Catalog.All.Get(modality);

    /// <summary>The loaded codec of <paramref name="modality"/>.</summary>
    public static IModalityCodec Codec(string modality) =>
        Modality(modality).Codec ?? throw new InvalidOperationException($"modality '{modality}' has no codec");

    /// <summary>The loaded "synthetic-gt" annotator of <paramref name="modality"/>.</summary>
    public static IAnnotator GroundTruthAnnotator(string modality) =>
        Host.Value.Catalog.All.AnnotatorsFor(modality).Single(a => a.Name == "synthetic-gt");

    /// <summary>Clips of <paramref name="size"/>² pixels from a fixed seed.</summary>
    public static SyntheticClip[] Clips(int size, int count, int frames = 4, bool animals = false, ulong seed = 5) =>
        new SyntheticWorld(new SyntheticOptions { Width = size, Height = size, Frames = frames, Seed = seed, WithAnimals = animals }).RenderBatch(0, count);

    /// <summary>The clip's facts as a codec sees them.</summary>
    public static ClipContext Context(SyntheticClip clip, string? prompt = null) => new()
    {
        Frames = clip.Frames,
        Height = clip.Height,
        Width = clip.Width,
        Classes = clip.GroundTruth.InstanceClasses,
        Intrinsics = clip.GroundTruth.Intrinsics,
        ModalityPrompt = prompt,
    };

    /// <summary>Writes the clip with the dataset writer and reads it back: the stored tensors a trainer gets.</summary>
    public static ClipSample Stored(SyntheticClip clip)
    {
        using var dir = new TempDir();
        var path = dir.File("clip.safetensors");
        ClipFile.Write(path, SyntheticClipArrays.From(clip));
        return ClipFile.Read(path);
    }

    /// <summary>A tensor's values as a flat array of doubles.</summary>
    public static double[] Values(torch.Tensor t)
    {
        using var d = t.detach().cpu().to(torch.ScalarType.Float64).contiguous();
        return d.data<double>().ToArray();
    }
}
