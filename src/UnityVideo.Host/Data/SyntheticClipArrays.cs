using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Data;
using UnityVideo.Synthetic;

namespace UnityVideo.Host.Data;

/// <summary>Bridges the synthetic world's clips to the dataset format.</summary>
public static class SyntheticClipArrays
{
    /// <summary>
    /// The clip with every typed ground-truth modality, what <paramref name="annotations"/> make of its ground truth,
    /// and its provenance (source "synthetic", split, seed, index).
    /// </summary>
    public static ClipArrays From(SyntheticClip clip, IReadOnlyList<SyntheticAnnotation>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var metadata = new ClipMetadata
        {
            Caption = clip.Caption,
            Fps = clip.Fps,
            Source = "synthetic",
            Split = clip.Split == SyntheticSplit.Test ? "test" : "train",
            Seed = clip.Seed,
            Index = clip.Index,
        };
        var arrays = ClipArrays.FromGroundTruth(clip.Rgb, clip.GroundTruth, metadata);
        if (annotations is null || annotations.Count == 0) return arrays;
        return arrays with { Extra = Annotate(clip, annotations) };
    }

    private static Dictionary<string, ClipExtraTensor> Annotate(SyntheticClip clip, IReadOnlyList<SyntheticAnnotation> annotations)
    {
        using var scope = torch.NewDisposeScope();
        var gt = clip.GroundTruth;
        var input = new AnnotationInput
        {
            Rgb = torch.tensor(clip.Rgb, [clip.Frames, clip.Height, clip.Width, 3]), // [T, H, W, 3] uint8
            Context = new ClipContext
            {
                Frames = clip.Frames, Height = clip.Height, Width = clip.Width, Classes = gt.InstanceClasses, Intrinsics = gt.Intrinsics,
            },
            GroundTruth = gt,
        };
        var extra = new Dictionary<string, ClipExtraTensor>(StringComparer.Ordinal);
        foreach (var a in annotations)
        {
            var stored = a.Annotator.Annotate(input);
            if (stored.ndim == 0 || stored.shape[0] != clip.Frames)
                throw new Plugins.PluginLoadException(a.AssemblyPath,
                    $"plugin '{a.Plugin}': annotator '{a.Annotator.Name}' of modality '{a.Annotator.Modality}' returned shape [{string.Join(", ", stored.shape)}]; a stored modality must start with T = {clip.Frames}");
            extra[a.StorageKey] = ClipExtraTensor.From(stored);
        }
        return extra;
    }
}
