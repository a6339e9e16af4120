using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.DensePose;

/// <summary>
/// IUV ⇄ 3 channels. Channel 0: part index I (0 = background … 14) mapped linearly to [-1, 1], so the background
/// is -1. Channels 1–2: U, V (0..255) mapped to [-1, 1] on body parts and 0 elsewhere. Decode rounds the part
/// index and clamps it to 0..14, rounds U, V, and zeroes them where the part is 0.
/// </summary>
public sealed class DensePoseCodec : IModalityCodec
{
    /// <summary>Largest body-part index (DensePose's 14 parts; 0 is the background).</summary>
    public const int MaxPart = 14;

    /// <inheritdoc />
    public torch.Tensor Encode(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(stored, DensePoseModality.Name, "stored IUV", [context.Frames, context.Height, context.Width, 3], "[T, H, W, 3]",
            torch.ScalarType.Byte, torch.ScalarType.Float32);
        using var scope = torch.NewDisposeScope();
        var iuv = stored.to(torch.ScalarType.Float32).round().permute(3, 0, 1, 2); // [3, T, H, W] in 0..255
        var part = iuv[0].clamp(0, MaxPart);                                      // [T, H, W]
        var onBody = part.gt(0).unsqueeze(0);                                     // [1, T, H, W]
        var partCode = part / MaxPart * 2 - 1;                                    // [T, H, W]
        var uv = (iuv[1..3].clamp(0, 255) / 255 * 2 - 1) * onBody;                // [2, T, H, W], 0 off the body
        return torch.cat([partCode.unsqueeze(0), uv], 0).contiguous().MoveToOuterDisposeScope(); // [3, T, H, W]
    }

    /// <inheritdoc />
    public torch.Tensor Decode(torch.Tensor normalized, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(normalized, DensePoseModality.Name, "normalized IUV", [3, context.Frames, context.Height, context.Width], "[3, T, H, W]",
            torch.ScalarType.Float32, torch.ScalarType.Float16, torch.ScalarType.BFloat16);
        using var scope = torch.NewDisposeScope();
        var n = normalized.to(torch.ScalarType.Float32).nan_to_num(-1).clamp(-1, 1); // [3, T, H, W]
        var part = ((n[0] + 1) / 2 * MaxPart).round().clamp(0, MaxPart);             // [T, H, W]
        var uv = ((n[1..3] + 1) / 2 * 255).round().clamp(0, 255) * part.gt(0);       // [2, T, H, W]
        var iuv = torch.cat([part.unsqueeze(0), uv], 0).permute(1, 2, 3, 0);          // [T, H, W, 3]
        return iuv.to(torch.ScalarType.Byte).contiguous().MoveToOuterDisposeScope();
    }
}
