using UnityVideo.Core.Data;
using UnityVideo.Synthetic;

namespace UnityVideo.Host.Data;

/// <summary>Bridges the synthetic world's clips to the dataset format.</summary>
public static class SyntheticClipArrays
{
    /// <summary>The clip with every ground-truth modality and its provenance (source "synthetic", split, seed, index).</summary>
    public static ClipArrays From(SyntheticClip clip)
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
        return ClipArrays.FromGroundTruth(clip.Rgb, clip.GroundTruth, metadata);
    }
}
