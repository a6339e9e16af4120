using UnityVideo.Abstractions;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Video;

namespace UnityVideo.Core.Data;

/// <summary>What <see cref="VideoDatasetBuilder"/> should cut, annotate and write.</summary>
public sealed record VideoDatasetRequest
{
    /// <summary>Dataset folder to create; must be absent or empty, or hold a dataset this project wrote and <see cref="Force"/> be set.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The video files, in the order their clips are numbered.</summary>
    public required IReadOnlyList<string> Videos { get; init; }

    /// <summary>Clip length, size, resampling and clip stride.</summary>
    public required VideoSampling Sampling { get; init; }

    /// <summary>The modalities the annotators produce (for their storage keys).</summary>
    public required ModalityRegistry Registry { get; init; }

    /// <summary>One annotator per modality to store with every clip (e.g. Farnebäck flow); none gives RGB-only clips.</summary>
    public IReadOnlyList<IAnnotator> Annotators { get; init; } = [];

    /// <summary>Caption of every clip; null derives it from the file name (see <see cref="VideoDatasetBuilder.CaptionFor"/>).</summary>
    public string? Caption { get; init; }

    /// <summary>Replace a non-empty output folder (its content stays until the new dataset is complete).</summary>
    public bool Force { get; init; }
}
