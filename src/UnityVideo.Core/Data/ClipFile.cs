using System.Runtime.InteropServices;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Data;

/// <summary>
/// One clip per <c>.safetensors</c> file (DESIGN §5): tensors named by <see cref="ClipTensorNames"/> and the
/// clip's <see cref="ClipMetadata"/> in <c>__metadata__</c>. Writing is atomic; reading validates every
/// tensor's dtype and shape against rgb and the metadata, and reports any problem as one
/// <see cref="DatasetFormatException"/> naming the file.
/// </summary>
public static class ClipFile
{
    /// <summary>Joints per skeleton (COCO-17 and AP-10K both have 17).</summary>
    public const int JointsPerSkeleton = GroundTruthBufferNames.JointsPerSkeleton;

    // ================================================================ writing

    /// <summary>Writes <paramref name="clip"/> to <paramref name="path"/> atomically (temp file, flush, rename).</summary>
    /// <exception cref="ArgumentException">A buffer's length does not match the clip's shape, or metadata is missing.</exception>
    public static void Write(string path, ClipArrays clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        long t = clip.Frames, h = clip.Height, w = clip.Width;
        if (t <= 0 || h <= 0 || w <= 0) throw new ArgumentException($"Clip shape [{t}, {h}, {w}] must be positive.", nameof(clip));
        var pixels = t * h * w;
        var writer = new SafetensorsWriter();
        writer.Add(ClipTensorNames.Rgb, SafetensorsDType.U8, [t, h, w, 3], Checked(clip.Rgb, pixels * 3, ClipTensorNames.Rgb));
        if (clip.Depth is { } depth)
            writer.Add(ClipTensorNames.Depth, SafetensorsDType.F16, [t, h, w], ToHalfBytes(Checked(depth, pixels, ClipTensorNames.Depth)));
        if (clip.Flow is { } flow)
            writer.Add(ClipTensorNames.Flow, SafetensorsDType.F16, [t, h, w, 2], ToHalfBytes(Checked(flow, pixels * 2, ClipTensorNames.Flow)));
        if (clip.Instances is { } inst)
        {
            if (clip.Metadata.Classes is null) throw new ArgumentException("A clip with instances needs Metadata.Classes.", nameof(clip));
            writer.Add(ClipTensorNames.Instances, SafetensorsDType.U8, [t, h, w], Checked(inst, pixels, ClipTensorNames.Instances));
        }
        if (clip.Iuv is { } iuv)
            writer.Add(ClipTensorNames.Iuv, SafetensorsDType.U8, [t, h, w, 3], Checked(iuv, pixels * 3, ClipTensorNames.Iuv));
        if (clip.Joints is { } joints)
        {
            var perFrame = t * JointsPerSkeleton * 3;
            if (joints.LongLength % perFrame != 0)
                throw new ArgumentException($"Joints length {joints.LongLength} is not a multiple of T·17·3 = {perFrame}.", nameof(clip));
            var persons = joints.LongLength / perFrame;
            if (clip.Metadata.Skeletons is not { } sk || sk.Count != persons)
                throw new ArgumentException($"Joints hold {persons} skeletons; Metadata.Skeletons must list exactly that many.", nameof(clip));
            writer.Add(ClipTensorNames.Joints, SafetensorsDType.F32, [t, persons, JointsPerSkeleton, 3], MemoryMarshal.AsBytes(joints.AsSpan()).ToArray());
        }
        foreach (var (name, extra) in clip.Extra)
        {
            if (ClipTensorNames.All.Contains(name, StringComparer.Ordinal))
                throw new ArgumentException($"Extra tensor '{name}' has the name of a typed tensor; set that field instead.", nameof(clip));
            if (extra.Shape.Count == 0 || extra.Shape[0] != t)
                throw new ArgumentException($"Tensor '{name}' has shape [{string.Join(", ", extra.Shape)}]; every modality must start with T = {t}.", nameof(clip));
            writer.Add(name, extra.DType, [.. extra.Shape], extra.Bytes);
        }
        ClipMetadataCodec.Write(clip.Metadata, writer.Metadata);
        writer.Save(path);
    }

    private static T[] Checked<T>(T[] data, long expected, string name) =>
        data.LongLength == expected ? data
            : throw new ArgumentException($"Tensor '{name}' needs {expected} elements for the clip's shape, got {data.LongLength}.", name);

    private static byte[] ToHalfBytes(float[] values)
    {
        var bytes = new byte[values.Length * 2];
        var halves = MemoryMarshal.Cast<byte, Half>(bytes.AsSpan());
        for (var i = 0; i < values.Length; i++) halves[i] = (Half)values[i];
        return bytes;
    }

    // ================================================================ reading

