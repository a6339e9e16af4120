namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Parameter counts of a <see cref="WanDiT"/> by part, read from its parameters' shapes (works on a model built on the
/// meta device, so the full-size counts need no weight memory).
/// </summary>
/// <param name="Embeddings">Patch, text and time embeddings and the time projection.</param>
/// <param name="SelfAttention">All blocks' self-attention (q, k, v, o, q/k norms).</param>
/// <param name="CrossAttention">All blocks' cross-attention and its affine norm.</param>
/// <param name="Ffn">All blocks' feed-forward networks.</param>
/// <param name="Modulation">All blocks' and the head's learned modulation tables.</param>
/// <param name="Head">The output linear.</param>
public sealed record WanDiTParameters(long Embeddings, long SelfAttention, long CrossAttention, long Ffn, long Modulation, long Head)
{
    /// <summary>Every parameter.</summary>
    public long Total => Embeddings + SelfAttention + CrossAttention + Ffn + Modulation + Head;

    /// <summary>Everything inside the blocks (attention, cross-attention, FFN, their modulation tables; the head's table too).</summary>
    public long Blocks => SelfAttention + CrossAttention + Ffn + Modulation;

    /// <summary>Counts <paramref name="model"/>'s parameters by part.</summary>
    public static WanDiTParameters Count(WanDiT model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long emb = 0, self = 0, cross = 0, ffn = 0, mod = 0, head = 0;
        foreach (var (name, p) in model.named_parameters())
        {
            var n = p.numel();
            if (name.EndsWith("modulation", StringComparison.Ordinal)) mod += n;
            else if (name.StartsWith("head.", StringComparison.Ordinal)) head += n;
            else if (name.Contains(".self_attn.", StringComparison.Ordinal)) self += n;
            else if (name.Contains(".cross_attn.", StringComparison.Ordinal) || name.Contains(".norm3.", StringComparison.Ordinal)) cross += n;
            else if (name.Contains(".ffn.", StringComparison.Ordinal)) ffn += n;
            else emb += n;
        }
        return new WanDiTParameters(emb, self, cross, ffn, mod, head);
    }
}
