using TorchSharp;
using UnityVideo.Abstractions;
using static TorchSharp.torch;

namespace UnityVideo.Core.Inference;

/// <summary>
/// Resizes a modality in stored form to another frame size through its codec: encoded once over the whole clip (so a
/// per-clip normalisation, such as depth's, stays one), upsampled bilinearly in the normalized space, and decoded
/// with the new size in the context (so values measured in pixels, such as flow, are scaled by the codec). Decoding
/// runs in chunks of frames, so a long video at its native size is built without a full-size float copy.
/// </summary>
public static class StoredResize
{
    private const int ChunkFrames = 16;

    /// <summary>
    /// <paramref name="stored"/> (at <paramref name="context"/>'s size) at <paramref name="height"/> × <paramref name="width"/>;
    /// a copy of it when the size is already right. The caller owns the result.
    /// </summary>
    /// <exception cref="InferenceException">The modality has no codec.</exception>
    public static Tensor To(ModalityDescriptor descriptor, Tensor stored, ClipContext context, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Height == height && context.Width == width) return stored.alias();
        var codec = descriptor.Codec ?? throw new InferenceException($"modality '{descriptor.Name}' has no codec; it cannot be resized to {width}x{height}.");
        using var scope = NewDisposeScope();
        var normalized = codec.Encode(stored, context).to(float32);                          // [C, T, h, w]
        var frames = (int)normalized.shape[1];
        var parts = new List<Tensor>();
        for (var from = 0; from < frames; from += ChunkFrames)
        {
            using var chunkScope = NewDisposeScope();
            var n = Math.Min(ChunkFrames, frames - from);
            var part = normalized.narrow(1, from, n).permute(1, 0, 2, 3);                     // [n, C, h, w]
            var up = nn.functional.interpolate(part, [height, width], mode: InterpolationMode.Bilinear, align_corners: false)
                .permute(1, 0, 2, 3).contiguous();                                          // [C, n, H, W]
            var big = context with { Frames = n, Height = height, Width = width };
            parts.Add(codec.Decode(up, big).MoveToOuterDisposeScope());
        }
        return torch.cat(parts, 0).MoveToOuterDisposeScope();                                  // stored form, [T, H, W, …]
    }
}