    /// <summary>
    /// Reads and validates a clip file into CPU tensors of the storage dtypes: the RGB and the tensors named in
    /// <paramref name="keep"/> (null = every tensor). Every tensor's header is validated; only those are read.
    /// </summary>
    /// <exception cref="DatasetFormatException">Missing, truncated or malformed file, wrong dtype/shape, bad metadata.</exception>
    public static ClipSample Read(string path, IReadOnlySet<string>? keep = null)
    {
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            using var reader = SafetensorsReader.Open(path);
            Validate(reader);
            var metadata = ClipMetadataCodec.Read(path, reader.Metadata);
            foreach (var name in reader.Tensors.Keys)
                if (name == ClipTensorNames.Rgb || keep is null || keep.Contains(name)) tensors[name] = reader.ReadTensor(name);
            CheckAgainstMetadata(path, tensors, metadata);
            var rgb = tensors[ClipTensorNames.Rgb];
            tensors.Remove(ClipTensorNames.Rgb);
            return new ClipSample(path, rgb, tensors, metadata);
        }
        catch (Exception e)
        {
            foreach (var x in tensors.Values) x.Dispose();
            if (e is DatasetFormatException) throw;
            if (e is SafetensorsFormatException sf) throw new DatasetFormatException(path, sf.Problem, sf);
            if (e is IOException or UnauthorizedAccessException) throw new DatasetFormatException(path, $"cannot read ({e.Message})", e);
            throw;
        }
    }

    /// <summary>
    /// Checks every tensor's dtype and shape against rgb's [T, H, W] without reading tensor data; returns T, H, W.
    /// </summary>
    /// <exception cref="DatasetFormatException">A tensor has the wrong dtype or shape.</exception>
    internal static (long T, long H, long W) Validate(SafetensorsReader reader)
    {
        var path = reader.Path;
        if (!reader.Tensors.TryGetValue(ClipTensorNames.Rgb, out var rgb))
            throw new DatasetFormatException(path, $"no 'rgb' tensor (it holds: {string.Join(", ", reader.Tensors.Keys)})");
        if (rgb.DType != SafetensorsDType.U8 || rgb.Shape.Length != 4 || rgb.Shape[3] != 3)
            throw new DatasetFormatException(path, $"tensor 'rgb' is {rgb.DType} {rgb.ShapeText}, expected U8 [T, H, W, 3]");
        long t = rgb.Shape[0], h = rgb.Shape[1], w = rgb.Shape[2];
        if (t == 0 || h == 0 || w == 0) throw new DatasetFormatException(path, $"tensor 'rgb' is empty: {rgb.ShapeText}");
        foreach (var (name, info) in reader.Tensors)
        {
            var expected = name switch
            {
                ClipTensorNames.Rgb => ((SafetensorsDType[] DTypes, long[] Shape)?)null,
                ClipTensorNames.Depth => (new[] { SafetensorsDType.F16 }, new[] { t, h, w }),
                ClipTensorNames.Flow => (new[] { SafetensorsDType.F16 }, new[] { t, h, w, 2 }),
                ClipTensorNames.Instances => (new[] { SafetensorsDType.U8, SafetensorsDType.U16 }, new[] { t, h, w }),
                ClipTensorNames.Iuv => (new[] { SafetensorsDType.U8 }, new[] { t, h, w, 3 }),
                ClipTensorNames.Joints => (new[] { SafetensorsDType.F32 }, new[] { t, -1, JointsPerSkeleton, 3 }),
                _ => ((SafetensorsDType[] DTypes, long[] Shape)?)null,
            };
            if (expected is not { } e)
            {
                // Extra modalities (from plugins) only need to be per-frame.
                if (name != ClipTensorNames.Rgb && (info.Shape.Length == 0 || info.Shape[0] != t))
                    throw new DatasetFormatException(path, $"tensor '{name}' has shape {info.ShapeText}; every modality must start with T = {t}");
                continue;
            }
            var shapeOk = info.Shape.Length == e.Shape.Length && e.Shape.Zip(info.Shape).All(p => p.First < 0 || p.First == p.Second);
            if (!e.DTypes.Contains(info.DType) || !shapeOk)
            {
                var shapeText = "[" + string.Join(", ", e.Shape.Select(d => d < 0 ? "P" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
                throw new DatasetFormatException(path,
                    $"tensor '{name}' is {info.DType} {info.ShapeText}, expected {string.Join(" or ", e.DTypes)} {shapeText} to match rgb {rgb.ShapeText}");
            }
        }
        return (t, h, w);
    }

    private static void CheckAgainstMetadata(string path, Dictionary<string, torch.Tensor> tensors, ClipMetadata m)
    {
        if (tensors.TryGetValue(ClipTensorNames.Instances, out var inst))
        {
            if (m.Classes is null) throw new DatasetFormatException(path, "has 'instances' but metadata has no 'classes'");
            using var max = inst.max();
            var maxId = max.ToInt64();
            if (maxId >= m.Classes.Count)
                throw new DatasetFormatException(path, $"instance id {maxId} appears but metadata 'classes' lists only {m.Classes.Count} entries");
        }
        if (tensors.TryGetValue(ClipTensorNames.Joints, out var joints))
        {
            if (m.Skeletons is null) throw new DatasetFormatException(path, "has 'joints' but metadata has no 'skeletons'");
            if (m.Skeletons.Count != joints.shape[1])
                throw new DatasetFormatException(path, $"'joints' holds {joints.shape[1]} skeletons but metadata 'skeletons' lists {m.Skeletons.Count}");
        }
    }
}
