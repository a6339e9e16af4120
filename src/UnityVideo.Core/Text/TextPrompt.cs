using TorchSharp;

namespace UnityVideo.Core.Text;

/// <summary>
/// A batch of tokenized prompts: <see cref="Ids"/> <c>[B, L]</c> int64 tokenizer ids and <see cref="Mask"/>
/// <c>[B, L]</c> bool (true = a real token, false = padding). Every row has at least one real token.
/// </summary>
/// <param name="Ids">Token ids <c>[B, L]</c>, int64.</param>
/// <param name="Mask">Valid-token mask <c>[B, L]</c>, bool.</param>
public sealed record TextPrompt(torch.Tensor Ids, torch.Tensor Mask)
{
    /// <summary>Batch size.</summary>
    public long Batch => Ids.shape[0];

    /// <summary>Padded length.</summary>
    public long Length => Ids.shape[1];

    /// <summary>The same prompts on <paramref name="device"/>.</summary>
    public TextPrompt To(torch.Device device) => new(Ids.to(device), Mask.to(device));

    /// <summary>Rows <paramref name="index"/> (int64 <c>[B']</c>) of this batch, e.g. to repeat one prompt for a batch.</summary>
    public TextPrompt Select(torch.Tensor index) => new(Ids.index_select(0, index), Mask.index_select(0, index));

    /// <summary>This batch followed by <paramref name="other"/> along the batch dimension (same length required).</summary>
    public TextPrompt Concat(TextPrompt other) => new(torch.cat([Ids, other.Ids], 0), torch.cat([Mask, other.Mask], 0));
}
