using TorchSharp;

namespace UnityVideo.Abstractions;

/// <summary>
/// Converts a modality between its stored form (as in a dataset shard, e.g. depth <c>[T, H, W]</c> float16)
/// and the normalized model tensor <c>[C, T, H, W]</c> float32 with values in [-1, 1].
/// </summary>
public interface IModalityCodec
{
    /// <summary>Stored form → normalized <c>[C, T, H, W]</c> in [-1, 1].</summary>
    /// <param name="stored">The stored tensor.</param>
    /// <param name="context">Facts about the clip.</param>
    torch.Tensor Encode(torch.Tensor stored, ClipContext context);

    /// <summary>Normalized <c>[C, T, H, W]</c> → stored form (values clamped to the valid range).</summary>
    /// <param name="normalized">The model tensor.</param>
    /// <param name="context">Facts about the clip.</param>
    torch.Tensor Decode(torch.Tensor normalized, ClipContext context);
}
