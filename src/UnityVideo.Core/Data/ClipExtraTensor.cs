using TorchSharp;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Data;

/// <summary>
/// A modality tensor the dataset format has no typed field for (one a plugin's annotator produced, e.g. normals),
/// kept as its stored bytes so that writing it is the same for every plugin.
/// </summary>
/// <param name="DType">Element type on disk.</param>
/// <param name="Shape">Shape; the first dimension is the clip's frame count.</param>
/// <param name="Bytes">Row-major little-endian elements.</param>
public sealed record ClipExtraTensor(SafetensorsDType DType, IReadOnlyList<long> Shape, byte[] Bytes)
{
    /// <summary>A copy of <paramref name="tensor"/> (any device) in its own dtype and shape.</summary>
    public static ClipExtraTensor From(torch.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var cpu = tensor.cpu().contiguous();
        return new ClipExtraTensor(cpu.dtype.ToSafetensorsDType(), cpu.shape, cpu.bytes.ToArray());
    }
}
