using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Samples.Normals;

/// <summary>
/// Stored normals <c>[T, H, W, 3]</c> (float16 or float32, in [-1, 1]) ⇄ model tensor <c>[3, T, H, W]</c>: unit vectors
/// already fit the model's range, so the codec only moves the channel axis (and clamps). Decode does not renormalise:
/// where the model predicts "no surface" (near 0) a unit vector would be noise made to look confident.
/// </summary>
public sealed class NormalsCodec : IModalityCodec
{
    /// <inheritdoc />
    public torch.Tensor Encode(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(stored, NormalsModality.Name, "stored normals", [context.Frames, context.Height, context.Width, 3], "[T, H, W, 3]",
            torch.ScalarType.Float16, torch.ScalarType.Float32);
        using var scope = torch.NewDisposeScope();
        var n = stored.to(torch.ScalarType.Float32).nan_to_num(0).clamp(-1, 1); // [T, H, W, 3]
        return n.permute(3, 0, 1, 2).contiguous().MoveToOuterDisposeScope();   // [3, T, H, W]
    }

    /// <inheritdoc />
    public torch.Tensor Decode(torch.Tensor normalized, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(normalized, NormalsModality.Name, "normalized normals", [3, context.Frames, context.Height, context.Width], "[3, T, H, W]",
            torch.ScalarType.Float32, torch.ScalarType.Float16, torch.ScalarType.BFloat16);
        using var scope = torch.NewDisposeScope();
        var n = normalized.to(torch.ScalarType.Float32).nan_to_num(0).clamp(-1, 1).permute(1, 2, 3, 0); // [T, H, W, 3]
        return n.to(torch.ScalarType.Float16).contiguous().MoveToOuterDisposeScope();
    }
}
