using UnityVideo.Abstractions;

namespace UnityVideo.Core.Data;

/// <summary>
/// A clip as plain arrays, ready to be written: RGB plus whichever modalities it carries (null = absent).
/// Layouts are those of <see cref="ClipTensorNames"/>; float buffers are narrowed to F16 on write where the
/// format says so.
/// </summary>
public sealed record ClipArrays
{
    /// <summary>Frames T.</summary>
    public required int Frames { get; init; }

    /// <summary>Height H.</summary>
    public required int Height { get; init; }

    /// <summary>Width W.</summary>
    public required int Width { get; init; }

    /// <summary>RGB <c>[T, H, W, 3]</c>.</summary>
    public required byte[] Rgb { get; init; }

    /// <summary>Depth <c>[T, H, W]</c> in metres.</summary>
    public float[]? Depth { get; init; }

    /// <summary>Flow <c>[T, H, W, 2]</c> in pixels.</summary>
    public float[]? Flow { get; init; }

    /// <summary>Instance ids <c>[T, H, W]</c>.</summary>
    public byte[]? Instances { get; init; }

    /// <summary>IUV <c>[T, H, W, 3]</c>.</summary>
    public byte[]? Iuv { get; init; }

    /// <summary>Joints <c>[T, P, 17, 3]</c>; P is inferred from the length.</summary>
    public float[]? Joints { get; init; }

    /// <summary>Further modality tensors by name (produced by plugins' annotators), written after the typed ones.</summary>
    public IReadOnlyDictionary<string, ClipExtraTensor> Extra { get; init; } = new Dictionary<string, ClipExtraTensor>();

    /// <summary>Caption, fps, classes, intrinsics, provenance.</summary>
    public required ClipMetadata Metadata { get; init; }

    /// <summary>Names of the tensors this clip carries, in writing order.</summary>
    public IReadOnlyList<string> Modalities
    {
        get
        {
            var names = new List<string> { ClipTensorNames.Rgb };
            if (Depth is not null) names.Add(ClipTensorNames.Depth);
            if (Flow is not null) names.Add(ClipTensorNames.Flow);
            if (Instances is not null) names.Add(ClipTensorNames.Instances);
            if (Iuv is not null) names.Add(ClipTensorNames.Iuv);
            if (Joints is not null) names.Add(ClipTensorNames.Joints);
            names.AddRange(Extra.Keys);
            return names;
        }
    }

    /// <summary>
    /// A clip carrying the five typed modalities of a synthetic scene's ground truth, read from its named buffers
    /// (stored as they always were, so datasets written before contract 2.0 read the same).
    /// </summary>
    public static ClipArrays FromGroundTruth(byte[] rgb, SceneGroundTruth gt, ClipMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(gt);
        ArgumentNullException.ThrowIfNull(metadata);
        const string reader = "the dataset writer";
        return new ClipArrays
        {
            Frames = gt.Frames,
            Height = gt.Height,
            Width = gt.Width,
            Rgb = rgb,
            Depth = gt.Buffer(GroundTruthBufferNames.Depth, reader).Floats,
            Flow = gt.Buffer(GroundTruthBufferNames.ForwardFlow, reader).Floats,
            Instances = gt.Buffer(GroundTruthBufferNames.InstanceIds, reader).Bytes,
            Iuv = gt.Buffer(GroundTruthBufferNames.PartIuv, reader).Bytes,
            Joints = gt.Buffer(GroundTruthBufferNames.Joints, reader).Floats,
            Metadata = metadata with
            {
                Classes = metadata.Classes ?? gt.InstanceClasses,
                Intrinsics = metadata.Intrinsics ?? gt.Intrinsics,
                Skeletons = metadata.Skeletons ?? gt.Skeletons,
            },
        };
    }
}
