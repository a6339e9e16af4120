using System.Text.RegularExpressions;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// The two names a Wan2.1 DiT weight goes by: the official checkpoint's (<c>diffusion_pytorch_model.safetensors</c>,
/// the names <see cref="WanDiT"/> uses) and diffusers' <c>WanTransformer3DModel</c> (the <c>transformer/</c> folder of the
/// <c>-Diffusers</c> repositories). Besides the renames, diffusers swaps norm2 and norm3: the affine LayerNorm before
/// cross-attention is the official <c>norm3</c> and diffusers' <c>norm2</c> (the other two norms have no weights).
/// </summary>
public static partial class WanKeyMap
{
    // Official module path → diffusers module path, outside the blocks.
    private static readonly (string Official, string Diffusers)[] TopLevel =
    [
        ("patch_embedding", "patch_embedding"),
        ("text_embedding.0", "condition_embedder.text_embedder.linear_1"),
        ("text_embedding.2", "condition_embedder.text_embedder.linear_2"),
        ("time_embedding.0", "condition_embedder.time_embedder.linear_1"),
        ("time_embedding.2", "condition_embedder.time_embedder.linear_2"),
        ("time_projection.1", "condition_embedder.time_proj"),
        ("head.head", "proj_out"),
    ];

    // Inside blocks.N: official path → diffusers path.
    private static readonly (string Official, string Diffusers)[] InBlock =
    [
        ("self_attn.q", "attn1.to_q"), ("self_attn.k", "attn1.to_k"), ("self_attn.v", "attn1.to_v"),
        ("self_attn.o", "attn1.to_out.0"), ("self_attn.norm_q", "attn1.norm_q"), ("self_attn.norm_k", "attn1.norm_k"),
        ("cross_attn.q", "attn2.to_q"), ("cross_attn.k", "attn2.to_k"), ("cross_attn.v", "attn2.to_v"),
        ("cross_attn.o", "attn2.to_out.0"), ("cross_attn.norm_q", "attn2.norm_q"), ("cross_attn.norm_k", "attn2.norm_k"),
        ("norm3", "norm2"),
        ("ffn.0", "ffn.net.0.proj"), ("ffn.2", "ffn.net.2"),
    ];

    /// <summary>The diffusers name of an official key.</summary>
    /// <exception cref="ArgumentException">Not a Wan2.1 T2V DiT key.</exception>
    public static string ToDiffusers(string officialKey)
    {
        ArgumentNullException.ThrowIfNull(officialKey);
        if (officialKey == "head.modulation") return "scale_shift_table";
        var block = BlockKey().Match(officialKey);
        if (block.Success)
        {
            var (prefix, rest) = (block.Groups[1].Value, block.Groups[2].Value);
            if (rest == "modulation") return prefix + "scale_shift_table";
            return prefix + Rename(rest, InBlock, officialKey);
        }
        return Rename(officialKey, TopLevel, officialKey);
    }

    private static string Rename(string key, (string From, string To)[] table, string original)
    {
        foreach (var (from, to) in table)
        {
            if (key.StartsWith(from + ".", StringComparison.Ordinal)) return to + key[from.Length..];
        }
        throw new ArgumentException($"'{original}' is not a key of the Wan2.1 text-to-video DiT", nameof(original));
    }

    [GeneratedRegex(@"^(blocks\.\d+\.)(.+)$")]
    private static partial Regex BlockKey();
}
