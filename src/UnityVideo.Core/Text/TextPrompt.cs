using TorchSharp;

namespace UnityVideo.Core.Text;

/// <summary>
/// A batch of prompts for the in-context learner: <see cref="Ids"/> <c>[B, L]</c> int64 tokenizer ids and
/// <see cref="Mask"/> <c>[B, L]</c> bool (true = a real token, false = padding), for a text encoder trained with the
/// model; or, for a frozen external encoder whose outputs were computed beforehand (Wan's umT5),
/// <see cref="Embeddings"/> <c>[B, L, Dt]</c> with zeros after each prompt's length (the ids are then zeros).
/// Every row has at least one real token.
/// </summary>
/// <param name="Ids">Token ids <c>[B, L]</c>, int64.</param>
/// <param name="Mask">Valid-token mask <c>[B, L]</c>, bool.</param>
public sealed record TextPrompt(torch.Tensor Ids, torch.Tensor Mask)
{
    /// <summary>Precomputed encoder outputs <c>[B, L, Dt]</c>, or null for token ids.</summary>
    public torch.Tensor? Embeddings { get; init; }

    /// <summary>Prompts given as precomputed embeddings <c>[B, L, Dt]</c> and their mask <c>[B, L]</c>.</summary>
    public static TextPrompt FromEmbeddings(torch.Tensor embeddings, torch.Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(mask);
        return new TextPrompt(torch.zeros(mask.shape, torch.int64, mask.device), mask) { Embeddings = embeddings };
    }

    /// <summary>Batch size.</summary>
    public long Batch => Ids.shape[0];

    /// <summary>Padded length.</summary>
    public long Length => Ids.shape[1];

    /// <summary>The same prompts on <paramref name="device"/>.</summary>
    public TextPrompt To(torch.Device device) => new(Ids.to(device), Mask.to(device)) { Embeddings = Embeddings?.to(device) };

    /// <summary>Rows <paramref name="index"/> (int64 <c>[B']</c>) of this batch, e.g. to repeat one prompt for a batch.</summary>
    public TextPrompt Select(torch.Tensor index) =>
        new(Ids.index_select(0, index), Mask.index_select(0, index)) { Embeddings = Embeddings?.index_select(0, index) };

    /// <summary>This batch followed by <paramref name="other"/> along the batch dimension (same length required).</summary>
    public TextPrompt Concat(TextPrompt other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if ((Embeddings is null) != (other.Embeddings is null)) throw new ArgumentException("Cannot join token-id prompts with embedded prompts.", nameof(other));
        return new(torch.cat([Ids, other.Ids], 0), torch.cat([Mask, other.Mask], 0))
        {
            Embeddings = Embeddings is null ? null : torch.cat([Embeddings, other.Embeddings!], 0),
        };
    }
}
