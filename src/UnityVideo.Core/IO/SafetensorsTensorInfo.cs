namespace UnityVideo.Core.IO;

/// <summary>One tensor entry of a safetensors header.</summary>
/// <param name="Name">Tensor name, e.g. "rgb" or "blocks.3.attn.qkv.weight".</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions; empty for a scalar.</param>
/// <param name="Begin">Start offset within the data section.</param>
/// <param name="End">End offset (exclusive) within the data section.</param>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>Shape as "[8, 32, 32, 3]".</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
